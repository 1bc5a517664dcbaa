"""Accessibility: contrast maths, the screen audit (``kiosk audit-screens``) and its registry."""
