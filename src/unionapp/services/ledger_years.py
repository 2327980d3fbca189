"""The ledger's years (年度): opening balance, closing (结账), and the closed years nobody may write into.

A year's row is made on first write; the reads here never make one (an export or a dry run writes nothing).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from unionapp.db.engine import Database
from unionapp.db.models import FundYear, LedgerEntry
from unionapp.db.postgres import insert_if_absent
from unionapp.domain.money import check_fen, format_fen
from unionapp.services import audit
from unionapp.services.ledger_categories import FundsError


@dataclass(frozen=True)
class YearRow:
    year: int
    opening_fen: int
    income_fen: int
    expense_fen: int
    closed: bool

    @property
    def balance_fen(self) -> int:
        return self.opening_fen + self.income_fen - self.expense_fen


def _year(session: Session, year: int) -> FundYear:
    """The year's row, made on first use with the previous closed year's balance carried in."""
    row = session.get(FundYear, year)
    if row is None:
        previous = session.get(FundYear, year - 1)
        opening = previous.closing_balance_fen if previous is not None and previous.closed else 0
        insert_if_absent(
            session, FundYear, {"year": year, "opening_balance_fen": opening or 0, "closed": False, "version": 1}
        )
        row = session.get(FundYear, year)  # ours, or the one another officer made a moment ago
    return row


def check_open(session: Session, year: int) -> None:
    """Refuse writing into a closed year, or into a year before one that is closed."""
    if _year(session, year).closed:
        raise FundsError(f"{year} 年已经结账，不能再记账或修改。如需更正，请在当前年度记一笔调整。")
    later = session.scalar(select(func.max(FundYear.year)).where(FundYear.year > year, FundYear.closed.is_(True)))
    if later is not None:
        raise FundsError(f"{later} 年已经结账，不能再补记更早的 {year} 年的账。如需更正，请在当前年度记一笔调整。")


def _totals(session: Session, year: int) -> tuple[int, int]:
    rows = session.execute(
        select(LedgerEntry.direction, func.sum(LedgerEntry.amount_fen))
        .where(LedgerEntry.year == year)
        .group_by(LedgerEntry.direction)
    )
    sums = {direction: total or 0 for direction, total in rows}
    return sums.get("income", 0), sums.get("expense", 0)


def _opening(session: Session, year: int) -> tuple[int, bool]:
    """(opening balance, closed) of a year without creating its row (reading must not write)."""
    row = session.get(FundYear, year)
    if row is not None:
        return row.opening_balance_fen, row.closed
    previous = session.get(FundYear, year - 1)
    return (previous.closing_balance_fen or 0) if previous is not None and previous.closed else 0, False


def year_summary(db: Database, year: int) -> YearRow:
    with db.session() as s:
        opening, closed = _opening(s, year)
        income, expense = _totals(s, year)
        return YearRow(year, opening, income, expense, closed)


def opening_balance(db: Database, year: int) -> int:
    """The year's opening balance, read without making the year's row (an export never writes)."""
    with db.session() as s:
        return _opening(s, year)[0]


def list_years(db: Database) -> list[int]:
    """Years with entries or a year row, plus the current year."""
    with db.session() as s:
        years = set(s.scalars(select(FundYear.year))) | set(s.scalars(select(LedgerEntry.year).distinct()))
    return sorted(years | {date.today().year})


def closed_years(db: Database) -> set[int]:
    """The years whose books are closed, read without making any year's row (a dry run writes nothing)."""
    with db.session() as s:
        return set(s.scalars(select(FundYear.year).where(FundYear.closed.is_(True))))


def entries_per_year(db: Database) -> dict[int, int]:
    """How many entries each year with entries has."""
    with db.session() as s:
        return dict(s.execute(select(LedgerEntry.year, func.count()).group_by(LedgerEntry.year)).all())


def set_opening_balance(db: Database, year: int, opening_fen: int) -> None:
    """The balance a union brings when it starts using the app; later years carry it forward."""
    with db.session() as s:
        set_opening(s, year, opening_fen)


def set_opening(session: Session, year: int, opening_fen: int, note: str = "") -> None:
    """set_opening_balance inside the caller's transaction (an import sets it with its rows)."""
    opening_fen = check_fen(opening_fen, "期初余额", negative=True)
    check_open(session, year)
    previous = session.get(FundYear, year - 1)
    if previous is not None and previous.closed:
        raise FundsError(f"{year} 年的期初余额由 {year - 1} 年结账结转而来，不能手工修改。")
    row = _year(session, year)
    old, row.opening_balance_fen = row.opening_balance_fen, opening_fen
    audit.record(
        session,
        "update",
        "fund_year",
        year,
        f"{year} 年期初余额 {format_fen(old)} → {format_fen(opening_fen)}{note}",
        before={"opening": old},
        after={"opening": opening_fen},
    )


def close_year(db: Database, year: int) -> int:
    """Close a year: its entries become read-only and its balance opens the next year."""
    with db.session() as s:
        row = _year(s, year)
        if row.closed:
            raise FundsError(f"{year} 年已经结过账了。")
        previous = s.get(FundYear, year - 1)
        earlier_entries = s.scalar(select(func.count()).where(LedgerEntry.year < year)) or 0
        if earlier_entries and (previous is None or not previous.closed):
            raise FundsError(f"请先给 {year - 1} 年结账，再结 {year} 年。")
        income, expense = _totals(s, year)
        row.closing_balance_fen = row.opening_balance_fen + income - expense
        row.closed, row.closed_at = True, datetime.now()
        following = _year(s, year + 1)
        next_opening, following.opening_balance_fen = following.opening_balance_fen, row.closing_balance_fen
        audit.record(
            s,
            "update",
            "fund_year",
            year,
            f"{year} 年结账，结余 {format_fen(row.closing_balance_fen)} 元结转下年",
            before={"closed": False, "next_opening": next_opening},
            after={"closed": True, "closing": row.closing_balance_fen, "next_opening": row.closing_balance_fen},
        )
        return row.closing_balance_fen
