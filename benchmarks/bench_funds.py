"""Funds benchmark: 10 years × 10,000 ledger entries (a script, not a test).

The entries are bulk-inserted in the shape `ledger.post` writes (vouchers numbered per
year in date order, the category's direction, a few red reversals), past years closed
through the service. Then, timed (median of --runs):
  list_entries for one year (what the funds tab does on open), an in-memory filter pass
  over those rows (what typing in the search box does), budget.execution for a year,
  and building + exporting the execution and ledger reports to .xlsx and .pdf.

    .venv/bin/python benchmarks/bench_funds.py [--years 10] [--entries 10000] [--runs 3]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert

from unionapp import config
from unionapp.db.models import LedgerEntry
from unionapp.db.opening import open_database
from unionapp.reports.funds import execution_report, ledger_report
from unionapp.reports.output import export
from unionapp.services import budget, ledger, settings
from unionapp.services.ledger import LedgerFilter

SUMMARIES = [
    "教职工生日蛋糕券",
    "春节慰问品",
    "看望住院教职工",
    "篮球赛奖品",
    "工会干部培训",
    "教代会会务费",
    "订阅报刊",
    "困难职工帮扶",
    "会费收入",
    "银行存款利息",
    "购置健身器材",
    "防暑降温用品",
]
PEOPLE = ["李秀英", "赵敏", "陈静", "刘芳"]


def timed(fn, runs: int) -> tuple[float, object]:
    """Median wall time of `runs` calls, and the last result."""
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def year_rows(year: int, count: int, first_id: int, leaves: list[ledger.CategoryRow], rng: random.Random) -> list[dict]:
    days = sorted(date(year, 1, 1) + timedelta(days=rng.randrange(365)) for _ in range(count))
    rows, now = [], datetime.now()
    for number, day in enumerate(days, start=1):
        cat = rng.choice(leaves)
        reverses = rows[-1] if rows and rng.random() < 0.01 and not rows[-1]["reversal_of_id"] else None
        if reverses:
            cat = next(c for c in leaves if c.id == reverses["category_id"])
        rows.append(
            {
                "id": first_id + number - 1,
                "year": year,
                "entry_date": day,
                "voucher_no": number,
                "category_id": cat.id,
                "direction": cat.direction,
                "amount_fen": -reverses["amount_fen"] if reverses else rng.randint(50, 500_000) * 100 // 10,
                "summary": (
                    f"冲销凭证 {year}-{reverses['voucher_no']:04d}"
                    if reverses
                    else f"{rng.choice(SUMMARIES)}（第 {number} 号）"
                ),
                "handler": rng.choice(PEOPLE),
                "approver": "王建国",
                "source": "manual",
                "source_id": None,
                "reversal_of_id": reverses["id"] if reverses else None,
                "reversal_reason": "重复记账" if reverses else "",
                "created_at": now,
            }
        )
    return rows


def build(db, years: list[int], per_year: int) -> None:
    rng = random.Random(7)
    settings.save(db, settings.UnionSettings(union_name="阳光中学工会委员会", chair_name="王建国"))
    cats = ledger.list_categories(db)
    leaves = [c for c in cats if not c.has_children]
    # Income is fewer, larger entries in real books; weight the chart so about 1 in 5 is income.
    weighted = [c for c in leaves for _ in range(1 if c.direction == "income" else 2)]
    ledger.set_opening_balance(db, years[0], 50_000_000)
    next_id = 1
    for year in years:
        rows = year_rows(year, per_year, next_id, weighted, rng)
        next_id += len(rows)
        with db.session() as s:
            s.execute(insert(LedgerEntry), rows)
        budget.set_budget(db, year, {c.id: rng.randint(10, 500) * 1_000_000 for c in leaves})
        if year != years[-1]:
            ledger.close_year(db, year)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--entries", type=int, default=10_000, help="entries per year")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    this_year = date.today().year
    years = list(range(this_year - args.years + 1, this_year + 1))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        db = open_database(config.database_url(str(folder / "bench.db")))
        start = time.perf_counter()
        build(db, years, args.entries)
        print(f"built {len(years)} years × {args.entries:,} entries in {time.perf_counter() - start:.1f} s")
        last = years[-1]
        results: list[tuple[str, float]] = []

        t, rows = timed(lambda: ledger.list_entries(db, LedgerFilter(year=last)), args.runs)
        results.append((f"list_entries(year) → {len(rows):,} rows", t))
        t, _ = timed(lambda: ledger.list_entries(db, LedgerFilter()), 1)
        results.append(("list_entries(all years)", t))
        cats = {c.id: c for c in ledger.list_categories(db)}
        flt = LedgerFilter(
            year=last, text="慰问", category_id=next(c.id for c in cats.values() if c.code == "activity")
        )
        t, kept = timed(lambda: ledger.filter_entries(rows, flt, cats), args.runs)
        results.append((f"filter pass in memory (text + category) → {len(kept):,}", t))
        words = LedgerFilter(year=last, text="王建国 ")  # matches every row: the slowest text search
        t, kept = timed(lambda: ledger.filter_entries(rows, words, cats), args.runs)
        results.append((f"filter pass in memory (text only) → {len(kept):,}", t))
        t, _ = timed(lambda: budget.execution(db, last), args.runs)
        results.append(("budget.execution(year)", t))
        t, exec_report = timed(lambda: execution_report(db, last), args.runs)
        results.append(("build execution_report", t))
        for fmt in ("xlsx", "pdf"):
            t, _ = timed(lambda fmt=fmt: export(exec_report, folder / f"execution.{fmt}"), args.runs)
            results.append((f"export execution report .{fmt}", t))
        t, led_report = timed(lambda: ledger_report(db, LedgerFilter(year=last)), args.runs)
        results.append((f"build ledger_report ({len(led_report.rows):,} rows)", t))
        for fmt in ("xlsx", "pdf"):
            t, _ = timed(lambda fmt=fmt: export(led_report, folder / f"ledger.{fmt}"), args.runs)
            results.append((f"export ledger report .{fmt}", t))
        db.dispose()
        width = max(len(name) for name, _t in results)
        for name, seconds in results:
            print(f"{name:<{width}}  {seconds * 1000:9.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
