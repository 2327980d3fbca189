"""`unionapp export REPORT -o OUT`: the registry of export reports.

Each name of `cli.common.EXPORT_REPORTS` is mapped here to its report builder, reached by
a plain import: the funds' and visits' tables take (db, year, from, to), the checkups'
(db, campaign_id, full_id, include_health); the members' and the audit log's reports are
built below from --from/--to. What --year, --from and --to mean for each report is
decided here, at the command line, never in the report modules."""

from __future__ import annotations

import calendar
from collections.abc import Callable
from datetime import date

from unionapp.cli.activity_exports import activity_report
from unionapp.cli.binder_exports import binder_export, binder_note
from unionapp.cli.care_exports import care_report, privacy_note
from unionapp.cli.common import (
    ACTIVITY_EXPORTS,
    CARE_EXPORTS,
    CHECKUP_EXPORTS,
    CONGRESS_EXPORTS,
    EXIT_OK,
    FUNDS_EXPORTS,
    MEMBER_EXPORTS,
    VISIT_EXPORTS,
    campaign_id,
    out,
)
from unionapp.cli.congress_exports import congress_report
from unionapp.db.opening import open_database
from unionapp.domain.dates import format_date, parse_date
from unionapp.domain.errors import DomainError
from unionapp.reports.audit import audit_report
from unionapp.reports.bundle import Bundle
from unionapp.reports.checkups import coverage_report, hospital_list_report, signin_report
from unionapp.reports.funds import budget_report, disclosure_report, execution_report, ledger_report
from unionapp.reports.members import birthdays, retirements, roster
from unionapp.reports.model import Report
from unionapp.reports.output import export
from unionapp.reports.visits import receipts_report, register_report, summary_report
from unionapp.services import members, settings
from unionapp.services.audit import AuditFilter
from unionapp.services.ledger import LedgerFilter

# ---------------------------------------------------------------- the command line's periods


def year_of(year: int | None, date_from: date | None) -> int:
    """--year, else the year of --from, else this year."""
    return year or (date_from.year if date_from else date.today().year)


def cli_period(
    year: int | None, date_from: date | None, date_to: date | None, today: date | None = None
) -> tuple[date, date]:
    """--from/--to when given (an open end stops at the year's edge), else the whole
    --year, else this month."""
    today = today or date.today()
    if date_from or date_to:
        anchor = year or (date_from or date_to).year
        return date_from or date(anchor, 1, 1), date_to or date(anchor, 12, 31)
    if year:
        return date(year, 1, 1), date(year, 12, 31)
    last_day = calendar.monthrange(today.year, today.month)[1]
    return date(today.year, today.month, 1), date(today.year, today.month, last_day)


def cli_ledger(db, year: int | None, date_from: date | None, date_to: date | None) -> Report:
    """--from/--to when given (an open end stops at --year's edge), else the --year,
    else the current year."""
    if date_from or date_to:
        if year:
            date_from, date_to = date_from or date(year, 1, 1), date_to or date(year, 12, 31)
        return ledger_report(db, LedgerFilter(date_from=date_from, date_to=date_to))
    return ledger_report(db, LedgerFilter(year=year_of(year, None)))


# ---------------------------------------------------------------- the registry


FUNDS_REPORTS: dict[str, Callable[..., Report]] = {
    "ledger": cli_ledger,
    "budget": lambda db, year, date_from, _to: budget_report(db, year_of(year, date_from)),
    "execution": lambda db, year, date_from, _to: execution_report(db, year_of(year, date_from)),
    "disclosure": lambda db, year, date_from, _to: disclosure_report(db, year_of(year, date_from)),
}

VISIT_REPORTS: dict[str, Callable[..., Report]] = {
    "visits": lambda db, year, date_from, date_to: register_report(db, *cli_period(year, date_from, date_to)),
    "visit-receipts": lambda db, year, date_from, date_to: receipts_report(db, *cli_period(year, date_from, date_to)),
    "visit-summary": lambda db, year, date_from, _to: summary_report(db, year_of(year, date_from)),
}

