"""Reusable journey steps: each a pure machine with its own view (see ``base.Step``)."""
