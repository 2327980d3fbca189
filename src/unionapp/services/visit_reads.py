"""Reading the visits register: the filtered list, a member's history, what needs the
chair's attention, and the yearly summary by type and by group."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from unionapp.db.engine import Database
from unionapp.db.models import Member, UnionGroup, Visit, VisitType
from unionapp.domain.care import RETIRING_MONTHS
from unionapp.domain.dates import add_months
from unionapp.domain.retirement import born_too_late_to_retire_by, statutory_retirement_date
from unionapp.services.visit_types import list_types


@dataclass(frozen=True)
class VisitRow:
    id: int
    member_id: int
    member_name: str
    group_name: str
    type_id: int
    type_name: str
    visit_date: date
    status: str
    reason: str
    visitors: str
    money_fen: int
    gift: str
    gift_value_fen: int
    approver: str
    approval_no: str
    for_family: bool
    warnings: str
    warning_reason: str
    notes: str
    version: int


@dataclass(frozen=True)
class VisitFilter:
    date_from: date | None = None
    date_to: date | None = None
    type_id: int | None = None
    member_id: int | None = None
    group_id: int | None = None
    status: str | None = None
    text: str = ""


def list_visits(db: Database, flt: VisitFilter = VisitFilter()) -> list[VisitRow]:
    stmt = (
        select(Visit, Member.name, UnionGroup.name, VisitType.name)
        .join(Member, Member.id == Visit.member_id)
        .join(VisitType, VisitType.id == Visit.type_id)
        .outerjoin(UnionGroup, UnionGroup.id == Member.group_id)
        .order_by(Visit.visit_date, Visit.id)
    )
    columns = {
        "date_from": Visit.visit_date.__ge__,
        "date_to": Visit.visit_date.__le__,
        "type_id": Visit.type_id.__eq__,
        "member_id": Visit.member_id.__eq__,
        "group_id": Member.group_id.__eq__,
        "status": Visit.status.__eq__,
    }
    for name, compare in columns.items():
        if getattr(flt, name) is not None:
            stmt = stmt.where(compare(getattr(flt, name)))
    with db.session() as s:
        rows = [
            VisitRow(
                v.id,
                v.member_id,
                name,
                group or "",
                v.type_id,
                tname,
                v.visit_date,
                v.status,
                v.reason,
                v.visitors,
                v.money_fen,
                v.gift,
                v.gift_value_fen,
                v.approver,
                v.approval_no,
                v.for_family,
                v.warnings,
                v.warning_reason,
                v.notes,
                v.version,
            )
            for v, name, group, tname in s.execute(stmt)
        ]
    text = flt.text.strip().lower()
    return [r for r in rows if not text or text in f"{r.member_name}\t{r.reason}\t{r.visitors}\t{r.notes}".lower()]


@dataclass(frozen=True)
class YearTotal:
    year: int
    count: int
    money_fen: int


def member_history(db: Database, member_id: int) -> tuple[list[VisitRow], list[YearTotal]]:
    """A member's visits, newest first, and the money received per year."""
    rows = list_visits(db, VisitFilter(member_id=member_id))
    years: dict[int, list[VisitRow]] = {}
    for row in rows:
        if row.status == "done":
            years.setdefault(row.visit_date.year, []).append(row)
    totals = [YearTotal(y, len(v), sum(r.money_fen for r in v)) for y, v in sorted(years.items(), reverse=True)]
    return list(reversed(rows)), totals


@dataclass(frozen=True)
class AttentionItem:
    kind: str  # "overdue" | "retiring"
    member_id: int
    member_name: str
    due: date
    text: str
    visit_id: int | None = None


def attention(db: Database, today: date | None = None) -> list[AttentionItem]:
    """What needs the chair: planned visits past their date, and members retiring in the
    next three months with no retirement visit recorded or planned."""
    today = today or date.today()
    items = [
        AttentionItem(
            "overdue",
            r.member_id,
            r.member_name,
            r.visit_date,
            f"计划 {r.visit_date} 走访 {r.member_name}（{r.type_name}），已过期",
            r.id,
        )
        for r in list_visits(db, VisitFilter(status="planned", date_to=today - _ONE_DAY))
    ]
    with db.session() as s:
        retirement_type = s.scalar(select(VisitType.id).where(VisitType.code == "retirement"))
        visited = set(s.scalars(select(Visit.member_id).where(Visit.type_id == retirement_type)))
        soon = retiring_between(s, today, add_months(today, RETIRING_MONTHS))
    items += [
        AttentionItem("retiring", member_id, name, day, f"{name} 将于 {day} 退休，还没有安排退休慰问")
        for member_id, name, day in soon
        if member_id not in visited
    ]
    return sorted(items, key=lambda i: i.due)


def retiring_between(session: Session, first: date, last: date) -> list[tuple[int, str, date]]:
    """(id, name, retirement date) of members in service retiring from `first` to `last`,
    in the roster's order: the set date, else the statutory one. Five columns of the
    roster, not its rows (the 五必访 tab's title is counted at every start)."""
    query = (
        select(Member.id, Member.name, Member.birth_date, Member.retirement_category, Member.retirement_date)
        .where(Member.status == "active")
        .order_by(Member.sort_key, Member.id)
    )
    born_by = born_too_late_to_retire_by(last)
    found = []
    for member_id, name, birth, category, override in session.execute(query):
        if override is not None:
            day = override
        elif birth is not None and birth <= born_by:
            day = statutory_retirement_date(birth, category)
        else:
            continue
        if first <= day <= last:
            found.append((member_id, name, day))
    return found


_ONE_DAY = timedelta(days=1)


@dataclass(frozen=True)
class SummaryRow:
    label: str
    count: int
    money_fen: int
    gift_value_fen: int


def yearly_summary(db: Database, year: int) -> tuple[list[SummaryRow], list[SummaryRow]]:
    """Done visits of a year by type and by group: count, money, gift value."""
    rows = list_visits(db, VisitFilter(date_from=date(year, 1, 1), date_to=date(year, 12, 31), status="done"))

    def grouped(key) -> list[SummaryRow]:
        buckets: dict[str, list[VisitRow]] = {}
        for row in rows:
            buckets.setdefault(key(row), []).append(row)
        return [
            SummaryRow(label, len(v), sum(r.money_fen for r in v), sum(r.gift_value_fen for r in v))
            for label, v in buckets.items()
        ]

    order = {t.name: i for i, t in enumerate(list_types(db))}
    by_type = sorted(grouped(lambda r: r.type_name), key=lambda r: order.get(r.label, 999))
    by_group = sorted(grouped(lambda r: r.group_name or "（未分组）"), key=lambda r: -r.money_fen)
    return by_type, by_group
