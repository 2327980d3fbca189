"""SQLAlchemy 2.x typed models. Enumerations are stored as stable English codes;
their Chinese labels live in unionapp.domain.labels."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Index, Integer, MetaData, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

# Named constraints keep Alembic batch migrations on SQLite predictable.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class UnionGroup(Base):
    """工会小组."""

    __tablename__ = "union_groups"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50), unique=True)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    version: Mapped[int] = mapped_column(Integer, default=1)

    members: Mapped[list[Member]] = relationship(back_populates="group")

    __mapper_args__ = {"version_id_col": version}


class Member(Base):
    """A staff member (教职工); `is_union_member` tells union members from other staff."""

    __tablename__ = "members"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50), index=True)
    # Pinyin variants and initials, "|"-joined, kept so search needs no pinyin work at load.
    search_keys: Mapped[str] = mapped_column(String(400), default="")
    sort_key: Mapped[str] = mapped_column(String(200), default="", index=True)
    gender: Mapped[str | None] = mapped_column(String(1))
    id_number: Mapped[str | None] = mapped_column(String(18), unique=True)
    birth_date: Mapped[date | None] = mapped_column(Date)
    ethnicity: Mapped[str] = mapped_column(String(20), default="")
    political_status: Mapped[str] = mapped_column(String(20), default="")
    phone: Mapped[str] = mapped_column(String(20), default="")
    group_id: Mapped[int | None] = mapped_column(ForeignKey("union_groups.id"), index=True)
    department: Mapped[str] = mapped_column(String(100), default="")
    title: Mapped[str] = mapped_column(String(50), default="")
    work_start_date: Mapped[date | None] = mapped_column(Date)
    join_union_date: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), default="active", index=True)
    is_union_member: Mapped[bool] = mapped_column(Boolean, default=True)
    native_province: Mapped[str] = mapped_column(String(20), default="")
    hardship_level: Mapped[str] = mapped_column(String(20), default="")
    hardship_since: Mapped[date | None] = mapped_column(Date)
    retirement_category: Mapped[str] = mapped_column(String(3), default="M60")
    # The user's override of the statutory date; NULL means "use the statutory date".
    retirement_date: Mapped[date | None] = mapped_column(Date)
    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=datetime.now)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=datetime.now, onupdate=datetime.now)
    version: Mapped[int] = mapped_column(Integer, default=1)

    group: Mapped[UnionGroup | None] = relationship(back_populates="members")

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (Index("ix_members_name_birth", "name", "birth_date"),)


class Setting(Base):
    """Key/value settings: union name, chair, operator name."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(50), primary_key=True)
    value: Mapped[str] = mapped_column(Text, default="")


class AuditEntry(Base):
    """Who changed what, when, with the values before and after (JSON)."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=datetime.now, index=True)
    os_user: Mapped[str] = mapped_column(String(100), default="")
    operator: Mapped[str] = mapped_column(String(50), default="")
    action: Mapped[str] = mapped_column(String(20))
    entity: Mapped[str] = mapped_column(String(30), index=True)
    entity_id: Mapped[int | None] = mapped_column(Integer)
    summary: Mapped[str] = mapped_column(Text, default="")
    details: Mapped[str] = mapped_column(Text, default="")
