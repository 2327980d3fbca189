"""Speed of activities and handouts (issue 17; a script, not a test), against the issue's
targets, each beside a baseline measured in the same run, runs interleaved, medians:

- a handout to every active member of a 10,000-member school: the list picked by its
  rule, the handout made and issued (pick_recipients + create_handout + issue_handout, in
  this process) and `unionapp export handout-receipts --id N` to PDF (a child process),
  whole, against 3 s; beside `unionapp export members` to PDF (the same people's roster);
- the 活动与发放 tab opening as a click on it does in a started window (a fresh process per
  run: the area's modules imported, the tab and its page built, the page's year read on the
  worker and shown), on its 发放 page and on its 活动 page, with 10 years of handouts and
  activities, against 0.3 s; beside the 体检 tab opened the same way.

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


# A child process per run, like a click on the tab in a window that has just started: the
# window's own modules (the 会员 and 体检 tabs') are loaded before the clock starts; the
# clock covers importing the area's modules, building the tab and its page, reading the
# page's year on the worker and showing its rows. It prints the seconds.
TAB_CHILD = """
import sys, time
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication
from unionapp import config
from unionapp.db.opening import open_database
import unionapp.ui.members.tab, unionapp.ui.checkups.tab  # the window's, already loaded there
app = QApplication([])
db = open_database(config.database_url(sys.argv[1]))
QSettings().setValue("activities/page", int(sys.argv[2]))
started = time.perf_counter()
if sys.argv[2] == "-1":
    from unionapp.ui.checkups.tab import CheckupsTab
    tab = CheckupsTab(db)
    filled = lambda: tab.loaded
else:
    from unionapp.ui.activities.tab import ActivitiesTab
    tab = ActivitiesTab(db)
    filled = lambda: tab.loaded and tab.current.model.rowCount() > 0
tab.resize(1200, 800)
tab.show()
while not filled():
    app.processEvents()
    if time.perf_counter() - started > 60:
        raise SystemExit("the tab did not fill within 60 s")
app.processEvents()  # its first paint
print(time.perf_counter() - started)
"""


def measure_tabs(db_arg: str, env: dict, runs: int, years: int) -> list[Figure]:
    """The 活动与发放 tab opened on its 发放 page and on its 活动 page, each beside the 体检
    tab opened the same way on the same database; runs interleaved."""
    took: dict[str, list[float]] = {"0": [], "1": [], "-1": []}
    for _run in range(runs):
        for page in took:
            _wall, _cpu, _rss, out = run_process([sys.executable, "-c", TAB_CHILD, db_arg, page], env)
            took[page].append(float(out.strip().splitlines()[-1]))
    return [
        Figure(
            f"activities.tab_opened_{name}",
            f"活动与发放 tab opened on its {title} page and filled ({years} years of records)",
            "s",
            took[page],
            "the 体检 tab opened the same way on the same database",
            took["-1"],
            goal=TAB_GOAL_S,
        )
        for page, name, title in (("0", "handouts", "发放"), ("1", "activities", "活动"))
    ]


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
        for figure in measure_tabs(db_arg, env, args.runs, args.years):  # before the handouts below
            show(figure)
        print("handout:", flush=True)
        show(measure_handout(db_arg, folder, env, args.runs))


if __name__ == "__main__":
    main()
