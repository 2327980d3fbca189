"""The command line's package: every export name the parser accepts reaches a builder,
and parsing loads no database, report or Qt code (so --version and --help stay quick)."""

import os
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


def test_a_command_other_than_export_loads_no_report_code(tmp_path):
    """Only `export` needs reportlab and the report builders (half a second at start)."""
    code = (
        "import sys\nfrom unionapp.cli import main\n"
        f"assert main(['--db', {str(tmp_path / 'u.db')!r}, 'init']) == 0\n"
        "print(sorted(m for m in sys.modules if m.startswith(('reportlab', 'unionapp.reports', 'unionapp.cli.exports'))))"
    )
    env = {**os.environ, "UNIONAPP_DATA_DIR": str(tmp_path / "data")}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, env=env)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "[]"
