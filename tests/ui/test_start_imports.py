"""A start loads what its first paint needs and no more: the window on 首页, its care
list read on a worker and shown, loads no other tab's package, no file format library,
no importer or report code, no Alembic and no backup or restore code (issue #16)."""

from __future__ import annotations

import os
import subprocess
import sys

from unionapp.services.demo import create_demo

NOT_AT_START = (
    "alembic",
    "openpyxl",
    "reportlab",
    "unionapp.importers",
    "unionapp.reports",
    "unionapp.services.backup",
    "unionapp.services.member_reads",  # the care list's worker asks for the roster itself
    "unionapp.services.activity_reads",  # the plan's linked records, read only for the year's ledger
    "unionapp.services.handout_reads",
    "unionapp.services.checkup_costs",
    "unionapp.ui.shell.restore_dialog",
    "unionapp.ui.members",
    "unionapp.ui.funds",
    "unionapp.ui.visits.tab",
    "unionapp.ui.checkups",
    "unionapp.ui.activities",
    "unionapp.ui.congress",
)

START = (
    "import sys\n"
    "from unionapp.ui.shell.app import run_gui\n"
    "code = run_gui(sys.argv[1])\n"
    "print('loaded:', sorted(m for m in sys.modules if m.startswith(tuple(sys.argv[2:]))))\n"
    "sys.exit(code)\n"
)


def test_a_start_on_home_loads_only_what_its_first_paint_needs(db, db_path, tmp_path):
    create_demo(db, members_count=60, years=1, seed=3)
    db.dispose()
    env = {
        **os.environ,
        "UNIONAPP_STARTUP_REPORT": "1",  # quit once the first tab shows its rows
        "UNIONAPP_DATA_DIR": str(tmp_path / "data"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),  # fresh settings: the window opens on 首页
        "QT_QPA_PLATFORM": "offscreen",
    }
    done = subprocess.run(
        [sys.executable, "-c", START, str(db_path), *NOT_AT_START],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    assert done.returncode == 0, done.stderr
    assert "window_filled_at=" in done.stdout  # the care list was shown
    assert done.stdout.strip().splitlines()[-1] == "loaded: []"
