"""Reading the staff congress: rules, terms, constituencies, delegates (with the make-up
and seat checks), sessions with their live quorum, attendance and resolutions. Each list is
a few queries whatever its length: names and groups come joined, counts grouped."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from unionapp.db.engine import Database
from unionapp.db.models import (
    CongressConstituency,
    CongressDelegate,
    CongressSession,
    CongressTerm,
    Member,
    UnionGroup,
)
from unionapp.domain import congress as rules
from unionapp.domain.congress import DELEGATE_CATEGORY_LABELS, Makeup, is_young
from unionapp.services.congress_common import (
    LEFT_LABELS,
    in_office,
    load,
    rule_on_in,
    rules_in,
    serving,
)
from unionapp.services.congress_session_reads import (
    AttendanceRow,
    ResolutionRow,
    SessionRow,
    get_session,
    list_attendance,
    list_resolutions,
    list_sessions,
    next_session_number,
    resolution_row,
    session_rows_in,
)

__all__ = [
    "AttendanceRow",
    "ConstituencyRow",
    "DelegateRow",
    "ResolutionRow",
    "SessionRow",
    "TermRow",
    "current_term_id",
    "delegates_on_in",
    "get_session",
    "get_term",
    "list_attendance",
    "list_congress_rules",
    "list_constituencies",
    "list_delegates",
    "list_resolutions",
    "list_sessions",
    "list_terms",
    "next_session_number",
    "resolution_row",
    "rule_on",
    "seats_check",
    "session_rows_in",
    "term_makeup",
]


@dataclass(frozen=True)
class TermRow:
    id: int
    number: int
    name: str
    start_date: date
    end_date: date
    notes: str
    delegates: int  # in office today, or on the end date once the term is over
    sessions: int
    version: int


@dataclass(frozen=True)
class ConstituencyRow:
    id: int
    term_id: int
    name: str
    group_id: int | None
    group_name: str
    seats: int
    delegates: int  # in office today, clipped to the term


@dataclass(frozen=True)
class DelegateRow:
    id: int
    term_id: int
    member_id: int
    name: str
    gender: str | None
    birth_date: date | None
    group_id: int | None
    group_name: str
    department: str
    title: str
    constituency_id: int | None
    constituency_name: str
    category: str
    category_label: str
    elected_on: date
    ended_on: date | None
    end_reason: str
    replaces_id: int | None
    replaces_name: str
    replaced_by_name: str
    note: str
    member_status: str
    left_label: str  # "" / 已调出 / 已去世 / 已退休
    in_office: bool  # on the day asked
    young: bool
    version: int


def list_congress_rules(db: Database) -> list[rules.CongressRule]:
    with db.session() as s:
        return rules_in(s)


def rule_on(db: Database, day: date) -> rules.CongressRule:
    with db.session() as s:
        return rule_on_in(s, day)


def term_day(term: CongressTerm, on: date | None = None) -> date:
    """The day a term's figures are taken: `on` (default today) clipped to the term."""
    day = on or date.today()
    return min(max(day, term.start_date), term.end_date)


def _term_rows_in(session: Session, terms: list[CongressTerm]) -> list[TermRow]:
    ids = [t.id for t in terms]
    if not ids:
        return []
    seats = session.execute(
        select(CongressDelegate.term_id, CongressDelegate.elected_on, CongressDelegate.ended_on).where(
            CongressDelegate.term_id.in_(ids)
        )
    ).all()
    sessions = dict(
        session.execute(
            select(CongressSession.term_id, func.count())
            .where(CongressSession.term_id.in_(ids))
            .group_by(CongressSession.term_id)
        ).all()
    )
    rows = []
    for t in terms:
        day = term_day(t)
        sitting = sum(1 for tid, e, x in seats if tid == t.id and serving(e, x, day))
        rows.append(
            TermRow(
                t.id, t.number, t.name, t.start_date, t.end_date, t.notes, sitting, sessions.get(t.id, 0), t.version
            )
        )
    return rows


def list_terms(db: Database) -> list[TermRow]:
    """Newest first."""
    with db.session() as s:
        terms = list(s.scalars(select(CongressTerm).order_by(CongressTerm.start_date.desc(), CongressTerm.id.desc())))
        return _term_rows_in(s, terms)


def get_term(db: Database, term_id: int) -> TermRow:
    with db.session() as s:
        return _term_rows_in(s, [load(s, CongressTerm, term_id, "term")])[0]


def current_term_id(db: Database, on: date | None = None) -> int | None:
    """The term containing `on` (default today), else the newest, else None."""
    day = on or date.today()
    with db.session() as s:
        holding = s.scalar(
            select(CongressTerm.id)
            .where(CongressTerm.start_date <= day, CongressTerm.end_date >= day)
            .order_by(CongressTerm.start_date.desc())
            .limit(1)
        )
        if holding is not None:
            return holding
        return s.scalar(select(CongressTerm.id).order_by(CongressTerm.start_date.desc()).limit(1))


