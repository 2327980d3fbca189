"""Reading the ledger: entries with their running balance, the filter the funds tab and
reports share, and the monthly and per-category totals."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from unionapp.db.engine import Database
from unionapp.db.models import LedgerEntry
from unionapp.domain.funds import DIRECTION_LABELS
from unionapp.services.ledger_categories import CategoryRow, _categories
from unionapp.services.ledger_years import _opening, opening_balance


def voucher_text(year: int, number: int) -> str:
    return f"{year}-{number:04d}"


@dataclass(frozen=True)
class EntryRow:
    id: int
    year: int
    entry_date: date
    voucher_no: int
    category_id: int
    category_name: str  # full two-level name
    direction: str
    amount_fen: int  # negative for a reversal
    balance_fen: int  # the year's balance after this entry (opening balance included)
    summary: str
    handler: str
    approver: str
    source: str
    source_id: int | None
    reversal_of_id: int | None
    reversed_by_id: int | None
    reversal_reason: str

    @property
    def voucher(self) -> str:
        return voucher_text(self.year, self.voucher_no)

    @property
    def income_fen(self) -> int:
        return self.amount_fen if self.direction == "income" else 0

    @property
    def expense_fen(self) -> int:
        return self.amount_fen if self.direction == "expense" else 0


@dataclass(frozen=True)
class LedgerFilter:
    year: int | None = None
    month: int | None = None
    date_from: date | None = None
    date_to: date | None = None
    category_id: int | None = None  # a first-level category includes its children
    direction: str | None = None
    source: str | None = None
    text: str = ""


def list_entries(db: Database, flt: LedgerFilter) -> list[EntryRow]:
    """Entries in date and voucher order, each with the running balance of its year."""
    with db.session() as s:
        names = {c.id: c for c in _categories(s)}
        stmt = select(LedgerEntry).order_by(LedgerEntry.year, LedgerEntry.entry_date, LedgerEntry.voucher_no)
        years = [flt.year] if flt.year else None
        if flt.date_from or flt.date_to:
            low = (flt.date_from or date.min).year
            high = (flt.date_to or date.max).year
            stmt = stmt.where(LedgerEntry.year.between(low, high))
        elif years:
            stmt = stmt.where(LedgerEntry.year.in_(years))
        entries = list(s.scalars(stmt))
        openings = {year: _opening(s, year)[0] for year in {e.year for e in entries}}
        # a closed year's entry is reversed in a later year: look across all years
        reversed_by = dict(
            s.execute(
                select(LedgerEntry.reversal_of_id, LedgerEntry.id).where(LedgerEntry.reversal_of_id.is_not(None))
            ).all()
        )
    rows, balance, current_year = [], 0, None
    for e in entries:
        if e.year != current_year:
            current_year, balance = e.year, openings.get(e.year, 0)
        balance += e.amount_fen if e.direction == "income" else -e.amount_fen
        cat = names.get(e.category_id)
        rows.append(
            EntryRow(
                e.id,
                e.year,
                e.entry_date,
                e.voucher_no,
                e.category_id,
                cat.full_name if cat else "",
                e.direction,
                e.amount_fen,
                balance,
                e.summary,
                e.handler,
                e.approver,
                e.source,
                e.source_id,
                e.reversal_of_id,
                reversed_by.get(e.id),
                e.reversal_reason,
            )
        )
    return filter_entries(rows, flt, names)


def filter_entries(rows: list[EntryRow], flt: LedgerFilter, cats: dict[int, CategoryRow]) -> list[EntryRow]:
    """The rows a filter keeps; the funds tab filters a loaded year in memory with this."""
    return [r for r in rows if entry_matches(r, flt, cats)]


def entry_matches(row: EntryRow, flt: LedgerFilter, cats: dict[int, CategoryRow]) -> bool:
    if flt.month is not None and row.entry_date.month != flt.month:
        return False
    if flt.date_from and row.entry_date < flt.date_from or flt.date_to and row.entry_date > flt.date_to:
        return False
    if flt.category_id is not None:
        cat = cats.get(row.category_id)
        if row.category_id != flt.category_id and (cat is None or cat.parent_id != flt.category_id):
            return False
    if flt.direction is not None and row.direction != flt.direction:
        return False
    if flt.source is not None and row.source != flt.source:
        return False
    text = flt.text.strip().lower()
    return (
        not text or text in f"{row.summary}\t{row.handler}\t{row.approver}\t{row.voucher}\t{row.category_name}".lower()
    )


def balance_before(db: Database, day: date) -> int:
    """The balance of `day`'s year before `day`: its opening balance and the year's entries dated earlier."""
    if (day.month, day.day) != (1, 1):
        before = list_entries(db, LedgerFilter(date_from=date(day.year, 1, 1), date_to=day - timedelta(1)))
        if before:
            return before[-1].balance_fen
    return opening_balance(db, day.year)


@dataclass(frozen=True)
class MonthRow:
    month: int
    income_fen: int  # net: reversals included, so they cancel
    expense_fen: int


def monthly_totals(db: Database, year: int) -> list[MonthRow]:
    """Net income and spending of each month of a year, January to December."""
    sums = {(m, d): 0 for m in range(1, 13) for d in DIRECTION_LABELS}
    with db.session() as s:
        for day, direction, fen in s.execute(
            select(LedgerEntry.entry_date, LedgerEntry.direction, LedgerEntry.amount_fen).where(
                LedgerEntry.year == year
            )
        ):
            sums[(day.month, direction)] += fen
    return [MonthRow(m, sums[(m, "income")], sums[(m, "expense")]) for m in range(1, 13)]


def totals_by_category(session: Session, year: int, ids: Iterable[int] | None = None) -> dict[int, int]:
    """Net amount per category for a year (reversals included, so they cancel)."""
    stmt = select(LedgerEntry.category_id, func.sum(LedgerEntry.amount_fen)).where(LedgerEntry.year == year)
    if ids is not None:
        stmt = stmt.where(LedgerEntry.category_id.in_(list(ids)))
    return {cid: total or 0 for cid, total in session.execute(stmt.group_by(LedgerEntry.category_id))}
