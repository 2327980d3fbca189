"""Speed of the inspection binder (年度工作台账, issue 20; a script, not a test), against the
issue's targets, beside the sum of the section reports made one by one, runs interleaved,
medians:

- `unionapp export binder --year Y -o binder.pdf` and `... -o binder.xlsx`, whole process
  (interpreter start, imports, reading, building, writing), with the child's peak RSS;
  beside the export commands of the reports the binder's sections print, for the same
  year (`export members`, `budget`, `execution`, `ledger`, `disclosure`, `visits`,
  `visit-receipts`, `activities`, `handout-receipts` per handout of the year, `checkups` and
  `checkup-coverage` per campaign, `congress-archive` per session, `year-plan` with and
  without `--ledger`, `audit`), run one by one and summed (their peak RSS: the largest);
- the same in this process: `binder(db, Y)` and `reports.output.export` of the bundle,
  beside each section's builder (what its command calls) and `export`, summed.

Goals: PDF ≤ 10 s, xlsx ≤ 8 s, peak RSS < 400 MB, and the binder no dearer than the sum.
The 基本情况 (indicators), 会费收缴 and 经费公开登记 have no command of their own, so the sum
holds nothing for them; the sum's `audit` is the full log of the year where the binder
prints a summary, and its `members` every member where the binder lists the working ones.

The school is the demo's (3,000 members, 2 years) made through the demo's API with a fixed
"today" late in the year, so the year benchmarked is full (visits, checkups, handouts,
activities, congress, hardship files, year plan): by default this year when today is past
20 November (the demo's hardship review), else 15 December of last year.

    .venv/bin/python benchmarks/bench_binder.py [--members 3000] [--runs 5] [--today 2026-12-15]
        [--include-hardship] [--db existing.db --year Y] [--json out.json]
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_speed import load_text, record  # noqa: E402
from speed_common import SRC, Figure, child_env, run_process, show, use_in_this_process  # noqa: E402

PDF_GOAL_S = 10.0
XLSX_GOAL_S = 8.0
RSS_GOAL_MB = 400.0
FORMATS = ("pdf", "xlsx")


def default_today() -> date:
    """A day when the demo's year is full: today from 20 November on, else last 15 December."""
    today = date.today()
    return today if today >= date(today.year, 11, 20) else date(today.year - 1, 12, 15)


def make_school(path: Path, members: int, years: int, today: date) -> str:
    from unionapp import config
    from unionapp.db.opening import open_database
    from unionapp.services.demo import create_demo

    db = open_database(config.database_url(str(path)))
    try:
        started = time.perf_counter()
        create_demo(db, members_count=members, years=years, seed=1, today=today)
        print(f"demo: {members} members, {years} years to {today} in {time.perf_counter() - started:.1f} s", flush=True)
    finally:
        db.dispose()
    return str(path)


def section_commands(db_arg: str, year: int, hardship: bool) -> list[tuple[str, list[str]]]:
    """(section code, export arguments without -o) of each existing report the binder's
    sections print (reports/binder_sections.py), for the year."""
    from unionapp import config
    from unionapp.db.opening import open_database
    from unionapp.services import checkup_reads, congress, handouts

    db = open_database(config.database_url(db_arg))
    try:
        campaigns = [c for c in checkup_reads.list_campaigns(db) if c.date_from.year == year]
        given = [h for h in handouts.list_handouts(db, year) if h.handout_date.year == year]
        sessions = [s for s in congress.list_sessions(db) if s.session_date.year == year]
    finally:
        db.dispose()
    y = ["--year", str(year)]
    out = [("roster", ["members"]), ("budget", ["budget", *y]), ("budget", ["execution", *y]),
           ("ledger", ["ledger", *y]), ("disclosure", ["disclosure", *y]),
           ("visits", ["visits", *y]), ("visits", ["visit-receipts", *y]), ("activities", ["activities", *y])]  # fmt: skip
    for h in sorted(given, key=lambda h: (h.handout_date, h.id)):
        out.append(("activities", ["handout-receipts", "--id", str(h.id)]))
    for c in sorted(campaigns, key=lambda c: (c.date_from, c.id)):
        out += [
            ("checkups", ["checkups", "--campaign", str(c.id)]),
            ("checkups", ["checkup-coverage", "--campaign", str(c.id)]),
        ]
    for s in sorted(sessions, key=lambda s: s.session_date):
        out.append(("congress", ["congress-archive", "--session", str(s.id)]))
    if hardship:
        out += [("hardship", ["hardship"]), ("hardship", ["hardship", "--stats", *y])]
    out += [
        ("plan", ["year-plan", *y]),
        ("plan", ["year-plan", "--ledger", *y]),
        ("audit", ["audit", "--from", f"{year}-01-01", "--to", f"{year}-12-31"]),
    ]
    return out


