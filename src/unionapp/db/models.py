"""SQLAlchemy 2.x typed models. Enumerations are stored as stable English codes;
their Chinese labels live in unionapp.domain.labels."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from unionapp.db.base import NAMING, Base  # noqa: F401 - Base is every model's, NAMING for callers


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
    # Compared byte by byte on every engine (PostgreSQL: COLLATE "C"), so both sort alike.
    sort_key: Mapped[str] = mapped_column(
        String(200).with_variant(String(200, collation="C"), "postgresql"), default="", index=True
    )
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
    # Monthly base pay in fen, for dues charged as a rate on pay (0.5% per the charter).
    base_pay_fen: Mapped[int | None] = mapped_column(Integer)
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


# ---------------------------------------------------------------- five must-visits


class VisitType(Base):
    """A kind of visit (生病住院, 生育, ...). Retired (active=False), never deleted, once used."""

    __tablename__ = "visit_types"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(50), unique=True)
    synonyms: Mapped[str] = mapped_column(Text, default="")  # "|"-separated words used in old registers
    category_id: Mapped[int | None] = mapped_column(ForeignKey("fund_categories.id"))
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}


class VisitStandard(Base):
    """A visit type's standard from a date on, with the document it comes from."""

    __tablename__ = "visit_standards"

    id: Mapped[int] = mapped_column(primary_key=True)
    type_id: Mapped[int] = mapped_column(ForeignKey("visit_types.id"), index=True)
    effective_from: Mapped[date] = mapped_column(Date)
    source_doc: Mapped[str] = mapped_column(String(100), default="")
    money_kind: Mapped[str] = mapped_column(String(10))
    amount_fen: Mapped[int] = mapped_column(Integer, default=0)
    max_fen: Mapped[int] = mapped_column(Integer, default=0)
    gift_cap_fen: Mapped[int] = mapped_column(Integer, default=0)
    yearly_cap_fen: Mapped[int] = mapped_column(Integer, default=0)
    repeat: Mapped[str] = mapped_column(String(20), default="")

    __table_args__ = (UniqueConstraint("type_id", "effective_from", name="uq_visit_standards_type_from"),)


class Visit(Base):
    """One visit (or a planned one). Money given posts to the ledger with source "visit"."""

    __tablename__ = "visits"

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), index=True)
    type_id: Mapped[int] = mapped_column(ForeignKey("visit_types.id"), index=True)
    visit_date: Mapped[date] = mapped_column(Date, index=True)  # the due date while planned
    status: Mapped[str] = mapped_column(String(10), default="done")
    reason: Mapped[str] = mapped_column(String(100), default="")  # 事由, e.g. the illness
    visitors: Mapped[str] = mapped_column(String(200), default="")
    money_fen: Mapped[int] = mapped_column(Integer, default=0)
    gift: Mapped[str] = mapped_column(String(200), default="")
    gift_value_fen: Mapped[int] = mapped_column(Integer, default=0)
    approver: Mapped[str] = mapped_column(String(50), default="")
    approval_no: Mapped[str] = mapped_column(String(50), default="")
    for_family: Mapped[bool] = mapped_column(Boolean, default=False)
    warnings: Mapped[str] = mapped_column(Text, default="")  # what fell outside the standard
    warning_reason: Mapped[str] = mapped_column(Text, default="")  # why it was done anyway
    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=datetime.now)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=datetime.now, onupdate=datetime.now)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}


# ---------------------------------------------------------------- health checkups


class CheckupCampaign(Base):
    """A checkup campaign (体检批次): who is eligible, where, when, what it costs, who pays."""

    __tablename__ = "checkup_campaigns"

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    name: Mapped[str] = mapped_column(String(100))
    eligibility: Mapped[str] = mapped_column(String(20))
    group_id: Mapped[int | None] = mapped_column(ForeignKey("union_groups.id"))
    hospital: Mapped[str] = mapped_column(String(100), default="")
    package: Mapped[str] = mapped_column(String(100), default="")
    date_from: Mapped[date] = mapped_column(Date)
    date_to: Mapped[date] = mapped_column(Date)
    cost_per_person_fen: Mapped[int] = mapped_column(Integer, default=0)
    invoice_total_fen: Mapped[int | None] = mapped_column(Integer)  # when the hospital bills a total
    payer: Mapped[str] = mapped_column(String(10), default="union")
    category_id: Mapped[int | None] = mapped_column(ForeignKey("fund_categories.id"))
    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=datetime.now)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}


