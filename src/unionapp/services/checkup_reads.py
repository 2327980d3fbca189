"""Reading checkups: campaigns with their counts and cost, a campaign's people, coverage
by group, a member's history, and the autumn reminder of the women's checkup."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from unionapp.db.engine import Database
from unionapp.db.models import CheckupCampaign, CheckupPerson, Member, UnionGroup
from unionapp.domain.checkups import ATTENDED
from unionapp.services.checkup_costs import attended_count, cost_fen
from unionapp.services.errors import NotFoundError


@dataclass(frozen=True)
class CampaignRow:
    id: int
    year: int
    name: str
    eligibility: str
    group_id: int | None
    hospital: str
    package: str
    date_from: date
    date_to: date
    cost_per_person_fen: int
    invoice_total_fen: int | None
    payer: str
    category_id: int | None
    notes: str
    eligible: int
    attended: int
    cost_fen: int
    version: int

    @property
    def missing(self) -> int:
        return self.eligible - self.attended


def list_campaigns(db: Database, year: int | None = None) -> list[CampaignRow]:
    stmt = select(CheckupCampaign).order_by(CheckupCampaign.year.desc(), CheckupCampaign.date_from.desc())
    if year is not None:
        stmt = stmt.where(CheckupCampaign.year == year)
    with db.session() as s:
        counts = dict(
            s.execute(select(CheckupPerson.campaign_id, func.count()).group_by(CheckupPerson.campaign_id)).all()
        )
        rows = []
        for c in s.scalars(stmt):
            rows.append(
                CampaignRow(
                    c.id,
                    c.year,
                    c.name,
                    c.eligibility,
                    c.group_id,
                    c.hospital,
                    c.package,
                    c.date_from,
                    c.date_to,
                    c.cost_per_person_fen,
                    c.invoice_total_fen,
                    c.payer,
                    c.category_id,
                    c.notes,
                    counts.get(c.id, 0),
                    attended_count(s, c.id),
                    cost_fen(s, c),
                    c.version,
                )
            )
        return rows


def get_campaign(db: Database, campaign_id: int) -> CampaignRow:
    found = next((c for c in list_campaigns(db) if c.id == campaign_id), None)
    if found is None:
        raise NotFoundError("找不到这个体检批次，请刷新。")
    return found


@dataclass(frozen=True)
class PersonRow:
    id: int
    member_id: int
    name: str
    gender: str | None
    birth_date: date | None
    id_number: str
    phone: str
    group_name: str
    status: str
    checkup_date: date | None
    absence_reason: str
    followup_note: str
    notes: str


def list_people(db: Database, campaign_id: int) -> list[PersonRow]:
    stmt = (
        select(CheckupPerson, Member, UnionGroup.name)
        .join(Member, Member.id == CheckupPerson.member_id)
        .outerjoin(UnionGroup, UnionGroup.id == Member.group_id)
        .where(CheckupPerson.campaign_id == campaign_id)
        .order_by(Member.sort_key)
    )
    with db.session() as s:
        return [
            PersonRow(
                p.id,
                m.id,
                m.name,
                m.gender,
                m.birth_date,
                m.id_number or "",
                m.phone,
                group or "",
                p.status,
                p.checkup_date,
                p.absence_reason,
                p.followup_note,
                p.notes,
            )
            for p, m, group in s.execute(stmt)
        ]


def missing_people(db: Database, campaign_id: int) -> list[PersonRow]:
    """Who has not been to the checkup yet (待通知, 已通知, 未参加)."""
    return [p for p in list_people(db, campaign_id) if p.status not in ATTENDED]


@dataclass(frozen=True)
class CoverageRow:
    label: str
    eligible: int
    attended: int


def coverage_by_group(db: Database, campaign_id: int) -> list[CoverageRow]:
    buckets: dict[str, list[PersonRow]] = {}
    for person in list_people(db, campaign_id):
        buckets.setdefault(person.group_name or "（未分组）", []).append(person)
    return [
        CoverageRow(label, len(people), sum(p.status in ATTENDED for p in people))
        for label, people in sorted(buckets.items())
    ]


@dataclass(frozen=True)
class MemberCheckup:
    year: int
    campaign: str
    status: str
    checkup_date: date | None


def member_history(db: Database, member_id: int) -> list[MemberCheckup]:
    stmt = (
        select(CheckupCampaign.year, CheckupCampaign.name, CheckupPerson.status, CheckupPerson.checkup_date)
        .join(CheckupCampaign, CheckupCampaign.id == CheckupPerson.campaign_id)
        .where(CheckupPerson.member_id == member_id)
        .order_by(CheckupCampaign.date_from.desc())
    )
    with db.session() as s:
        return [MemberCheckup(*row) for row in s.execute(stmt)]


def women_checkup_reminder(db: Database, today: date | None = None) -> str | None:
    """From October on, a reminder while this year's women's checkup has not been set up."""
    today = today or date.today()
    if today.month < 10:
        return None
    with db.session() as s:
        exists = s.scalar(
            select(CheckupCampaign.id).where(CheckupCampaign.year == today.year, CheckupCampaign.eligibility == "women")
        )
    if exists:
        return None
    return f"{today.year} 年的女教职工体检（10 至 12 月，含两癌筛查）还没有安排，请新建体检批次。"
