"""The funds ledger (收支明细账): categories, years, entries, reversals.

Other areas (visits, checkups, dues) post their money through `post`, `repost_source`
and `reverse_source`, inside their own session so the record and its ledger entry are
written together or not at all. A posted entry is never edited: a correction is a
reversing entry (红字冲销) with the same category and direction and a negative amount.

The ledger is split by responsibility: `ledger_categories` (the chart), `ledger_years`
(opening balance, closing), `ledger_reads` (entries, filters, totals), `ledger_posting`
(posting, reversal, a source record's entry) and this module (manual entries, imports,
the budget warning). Each imports only the ones before it; this module re-exports their
public names (`__all__`), so callers use `services.ledger.*` for all of it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from unionapp.db.engine import Database
from unionapp.db.models import BudgetLine, FundCategory, LedgerEntry
from unionapp.domain.errors import DomainError
from unionapp.domain.money import check_fen, format_fen
from unionapp.domain.text import NAME_LIMIT, clean_text
from unionapp.services.errors import NotFoundError
from unionapp.services.ledger_categories import (
    CategoryRow,
    FundsError,
    _category,
    add_category,
    category_id_for_code,
    list_categories,
    remove_category,
    rename_category,
    set_category_active,
)
from unionapp.services.ledger_posting import (
    SUMMARY_LIMIT,
    live_entry_for,
    post,
    repost_source,
    reverse,
    reverse_source,
)
from unionapp.services.ledger_reads import (
    EntryRow,
    LedgerFilter,
    MonthRow,
    balance_before,
    entry_matches,
    filter_entries,
    list_entries,
    monthly_totals,
    totals_by_category,
    voucher_text,
)
from unionapp.services.ledger_years import (
    YearRow,
    check_open,
    close_year,
    closed_years,
    entries_per_year,
    list_years,
    opening_balance,
    set_opening,
    set_opening_balance,
    year_summary,
)

__all__ = [
    # categories
    "CategoryRow",
    "FundsError",
    "add_category",
    "category_id_for_code",
    "list_categories",
    "remove_category",
    "rename_category",
    "set_category_active",
    # years
    "YearRow",
    "check_open",
    "close_year",
    "closed_years",
    "entries_per_year",
    "list_years",
    "opening_balance",
    "set_opening",
    "set_opening_balance",
    "year_summary",
    # manual entries, imports, the budget warning (this module)
    "EntryInput",
    "add_entry",
    "import_entries_in",
    "overdraw_warning",
    "reverse_entry",
    # posting and reversal
    "SUMMARY_LIMIT",
    "live_entry_for",
    "post",
    "repost_source",
    "reverse",
    "reverse_source",
    # reading
    "EntryRow",
    "LedgerFilter",
    "MonthRow",
    "balance_before",
    "entry_matches",
    "filter_entries",
    "list_entries",
    "monthly_totals",
    "totals_by_category",
    "voucher_text",
]


# ---------------------------------------------------------------- manual entries


@dataclass
class EntryInput:
    entry_date: date
    category_id: int
    amount_fen: int
    summary: str
    handler: str = ""
    approver: str = ""


def _validate_manual(data: EntryInput) -> None:
    problems = []
    for text, label, limit in (
        (data.summary, "摘要", SUMMARY_LIMIT),
        (data.handler, "经办人", NAME_LIMIT),
        (data.approver, "审批人", NAME_LIMIT),
    ):
        try:
            clean_text(text, label, limit, required=label == "摘要")
        except DomainError as err:
            problems.append(str(err))
    try:
        if check_fen(data.amount_fen, "金额", negative=True) <= 0:
            problems.append("金额必须大于 0（冲销请用“红字冲销”）")
    except DomainError as err:
        problems.append(str(err))
    if data.entry_date > date.today():
        problems.append("日期不能晚于今天")
    if problems:
        raise FundsError("；".join(problems))


def add_entry(db: Database, data: EntryInput) -> int:
    """A manual entry (收入 or 支出 by its category)."""
    _validate_manual(data)
    with db.session() as s:
        return post(
            s,
            entry_date=data.entry_date,
            category_id=data.category_id,
            amount_fen=data.amount_fen,
            summary=data.summary,
            handler=data.handler,
            approver=data.approver,
        ).id


def import_entries_in(
    session: Session, openings: Sequence[tuple[int, int]], entries: Sequence[EntryInput], note: str = "（导入）"
) -> None:
    """A past ledger in the caller's transaction: (year, opening balance) for years with no
    entries yet, then the entries in the order given, posted with source "import"."""
    for year, opening_fen in openings:
        check_open(session, year)
        if session.scalar(select(func.count()).where(LedgerEntry.year == year)):
            raise FundsError(f"{year} 年已有记账，不能再导入期初余额。")
        set_opening(session, year, opening_fen, note=note)
    for e in entries:
        post(
            session,
            entry_date=e.entry_date,
            category_id=e.category_id,
            amount_fen=e.amount_fen,
            summary=e.summary,
            handler=e.handler,
            approver=e.approver,
            source="import",
        )


def reverse_entry(db: Database, entry_id: int, reason: str) -> int:
    with db.session() as s:
        entry = s.get(LedgerEntry, entry_id)
        if entry is None:
            raise NotFoundError("找不到这笔记账，请刷新。")
        return reverse(s, entry, reason).id


def overdraw_warning(db: Database, data: EntryInput) -> str | None:
    """A sentence when this payment takes its category (or its parent) over the year's budget."""
    with db.session() as s:
        category = _category(s, data.category_id)
        if category.direction != "expense":
            return None
        for cat in filter(None, [category, s.get(FundCategory, category.parent_id) if category.parent_id else None]):
            ids = [cat.id, *s.scalars(select(FundCategory.id).where(FundCategory.parent_id == cat.id))]
            budget = s.scalar(
                select(func.sum(BudgetLine.amount_fen)).where(
                    BudgetLine.year == data.entry_date.year, BudgetLine.category_id.in_(ids)
                )
            )
            if not budget:
                continue
            spent = (
                s.scalar(
                    select(func.sum(LedgerEntry.amount_fen)).where(
                        LedgerEntry.year == data.entry_date.year, LedgerEntry.category_id.in_(ids)
                    )
                )
                or 0
            )
            if spent + data.amount_fen > budget:
                over = spent + data.amount_fen - budget
                return (
                    f"记这笔后，“{cat.name}”{data.entry_date.year} 年的支出将超出预算 {format_fen(over)} 元"
                    f"（预算 {format_fen(budget)} 元，已支出 {format_fen(spent)} 元）。确定要记吗？"
                )
    return None
