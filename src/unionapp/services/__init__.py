"""Use cases, one module per area: open a session, apply domain rules, commit, return plain data.

`Database` is re-exported for the layers above (reports, importers, ui, cli): they pass the
handle to a service and never open a session themselves.
"""

from unionapp.db.engine import Database

__all__ = ["Database"]
