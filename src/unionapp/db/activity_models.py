"""Models of activities and handouts (活动与发放) and their spending rules. Registered on
the shared Base; db.models re-exports them, so callers import every model from there."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, CheckConstraint, Date, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from unionapp.db.base import Base


class SpendingRule(Base):
    """A spending rule (开支标准) from a date on, with its source document
    (domain.spending_rules: what each kind limits)."""

    __tablename__ = "spending_rules"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    effective_from: Mapped[date] = mapped_column(Date)
    min_fen: Mapped[int] = mapped_column(Integer, default=0)
    max_fen: Mapped[int] = mapped_column(Integer, default=0)
    share_bp: Mapped[int] = mapped_column(Integer, default=0)  # basis points: 1% = 100
    source_doc: Mapped[str] = mapped_column(String(100), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=datetime.now)

    __table_args__ = (UniqueConstraint("kind", "effective_from", name="uq_spending_rules_kind_from"),)


class Handout(Base):
    """A handout (发放) to many members at once. Its money posts to the ledger (source
    "handout") when it is issued; the recipients are frozen from then on."""

    __tablename__ = "handouts"

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    name: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(20))
    handout_date: Mapped[date] = mapped_column(Date, index=True)
    status: Mapped[str] = mapped_column(String(10), default="draft")
    value_kind: Mapped[str] = mapped_column(String(10), default="goods")
    item: Mapped[str] = mapped_column(String(100), default="")
    value_fen: Mapped[int] = mapped_column(Integer, default=0)  # per person, the usual amount
    category_id: Mapped[int | None] = mapped_column(ForeignKey("fund_categories.id"))
    rule: Mapped[str] = mapped_column(String(20), default="manual")
    rule_month: Mapped[int | None] = mapped_column(Integer)
    rule_group_id: Mapped[int | None] = mapped_column(ForeignKey("union_groups.id"))
    rule_handout_id: Mapped[int | None] = mapped_column(Integer)
    approver: Mapped[str] = mapped_column(String(50), default="")
    approval_no: Mapped[str] = mapped_column(String(50), default="")
    handler: Mapped[str] = mapped_column(String(50), default="")
    warnings: Mapped[str] = mapped_column(Text, default="")  # what fell outside a spending rule
    warning_reason: Mapped[str] = mapped_column(Text, default="")  # why it was done anyway
    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=datetime.now)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=datetime.now, onupdate=datetime.now)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (CheckConstraint("value_fen >= 0", name="value"),)


class HandoutRecipient(Base):
    """One member on a handout's list, with what they get (usually the handout's value)."""

    __tablename__ = "handout_recipients"

    id: Mapped[int] = mapped_column(primary_key=True)
    handout_id: Mapped[int] = mapped_column(ForeignKey("handouts.id"), index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), index=True)
    value_fen: Mapped[int] = mapped_column(Integer, default=0)
    note: Mapped[str] = mapped_column(String(200), default="")

    __table_args__ = (
        UniqueConstraint("handout_id", "member_id", name="uq_handout_recipients_handout_member"),
        CheckConstraint("value_fen >= 0", name="value"),
    )


class Activity(Base):
    """An activity (活动): its prizes post to the ledger as one entry (source "activity")
    once they are handed out (`prizes_issued`), each cost as its own (source "activity_cost")."""

    __tablename__ = "activities"

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    name: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(20))
    date_from: Mapped[date] = mapped_column(Date, index=True)
    date_to: Mapped[date] = mapped_column(Date)
    place: Mapped[str] = mapped_column(String(100), default="")
    organiser: Mapped[str] = mapped_column(String(50), default="")
    budget_fen: Mapped[int] = mapped_column(Integer, default=0)
    category_id: Mapped[int | None] = mapped_column(ForeignKey("fund_categories.id"))
    # Prizes are entered one by one; they reach the ledger as one entry when handed out
    # (奖品已发放), not at each entry: no reversal per prize in the books.
    prizes_issued: Mapped[bool] = mapped_column(Boolean, default=False)
    approver: Mapped[str] = mapped_column(String(50), default="")
    approval_no: Mapped[str] = mapped_column(String(50), default="")
    warnings: Mapped[str] = mapped_column(Text, default="")
    warning_reason: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=datetime.now)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=datetime.now, onupdate=datetime.now)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}


class ActivityGroup(Base):
    """A 工会小组 taking part in an activity (the participation rate's denominator)."""

    __tablename__ = "activity_groups"

    activity_id: Mapped[int] = mapped_column(ForeignKey("activities.id"), primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("union_groups.id"), primary_key=True)


class ActivityEntry(Base):
    """A member signed up for an activity (for one event of it), whether they came, and
    their result and place."""

    __tablename__ = "activity_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("activities.id"), index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), index=True)
    event: Mapped[str] = mapped_column(String(50), default="")  # 项目, e.g. 跳绳; "" for the whole activity
    team: Mapped[str] = mapped_column(String(50), default="")
    attended: Mapped[bool] = mapped_column(Boolean, default=False)
    result: Mapped[str] = mapped_column(String(50), default="")
    place: Mapped[str] = mapped_column(String(20), default="")
    note: Mapped[str] = mapped_column(String(200), default="")

    __table_args__ = (UniqueConstraint("activity_id", "member_id", "event", name="uq_activity_entries_person_event"),)


class ActivityPrize(Base):
    """A prize (money or goods) to a member, or to a team through the member who signs."""

    __tablename__ = "activity_prizes"

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("activities.id"), index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), index=True)
    team: Mapped[str] = mapped_column(String(50), default="")  # a team prize: the team's name
    team_size: Mapped[int] = mapped_column(Integer, default=1)  # people sharing it (the per-person cap)
    award: Mapped[str] = mapped_column(String(50), default="")  # 一等奖, 优秀奖 ...
    kind: Mapped[str] = mapped_column(String(10), default="goods")
    item: Mapped[str] = mapped_column(String(100), default="")
    value_fen: Mapped[int] = mapped_column(Integer, default=0)

    __table_args__ = (CheckConstraint("value_fen >= 0 AND team_size >= 1", name="value"),)


class ActivityCost(Base):
    """A cost of an activity (venue, materials): one ledger entry each."""

    __tablename__ = "activity_costs"

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("activities.id"), index=True)
    cost_date: Mapped[date] = mapped_column(Date)
    item: Mapped[str] = mapped_column(String(50))
    amount_fen: Mapped[int] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(String(200), default="")

    __table_args__ = (CheckConstraint("amount_fen > 0", name="amount"),)
