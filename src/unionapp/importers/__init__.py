"""Workbook importers: a workbook becomes validated rows, then a plan the user confirms.

One contract for every area (`members`, `ledger`, `visits`, `checkups`):

- `plan_<area>_import(db, path, ...)` reads the sheet (`workbook.read_sheet`) and returns a
  typed plan (a dataclass: what will be written, the refused rows, `summary()` and
  `problem_lines()`); it writes nothing. What it must know from the database (members,
  categories, visit types, closed years, a campaign's people) comes from the services'
  public read functions.
- `apply_<area>_import(db, plan, skip_errors=False)` refuses the whole file when rows were
  refused (`errors.refuse_unless_skipped`), then writes the plan in one transaction through
  the area service's `*_in` functions, with one audit entry for the file.

An importer never imports the db package (no models, sessions it makes or queries) and
no service imports an importer. Row problems and import errors live in `errors`; the
Chinese names of fields in `unionapp.domain`.
"""
