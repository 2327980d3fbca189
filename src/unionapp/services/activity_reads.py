"""Reading activities: a year's list with counts and money, one activity's sign-ups,
prizes and costs, participation per group, and what one member took part in."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from unionapp.db.engine import Database
from unionapp.db.models import (
    Activity,
    ActivityCost,
    ActivityEntry,
    ActivityGroup,
    ActivityPrize,
    FundCategory,
    Member,
    UnionGroup,
)
from unionapp.services.errors import NotFoundError
from unionapp.services.groups import sheet_order

TOTAL_LABEL = "合计"
NO_GROUP = "（未分组）"


@dataclass(frozen=True)
class ActivityRow:
    id: int
    year: int
    name: str
    kind: str
    date_from: date
    date_to: date
    place: str
    organiser: str
    budget_fen: int
    category_id: int | None
    category_name: str
    group_ids: tuple[int, ...]
    group_names: str  # "、"-joined; "" for the whole school
    signed_up: int  # distinct members
    attended: int  # distinct members who came
    eligible: int  # active union members of the groups taking part (all groups when none)
    prizes_fen: int
    prizes_issued: bool  # handed out: the prizes' total is in the ledger
    costs_fen: int
    approver: str
    approval_no: str
    warnings: str
    warning_reason: str
    notes: str
    version: int

    @property
    def spent_fen(self) -> int:
        return self.prizes_fen + self.costs_fen


@dataclass(frozen=True)
class EntryRow:
    id: int
    member_id: int
    name: str
    gender: str | None
    group_id: int | None
    group_name: str
    event: str
    team: str
    attended: bool
    result: str
    place: str
    note: str


@dataclass(frozen=True)
class PrizeRow:
    id: int
    member_id: int
    name: str
    group_name: str
    team: str
    team_size: int
    award: str
    kind: str
    item: str
    value_fen: int


@dataclass(frozen=True)
class CostRow:
    id: int
    cost_date: date
    item: str
    amount_fen: int
    note: str


@dataclass(frozen=True)
class GroupRate:
    group_id: int | None  # None on the overall (合计) row
    group_name: str
    members: int  # active union members counted
    took_part: int  # of them, how many came

    @property
    def rate(self) -> float | None:
        return self.took_part / self.members if self.members else None


@dataclass(frozen=True)
class TookPart:
    """One activity a member took part in (their history)."""

    activity_id: int
    date_from: date
    name: str
    kind: str
    event: str
    attended: bool
    result: str
    place: str
    prize_fen: int


def _active_per_group(session: Session) -> dict[int | None, int]:
    rows = session.execute(
        select(Member.group_id, func.count())
        .where(Member.status == "active", Member.is_union_member.is_(True))
        .group_by(Member.group_id)
    )
    return dict(rows.all())


def _sums(session: Session, column, key, ids: list[int]) -> dict[int, int]:
    if not ids:
        return {}
    rows = session.execute(select(key, func.sum(column)).where(key.in_(ids)).group_by(key))
    return {k: v or 0 for k, v in rows}


def _counts(session: Session, ids: list[int], attended_only: bool) -> dict[int, int]:
    if not ids:
        return {}
    query = select(ActivityEntry.activity_id, func.count(func.distinct(ActivityEntry.member_id))).where(
        ActivityEntry.activity_id.in_(ids)
    )
    if attended_only:
        query = query.where(ActivityEntry.attended.is_(True))
    return dict(session.execute(query.group_by(ActivityEntry.activity_id)).all())


def activity_rows_in(session: Session, activities: list[Activity]) -> list[ActivityRow]:
    """Rows for many activities in a fixed number of queries (a year's list opens at once)."""
    ids = [a.id for a in activities]
    groups: dict[int, list[int]] = defaultdict(list)
    if ids:
        for aid, gid in session.execute(
            select(ActivityGroup.activity_id, ActivityGroup.group_id).where(ActivityGroup.activity_id.in_(ids))
        ):
            groups[aid].append(gid)
    group_names = dict(session.execute(select(UnionGroup.id, UnionGroup.name)).all())
    categories = dict(session.execute(select(FundCategory.id, FundCategory.name)).all())
    per_group = _active_per_group(session)
    everyone = sum(per_group.values())
    signed, came = _counts(session, ids, False), _counts(session, ids, True)
    prizes = _sums(session, ActivityPrize.value_fen, ActivityPrize.activity_id, ids)
    costs = _sums(session, ActivityCost.amount_fen, ActivityCost.activity_id, ids)
    rows = []
    for a in activities:
        gids = tuple(sorted(groups.get(a.id, ()), key=lambda g: group_names.get(g, "")))
        rows.append(
            ActivityRow(
                id=a.id,
                year=a.year,
                name=a.name,
                kind=a.kind,
                date_from=a.date_from,
                date_to=a.date_to,
                place=a.place,
                organiser=a.organiser,
                budget_fen=a.budget_fen,
                category_id=a.category_id,
                category_name=categories.get(a.category_id, ""),
                group_ids=gids,
                group_names="、".join(group_names.get(g, "") for g in gids),
                signed_up=signed.get(a.id, 0),
                attended=came.get(a.id, 0),
                eligible=sum(per_group.get(g, 0) for g in gids) if gids else everyone,
                prizes_fen=prizes.get(a.id, 0),
                prizes_issued=a.prizes_issued,
                costs_fen=costs.get(a.id, 0),
                approver=a.approver,
                approval_no=a.approval_no,
                warnings=a.warnings,
                warning_reason=a.warning_reason,
                notes=a.notes,
                version=a.version,
            )
        )
    return rows


def list_activities(db: Database, year: int | None = None) -> list[ActivityRow]:
    """A year's activities (all years when None), newest first."""
    with db.session() as s:
        query = select(Activity).order_by(Activity.date_from.desc(), Activity.id.desc())
        if year is not None:
            query = query.where(Activity.year == year)
        return activity_rows_in(s, list(s.scalars(query)))


def activity_years(db: Database) -> list[int]:
    with db.session() as s:
        return sorted(s.scalars(select(Activity.year).distinct()), reverse=True)


def activity_in(session: Session, activity_id: int) -> Activity:
    activity = session.get(Activity, activity_id)
    if activity is None:
        raise NotFoundError("找不到这项活动，可能已被删除，请刷新。")
    return activity


def get_activity(db: Database, activity_id: int) -> ActivityRow:
    with db.session() as s:
        return activity_rows_in(s, [activity_in(s, activity_id)])[0]


def list_entries(db: Database, activity_id: int) -> list[EntryRow]:
    """Sign-ups in the sheets' order: by group, then name, then event."""
    with db.session() as s:
        query = (
            select(
                ActivityEntry.id,
                Member.id,
                Member.name,
                Member.gender,
                Member.group_id,
                UnionGroup.name,
                ActivityEntry.event,
                ActivityEntry.team,
                ActivityEntry.attended,
                ActivityEntry.result,
                ActivityEntry.place,
                ActivityEntry.note,
            )
            .join(Member, Member.id == ActivityEntry.member_id)
            .outerjoin(UnionGroup, UnionGroup.id == Member.group_id)
            .where(ActivityEntry.activity_id == activity_id)
            .order_by(*sheet_order(), ActivityEntry.event)
        )
        return [EntryRow(*r[:5], r[5] or "", *r[6:]) for r in s.execute(query)]


def list_prizes(db: Database, activity_id: int) -> list[PrizeRow]:
    with db.session() as s:
        query = (
            select(
                ActivityPrize.id,
                Member.id,
                Member.name,
                UnionGroup.name,
                ActivityPrize.team,
                ActivityPrize.team_size,
                ActivityPrize.award,
                ActivityPrize.kind,
                ActivityPrize.item,
                ActivityPrize.value_fen,
            )
            .join(Member, Member.id == ActivityPrize.member_id)
            .outerjoin(UnionGroup, UnionGroup.id == Member.group_id)
            .where(ActivityPrize.activity_id == activity_id)
            .order_by(ActivityPrize.id)
        )
        return [PrizeRow(*r[:3], r[3] or "", *r[4:]) for r in s.execute(query)]


def list_costs(db: Database, activity_id: int) -> list[CostRow]:
    with db.session() as s:
        query = (
            select(
                ActivityCost.id, ActivityCost.cost_date, ActivityCost.item, ActivityCost.amount_fen, ActivityCost.note
            )
            .where(ActivityCost.activity_id == activity_id)
            .order_by(ActivityCost.cost_date, ActivityCost.id)
        )
        return [CostRow(*r) for r in s.execute(query)]


def _rates(session: Session, activity_ids: list[int], group_ids: set[int] | None) -> list[GroupRate]:
    """Per group: active union members, and how many of them came to any of the activities;
    then the overall row. Only the groups taking part when `group_ids` is given."""
    per_group = _active_per_group(session)
    came_query = (
        select(Member.group_id, func.count(func.distinct(Member.id)))
        .join(ActivityEntry, ActivityEntry.member_id == Member.id)
        .where(
            ActivityEntry.activity_id.in_(activity_ids) if activity_ids else False,
            ActivityEntry.attended.is_(True),
            Member.status == "active",
            Member.is_union_member.is_(True),
        )
        .group_by(Member.group_id)
    )
    came = dict(session.execute(came_query).all())
    names = session.execute(select(UnionGroup.id, UnionGroup.name).order_by(UnionGroup.sort_order, UnionGroup.name))
    rows = [
        GroupRate(gid, name, per_group.get(gid, 0), came.get(gid, 0))
        for gid, name in names
        if (group_ids is None or gid in group_ids) and per_group.get(gid, 0)
    ]
    if group_ids is None and per_group.get(None):
        rows.append(GroupRate(None, NO_GROUP, per_group[None], came.get(None, 0)))
    rows.append(GroupRate(None, TOTAL_LABEL, sum(r.members for r in rows), sum(r.took_part for r in rows)))
    return rows


def participation(db: Database, activity_id: int) -> list[GroupRate]:
    """Who came, per group taking part (every group when the activity names none)."""
    with db.session() as s:
        activity_in(s, activity_id)
        groups = set(s.scalars(select(ActivityGroup.group_id).where(ActivityGroup.activity_id == activity_id)))
        return _rates(s, [activity_id], groups or None)


def year_participation(db: Database, year: int) -> list[GroupRate]:
    """Per group, members who came to at least one activity of the year (the charter asks
    that two thirds find something to join)."""
    with db.session() as s:
        ids = list(s.scalars(select(Activity.id).where(Activity.year == year)))
        return _rates(s, ids, None)


def member_activities(db: Database, member_id: int) -> list[TookPart]:
    """The activities one member signed up for, newest first, with the prizes they signed for."""
    with db.session() as s:
        prizes = dict(
            s.execute(
                select(ActivityPrize.activity_id, func.sum(ActivityPrize.value_fen))
                .where(ActivityPrize.member_id == member_id)
                .group_by(ActivityPrize.activity_id)
            ).all()
        )
        rows = s.execute(
            select(
                Activity.id,
                Activity.date_from,
                Activity.name,
                Activity.kind,
                ActivityEntry.event,
                ActivityEntry.attended,
                ActivityEntry.result,
                ActivityEntry.place,
            )
            .join(ActivityEntry, ActivityEntry.activity_id == Activity.id)
            .where(ActivityEntry.member_id == member_id)
            .order_by(Activity.date_from.desc(), Activity.id.desc(), ActivityEntry.event)
        )
        took = [TookPart(*r, prize_fen=prizes.get(r[0], 0) or 0) for r in rows]
        # A prize needs no sign-up (a team's prize is signed for by one of them): it is
        # still something the member received.
        missing = set(prizes) - {t.activity_id for t in took}
        if missing:
            found = s.execute(
                select(Activity.id, Activity.date_from, Activity.name, Activity.kind).where(Activity.id.in_(missing))
            )
            took += [TookPart(*r, "", False, "", "", prize_fen=prizes[r[0]] or 0) for r in found]
            took.sort(key=lambda t: (t.date_from, t.activity_id), reverse=True)  # stable: events keep their order
        return took
