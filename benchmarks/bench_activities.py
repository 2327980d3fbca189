"""Speed of activities and handouts (issue 17; a script, not a test), against the issue's
targets, each beside a baseline measured in the same run, runs interleaved, medians:

- a handout to every active member of a 10,000-member school: the list picked by its
  rule, the handout made and issued (pick_recipients + create_handout + issue_handout, in
  this process) and `unionapp export handout-receipts --id N` to PDF (a child process),
  whole, against 3 s; beside `unionapp export members` to PDF (the same people's roster);
- the 活动与发放 tab opening (built, shown, its first page's rows read on the worker and
  shown) with 10 years of handouts and activities, against 0.3 s; beside the 体检 tab
  opening on the same database.

    .venv/bin/python benchmarks/bench_activities.py [--members 10000] [--years 10] [--runs 5]
        [--db existing.db]

Without --db the demo makes the school (10 years of its handouts and activities) first.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from speed_common import Figure, child_env, run_process, show, use_in_this_process  # noqa: E402

HANDOUT_GOAL_S = 3.0
TAB_GOAL_S = 0.3


def make_school(path: Path, members: int, years: int) -> str:
    from unionapp import config
    from unionapp.db.opening import open_database
    from unionapp.services.demo import create_demo

    url = config.database_url(str(path))
    db = open_database(url)
    try:
        started = time.perf_counter()
        create_demo(db, members_count=members, years=years, seed=1)
        print(f"demo: {members} members, {years} years in {time.perf_counter() - started:.1f} s", flush=True)
    finally:
        db.dispose()
    return str(path)


def issue_to_everyone(db, number: int) -> tuple[int, float]:
    """(handout id, seconds) for picking, making and issuing a handout to all active members."""
    from unionapp.services import handouts, ledger

    welfare = next(c.id for c in ledger.list_categories(db) if c.code == "welfare")
    day = date.today()
    started = time.perf_counter()
    ids = handouts.pick_recipients(db, "all", day)
    data = handouts.HandoutInput(
        name=f"测速发放 {number}",
        kind="other",
        handout_date=day,
        item="纪念品",
        value_fen=5_000,
        category_id=welfare,
        rule="all",
        approver="王建国",
    )
    handout_id = handouts.create_handout(db, data, ids)
    handouts.issue_handout(db, handout_id)
    return handout_id, time.perf_counter() - started


def measure_handout(db_arg: str, folder: Path, env: dict, runs: int) -> Figure:
    from unionapp import config
    from unionapp.db.opening import open_database
    from unionapp.services import handouts

    db = open_database(config.database_url(db_arg))
    ours, baseline, people = [], [], 0
    cli = [sys.executable, "-m", "unionapp", "--db", db_arg, "export"]
    try:
        for run in range(runs):
            handout_id, made = issue_to_everyone(db, run)
            people = handouts.get_handout(db, handout_id).recipients
            out = folder / f"receipts-{run}.pdf"
            wall, *_rest = run_process([*cli, "handout-receipts", "--id", str(handout_id), "-o", str(out)], env)
            ours.append(made + wall)
            roster, *_rest = run_process([*cli, "members", "-o", str(folder / f"roster-{run}.pdf")], env)
            baseline.append(roster)
            print(f"  run {run + 1}: picked+issued {made:.2f} s, sheets PDF {wall:.2f} s; roster PDF {roster:.2f} s")
    finally:
        db.dispose()
    return Figure(
        "activities.handout_issued_and_printed",
        f"发放 to all {people} active members: picked, issued, 发放签收表 PDF",
        "s",
        ours,
        "`export members` PDF (the roster)",
        baseline,
        goal=HANDOUT_GOAL_S,
    )


def measure_tabs(db_arg: str, runs: int, years: int) -> Figure:
    from PySide6.QtWidgets import QApplication

    from unionapp import config
    from unionapp.db.opening import open_database
    from unionapp.ui.activities.tab import ActivitiesTab
    from unionapp.ui.checkups.tab import CheckupsTab

    app = QApplication.instance() or QApplication([])
    db = open_database(config.database_url(db_arg))
    ours, baseline = [], []
    try:
        for _run in range(runs):
            ours.append(_open(app, lambda: ActivitiesTab(db), lambda tab: tab.current.new_action.isEnabled()))
            baseline.append(_open(app, lambda: CheckupsTab(db), lambda tab: tab.loaded))
    finally:
        db.dispose()
    return Figure(
        "activities.tab_opened",
        f"活动与发放 tab opened and filled ({years} years of handouts and activities)",
        "s",
        ours,
        "the 体检 tab opened on the same database",
        baseline,
        goal=TAB_GOAL_S,
    )


def _open(app, make, filled) -> float:
    started = time.perf_counter()
    tab = make()
    tab.resize(1200, 800)
    tab.show()
    while not filled(tab):
        app.processEvents()
        if time.perf_counter() - started > 60:
            raise SystemExit("the tab did not fill within 60 s")
    app.processEvents()  # its first paint
    took = time.perf_counter() - started
    tab.close()
    tab.deleteLater()
    app.processEvents()
    return took


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--members", type=int, default=10_000)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--db", help="an existing SQLite file with the school (handouts are added to it)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(ignore_cleanup_errors=True) as tmp:
        folder = Path(tmp)
        env = child_env(folder)
        use_in_this_process(env)
        db_arg = args.db or make_school(folder / "school.db", args.members, args.years)
        print("tab opening:", flush=True)
        show(measure_tabs(db_arg, args.runs, args.years))  # before the handouts below add to the year
        print("handout:", flush=True)
        show(measure_handout(db_arg, folder, env, args.runs))


if __name__ == "__main__":
    main()
