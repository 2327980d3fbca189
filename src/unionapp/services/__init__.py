"""Use cases, one module per area: open a session, apply domain rules, commit, return plain data."""
