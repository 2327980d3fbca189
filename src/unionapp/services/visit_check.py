"""Judging a visit against the standard in force and the member's other visits of its
type. The database part (`read_facts`: the member, the type, its standards, the history)
is read once for a member and type; `judge_visit` is pure, so the visit form judges each
keystroke from the facts it already holds instead of querying the database per key."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from unionapp.db.engine import Database
from unionapp.db.models import Member, Visit, VisitStandard, VisitType
from unionapp.domain.errors import DomainError
from unionapp.domain.labels import MEMBER_STATUS_LABELS
from unionapp.domain.money import check_fen
from unionapp.domain.visits import STATUS_LABELS, PastVisit, Standard, judge
from unionapp.services.leaving import left_dates_in
from unionapp.services.visit_types import VisitError, _standard


@dataclass
class VisitInput:
    member_id: int
    type_id: int
    visit_date: date
    status: str = "done"
    reason: str = ""
    visitors: str = ""
    money_fen: int = 0
    gift: str = ""
    gift_value_fen: int = 0
    approver: str = ""
    approval_no: str = ""
    for_family: bool = False
    warning_reason: str = ""
    notes: str = ""


@dataclass(frozen=True)
class VisitCheck:
    errors: list[str]
    warnings: list[str]
    standard: Standard | None


@dataclass(frozen=True)
class VisitFacts:
    """What judging a visit of `type_id` for `member_id` needs from the database (the
    visit `visit_id` itself left out of the history). `found` is False when the member
    or the type is not there."""

    member_id: int
    type_id: int
    visit_id: int | None
    found: bool
    member_name: str = ""
    member_status: str = ""
    left_on: date | None = None  # when a transferred or deceased member left
    type_name: str = ""
    type_active: bool = True
    has_category: bool = False
    standards: tuple[Standard, ...] = ()  # by effective_from
    history: tuple[PastVisit, ...] = ()  # by date

    def key(self) -> tuple[int, int, int | None]:
        return self.member_id, self.type_id, self.visit_id


def _history(session: Session, member_id: int, type_id: int, skip_id: int | None) -> list[PastVisit]:
    rows = session.execute(
        select(Visit.visit_date, Visit.money_fen, Visit.reason)
        .where(
            Visit.member_id == member_id, Visit.type_id == type_id, Visit.status == "done", Visit.id != (skip_id or 0)
        )
        .order_by(Visit.visit_date)
    )
    return [PastVisit(*r) for r in rows]


def _left_on(session: Session, member: Member) -> date | None:
    """When a transferred or deceased member left (services.leaving)."""
    return left_dates_in(session, [member.id]).get(member.id)


def read_facts_in(session: Session, member_id: int, type_id: int, visit_id: int | None) -> VisitFacts:
    member = session.get(Member, member_id)
    vtype = session.get(VisitType, type_id)
    if member is None or vtype is None:
        return VisitFacts(member_id, type_id, visit_id, False)
    standards = session.scalars(
        select(VisitStandard).where(VisitStandard.type_id == type_id).order_by(VisitStandard.effective_from)
    )
    return VisitFacts(
        member_id,
        type_id,
        visit_id,
        True,
        member.name,
        member.status,
        _left_on(session, member) if member.status in ("transferred", "deceased") else None,
        vtype.name,
        vtype.active,
        vtype.category_id is not None,
        tuple(_standard(row) for row in standards),
        tuple(_history(session, member_id, type_id, visit_id)),
    )


def read_facts(db: Database, member_id: int, type_id: int, visit_id: int | None = None) -> VisitFacts:
    """The facts for judging visits of one member and type (one short session)."""
    with db.session() as s:
        return read_facts_in(s, member_id, type_id, visit_id)


def standard_in_force(standards: tuple[Standard, ...], day: date) -> Standard:
    """As visit_types.standard_on, from the type's standards already read: the latest
    that had begun by `day`, else the earliest."""
    if not standards:
        raise VisitError(["这个走访类型还没有标准，请先在“走访类型与标准”中设置"])
    begun = [s for s in standards if s.effective_from <= day]
    return begun[-1] if begun else standards[0]


def judge_visit(facts: VisitFacts, data: VisitInput) -> VisitCheck:
    """The errors, warnings and standard for `data`, whose member and type `facts` are of."""
    if not facts.found:
        return VisitCheck(["请选择会员和走访类型"], [], None)
    if data.status not in STATUS_LABELS:
        raise ValueError(data.status)
    for fen, label in ((data.money_fen, "慰问金"), (data.gift_value_fen, "慰问品价值")):
        try:
            check_fen(fen, label)
        except DomainError as err:
            return VisitCheck([str(err)], [], None)
    errors: list[str] = []
    if data.status == "done" and data.visit_date > date.today():
        errors.append(f"走访日期 {data.visit_date} 还没到，不能标为“已访”；未来的走访请登记为“待访”")
    if not facts.type_active and facts.visit_id is None:
        errors.append(f"走访类型“{facts.type_name}”已停用")
    left = facts.left_on
    if facts.member_status in ("transferred", "deceased") and not data.for_family and left is not None:
        if data.visit_date > left:
            status = MEMBER_STATUS_LABELS[facts.member_status]
            errors.append(
                f"{facts.member_name} 已于 {left} {status}，只能登记此前的走访；如是慰问其家属，请勾选“慰问家属”"
            )
    standard = standard_in_force(facts.standards, data.visit_date)
    more_errors, warnings = judge(
        standard,
        data.visit_date,
        data.money_fen,
        data.gift_value_fen,
        data.reason,
        list(facts.history),
        facts.type_name,
    )
    if data.money_fen and not facts.has_category:
        errors.append(f"走访类型“{facts.type_name}”没有设置经费科目，慰问金无法记账")
    return VisitCheck(errors + more_errors, warnings if data.status == "done" else [], standard)


def evaluate_in(session: Session, data: VisitInput, visit_id: int | None) -> VisitCheck:
    return judge_visit(read_facts_in(session, data.member_id, data.type_id, visit_id), data)


def check_visit(db: Database, data: VisitInput, visit_id: int | None = None) -> VisitCheck:
    """What the form shows: errors, warnings, and the standard in force."""
    with db.session() as s:
        return evaluate_in(s, data, visit_id)
