"""Speed of the staff congress (issue 18; a script, not a test), each figure beside a
baseline measured in the same run, runs interleaved, medians:

- the 教代会 tab opening as a click on it does in a started window (a fresh process per
  run: the area's modules imported, the tab and its page built, the page's term read on
  the worker and shown), on its 代表 page and on its 提案 page; beside the 活动与发放 tab
  opened the same way on the same database;
- `list_proposals` for the current term; beside a bare SELECT of the same proposals;
- the session archive (封面, 议程, 签到, 决议, 提案答复情况表, a 提案表 per proposal) and the
  会议签到表, each read from the database, built and written as PDF; beside reportlab's
  plain SimpleDocTemplate writing the same tables;
- marking 200 delegates present (`set_attendance`); beside a bare INSERT of the same rows.

The school is the demo's (10,000 members) without its congress; the congress is scaled up
through the services: two terms of 200 delegates, 10 sessions with sign-in and resolutions,
500 proposals screened, answered and given feedback.

    .venv/bin/python benchmarks/bench_congress.py [--members 10000] [--runs 5] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_speed import load_text, record  # noqa: E402
from speed_common import Figure, child_env, run_process, show, use_in_this_process  # noqa: E402

TERMS = ((1, "第一届教职工代表大会", date(2019, 9, 1), date(2023, 8, 31)),
         (2, "第二届教职工代表大会", date(2023, 9, 1), date(2027, 8, 31)))  # fmt: skip
SESSION_DAYS = {
    1: [date(2019, 9, 20), date(2020, 9, 18), date(2021, 9, 17), date(2022, 9, 16)],
    2: [date(2023, 9, 22), date(2024, 3, 22), date(2024, 9, 20), date(2025, 3, 21), date(2025, 9, 19),
        date(2026, 3, 20)],
}  # fmt: skip
DELEGATES = 200
PROPOSALS_PER_SESSION = 50
OFFICES = ("总务处", "教务处", "校长室", "办公室", "德育处", "工会")
# A proposal's path by its number: most answered, some still moving (as a real session's are).
PATHS = ("satisfied", "satisfied", "basic", "unsatisfied", "replied", "waiting", "rejected", "converted", "submitted")


def make_school(path: Path, members: int) -> str:
    """The demo school without its congress (the benchmark builds a bigger one)."""
    import unionapp.services.demo as demo
    from unionapp import config
    from unionapp.db.opening import open_database

    db = open_database(config.database_url(str(path)))
    demo.create_congress = lambda *_args: None  # create_demo calls it by this name
    try:
        started = time.perf_counter()
        demo.create_demo(db, members_count=members, years=3, seed=1)
        print(f"demo: {members} members in {time.perf_counter() - started:.1f} s", flush=True)
        started = time.perf_counter()
        build_congress(db)
        print(f"congress: 2 terms, 10 sessions, 500 proposals in {time.perf_counter() - started:.1f} s", flush=True)
    finally:
        db.dispose()
    return str(path)


def build_congress(db) -> None:
    from unionapp.services import congress
    from unionapp.services.congress import DelegateInput, TermInput

    rng = random.Random(18)
    active = _staff(db)
    for number, name, start, end in TERMS:
        term_id = congress.create_term(db, TermInput(number, name, start, end))
        congress.constituencies_from_groups(db, term_id, members_per_seat=max(10, len(active) // DELEGATES))
        places = {c.group_id: c.id for c in congress.list_constituencies(db, term_id)}
        chosen = rng.sample(active, DELEGATES)
        congress.add_delegates(db, term_id, [DelegateInput(m, start, places.get(g)) for m, g in chosen])
        ids = [d.id for d in congress.list_delegates(db, term_id)]
        for index, day in enumerate(SESSION_DAYS[number], 1):
            last = number == 2 and index == len(SESSION_DAYS[2])
            _session(db, term_id, index, f"{name}第{index}次会议", day, ids, rng, resolutions=not last)


def _staff(db) -> list[tuple[int, int]]:
    """(member id, group id) of the working union members."""
    from sqlalchemy import select

    from unionapp.db.models import Member

    with db.session() as s:
        query = select(Member.id, Member.group_id).where(Member.status == "active", Member.is_union_member.is_(True))
        return [(m, g) for m, g in s.execute(query.order_by(Member.id))]


def _session(db, term_id, number, name, day, ids, rng, resolutions: bool) -> int:
    from unionapp.services import congress
    from unionapp.services.congress import ResolutionInput, SessionInput

    agenda = "听取和审议校长工作报告\n听取和审议财务工作报告\n听取和审议工会工作报告\n表决有关决议"
    session_id = congress.create_session(
        db, SessionInput(term_id, number, name, day, "学校报告厅", agenda, "校长工作报告\n财务工作报告")
    )
    leave = set(rng.sample(ids, 10))
    congress.set_attendance(db, session_id, [d for d in ids if d not in leave], "present")
    congress.set_attendance(db, session_id, sorted(leave), "leave", "外出培训")
    if resolutions:
        for title in ("关于校长工作报告的决议", "关于财务工作报告的决议", "关于工会工作报告的决议"):
            congress.add_resolution(db, session_id, ResolutionInput(title, 180, 6, 4))
    _proposals(db, session_id, day, ids, rng)
    return session_id


def _proposals(db, session_id: int, day: date, ids: list[int], rng) -> None:
    """Fifty proposals of the session, each taken along its path, in one transaction."""
    from unionapp.services import proposal_replies, proposals
    from unionapp.services.proposals import ProposalInput, ReplyInput

    with db.session() as s:
        for n in range(PROPOSALS_PER_SESSION):
            proposer, *cosigners = rng.sample(ids, 3)
            data = ProposalInput(session_id, proposer, f"关于改进学校工作的第{n + 1}条建议", day - timedelta(days=5),
                                 "other", "教职工反映较多。", "建议学校研究解决。", tuple(cosigners))  # fmt: skip
            pid = proposals.create_proposal_in(s, data)
            path = PATHS[n % len(PATHS)]
            if path == "submitted":
                continue
            screened = day + timedelta(days=7)
            if path in ("rejected", "converted"):
                proposals.screen_proposal_in(s, pid, path, screened, "不属于学校职权范围")
                continue
            office = OFFICES[n % len(OFFICES)]
            due = screened + timedelta(days=30)
            proposals.screen_proposal_in(s, pid, "accepted", screened, office=office, due_date=due)
            if path == "waiting":
                continue
            proposal_replies.add_reply_in(s, pid, ReplyInput(screened + timedelta(days=20), "已研究落实。"))
            if path != "replied":
                feedback = "unsatisfied" if path == "unsatisfied" else path
                answered = screened + timedelta(days=25)
                nxt = answered + timedelta(days=30) if feedback == "unsatisfied" else None
                proposal_replies.set_feedback_in(s, pid, feedback, answered, next_due=nxt)


# A child process per run, as bench_activities opens its tab: the window's own modules are
# loaded before the clock starts; the clock covers importing the area, building the tab
# and its page, reading the term on the worker and showing its rows. It prints the seconds.
TAB_CHILD = """
import sys, time
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication
from unionapp import config
from unionapp.db.opening import open_database
import unionapp.ui.members.tab, unionapp.ui.checkups.tab  # the window's, already loaded there
app = QApplication([])
db = open_database(config.database_url(sys.argv[1]))
page = int(sys.argv[2])
QSettings().setValue("congress/page", page)
QSettings().setValue("activities/page", 0)
started = time.perf_counter()
if page < 0:
    from unionapp.ui.activities.tab import ActivitiesTab
    tab = ActivitiesTab(db)
