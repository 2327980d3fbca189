"""Reading a congress session (次): the sessions with the live quorum (who was in office on
the day, who signed in, who asked for leave), the sign-in list and the resolutions with
their results. Attendance keeps a row only for those marked: 出席 (present), 请假 and 缺席
(not present; a 缺席 note starts with ABSENT_MARK)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from unionapp.db.engine import Database
from unionapp.db.models import (
    CongressAttendance,
    CongressConstituency,
    CongressDelegate,
    CongressResolution,
    CongressSession,
    CongressTerm,
    Member,
    Proposal,
    UnionGroup,
)
from unionapp.domain import congress as rules
from unionapp.domain.congress import DELEGATE_CATEGORY_LABELS, fraction_text
from unionapp.services.congress_common import (
    LEFT_LABELS,
    chunks,
    in_office,
    load,
    pick_rule,
    rule_on_in,
    rules_in,
    serving,
)
from unionapp.services.groups import sheet_order

ABSENT_MARK = "缺席"
LEAVE_MARK = "请假"
STATE_LABELS = {"present": "出席", "leave": "请假", "absent": "缺席", "": "未签到"}


@dataclass(frozen=True)
class SessionRow:
    id: int
    term_id: int
    term_name: str
    number: int
    name: str
    session_date: date
    place: str
    agenda: str
    documents: str
    notes: str
    delegates: int  # in office on the session's date
    present: int
    on_leave: int
    unmarked: int
    quorum_needed: int
    quorum_met: bool
    quorum_text: str
    resolutions: int
    proposals: int
    version: int

    @property
    def title(self) -> str:
        """The session's name with its term's in front, unless the name already says it
        (the window proposes "第一届教职工代表大会第二次会议")."""
        return self.name if self.term_name in self.name else f"{self.term_name}{self.name}"


@dataclass(frozen=True)
class AttendanceRow:
    delegate_id: int
    member_id: int
    name: str
    gender: str | None
    group_name: str
    constituency_name: str
    category_label: str
    state: str  # present / leave / absent / "" (not marked)
    state_label: str
    note: str
    left_label: str


@dataclass(frozen=True)
class ResolutionRow:
    id: int
    session_id: int
    number: int
    title: str
    votes_for: int
    votes_against: int
    votes_abstain: int
    delegates: int  # in office at the vote
    present: int
    passed: bool
    result_label: str
    basis: str
    notes: str
    version: int


def attendance_state(present: bool, note: str) -> tuple[str, str]:
    """(state, the note as the user wrote it) of a stored sign-in."""
    if present:
        return "present", note
    for mark, state in ((ABSENT_MARK, "absent"), (LEAVE_MARK, "leave")):
        if note.startswith(mark):
            return state, note[len(mark) :].lstrip("：")
    return "leave", note


def quorum_text(delegates: int, present: int, rule: rules.CongressRule) -> str:
    """ "应到 52 人，实到 40 人，超过三分之二（至少 35 人），符合规定"."""
    if delegates == 0:
        return "这一天没有在任代表，无法开会"
    share = fraction_text(rule.quorum_num, rule.quorum_den)
    need = rules.quorum_needed(delegates, rule)
    if rules.quorum_met(present, delegates, rule):
        return f"应到 {delegates} 人，实到 {present} 人，超过{share}（至少 {need} 人），符合规定"
    return f"应到 {delegates} 人，实到 {present} 人，未超过{share}（至少需要 {need} 人），不符合规定"


def basis_text(votes_for: int, delegates: int, rule: rules.CongressRule) -> str:
    """ "赞成 30 票，超过全体代表 52 人的二分之一（至少 27 票）"."""
    share = fraction_text(rule.pass_num, rule.pass_den)
    need = rules.pass_needed(delegates, rule)
    if rules.passes(votes_for, delegates, rule):
        return f"赞成 {votes_for} 票，超过全体代表 {delegates} 人的{share}（至少 {need} 票）"
    return f"赞成 {votes_for} 票，未超过全体代表 {delegates} 人的{share}（至少需要 {need} 票）"


def below_quorum_text(present: int, delegates: int, rule: rules.CongressRule) -> str:
    share = fraction_text(rule.quorum_num, rule.quorum_den)
    need = rules.quorum_needed(delegates, rule)
    return (
        f"本次会议实到 {present} 人，未超过全体代表 {delegates} 人的{share}"
        f"（至少需要 {need} 人），不能表决决议{rule.named()}"
    )


def session_counts_in(session: Session, meeting: CongressSession) -> tuple[int, Counter]:
    """(delegates in office on the day, Counter of states among them)."""
    sitting = set(delegates_on(session, meeting.term_id, meeting.session_date))
    marks = session.execute(
        select(CongressAttendance.delegate_id, CongressAttendance.present, CongressAttendance.note).where(
            CongressAttendance.session_id == meeting.id
        )
    )
    states = Counter(attendance_state(p, n or "")[0] for d, p, n in marks if d in sitting)
    return len(sitting), states


def delegates_on(session: Session, term_id: int, day: date) -> list[int]:
    query = select(CongressDelegate.id).where(CongressDelegate.term_id == term_id, in_office(day))
    return list(session.scalars(query))


def session_rows_in(session: Session, meetings: list[CongressSession]) -> list[SessionRow]:
    """The sessions' rows: their terms' seats and their sign-ins read once for all."""
    if not meetings:
        return []
    ids = [m.id for m in meetings]
    term_ids = {m.term_id for m in meetings}
    terms = dict(session.execute(select(CongressTerm.id, CongressTerm.name).where(CongressTerm.id.in_(term_ids))).all())
    seats = session.execute(
        select(
            CongressDelegate.id, CongressDelegate.term_id, CongressDelegate.elected_on, CongressDelegate.ended_on
        ).where(CongressDelegate.term_id.in_(term_ids))
    ).all()
    marks: dict[int, dict[int, str]] = {}
    for part in chunks(ids):
        query = select(
            CongressAttendance.session_id,
            CongressAttendance.delegate_id,
            CongressAttendance.present,
            CongressAttendance.note,
        ).where(CongressAttendance.session_id.in_(part))
        for sid, did, present, note in session.execute(query):
            marks.setdefault(sid, {})[did] = attendance_state(present, note or "")[0]
    all_rules = rules_in(session)
    resolutions = _counts(session, CongressResolution.session_id, ids)
    proposals = _counts(session, Proposal.session_id, ids)
    rows = []
    for m in meetings:
        sitting = {d for d, t, e, x in seats if t == m.term_id and serving(e, x, m.session_date)}
        delegates = len(sitting)
        states = Counter(state for d, state in marks.get(m.id, {}).items() if d in sitting)
        rule = pick_rule(all_rules, m.session_date)
        present = states["present"]
        rows.append(
            SessionRow(
                m.id,
                m.term_id,
                terms.get(m.term_id, ""),
                m.number,
                m.name,
                m.session_date,
                m.place or "",
                m.agenda or "",
                m.documents or "",
                m.notes or "",
                delegates,
                present,
                states["leave"],
                delegates - sum(states.values()),
                rules.quorum_needed(delegates, rule),
                rules.quorum_met(present, delegates, rule),
                quorum_text(delegates, present, rule),
                resolutions.get(m.id, 0),
                proposals.get(m.id, 0),
                m.version,
            )
        )
    return rows


def _counts(session: Session, column, ids: list[int]) -> dict[int, int]:
    query = select(column, func.count()).where(column.in_(ids)).group_by(column)
    return dict(session.execute(query).all())


def list_sessions(db: Database, term_id: int | None = None) -> list[SessionRow]:
    """Newest first; every term's when `term_id` is None."""
    query = select(CongressSession).order_by(CongressSession.session_date.desc(), CongressSession.id.desc())
    if term_id is not None:
        query = query.where(CongressSession.term_id == term_id)
    with db.session() as s:
        return session_rows_in(s, list(s.scalars(query)))


