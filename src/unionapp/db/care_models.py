"""Models of the chair's month and year: hardship files (困难职工档案) with their household
and reviews, and the union's year plan (年度工作计划) with its template. Registered on the
shared Base; db.models re-exports them, so callers import every model from there."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from unionapp.db.base import Base


class HardshipFile(Base):
    """A member's hardship file: open from `opened_on` until closed (脱困). One open file per
    member; a closed one stays as history and a new file may be opened later."""

    __tablename__ = "hardship_files"

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), index=True)
    level: Mapped[str] = mapped_column(String(20))
    opened_on: Mapped[date] = mapped_column(Date)
    causes: Mapped[str] = mapped_column(String(100), default="")  # cause codes, comma-joined
    plan: Mapped[str] = mapped_column(Text, default="")  # 帮扶措施
    closed_on: Mapped[date | None] = mapped_column(Date)
    close_reason: Mapped[str] = mapped_column(String(200), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=datetime.now)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=datetime.now, onupdate=datetime.now)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        CheckConstraint("level IN ('extreme', 'hardship', 'general')", name="level"),
        CheckConstraint("closed_on IS NULL OR closed_on >= opened_on", name="dates"),
    )


class HardshipHousehold(Base):
    """A person of the member's household (the member included) with their monthly income."""

    __tablename__ = "hardship_household"

    id: Mapped[int] = mapped_column(primary_key=True)
    file_id: Mapped[int] = mapped_column(ForeignKey("hardship_files.id"), index=True)
    name: Mapped[str] = mapped_column(String(50), default="")
    relation: Mapped[str] = mapped_column(String(20))
    monthly_income_fen: Mapped[int] = mapped_column(Integer, default=0)
    note: Mapped[str] = mapped_column(String(200), default="")

    __table_args__ = (CheckConstraint("monthly_income_fen >= 0", name="income"),)


class HardshipReview(Base):
    """A yearly review (复核) of a file: confirmed, level changed, or closed."""

    __tablename__ = "hardship_reviews"

    id: Mapped[int] = mapped_column(primary_key=True)
    file_id: Mapped[int] = mapped_column(ForeignKey("hardship_files.id"), index=True)
    reviewed_on: Mapped[date] = mapped_column(Date)
    outcome: Mapped[str] = mapped_column(String(10))
    level_before: Mapped[str] = mapped_column(String(20))
    level_after: Mapped[str] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (CheckConstraint("outcome IN ('confirm', 'change', 'close')", name="outcome"),)


class YearPlanTemplate(Base):
    """A recurring item of the union's year, copied into each new year's plan."""

    __tablename__ = "year_plan_template"

    id: Mapped[int] = mapped_column(primary_key=True)
    month: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(100))
    owner: Mapped[str] = mapped_column(String(50), default="")
    area: Mapped[str] = mapped_column(String(20), default="")
    monthly: Mapped[bool] = mapped_column(default=False)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)

    __table_args__ = (CheckConstraint("month BETWEEN 1 AND 12", name="month"),)


class YearPlanItem(Base):
    """An item of one year's plan: done on a date with a note, or linked to the record that
    did it (`link_kind`, `link_id`: a handout, activity, checkup campaign or session)."""

    __tablename__ = "year_plan_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    month: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(100))
    owner: Mapped[str] = mapped_column(String(50), default="")
    area: Mapped[str] = mapped_column(String(20), default="")
    done_on: Mapped[date | None] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")
    link_kind: Mapped[str] = mapped_column(String(30), default="")
    link_id: Mapped[int | None] = mapped_column(Integer)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    # The day the item was put in the plan: one added after its month ended (a plan first
    # made in December) was never due, so it is not overdue.
    created_on: Mapped[date | None] = mapped_column(Date)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        CheckConstraint("month BETWEEN 1 AND 12", name="month"),
        UniqueConstraint("year", "month", "title", name="uq_year_plan_items_year_month_title"),
    )