else:
    from unionapp.ui.congress.tab import CongressTab
    tab = CongressTab(db)
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


def measure_tabs(db_arg: str, env: dict, runs: int) -> list[Figure]:
    took: dict[str, list[float]] = {"0": [], "2": [], "-1": []}
    for _run in range(runs):
        for page in took:
            _wall, _cpu, _rss, out = run_process([sys.executable, "-c", TAB_CHILD, db_arg, page], env)
            took[page].append(float(out.strip().splitlines()[-1]))
    return [
        Figure(
            f"congress.tab_opened_{name}",
            f"教代会 tab opened on its {title} page and filled (200 delegates, 300 proposals in the term)",
            "s",
            took[page],
            "the 活动与发放 tab opened the same way (发放 page)",
            took["-1"],
        )
        for page, name, title in (("0", "delegates", "代表"), ("2", "proposals", "提案"))
    ]


def _timed(fn) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def platypus(reports, path: Path) -> None:
    """reportlab's plain SimpleDocTemplate: each report's table (header and rows) in turn."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import PageBreak, SimpleDocTemplate, Table, TableStyle

    from unionapp.reports import fonts
    from unionapp.reports.model import cell_text

    font = fonts.main_font()
    story = []
    for report in reports:
        data = [[c.header for c in report.columns]]
        data += [[cell_text(c, v) for c, v in zip(report.columns, row)] for row in report.rows]
        table = Table(data, repeatRows=1)
        table.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), font, 9), ("GRID", (0, 0), (-1, -1), 0.5, colors.black)]))
        story += [table, PageBreak()]
    SimpleDocTemplate(str(path), pagesize=A4, leftMargin=40, rightMargin=40).build(story)


def measure_in_process(db_arg: str, folder: Path, runs: int) -> list[Figure]:
    from sqlalchemy import delete, insert, select

    from unionapp import config
    from unionapp.db.models import CongressAttendance, CongressSession, Proposal
    from unionapp.db.opening import open_database
    from unionapp.reports.congress import load_signin_report
    from unionapp.reports.congress_archive import load_congress_archive
    from unionapp.reports.pdf import write_pdf
    from unionapp.services import congress, proposals

    db = open_database(config.database_url(db_arg))
    term_id = congress.current_term_id(db)
    sessions = sorted(congress.list_sessions(db, term_id), key=lambda s: s.number)
    archived, signing = sessions[-2], sessions[-1]  # the last has no resolutions yet: its sign-in may change
    ids = [a.delegate_id for a in congress.list_attendance(db, signing.id)]
    t: dict[str, list[float]] = {k: [] for k in ("list", "select", "archive", "archive_base", "signin",
                                                  "signin_base", "mark", "insert")}  # fmt: skip

    def bare_select():
        with db.session() as s:
            query = (
                select(Proposal, CongressSession.name).join(CongressSession).where(CongressSession.term_id == term_id)
            )
            return s.execute(query.order_by(CongressSession.number, Proposal.number)).all()

    def bare_insert():
        with db.session() as s:
            rows = [{"session_id": signing.id, "delegate_id": d, "present": True, "note": ""} for d in ids]
            s.execute(insert(CongressAttendance), rows)

    bundle, sheet = load_congress_archive(db, archived.id), load_signin_report(db, archived.id)
    parts = [r for _name, r in bundle.reports()]

    def one_run(run: int) -> None:
        t["list"].append(_timed(lambda: proposals.list_proposals(db, term_id=term_id)))
        t["select"].append(_timed(bare_select))
        out = folder / f"archive-{run}.pdf"
        t["archive"].append(_timed(lambda: write_pdf(load_congress_archive(db, archived.id), out)))
        t["archive_base"].append(_timed(lambda: platypus(parts, folder / f"archive-base-{run}.pdf")))
        out = folder / f"signin-{run}.pdf"
        t["signin"].append(_timed(lambda: write_pdf(load_signin_report(db, archived.id), out)))
        t["signin_base"].append(_timed(lambda: platypus([sheet], folder / f"signin-base-{run}.pdf")))
        congress.set_attendance(db, signing.id, ids, "clear")
        t["mark"].append(_timed(lambda: congress.set_attendance(db, signing.id, ids, "present")))
        with db.session() as s:
            s.execute(delete(CongressAttendance).where(CongressAttendance.session_id == signing.id))
        t["insert"].append(_timed(bare_insert))
        print(f"  run {run + 1} done", flush=True)

    try:
        for run in range(runs):
            one_run(run)
        count = len(proposals.list_proposals(db, term_id=term_id))
    finally:
        db.dispose()
    plain = "reportlab's plain SimpleDocTemplate writing the same tables (already built)"
    return [
        Figure("congress.list_proposals_term", f"list_proposals for the current term ({count} proposals)", "s",
               t["list"], "a bare SELECT of the same proposals with their session", t["select"]),
        Figure("congress.archive_pdf", f"session archive read, built and written as PDF (cover and {len(parts)} parts, "
               f"{archived.proposals} proposals)", "s", t["archive"], plain, t["archive_base"]),
        Figure("congress.signin_pdf", f"会议签到表 read, built and written as PDF ({len(ids)} delegates)", "s",
               t["signin"], plain, t["signin_base"]),
        Figure("congress.mark_present", f"set_attendance: {len(ids)} delegates marked present", "s",
               t["mark"], "a bare INSERT of the same rows in one transaction", t["insert"]),
    ]  # fmt: skip


def table(figures: list[Figure]) -> None:
    print("\n| Work | Ours (median) | Beside it (median) | Ratio |\n|---|---|---|---|")
    for f in figures:
        print(f"| {f.label} | {f.median:.3f} s | {f.baseline_label}: {f.baseline_median:.3f} s | {f.ratio:.2f}× |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--members", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json", metavar="OUT", help="write the figures here as JSON")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="unionapp-bench-", ignore_cleanup_errors=True) as tmp:
        folder = Path(tmp)
        env = child_env(folder)
        use_in_this_process(env)
        db_arg = make_school(folder / "school.db", args.members)
        loads = {"before": load_text()}
        print(f"tab opening ({loads['before']}):", flush=True)
        figures = measure_tabs(db_arg, env, args.runs)
        print("in this process:", flush=True)
        figures += measure_in_process(db_arg, folder, args.runs)
        loads["after"] = load_text()
    for figure in figures:
        show(figure)
    print(f"  ({loads['after']} after)")
    table(figures)
    if args.json:
        data = {"python": platform.python_version(), "cores": os.cpu_count(), "database": "sqlite",
                "members": args.members, "runs": args.runs, "load": loads, "figures": [record(f) for f in figures]}  # fmt: skip
        Path(args.json).write_text(json.dumps(data, ensure_ascii=False, indent=1), "utf-8")
        print(f"\nfigures written to {args.json}")


if __name__ == "__main__":
    main()
