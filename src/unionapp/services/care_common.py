"""What the care list's modules share: the line and the list, the facts about members read
once (only the columns the rules need), and names of members read in bulk."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from unionapp.db.engine import column_rows
from unionapp.db.models import Member, UnionGroup
from unionapp.domain.care import CARE_KINDS

CHUNK = 900  # ids per IN list: under SQLite's bound-parameter limit
HERE = ("active", "retired")  # members the union still looks after


@dataclass(frozen=True)
class CareLine:
    kind: str  # domain.care.CARE_KINDS
    kind_label: str
    member_id: int | None  # None for a line about a thing (a budget category, a plan item)
    name: str  # the member; for other lines the thing (category, plan item, proposal)
    group_name: str
    detail: str
    day: date | None
    action: str  # visit / checkup / birthday_handout / member / hardship / retirement_visit / plan / proposal / budget
    ref_id: int | None


@dataclass(frozen=True)
class CareList:
    year: int
    month: int
    lines: list[CareLine]
    counts: dict[str, int]  # kind → lines, every kind (0 included)


def line(kind: str, member_id, name, group, detail, day, action, ref_id) -> CareLine:
    return CareLine(kind, CARE_KINDS[kind], member_id, name, group or "", detail, day, action, ref_id)


class MemberFact(NamedTuple):
    """A member in service as the rules see them; a tuple, made straight from the row
    (7,500 of them at every start: a frozen dataclass cost three times as much)."""

    id: int
    name: str
    gender: str | None
    group_name: str
    birth_date: date | None
    work_start_date: date | None
    native_province: str
    retirement_category: str
    retirement_date: date | None  # the override; None: the statutory date
    union_member: bool


_FACT_COLUMNS = (
    Member.id,
    Member.name,
    Member.gender,
    func.coalesce(UnionGroup.name, ""),
    Member.birth_date,
    Member.work_start_date,
    func.coalesce(Member.native_province, ""),
    Member.retirement_category,
    Member.retirement_date,
    Member.is_union_member,
)


def _ordered(query):
    """The group sheet's order, then the roster's (pinyin)."""
    return query.outerjoin(UnionGroup, UnionGroup.id == Member.group_id).order_by(
        UnionGroup.sort_order.is_(None), UnionGroup.sort_order, UnionGroup.name, Member.sort_key, Member.id
    )


def active_members(session: Session) -> list[MemberFact]:
    """Every member in service, once for all the member-based rules (one indexed query)."""
    query = _ordered(select(*_FACT_COLUMNS).where(Member.status == "active"))
    return [MemberFact._make(row) for row in column_rows(session, query)]


def chunks(ids: Iterable[int]) -> Iterator[list[int]]:
    wanted = sorted(set(ids))
    for start in range(0, len(wanted), CHUNK):
        yield wanted[start : start + CHUNK]


def names_in(session: Session, member_ids: Iterable[int]) -> dict[int, tuple[str, str, str]]:
    """member id → (name, group, status), asked in chunks, for the few members a rule names."""
    found: dict[int, tuple[str, str, str]] = {}
    for part in chunks(member_ids):
        query = (
            select(Member.id, Member.name, UnionGroup.name, Member.status)
            .outerjoin(UnionGroup, UnionGroup.id == Member.group_id)
            .where(Member.id.in_(part))
        )
        found.update({m: (n, g or "", s) for m, n, g, s in session.execute(query)})
    return found


def by_roster(lines: list[CareLine], order: dict[int, int]) -> list[CareLine]:
    """Lines about members in the group sheet's order (`order`: member id → place)."""
    return sorted(lines, key=lambda x: (order.get(x.member_id, len(order)), x.name))