class CheckupPerson(Base):
    """One eligible person in a campaign and how far they got."""

    __tablename__ = "checkup_people"

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("checkup_campaigns.id"), index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), index=True)
    status: Mapped[str] = mapped_column(String(10), default="pending")
    checkup_date: Mapped[date | None] = mapped_column(Date)
    absence_reason: Mapped[str] = mapped_column(String(200), default="")
    # Health data is sensitive: only a flag and a short note, printed only on request.
    followup_note: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (UniqueConstraint("campaign_id", "member_id", name="uq_checkup_people_campaign_member"),)


# ---------------------------------------------------------------- imports


class ImportMapping(Base):
    """What a school's file means by its own words, remembered from one import to the next:
    a column's header read as a field (or ignored: target ""), or a coded value read as a
    known one. `source` is the text's mapping key (domain.import_mapping.mapping_key)."""

    __tablename__ = "import_mappings"

    id: Mapped[int] = mapped_column(primary_key=True)
    area: Mapped[str] = mapped_column(String(20))
    kind: Mapped[str] = mapped_column(String(10))  # "column" / "value"
    field: Mapped[str] = mapped_column(String(40), default="")  # the value's field; "" for a column
    source: Mapped[str] = mapped_column(String(200))
    target: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=datetime.now)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=datetime.now, onupdate=datetime.now)

    __table_args__ = (
        UniqueConstraint("area", "kind", "field", "source", name="uq_import_mappings_key"),
        CheckConstraint(
            "area IN ('members', 'ledger', 'visits', 'checkups', 'handouts', 'activity', 'delegates', 'proposals',"
            " 'hardship')",
            name="area",
        ),
        # A column maps to a field or to "" (ignored); a value belongs to a field and maps to something.
        CheckConstraint(
            "(kind = 'column' AND field = '') OR (kind = 'value' AND field <> '' AND target <> '')", name="kind"
        ),
        CheckConstraint("source <> ''", name="source"),
    )


# Registered on the same Base; re-exported so every model is imported from here.
from unionapp.db.activity_models import (  # noqa: E402
    Activity,
    ActivityCost,
    ActivityEntry,
    ActivityGroup,
    ActivityPrize,
    Handout,
    HandoutRecipient,
    SpendingRule,
)
from unionapp.db.binder_models import FundDisclosure  # noqa: E402
from unionapp.db.care_models import (  # noqa: E402
    HardshipFile,
    HardshipHousehold,
    HardshipReview,
    YearPlanItem,
    YearPlanTemplate,
)
from unionapp.db.congress_models import (  # noqa: E402
    CongressAttendance,
    CongressConstituency,
    CongressDelegate,
    CongressResolution,
    CongressRule,
    CongressSession,
    CongressTerm,
    Proposal,
    ProposalCosigner,
    ProposalReply,
)
from unionapp.db.funds_models import (  # noqa: E402
    BudgetLine,
    DuesItem,
    DuesPosting,
    FundCategory,
    FundYear,
    LedgerEntry,
)

__all__ = [
    "Activity",
    "ActivityCost",
    "ActivityEntry",
    "ActivityGroup",
    "ActivityPrize",
    "AuditEntry",
    "Base",
    "BudgetLine",
    "CheckupCampaign",
    "CheckupPerson",
    "CongressAttendance",
    "CongressConstituency",
    "CongressDelegate",
    "CongressResolution",
    "CongressRule",
    "CongressSession",
    "CongressTerm",
    "DuesItem",
    "DuesPosting",
    "FundCategory",
    "FundDisclosure",
    "FundYear",
    "Handout",
    "HandoutRecipient",
    "HardshipFile",
    "HardshipHousehold",
    "HardshipReview",
    "ImportMapping",
    "LedgerEntry",
    "Member",
    "Proposal",
    "ProposalCosigner",
    "ProposalReply",
    "Setting",
    "SpendingRule",
    "UnionGroup",
    "Visit",
    "VisitStandard",
    "VisitType",
    "YearPlanItem",
    "YearPlanTemplate",
]