def binder_args(year: int, hardship: bool) -> list[str]:
    return ["binder", "--year", str(year), *(["--include-hardship"] if hardship else [])]


def compile_once(env: dict) -> None:
    """Bytecode written before the clock starts, as an installed app has it."""
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(SRC)], env=env, check=True)


# ---------------------------------------------------------------- whole process


def measure_processes(db_arg, folder, env, runs, year, commands, hardship) -> dict:
    """Per format: the binder's wall times and peak RSS, the sections' summed wall times,
    their largest peak RSS, and each command's wall times."""
    cli = [sys.executable, "-m", "unionapp", "--db", db_arg, "export"]
    t = {fmt: {"ours": [], "ours_rss": [], "sum": [], "sum_rss": [], "each": {}} for fmt in FORMATS}
    for run in range(runs):
        for fmt in FORMATS:
            got = t[fmt]
            wall, _cpu, rss, _out = run_process(
                [*cli, *binder_args(year, hardship), "-o", str(folder / f"binder.{fmt}")], env
            )
            got["ours"].append(wall)
            got["ours_rss"].append(rss)
            total, peak = 0.0, 0.0
            for number, (_code, args) in enumerate(commands):
                out = folder / f"part-{number}.{fmt}"
                wall_one, _cpu, rss_one, _out = run_process([*cli, *args, "-o", str(out)], env)
                got["each"].setdefault(" ".join(args), []).append(wall_one)
                total, peak = total + wall_one, max(peak, rss_one)
            got["sum"].append(total)
            got["sum_rss"].append(peak)
            print(f"  run {run + 1} {fmt}: binder {got['ours'][-1]:.2f} s, {rss:.0f} MB; "
                  f"{len(commands)} section commands {total:.2f} s, largest {peak:.0f} MB", flush=True)  # fmt: skip
    return t


# ---------------------------------------------------------------- in this process


def measure_in_process(db_arg, folder, runs, year, commands, hardship) -> dict:
    """The binder's builder and writer, beside each section's builder (what its command
    calls, with the same arguments) and writer, in this process; a first run warms the
    imports and is not counted."""
    from unionapp import config
    from unionapp.cli import build_parser
    from unionapp.cli.exports import EXPORTS
    from unionapp.db.opening import open_database
    from unionapp.gc_pause import gc_paused
    from unionapp.reports.binder import binder
    from unionapp.reports.output import export

    parse = build_parser().parse_args
    spaces = [parse(["export", *args, "-o", "x"]) for _code, args in commands]
    db = open_database(config.database_url(db_arg))
    t = {fmt: {"ours": [], "sum": []} for fmt in FORMATS}

    def ours(fmt: str) -> float:
        started = time.perf_counter()
        with gc_paused():  # as the command does
            export(binder(db, year, include_hardship=hardship), folder / f"in-binder.{fmt}")
        return time.perf_counter() - started

    def summed(fmt: str) -> float:
        total = 0.0
        for number, ns in enumerate(spaces):
            started = time.perf_counter()
            with gc_paused():
                export(EXPORTS[ns.report](db, ns), folder / f"in-part-{number}.{fmt}")
            total += time.perf_counter() - started
        return total

    try:
        with contextlib.redirect_stdout(io.StringIO()):  # the commands' "未指定 --term" lines
            for fmt in FORMATS:
                ours(fmt), summed(fmt)
            for run in range(runs):
                for fmt in FORMATS:
                    t[fmt]["ours"].append(ours(fmt))
                    t[fmt]["sum"].append(summed(fmt))
                print(f"  run {run + 1} done", file=sys.stderr, flush=True)
    finally:
        db.dispose()
    return t


# ---------------------------------------------------------------- figures


