"""One member's history across the areas (the member dialog's timeline): visits, handouts
and prizes (services.benefits), checkups, the hardship file, status changes (the audit
log) and months exempted from dues, newest first, with totals per year.

What it never shows: a checkup's health notes (only 已体检/需复查/未参加), a hardship
file's household, income or causes (only its level and dates)."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from unionapp.db.engine import Database
from unionapp.db.models import (
    Activity,
    ActivityPrize,
    AuditEntry,
    CheckupCampaign,
    CheckupPerson,
    DuesPosting,
    Handout,
    HandoutRecipient,
    HardshipFile,
    HardshipReview,
    Visit,
    VisitType,
)
from unionapp.domain.checkups import PERSON_STATUS_LABELS
from unionapp.domain.hardship import LEVEL_LABELS
from unionapp.domain.labels import MEMBER_STATUS_LABELS
from unionapp.services.benefits import benefits_in
from unionapp.services.hardship_common import load_member

AREA_LABELS = {
    "visit": "五必访",
    "handout": "发放",
    "prize": "活动奖品",
    "checkup": "体检",
    "hardship": "困难帮扶",
    "status": "会员状态",
    "dues": "会费",
}
_ORDER = {area: i for i, area in enumerate(AREA_LABELS)}  # same day: in the labels' order
_CHECKUP_SHOWN = ("done", "followup", "absent")  # pending and notified have not happened yet


@dataclass(frozen=True)
class TimelineRow:
    day: date
    area: str
    area_label: str
    what: str
    money_fen: int
    goods_fen: int


@dataclass(frozen=True)
class YearTotal:
    year: int
    count: int
    money_fen: int
    goods_fen: int


def _row(day: date, area: str, what: str, money: int = 0, goods: int = 0) -> TimelineRow:
    return TimelineRow(day, area, AREA_LABELS[area], what, money, goods)


def _visits(session: Session, member_id: int) -> list[TimelineRow]:
    """Done visits, with or without money (a planned one has not happened)."""
    query = (
        select(Visit.visit_date, VisitType.name, Visit.reason, Visit.gift, Visit.money_fen, Visit.gift_value_fen)
        .join(VisitType, VisitType.id == Visit.type_id)
        .where(Visit.member_id == member_id, Visit.status == "done")
    )
    return [
        _row(day, "visit", "，".join(t for t in (f"{kind}慰问", reason, gift) if t), money, gift_value)
        for day, kind, reason, gift, money, gift_value in session.execute(query)
    ]


def _received(session: Session, member_id: int) -> list[TimelineRow]:
    """Handouts and prizes as services.benefits tells them, for the years they fall in."""
    years = set(
        session.scalars(
            select(Handout.year)
            .join(HandoutRecipient, HandoutRecipient.handout_id == Handout.id)
            .where(HandoutRecipient.member_id == member_id, Handout.status == "issued")
            .distinct()
        )
    )
    years |= set(
        session.scalars(
            select(Activity.year)
            .join(ActivityPrize, ActivityPrize.activity_id == Activity.id)
            .where(ActivityPrize.member_id == member_id)
            .distinct()
        )
    )
    return [
        _row(r.day, r.source, r.what, r.money_fen, r.goods_fen)
        for year in sorted(years)
        for r in benefits_in(session, year, member_id)
        if r.source in ("handout", "prize")
    ]


def _checkups(session: Session, member_id: int) -> list[TimelineRow]:
    query = (
        select(CheckupPerson.status, CheckupPerson.checkup_date, CheckupCampaign.name, CheckupCampaign.date_to)
        .join(CheckupCampaign, CheckupCampaign.id == CheckupPerson.campaign_id)
        .where(CheckupPerson.member_id == member_id, CheckupPerson.status.in_(_CHECKUP_SHOWN))
    )
    return [
        _row(day or ended, "checkup", f"{name}：{PERSON_STATUS_LABELS[status]}")
        for status, day, name, ended in session.execute(query)
    ]


def _hardship(session: Session, member_id: int) -> list[TimelineRow]:
    """Opened, reviewed, closed: the level and dates only."""
    files = list(session.scalars(select(HardshipFile).where(HardshipFile.member_id == member_id)))
    if not files:
        return []
    reviews: dict[int, list] = defaultdict(list)
    query = (
        select(
            HardshipReview.file_id,
            HardshipReview.outcome,
            HardshipReview.reviewed_on,
            HardshipReview.level_before,
            HardshipReview.level_after,
        )
        .where(HardshipReview.file_id.in_([f.id for f in files]))
        .order_by(HardshipReview.reviewed_on, HardshipReview.id)
    )
    for file_id, *review in session.execute(query):
        reviews[file_id].append(review)
    rows = []
    for f in files:
        mine = reviews[f.id]
        first = mine[0][2] if mine else f.level  # the level it was opened at
        rows.append(_row(f.opened_on, "hardship", f"困难职工建档（{_level(first)}）"))
        for outcome, day, before, after in mine:
            if outcome == "close":
                text = f"脱困销档：{f.close_reason}" if f.close_reason else "脱困销档"
            elif outcome == "change":
                text = f"困难职工复核：{_level(before)} → {_level(after)}"
            else:
                text = f"困难职工复核：维持{_level(before)}"
            rows.append(_row(day, "hardship", text))
    return rows


def _level(code: str) -> str:
    return LEVEL_LABELS.get(code, code)


def _statuses(session: Session, member_id: int) -> list[TimelineRow]:
    """Status changes as the audit log has them, dated by the date given with each."""
    query = select(AuditEntry.at, AuditEntry.details).where(
        AuditEntry.entity == "member", AuditEntry.action == "status", AuditEntry.entity_id == member_id
    )
    rows = []
    for at, details in session.execute(query.order_by(AuditEntry.id)):
        change = json.loads(details or "{}")
        before, after = change.get("before", {}), change.get("after", {})
        old, new = before.get("status", ""), after.get("status", "")
        day = date.fromisoformat(after["date"]) if after.get("date") else at.date()
        text = f"{MEMBER_STATUS_LABELS.get(old, old)} → {MEMBER_STATUS_LABELS.get(new, new)}"
        rows.append(_row(day, "status", text))
    return rows


def _dues(session: Session, member_id: int) -> list[TimelineRow]:
    """Months posted with the member exempted (免缴): a dozen postings a year, read whole."""
    wanted = str(member_id)
    query = select(DuesPosting.year, DuesPosting.month, DuesPosting.exempt_member_ids).where(
        DuesPosting.exempt_member_ids != ""
    )
    return [
        _row(date(year, month, 1), "dues", f"{year}年{month}月免缴会费")
        for year, month, exempt in session.execute(query)
        if wanted in exempt.split(",")
    ]


def member_timeline(db: Database, member_id: int) -> tuple[list[TimelineRow], list[YearTotal]]:
    """A member's history across the areas, newest first, and per year (newest first):
    how many things happened and the money and goods received."""
    with db.session() as s:
        load_member(s, member_id)
        rows = [
            *_visits(s, member_id),
            *_received(s, member_id),
            *_checkups(s, member_id),
            *_hardship(s, member_id),
            *_statuses(s, member_id),
            *_dues(s, member_id),
        ]
    rows.sort(key=lambda r: (r.day, -_ORDER[r.area]), reverse=True)
    return rows, year_totals(rows)


def year_totals(rows: list[TimelineRow]) -> list[YearTotal]:
    count: dict[int, int] = defaultdict(int)
    money: dict[int, int] = defaultdict(int)
    goods: dict[int, int] = defaultdict(int)
    for r in rows:
        count[r.day.year] += 1
        money[r.day.year] += r.money_fen
        goods[r.day.year] += r.goods_fen
    return [YearTotal(y, count[y], money[y], goods[y]) for y in sorted(count, reverse=True)]