def _constituencies_in(session: Session, term_id: int) -> list[tuple]:
    """(id, name, group_id, group_name, seats) in the groups' sheet order (no group last)."""
    query = (
        select(
            CongressConstituency.id,
            CongressConstituency.name,
            CongressConstituency.group_id,
            UnionGroup.name,
            CongressConstituency.seats,
        )
        .outerjoin(UnionGroup, UnionGroup.id == CongressConstituency.group_id)
        .where(CongressConstituency.term_id == term_id)
        .order_by(
            UnionGroup.sort_order.is_(None),
            UnionGroup.sort_order,
            UnionGroup.name,
            CongressConstituency.name,
            CongressConstituency.id,
        )
    )
    return [tuple(r) for r in session.execute(query)]


def list_constituencies(db: Database, term_id: int) -> list[ConstituencyRow]:
    with db.session() as s:
        term = load(s, CongressTerm, term_id, "term")
        day = term_day(term)
        counts = dict(
            s.execute(
                select(CongressDelegate.constituency_id, func.count())
                .where(CongressDelegate.term_id == term_id, in_office(day))
                .group_by(CongressDelegate.constituency_id)
            ).all()
        )
        return [
            ConstituencyRow(cid, term_id, name, gid, gname or "", seats, counts.get(cid, 0))
            for cid, name, gid, gname, seats in _constituencies_in(s, term_id)
        ]


def delegate_rows_in(session: Session, term: CongressTerm, day: date) -> list[DelegateRow]:
    """Every delegate of the term, ordered by constituency (sheet order), then name."""
    places = {row[0]: (i, row[1]) for i, row in enumerate(_constituencies_in(session, term.id))}
    rule = rule_on_in(session, term.start_date)
    query = (
        select(CongressDelegate, Member.name, Member.gender, Member.birth_date, Member.group_id)
        .add_columns(UnionGroup.name, Member.department, Member.title, Member.status, Member.sort_key)
        .join(Member, Member.id == CongressDelegate.member_id)
        .outerjoin(UnionGroup, UnionGroup.id == Member.group_id)
        .where(CongressDelegate.term_id == term.id)
    )
    found = session.execute(query).all()
    names = {d.id: name for d, name, *_rest in found}
    replaced_by = {d.replaces_id: name for d, name, *_rest in found if d.replaces_id is not None}
    ordered = sorted(
        found,
        key=lambda r: (places.get(r[0].constituency_id, (len(places), ""))[0], r[9] or "", r[0].id),
    )
    rows = []
    for d, name, gender, birth, group_id, group_name, department, title, status, _key in ordered:
        rows.append(
            DelegateRow(
                d.id,
                d.term_id,
                d.member_id,
                name,
                gender,
                birth,
                group_id,
                group_name or "",
                department or "",
                title or "",
                d.constituency_id,
                places.get(d.constituency_id, (0, ""))[1],
                d.category,
                DELEGATE_CATEGORY_LABELS.get(d.category, d.category),
                d.elected_on,
                d.ended_on,
                d.end_reason or "",
                d.replaces_id,
                names.get(d.replaces_id, "") if d.replaces_id else "",
                replaced_by.get(d.id, ""),
                d.note or "",
                status,
                LEFT_LABELS.get(status, ""),
                serving(d.elected_on, d.ended_on, day),
                is_young(birth, term.start_date, rule.young_age),
                d.version,
            )
        )
    return rows


def list_delegates(db: Database, term_id: int, on: date | None = None, include_ended: bool = True) -> list[DelegateRow]:
    """The term's delegates; `in_office` on `on` (default today, clipped to the term).
    `include_ended=False` keeps only those in office that day."""
    with db.session() as s:
        term = load(s, CongressTerm, term_id, "term")
        rows = delegate_rows_in(s, term, term_day(term, on))
    return rows if include_ended else [r for r in rows if r.in_office]


def delegates_on_in(session: Session, term_id: int, day: date) -> list[int]:
    """Ids of the term's delegates in office on `day`."""
    query = select(CongressDelegate.id).where(CongressDelegate.term_id == term_id, in_office(day))
    return list(session.scalars(query.order_by(CongressDelegate.id)))


def term_makeup(db: Database, term_id: int, on: date | None = None) -> Makeup:
    """Who the delegates in office are: teachers, women, young staff against the rule."""
    with db.session() as s:
        term = load(s, CongressTerm, term_id, "term")
        rule = rule_on_in(s, term.start_date)
        query = (
            select(CongressDelegate.category, Member.gender, Member.birth_date)
            .join(Member, Member.id == CongressDelegate.member_id)
            .where(CongressDelegate.term_id == term_id, in_office(term_day(term, on)))
        )
        people = s.execute(query).all()
    return Makeup(
        total=len(people),
        teachers=sum(1 for c, _g, _b in people if c == "teacher"),
        women=sum(1 for _c, g, _b in people if g == "F"),
        young=sum(1 for _c, _g, b in people if is_young(b, term.start_date, rule.young_age)),
        teacher_share_pct=rule.teacher_share_pct,
    )


def seats_check(db: Database, term_id: int) -> list[str]:
    """Constituencies with more or fewer delegates in office than their seats."""
    warnings = []
    for c in list_constituencies(db, term_id):
        if c.seats and c.delegates > c.seats:
            warnings.append(
                f"选区“{c.name}”名额 {c.seats} 人，在任代表 {c.delegates} 人，超出 {c.delegates - c.seats} 人"
            )
        elif c.delegates < c.seats:
            warnings.append(
                f"选区“{c.name}”名额 {c.seats} 人，在任代表 {c.delegates} 人，还缺 {c.seats - c.delegates} 人"
            )
    return warnings