def figures(proc: dict, inproc: dict | None, members: int, year: int) -> list[Figure]:
    goals = {"pdf": PDF_GOAL_S, "xlsx": XLSX_GOAL_S}
    out = []
    for fmt in FORMATS:
        p = proc[fmt]
        out += [
            Figure(f"binder.{fmt}_process", f"`export binder --year {year}` → {fmt}, whole process ({members} members)",
                   "s", p["ours"], "the section reports' own export commands, one by one, summed", p["sum"],
                   goal=goals[fmt]),
            Figure(f"binder.{fmt}_peak_rss", f"peak RSS of `export binder` → {fmt}", "MB", p["ours_rss"],
                   "the largest peak RSS of the section commands", p["sum_rss"], goal=RSS_GOAL_MB),
        ]  # fmt: skip
        if inproc:
            i = inproc[fmt]
            out.append(Figure(f"binder.{fmt}_in_process", f"binder() + export → {fmt}, in this process", "s",
                              i["ours"], "each section's builder + export, summed", i["sum"], goal=1.0,
                              goal_kind="ratio"))  # fmt: skip
    return out


def table(figs: list[Figure]) -> None:
    """Ours, the sum, the ratio, the goal; a goal in seconds or MB is met only when the
    binder is also no dearer than the sum (ratio ≤ 1)."""
    print("\n| Work | Ours (median) | Sum of sections (median) | Ratio | Goal | Met |\n|---|---|---|---|---|---|")
    for f in figs:
        if f.goal_kind == "ratio":
            goal, met = f"≤ {f.goal:g}× the sum", f.met
        elif f.unit == "MB":
            goal, met = f"< {f.goal:g} MB", f.median < f.goal
        else:
            goal, met = f"≤ {f.goal:g} s and ≤ the sum", f.met and f.ratio is not None and f.ratio <= 1
        print(f"| {f.label} | {f.median:.3g} {f.unit} | {f.baseline_median:.3g} {f.unit} | {f.ratio:.2f}× | {goal} "
              f"| {'met' if met else 'NOT met'} |")  # fmt: skip


def each_command(proc: dict) -> None:
    import statistics

    print("\nEach section command, whole process (median s): pdf / xlsx")
    for name, walls in proc["pdf"]["each"].items():
        xlsx = proc["xlsx"]["each"].get(name, [])
        print(f"  {name}: {statistics.median(walls):.2f} / {statistics.median(xlsx):.2f}" if xlsx else f"  {name}: …")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--members", type=int, default=3_000)
    parser.add_argument("--years", type=int, default=2)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--today", type=date.fromisoformat, help="the demo's today (default: see above)")
    parser.add_argument("--db", help="an existing SQLite file with the school (then give --year)")
    parser.add_argument("--year", type=int, help="the binder's year (default: the demo's today's year)")
    parser.add_argument("--include-hardship", action="store_true", help="the hardship section too (masked)")
    parser.add_argument("--no-in-process", action="store_true", help="only the whole-process figures")
    parser.add_argument("--json", metavar="OUT", help="write the figures here as JSON")
    args = parser.parse_args()
    today = args.today or default_today()
    year = args.year or today.year
    with tempfile.TemporaryDirectory(prefix="unionapp-bench-", ignore_cleanup_errors=True) as tmp:
        folder = Path(tmp)
        env = child_env(folder)
        use_in_this_process(env)
        compile_once(env)
        db_arg = args.db or make_school(folder / "school.db", args.members, args.years, today)
        commands = section_commands(db_arg, year, args.include_hardship)
        loads = {"before": load_text()}
        print(f"whole process, year {year}, {len(commands)} section commands ({loads['before']}):", flush=True)
        proc = measure_processes(db_arg, folder, env, args.runs, year, commands, args.include_hardship)
        loads["between"] = load_text()
        inproc = None
        if not args.no_in_process:
            print(f"in this process ({loads['between']}):", flush=True)
            inproc = measure_in_process(db_arg, folder, args.runs, year, commands, args.include_hardship)
        loads["after"] = load_text()
    figs = figures(proc, inproc, args.members, year)
    for figure in figs:
        show(figure)
    print(f"  ({loads['after']} after)")
    each_command(proc)
    table(figs)
    if args.json:
        data = {"python": platform.python_version(), "cores": os.cpu_count(), "database": "sqlite",
                "members": args.members, "year": year, "runs": args.runs, "load": loads,
                "sections": [" ".join(a) for _c, a in commands], "figures": [record(f) for f in figs],
                "each_command": {fmt: proc[fmt]["each"] for fmt in FORMATS}}  # fmt: skip
        Path(args.json).write_text(json.dumps(data, ensure_ascii=False, indent=1), "utf-8")
        print(f"\nfigures written to {args.json}")


if __name__ == "__main__":
    main()
