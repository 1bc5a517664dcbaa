"""court package."""
