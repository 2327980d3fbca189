"""Reading handouts: the list of a year, one handout's recipients, who a rule picks, and
what one member received. Plain frozen rows; no writes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import extract, func, select
from sqlalchemy.orm import Session

from unionapp.db.engine import Database
from unionapp.db.models import FundCategory, Handout, HandoutRecipient, Member, UnionGroup
from unionapp.domain.handouts import RULE_LABELS, rule_text
from unionapp.services.groups import sheet_order


@dataclass(frozen=True)
class HandoutRow:
    id: int
    year: int
    name: str
    kind: str
    handout_date: date
    status: str
    value_kind: str
    item: str
    value_fen: int  # per person, the usual amount
    category_id: int | None
    category_name: str
    rule: str
    rule_text: str
    recipients: int
    total_fen: int
    approver: str
    approval_no: str
    handler: str
    warnings: str
    warning_reason: str
    notes: str
    version: int


@dataclass(frozen=True)
class RecipientRow:
    id: int
    member_id: int
    name: str
    gender: str | None
    group_id: int | None
    group_name: str  # "" when the member has no group
    member_status: str
    value_fen: int
    note: str


@dataclass(frozen=True)
class ReceivedRow:
    """One handout a member received (their history)."""

    handout_id: int
    handout_date: date
    name: str
    kind: str
    value_kind: str
    item: str
    value_fen: int


def _totals(session: Session, ids: list[int]) -> dict[int, tuple[int, int]]:
    if not ids:
        return {}
    rows = session.execute(
        select(HandoutRecipient.handout_id, func.count(), func.sum(HandoutRecipient.value_fen))
        .where(HandoutRecipient.handout_id.in_(ids))
        .group_by(HandoutRecipient.handout_id)
    )
    return {hid: (count, total or 0) for hid, count, total in rows}


def _handout_row(session: Session, h: Handout, totals: tuple[int, int], names: dict) -> HandoutRow:
    group = names["groups"].get(h.rule_group_id, "")
    other = names["handouts"].get(h.rule_handout_id, "")
    return HandoutRow(
        id=h.id,
        year=h.year,
        name=h.name,
        kind=h.kind,
        handout_date=h.handout_date,
        status=h.status,
        value_kind=h.value_kind,
        item=h.item,
        value_fen=h.value_fen,
        category_id=h.category_id,
        category_name=names["categories"].get(h.category_id, ""),
        rule=h.rule,
        rule_text=rule_text(h.rule, h.rule_month, group, other) if h.rule in RULE_LABELS else h.rule,
        recipients=totals[0],
        total_fen=totals[1],
        approver=h.approver,
        approval_no=h.approval_no,
        handler=h.handler,
        warnings=h.warnings,
        warning_reason=h.warning_reason,
        notes=h.notes,
        version=h.version,
    )


def _names(session: Session) -> dict:
    return {
        "groups": dict(session.execute(select(UnionGroup.id, UnionGroup.name)).all()),
        "categories": dict(session.execute(select(FundCategory.id, FundCategory.name)).all()),
        "handouts": dict(session.execute(select(Handout.id, Handout.name)).all()),
    }


def handout_rows_in(session: Session, handouts: list[Handout]) -> list[HandoutRow]:
    totals = _totals(session, [h.id for h in handouts])
    names = _names(session)
    return [_handout_row(session, h, totals.get(h.id, (0, 0)), names) for h in handouts]


def list_handouts(db: Database, year: int | None = None) -> list[HandoutRow]:
    """A year's handouts (all years when None), newest first."""
    with db.session() as s:
        query = select(Handout).order_by(Handout.handout_date.desc(), Handout.id.desc())
        if year is not None:
            query = query.where(Handout.year == year)
        return handout_rows_in(s, list(s.scalars(query)))


def handout_years(db: Database) -> list[int]:
    with db.session() as s:
        return sorted(s.scalars(select(Handout.year).distinct()), reverse=True)


def get_handout(db: Database, handout_id: int) -> HandoutRow:
    from unionapp.services.errors import NotFoundError

    with db.session() as s:
        h = s.get(Handout, handout_id)
        if h is None:
            raise NotFoundError("找不到这次发放，可能已被删除，请刷新。")
        return handout_rows_in(s, [h])[0]


def recipients_in(session: Session, handout_id: int) -> list[RecipientRow]:
    """The list in the order sheets print it: by group (the groups' order), then name."""
    query = (
        select(
            HandoutRecipient.id,
            Member.id,
            Member.name,
            Member.gender,
            Member.group_id,
            UnionGroup.name,
            Member.status,
            HandoutRecipient.value_fen,
            HandoutRecipient.note,
        )
        .join(Member, Member.id == HandoutRecipient.member_id)
        .outerjoin(UnionGroup, UnionGroup.id == Member.group_id)
        .where(HandoutRecipient.handout_id == handout_id)
        .order_by(*sheet_order())
    )
    return [RecipientRow(*row[:5], row[5] or "", *row[6:]) for row in session.execute(query)]


def list_recipients(db: Database, handout_id: int) -> list[RecipientRow]:
    with db.session() as s:
        return recipients_in(s, handout_id)


def pick_in(
    session: Session,
    rule: str,
    on: date,
    month: int | None = None,
    group_id: int | None = None,
    handout_id: int | None = None,
) -> list[int]:
    """The member ids a rule picks on a date (the handout's), in the sheets' order."""
    if rule not in RULE_LABELS:
        raise ValueError(rule)
    if rule == "manual":
        return []
    if rule == "handout":
        listed = select(HandoutRecipient.member_id).where(HandoutRecipient.handout_id == handout_id)
        query = select(Member.id).where(Member.id.in_(listed))
    else:
        status = "retired" if rule == "retirees" else "active"
        query = select(Member.id).where(Member.status == status, Member.is_union_member.is_(True))
        if rule == "women":
            query = query.where(Member.gender == "F")
        elif rule == "birth_month":
            query = query.where(extract("month", Member.birth_date) == (month or on.month))
        elif rule == "group":
            query = query.where(Member.group_id == group_id)
    query = query.outerjoin(UnionGroup, UnionGroup.id == Member.group_id).order_by(*sheet_order())
    return list(session.scalars(query))


def pick_recipients(
    db: Database,
    rule: str,
    on: date,
    month: int | None = None,
    group_id: int | None = None,
    handout_id: int | None = None,
) -> list[int]:
    with db.session() as s:
        return pick_in(s, rule, on, month, group_id, handout_id)


def member_handouts(db: Database, member_id: int) -> list[ReceivedRow]:
    """What one member received in issued handouts, newest first (their history)."""
    with db.session() as s:
        query = (
            select(
                Handout.id,
                Handout.handout_date,
                Handout.name,
                Handout.kind,
                Handout.value_kind,
                Handout.item,
                HandoutRecipient.value_fen,
            )
            .join(HandoutRecipient, HandoutRecipient.handout_id == Handout.id)
            .where(HandoutRecipient.member_id == member_id, Handout.status == "issued")
            .order_by(Handout.handout_date.desc(), Handout.id.desc())
        )
        return [ReceivedRow(*row) for row in s.execute(query)]
