"""The rules the steps apply, as data and pure functions: case types and their courts and
materials (with their clauses), what a sealed packet holds and what the receipt prints."""
