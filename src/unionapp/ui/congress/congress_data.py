"""What the 代表 and 会议 pages read, each part in one go on a worker thread: the terms, a
term's delegates with their make-up and seats, a term's sessions, one session's sign-in
and resolutions, and the roster the 添加代表 dialog picks from. Only plain rows cross to
the GUI thread."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from unionapp.db.engine import Database
from unionapp.domain.congress import CongressRule, Makeup
from unionapp.services import congress, members
from unionapp.services.congress import (
    AttendanceRow,
    ConstituencyRow,
    DelegateRow,
    ResolutionRow,
    SessionRow,
    TermRow,
)
from unionapp.services.members import MemberRow


@dataclass(frozen=True)
class Terms:
    terms: list[TermRow]  # newest first
    term_id: int | None  # the one to show: the one asked for if it is there, else the current one

    def term(self) -> TermRow | None:
        return next((t for t in self.terms if t.id == self.term_id), None)


@dataclass(frozen=True)
class TermData:
    """A term's delegates (ended ones too), its constituencies and its make-up."""

    terms: Terms
    delegates: list[DelegateRow]
    constituencies: list[ConstituencyRow]
    makeup: Makeup | None
    seat_warnings: list[str]


@dataclass(frozen=True)
class SessionsData:
    terms: Terms
    sessions: list[SessionRow]  # newest first


@dataclass(frozen=True)
class SessionDetail:
    session: SessionRow
    attendance: list[AttendanceRow]
    resolutions: list[ResolutionRow]
    rule: CongressRule  # in force on the session's day


def load_terms(db: Database, wanted: int | None, today: date) -> Terms:
    terms = congress.list_terms(db)
    if wanted is None or all(t.id != wanted for t in terms):
        wanted = congress.current_term_id(db, today)
    return Terms(terms, wanted)


def load_term(db: Database, wanted: int | None, today: date) -> TermData:
    terms = load_terms(db, wanted, today)
    term_id = terms.term_id
    if term_id is None:
        return TermData(terms, [], [], None, [])
    return TermData(
        terms,
        congress.list_delegates(db, term_id),
        congress.list_constituencies(db, term_id),
        congress.term_makeup(db, term_id),
        congress.seats_check(db, term_id),
    )


def load_sessions(db: Database, wanted: int | None, today: date) -> SessionsData:
    terms = load_terms(db, wanted, today)
    sessions = congress.list_sessions(db, terms.term_id) if terms.term_id is not None else []
    return SessionsData(terms, sessions)


def load_session(db: Database, session_id: int) -> SessionDetail:
    session = congress.get_session(db, session_id)
    return SessionDetail(
        session,
        congress.list_attendance(db, session_id),
        congress.list_resolutions(db, session_id),
        congress.rule_on(db, session.session_date),
    )


def load_roster(db: Database) -> list[MemberRow]:
    """The roster: staff in service are what 添加代表 and 补选替换 offer (`in_service`);
    all of it gives the sign-in search its pinyin."""
    return members.list_members(db)


def in_service(roster: list[MemberRow]) -> list[MemberRow]:
    return [m for m in roster if m.status == "active"]


def makeup_lines(makeup: Makeup | None, seat_warnings: list[str]) -> tuple[str, list[str]]:
    """The make-up line ("代表 52 人：一线教师 35（67.3%，规定不低于 60%）…") and the
    warnings shown in red under it (teachers below the rule, seats)."""
    if makeup is None:
        return "", []
    if makeup.total == 0:
        return "本届还没有在任代表", list(seat_warnings)
    line = (
        f"代表 {makeup.total} 人：一线教师 {makeup.teachers}（{makeup.share(makeup.teachers)}，"
        f"规定不低于 {makeup.teacher_share_pct}%），女 {makeup.women}（{makeup.share(makeup.women)}），"
        f"青年 {makeup.young}（{makeup.share(makeup.young)}）"
    )
    return line, makeup.warnings() + list(seat_warnings)
