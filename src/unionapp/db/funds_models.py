"""Models of the union's funds (工会经费): the chart of categories, fiscal years, budget
lines, the ledger and the dues posted month by month. Registered on the shared Base;
db.models re-exports them, so callers import every model from there."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from unionapp.db.base import Base


class FundCategory(Base):
    """A budget/ledger category (科目): two levels, income or expense."""

    __tablename__ = "fund_categories"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(50))
    direction: Mapped[str] = mapped_column(String(10))  # "income" / "expense"
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("fund_categories.id"))
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}


class FundYear(Base):
    """A fiscal (calendar) year: its opening balance and whether it is closed."""

    __tablename__ = "fund_years"

    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    opening_balance_fen: Mapped[int] = mapped_column(Integer, default=0)
    closed: Mapped[bool] = mapped_column(Boolean, default=False)
    closed_at: Mapped[datetime | None] = mapped_column(DateTime)
    closing_balance_fen: Mapped[int | None] = mapped_column(Integer)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}


class BudgetLine(Base):
    __tablename__ = "budget_lines"

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    category_id: Mapped[int] = mapped_column(ForeignKey("fund_categories.id"))
    amount_fen: Mapped[int] = mapped_column(Integer, default=0)
    notes: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (UniqueConstraint("year", "category_id", name="uq_budget_lines_year_category"),)


class LedgerEntry(Base):
    """One line of the ledger (收支明细账). Never edited once posted: a correction is a
    reversing entry (红字冲销) with the same category and direction and a negative amount."""

    __tablename__ = "ledger_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    entry_date: Mapped[date] = mapped_column(Date, index=True)
    voucher_no: Mapped[int] = mapped_column(Integer)
    category_id: Mapped[int] = mapped_column(ForeignKey("fund_categories.id"), index=True)
    direction: Mapped[str] = mapped_column(String(10))
    amount_fen: Mapped[int] = mapped_column(Integer)
    summary: Mapped[str] = mapped_column(String(200), default="")
    handler: Mapped[str] = mapped_column(String(50), default="")
    approver: Mapped[str] = mapped_column(String(50), default="")
    source: Mapped[str] = mapped_column(String(20), default="manual")
    source_id: Mapped[int | None] = mapped_column(Integer)
    reversal_of_id: Mapped[int | None] = mapped_column(ForeignKey("ledger_entries.id"), unique=True)
    reversal_reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=datetime.now)

    __table_args__ = (
        UniqueConstraint("year", "voucher_no", name="uq_ledger_entries_year_voucher"),
        Index("ix_ledger_entries_source", "source", "source_id"),
    )


class DuesPosting(Base):
    """A month's dues posted in one action, with the remittance to the upper union."""

    __tablename__ = "dues_postings"

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer)
    month: Mapped[int] = mapped_column(Integer)
    member_count: Mapped[int] = mapped_column(Integer)
    total_fen: Mapped[int] = mapped_column(Integer)
    remit_fen: Mapped[int] = mapped_column(Integer)
    income_entry_id: Mapped[int | None] = mapped_column(ForeignKey("ledger_entries.id"))
    remit_entry_id: Mapped[int | None] = mapped_column(ForeignKey("ledger_entries.id"))
    exempt_member_ids: Mapped[str] = mapped_column(Text, default="")  # comma-separated
    created_at: Mapped[datetime] = mapped_column(DateTime, default=datetime.now)

    __table_args__ = (UniqueConstraint("year", "month", name="uq_dues_postings_year_month"),)


class DuesItem(Base):
    """What one member paid in one posted month."""

    __tablename__ = "dues_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    posting_id: Mapped[int] = mapped_column(ForeignKey("dues_postings.id"), index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), index=True)
    amount_fen: Mapped[int] = mapped_column(Integer)
