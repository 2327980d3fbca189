"""The command line's package: every export name the parser accepts reaches a builder,
and parsing loads no database, report or Qt code (so --version and --help stay quick)."""

import subprocess
import sys

from unionapp.cli import common, exports

HEAVY = ("sqlalchemy", "openpyxl", "reportlab", "PySide6", "unionapp.db", "unionapp.services", "unionapp.reports")


def test_every_export_name_has_a_builder():
    assert set(exports.EXPORTS) == set(common.EXPORT_REPORTS)
    assert set(exports.FUNDS_REPORTS) == set(common.FUNDS_EXPORTS)
    assert set(exports.VISIT_REPORTS) == set(common.VISIT_EXPORTS)
    assert set(exports.CHECKUP_REPORTS) == set(common.CHECKUP_EXPORTS)


def test_parsing_loads_no_database_or_report_code():
    code = (
        "import sys\nfrom unionapp.cli import build_parser\nbuild_parser().format_help()\n"
        f"print(sorted(m for m in sys.modules if m.startswith({HEAVY!r})))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    assert done.stdout.strip() == "[]"
