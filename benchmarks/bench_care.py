"""Speed of the month's care list (issue 19; a script, not a test), against the issue's
targets, each beside a baseline measured in the same run, runs interleaved, medians:

- `services.care.care_list` for this month, for September (teaching ages, the women's
  checkup) and for December (the Spring Festival, hardship reviews), with 10,000 members and
  10 years of records, against 0.5 s; beside `services.visit_reads.attention`, which the
  五必访 tab already runs when it opens;
- the care-list PDF as the window makes it (read, built, written in a process whose
  libraries are loaded), against 1 s; beside the month's birthdays PDF made the same way;
- `unionapp export care-list` to PDF (a child process, which also starts Python and loads
  the libraries); beside `unionapp export birthdays` to PDF the same way.

    .venv/bin/python benchmarks/bench_care.py [--members 10000] [--years 10] [--runs 5]
        [--db existing.db] [--json figures.json]

Without --db the demo makes the school first. The figures are printed, and written as JSON
when --json names a file.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_activities import make_school  # noqa: E402
from speed_common import Figure, child_env, run_process, show, use_in_this_process  # noqa: E402

LIST_GOAL_S = 0.5
PDF_GOAL_S = 1.0


def measure_lists(db_arg: str, runs: int) -> list[Figure]:
    """care_list for three months, each run beside one call of attention (warm, in process)."""
    from unionapp import config
    from unionapp.db.opening import open_database
    from unionapp.services import care, visit_reads

    db = open_database(config.database_url(db_arg))
    today = date.today()
    months = {"this_month": (today.year, today.month), "september": (today.year, 9), "december": (today.year, 12)}
    took: dict[str, list[float]] = {name: [] for name in [*months, "attention"]}
    lines: dict[str, int] = {}
    try:
        care.care_list(db, today.year, today.month, today)  # imports and the first connection
        for _run in range(runs):
            for name, (year, month) in months.items():
                started = time.perf_counter()
                lines[name] = len(care.care_list(db, year, month, today).lines)
                took[name].append(time.perf_counter() - started)
            started = time.perf_counter()
            visit_reads.attention(db, today)
            took["attention"].append(time.perf_counter() - started)
    finally:
        db.dispose()
    return [
        Figure(
            f"care.list_{name}",
            f"care_list for {year}-{month:02d} ({lines[name]} lines)",
            "s",
            took[name],
            "visit_reads.attention (the 五必访 tab's start)",
            took["attention"],
            goal=LIST_GOAL_S,
        )
        for name, (year, month) in months.items()
    ]


def measure_pdf(db_arg: str, folder: Path, env: dict, runs: int) -> Figure:
    cli = [sys.executable, "-m", "unionapp", "--db", db_arg, "export"]
    ours, baseline = [], []
    for run in range(runs):
        wall, *_rest = run_process([*cli, "care-list", "-o", str(folder / f"care-{run}.pdf")], env)
        ours.append(wall)
        wall, *_rest = run_process([*cli, "birthdays", "-o", str(folder / f"birthdays-{run}.pdf")], env)
        baseline.append(wall)
    return Figure(
        "care.list_pdf",
        "`unionapp export care-list` to PDF (a whole process)",
        "s",
        ours,
        "`unionapp export birthdays` to PDF",
        baseline,
        goal=PDF_GOAL_S,
    )


def measure_pdf_in_process(db_arg: str, folder: Path, runs: int) -> Figure:
    """The care-list PDF as the window makes it on 打印/导出: the month read, the report
    built and written, in a process whose libraries are loaded (a second print; the first
    also pays reportlab's import); beside the birthdays PDF made the same way."""
    from unionapp import config
    from unionapp.db.opening import open_database
    from unionapp.reports.care import load_care_list_report
    from unionapp.reports.members import birthdays
    from unionapp.reports.output import export
    from unionapp.services import members, settings

    db = open_database(config.database_url(db_arg))
    today = date.today()
    ours, baseline = [], []
    try:
        export(load_care_list_report(db, today.year, today.month, today), folder / "warm.pdf")
        for run in range(runs):
            started = time.perf_counter()
            export(load_care_list_report(db, today.year, today.month, today), folder / f"care-in-{run}.pdf")
            ours.append(time.perf_counter() - started)
            started = time.perf_counter()
            union = settings.load(db).union_name
            report = birthdays(members.list_members(db), union, month=today.month, year=today.year)
            export(report, folder / f"birthdays-in-{run}.pdf")
            baseline.append(time.perf_counter() - started)
    finally:
        db.dispose()
    return Figure(
        "care.list_pdf_in_process",
        "the month's care list read, built and written as PDF (in the window's process)",
        "s",
        ours,
        "the month's birthdays read, built and written as PDF the same way",
        baseline,
        goal=PDF_GOAL_S,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--members", type=int, default=10_000)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--db", help="an existing SQLite file with the school (read only)")
    parser.add_argument("--json", help="write the figures to this file as JSON")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(ignore_cleanup_errors=True) as tmp:
        folder = Path(tmp)
        env = child_env(folder)
        use_in_this_process(env)
        db_arg = args.db or make_school(folder / "school.db", args.members, args.years)
        figures = measure_lists(db_arg, max(args.runs, 5))
        figures.append(measure_pdf_in_process(db_arg, folder, max(args.runs, 5)))
        figures.append(measure_pdf(db_arg, folder, env, max(args.runs, 5)))
    for figure in figures:
        show(figure)
    if args.json:
        data = [dataclasses.asdict(f) | {"median": f.median, "baseline_median": f.baseline_median} for f in figures]
        Path(args.json).write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
