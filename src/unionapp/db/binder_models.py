"""Models the inspection binder needs beyond the areas' own: the record of each time the
union's income and spending were posted for the staff to see (经费收支公开). Registered on
the shared Base; db.models re-exports it, so callers import every model from there."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, DateTime, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from unionapp.db.base import Base


class FundDisclosure(Base):
    """One publication of the accounts: which year's accounts, the day, the period shown
    ("2026年上半年") and where (校务公开栏, 教代会, 校园网)."""

    __tablename__ = "fund_disclosures"

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    published_on: Mapped[date] = mapped_column(Date)
    period: Mapped[str] = mapped_column(String(50), default="")
    place: Mapped[str] = mapped_column(String(100), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=datetime.now)
