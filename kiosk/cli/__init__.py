"""kiosk/cli package."""
