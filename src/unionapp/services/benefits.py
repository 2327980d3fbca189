"""What each member received in a year (福利发放明细): 五必访 money and gifts, handouts,
and activity prizes, as lines per member, totals per member, and a summary by kind and by
group. Read from the records themselves (not the ledger), so 经审 can hold one against
the other."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from unionapp.db.engine import Database
from unionapp.db.models import (
    Activity,
    ActivityPrize,
    Handout,
    HandoutRecipient,
    Member,
    UnionGroup,
    Visit,
    VisitType,
)
from unionapp.domain.activities import ACTIVITY_KIND_LABELS
from unionapp.domain.handouts import HANDOUT_KIND_LABELS

SOURCE_LABELS = {"visit": "五必访", "handout": "发放", "prize": "活动奖品"}
TOTAL_LABEL = "合计"
NO_GROUP = "（未分组）"


@dataclass(frozen=True)
class BenefitRow:
    member_id: int
    name: str
    group_name: str
    day: date
    source: str  # visit / handout / prize
    source_label: str
    kind_label: str  # the visit type, handout kind or activity kind
    what: str
    money_fen: int
    goods_fen: int


@dataclass(frozen=True)
class MemberTotal:
    member_id: int
    name: str
    group_name: str
    money: dict[str, int] = field(default_factory=dict)  # source → fen
    goods: dict[str, int] = field(default_factory=dict)

    @property
    def money_fen(self) -> int:
        return sum(self.money.values())

    @property
    def goods_fen(self) -> int:
        return sum(self.goods.values())

    @property
    def total_fen(self) -> int:
        return self.money_fen + self.goods_fen


@dataclass(frozen=True)
class SummaryLine:
    label: str
    people: int  # distinct members
    money_fen: int
    goods_fen: int

    @property
    def total_fen(self) -> int:
        return self.money_fen + self.goods_fen


def _visits(session: Session, year: int, member_id: int | None):
    query = (
        select(
            Visit.member_id,
            Visit.visit_date,
            VisitType.name,
            Visit.reason,
            Visit.gift,
            Visit.money_fen,
            Visit.gift_value_fen,
        )
        .join(VisitType, VisitType.id == Visit.type_id)
        .where(Visit.status == "done", Visit.visit_date >= date(year, 1, 1), Visit.visit_date <= date(year, 12, 31))
    )
    if member_id is not None:
        query = query.where(Visit.member_id == member_id)
    for mid, day, type_name, reason, gift, money, gift_value in session.execute(query):
        if money or gift_value:
            what = "，".join(t for t in (f"{type_name}慰问", reason, gift) if t)
            yield mid, day, "visit", type_name, what, money, gift_value


def _handouts(session: Session, year: int, member_id: int | None):
    query = (
        select(
            HandoutRecipient.member_id,
            Handout.handout_date,
            Handout.kind,
            Handout.name,
            Handout.item,
            Handout.value_kind,
            HandoutRecipient.value_fen,
        )
        .join(Handout, Handout.id == HandoutRecipient.handout_id)
        .where(Handout.year == year, Handout.status == "issued")
    )
    if member_id is not None:
        query = query.where(HandoutRecipient.member_id == member_id)
    for mid, day, kind, name, item, value_kind, fen in session.execute(query):
        what = f"{name}（{item}）" if item else name
        money, goods = (fen, 0) if value_kind == "money" else (0, fen)
        yield mid, day, "handout", HANDOUT_KIND_LABELS.get(kind, kind), what, money, goods


def _prizes(session: Session, year: int, member_id: int | None):
    query = (
        select(
            ActivityPrize.member_id,
            Activity.date_to,
            Activity.kind,
            Activity.name,
            ActivityPrize.award,
            ActivityPrize.team,
            ActivityPrize.team_size,
            ActivityPrize.item,
            ActivityPrize.kind,
            ActivityPrize.value_fen,
        )
        .join(Activity, Activity.id == ActivityPrize.activity_id)
        .where(Activity.year == year, Activity.prizes_issued.is_(True))  # received: handed out
    )
    if member_id is not None:
        query = query.where(ActivityPrize.member_id == member_id)
    for mid, day, kind, name, award, team, size, item, prize_kind, fen in session.execute(query):
        parts = [award, f"{team}（{size} 人，代领）" if team else "", item]
        what = name + "：" + "，".join(p for p in parts if p) if any(parts) else name
        money, goods = (fen, 0) if prize_kind == "money" else (0, fen)
        yield mid, day, "prize", ACTIVITY_KIND_LABELS.get(kind, kind), what, money, goods


def _people(session: Session, ids: set[int]) -> dict[int, tuple[str, str, tuple]]:
    """member id → (name, group name, sort key in the groups' order)."""
    if not ids:
        return {}
    rows = session.execute(
        select(Member.id, Member.name, UnionGroup.name, UnionGroup.sort_order, Member.sort_key).outerjoin(
            UnionGroup, UnionGroup.id == Member.group_id
        )
    )
    return {
        mid: (name, group or NO_GROUP, (order is None, order or 0, group or "", key or "", mid))
        for mid, name, group, order, key in rows
        if mid in ids
    }


def benefits_in(session: Session, year: int, member_id: int | None = None) -> list[BenefitRow]:
    found = [
        *_visits(session, year, member_id),
        *_handouts(session, year, member_id),
        *_prizes(session, year, member_id),
    ]
    people = _people(session, {f[0] for f in found})
    rows = [
        BenefitRow(mid, people[mid][0], people[mid][1], day, src, SOURCE_LABELS[src], kind, what, money, goods)
        for mid, day, src, kind, what, money, goods in found
    ]
    rows.sort(key=lambda r: (people[r.member_id][2], r.day, r.source))
    return rows


def benefits(db: Database, year: int, member_id: int | None = None) -> list[BenefitRow]:
    """Every line of the year (one member's when given), by group, name and date."""
    with db.session() as s:
        return benefits_in(s, year, member_id)


def per_member(rows: list[BenefitRow]) -> list[MemberTotal]:
    """The lines added up per member, in the lines' order (pure: the view and the report share it)."""
    totals: dict[int, MemberTotal] = {}
    for r in rows:
        total = totals.get(r.member_id)
        if total is None:
            total = totals[r.member_id] = MemberTotal(
                r.member_id, r.name, r.group_name, defaultdict(int), defaultdict(int)
            )
        total.money[r.source] += r.money_fen
        total.goods[r.source] += r.goods_fen
    return list(totals.values())


def summarize(rows: list[BenefitRow]) -> tuple[list[SummaryLine], list[SummaryLine]]:
    """(by kind — 五必访·生病住院, 发放·三八慰问, 活动奖品·文体活动 ... —, by group), each
    ending with the total line."""

    def lines(key, ordered: bool = False) -> list[SummaryLine]:
        people: dict[str, set[int]] = defaultdict(set)
        money: dict[str, int] = defaultdict(int)
        goods: dict[str, int] = defaultdict(int)
        for r in rows:
            k = key(r)
            people[k].add(r.member_id)
            money[k] += r.money_fen
            goods[k] += r.goods_fen
        keys = sorted(people) if ordered else list(people)  # kinds: 五必访·…, 发放·…, 活动奖品·… together
        out = [SummaryLine(k, len(people[k]), money[k], goods[k]) for k in keys]
        everyone = {r.member_id for r in rows}
        out.append(
            SummaryLine(TOTAL_LABEL, len(everyone), sum(r.money_fen for r in rows), sum(r.goods_fen for r in rows))
        )
        return out

    return lines(lambda r: f"{r.source_label}·{r.kind_label}", ordered=True), lines(lambda r: r.group_name)


def benefit_summary(db: Database, year: int) -> tuple[list[SummaryLine], list[SummaryLine]]:
    return summarize(benefits(db, year))
