"""The exports of issue #19 at the command line: `care-list [--month YYYY-MM]` (this month by
default), `year-plan [--year Y] [--ledger]` (this year by default) and `hardship [--full]
[--stats] [--year Y] [--include-closed]`.

A month that is not one ("2026-13") is a usage error (exit 2) saying how to write it. The
hardship roster is masked unless `--full`; the full one is read through the service, which
records in the audit log that the files' details were exported."""

from __future__ import annotations

import re
from datetime import date

from unionapp.cli.common import UsageProblem
from unionapp.reports.care import load_care_list_report
from unionapp.reports.hardship import load_help_stats_report, load_roster_report
from unionapp.reports.model import Report
from unionapp.reports.year_plan import load_plan_report, load_year_ledger_report

_MONTH = re.compile(r"^\s*(\d{4})\s*[-./年]\s*(\d{1,2})\s*月?\s*$")


def parse_month(text: str | None, today: date) -> tuple[int, int]:
    """--month "2026-12" (also 2026.12, 2026年12月) as (year, month); absent: this month."""
    if not text:
        return today.year, today.month
    found = _MONTH.match(text)
    if found is None or not 1 <= int(found.group(2)) <= 12 or not 1900 <= int(found.group(1)) <= 2100:
        raise UsageProblem(f"月份“{text}”不对，请写成 2026-12 这样的年月（月份 1 到 12）。")
    return int(found.group(1)), int(found.group(2))


def _year(args, today: date) -> int:
    year = getattr(args, "year", None)
    if year is None:
        return today.year
    if not 1900 <= year <= 2100:
        raise UsageProblem(f"年份 {year} 不合理，请写成 2026 这样的四位数。")
    return year


def care_report(db, args, today: date | None = None) -> Report:
    """The report named by args.report."""
    today = today or date.today()
    if args.report == "care-list":
        year, month = parse_month(getattr(args, "month", None), today)
        return load_care_list_report(db, year, month, today=today)
    year = _year(args, today)
    if args.report == "year-plan":
        if getattr(args, "ledger", False):
            return load_year_ledger_report(db, year, today=today)
        return load_plan_report(db, year, today=today)
    if getattr(args, "stats", False):
        return load_help_stats_report(db, year, today=today)
    return load_roster_report(
        db, full=getattr(args, "full", False), include_closed=getattr(args, "include_closed", False), today=today
    )


def privacy_note(args) -> str:
    """What the written file holds that must be kept safe, said after its path."""
    if args.report == "hardship" and getattr(args, "full", False) and not getattr(args, "stats", False):
        return "（含家庭经济情况，注意保密；这次导出已记入操作日志）"
    if args.report == "hardship" and not getattr(args, "stats", False):
        return "（未含家庭经济情况；需要时加 --full）"
    return ""
