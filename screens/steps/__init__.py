"""One screen per step kind (not per journey): ten journeys share these."""
