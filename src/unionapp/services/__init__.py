"""Use cases, one module per area: open a session, apply domain rules, commit, return plain data.

`Database` is re-exported for the layers above (reports, workbook imports, ui, cli): they pass
the handle to a service and never query it themselves. A workbook import applies its plan in
one transaction: it opens `db.session()` and writes only through the services' `*_in`
functions, which take that session (and record audit entries through `audit`).
"""

from unionapp.db.engine import Database

__all__ = ["Database"]