CHECKUP_REPORTS: dict[str, Callable[..., Report]] = {
    "checkups": lambda db, campaign_id, full_id=False, include_health=False: hospital_list_report(
        db, campaign_id, full_id
    ),
    "checkup-signin": lambda db, campaign_id, full_id=False, include_health=False: signin_report(db, campaign_id),
    "checkup-coverage": lambda db, campaign_id, full_id=False, include_health=False: coverage_report(
        db, campaign_id, include_health
    ),
}


def _span(args) -> tuple[date | None, date | None]:
    """--from and --to, each optional, in order."""
    start = parse_date(args.date_from) if args.date_from else None
    end = parse_date(args.date_to) if args.date_to else None
    if start and end and start > end:
        raise DomainError(f"起始日期 {format_date(start)} 晚于截止日期 {format_date(end)}，请对调后重试。")
    return start, end


def _dated_report(db, args) -> Report:
    """A funds or visits report: builders taking (db, year, from, to)."""
    start, end = _span(args)
    if args.year is not None and not 1900 <= args.year <= 2100:
        raise DomainError(f"年份 {args.year} 不合理，请写成 2026 这样的四位数。")
    return {**FUNDS_REPORTS, **VISIT_REPORTS}[args.report](db, args.year, start, end)


def _checkup_report(db, args) -> Report:
    chosen = campaign_id(db, args.campaign, args.year)
    return CHECKUP_REPORTS[args.report](db, chosen, args.full_id, args.include_health)


def _audit_report(db, args) -> Report:
    """审计日志 between --from and --to (each optional), newest first."""
    start, end = _span(args)
    return audit_report(db, AuditFilter(date_from=start, date_to=end), full_id=args.full_id)


def _member_report(db, args) -> Report:
    rows, union_name = members.list_members(db), settings.load(db).union_name
    start = parse_date(args.date_from) if args.date_from else None
    if args.report == "members":
        return roster(rows, union_name, full_id=args.full_id)
    if args.report == "birthdays":
        month = start.month if start else None
        return birthdays(
            rows, union_name, month=month, year=args.year or (start.year if start else None), full_id=args.full_id
        )
    end = parse_date(args.date_to) if args.date_to else None
    return retirements(rows, union_name, full_id=args.full_id, start=start, end=end)


EXPORTS: dict[str, Callable[..., Report | Bundle]] = {
    **dict.fromkeys(MEMBER_EXPORTS, _member_report),
    **dict.fromkeys(VISIT_EXPORTS + FUNDS_EXPORTS, _dated_report),
    **dict.fromkeys(CHECKUP_EXPORTS, _checkup_report),
    **dict.fromkeys(ACTIVITY_EXPORTS, activity_report),  # --id, --year, --member: cli/activity_exports.py
    **dict.fromkeys(CONGRESS_EXPORTS, congress_report),  # --session, --term, --forms: cli/congress_exports.py
    **dict.fromkeys(CARE_EXPORTS, care_report),  # --month, --ledger, --full, --stats: cli/care_exports.py
    "audit": _audit_report,
    "binder": binder_export,  # --year, --term 1|2, --sections, --include-hardship: cli/binder_exports.py
}


# ---------------------------------------------------------------- the command


def cmd_export(url: str, args) -> int:
    db = open_database(url, create=False)
    try:
        result = export(EXPORTS[args.report](db, args), args.output, args.format)
    finally:
        db.dispose()
    for warning in result.warnings:
        out(warning, err=True)
    out(f"已导出 {result.rows} 行到 {result.path}{_privacy_note(args)}")
    return EXIT_OK


def _privacy_note(args) -> str:
    """What the file holds that must be kept safe, said after the path."""
    if args.report in CARE_EXPORTS:
        return privacy_note(args)
    if args.report == "binder":
        return binder_note(args)
    if args.report == "checkup-coverage" and args.include_health:
        return "（含需复查人员等健康信息，请妥善保管）"
    if args.report in MEMBER_EXPORTS + ["checkups", "audit", "congress-delegates"]:
        return "（含完整身份证号/手机号，请妥善保管）" if args.full_id else "（身份证号、手机号已部分隐藏）"
    return ""