def get_session(db: Database, session_id: int) -> SessionRow:
    with db.session() as s:
        return session_rows_in(s, [load(s, CongressSession, session_id, "session")])[0]


def next_session_number(db: Database, term_id: int) -> int:
    with db.session() as s:
        load(s, CongressTerm, term_id, "term")
        query = select(func.max(CongressSession.number)).where(CongressSession.term_id == term_id)
        return (s.scalar(query) or 0) + 1


def list_attendance(db: Database, session_id: int) -> list[AttendanceRow]:
    """Every delegate in office on the session's date, in the sheets' order (by group, then
    name), with their sign-in."""
    with db.session() as s:
        meeting = load(s, CongressSession, session_id, "session")
        query = (
            select(
                CongressDelegate.id,
                Member.id,
                Member.name,
                Member.gender,
                UnionGroup.name,
                CongressConstituency.name,
                CongressDelegate.category,
                CongressAttendance.present,
                CongressAttendance.note,
                Member.status,
            )
            .join(Member, Member.id == CongressDelegate.member_id)
            .outerjoin(UnionGroup, UnionGroup.id == Member.group_id)
            .outerjoin(CongressConstituency, CongressConstituency.id == CongressDelegate.constituency_id)
            .outerjoin(
                CongressAttendance,
                (CongressAttendance.delegate_id == CongressDelegate.id) & (CongressAttendance.session_id == session_id),
            )
            .where(CongressDelegate.term_id == meeting.term_id, in_office(meeting.session_date))
            .order_by(*sheet_order())
        )
        rows = []
        for did, mid, name, gender, group, place, category, present, note, status in s.execute(query):
            state, shown = attendance_state(present, note or "") if present is not None else ("", "")
            rows.append(
                AttendanceRow(
                    did,
                    mid,
                    name,
                    gender,
                    group or "",
                    place or "",
                    DELEGATE_CATEGORY_LABELS.get(category, category),
                    state,
                    STATE_LABELS[state],
                    shown,
                    LEFT_LABELS.get(status, ""),
                )
            )
        return rows


def resolution_row(r: CongressResolution, rule: rules.CongressRule) -> ResolutionRow:
    return ResolutionRow(
        r.id,
        r.session_id,
        r.number,
        r.title,
        r.votes_for,
        r.votes_against,
        r.votes_abstain,
        r.delegates,
        r.present,
        r.passed,
        "通过" if r.passed else "未通过",
        basis_text(r.votes_for, r.delegates, rule),
        r.notes or "",
        r.version,
    )


def list_resolutions(db: Database, session_id: int) -> list[ResolutionRow]:
    """By number."""
    with db.session() as s:
        meeting = load(s, CongressSession, session_id, "session")
        rule = rule_on_in(s, meeting.session_date)
        query = (
            select(CongressResolution)
            .where(CongressResolution.session_id == session_id)
            .order_by(CongressResolution.number)
        )
        return [resolution_row(r, rule) for r in s.scalars(query)]
