"""Congress sessions (次) and their sign-in (签到): a session within its term, numbered
once in it; attendance marked 出席 / 请假 / 缺席 for delegates in office on the day, never
leaving a resolution already voted with more votes than those present or without a quorum."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session

from unionapp.db.engine import Database
from unionapp.db.models import (
    CongressAttendance,
    CongressDelegate,
    CongressResolution,
    CongressSession,
    CongressTerm,
    Member,
    Proposal,
)
from unionapp.domain import congress as rules
from unionapp.domain.congress import SESSION_TEXTS
from unionapp.domain.text import clean_text
from unionapp.services import audit
from unionapp.services.congress_common import (
    CongressError,
    blank,
    check_version,
    chunks,
    cleaned,
    left_before,
    load,
    member_facts,
    names_text,
    refuse,
    rule_on_in,
    whole,
    writing,
)
from unionapp.services.congress_reads import delegates_on_in
from unionapp.services.congress_session_reads import (
    ABSENT_MARK,
    LEAVE_MARK,
    STATE_LABELS,
    below_quorum_text,
    session_counts_in,
)
from unionapp.services.congress_terms import refresh_resolutions_in
from unionapp.services.errors import NotFoundError
from unionapp.services.spending_rules import required_reason

STATES = ("present", "leave", "absent", "clear")
NOTE_LIMIT = 90  # the column holds 100 with the 缺席/请假 mark


@dataclass(frozen=True)
class SessionInput:
    term_id: int
    number: int
    name: str
    session_date: date
    place: str = ""
    agenda: str = ""  # one item a line
    documents: str = ""  # one a line
    notes: str = ""


# ---------------------------------------------------------------- sessions


def _session_problems(session: Session, data: SessionInput, own_id: int | None) -> tuple[SessionInput, list[str]]:
    problems: list[str] = []
    if blank(data.name):
        problems.append("请填写会议名称（如“第三届教代会第二次会议”）")
    data = cleaned(data, SESSION_TEXTS, problems)
    term = session.get(CongressTerm, data.term_id)
    if term is None:
        raise NotFoundError("找不到这一届教代会，可能已被删除，请刷新。")
    if not whole(data.number) or not 1 <= data.number <= 999:
        problems.append("会议次数应是 1 到 999 之间的整数")
    elif session.scalar(
        select(CongressSession.id).where(
            CongressSession.term_id == term.id,
            CongressSession.number == data.number,
            CongressSession.id != (own_id or 0),
        )
    ):
        problems.append(f"{term.name}的第 {data.number} 次会议已经登记过了，请换一个次数")
    if not term.start_date <= data.session_date <= term.end_date:
        problems.append(
            f"会议日期 {data.session_date} 不在{term.name}的任期（{term.start_date} 至 {term.end_date}）之内"
        )
    return data, problems


def create_session(db: Database, data: SessionInput) -> int:
    with writing(db) as s:
        data, problems = _session_problems(s, data, None)
        refuse(problems)
        row = CongressSession(**asdict(data))
        s.add(row)
        s.flush()
        audit.record(
            s, "create", "congress_session", row.id, f"新建会议 {data.name}（{data.session_date}）", after=asdict(data)
        )
        return row.id


def update_session(db: Database, session_id: int, data: SessionInput, expected_version: int | None = None) -> None:
    """Change a session; a new date must keep everyone who signed in in office on it."""
    with writing(db) as s:
        row = load(s, CongressSession, session_id, "session")
        check_version(s, row, expected_version, f"会议“{row.name}”", "congress_session", asdict(data))
        data, problems = _session_problems(s, data, session_id)
        if data.term_id != row.term_id and _has_records(s, session_id):
            problems.append("这次会议已有签到、决议或提案，不能改到另一届")
        elif data.session_date != row.session_date:
            problems += _signed_not_serving(s, session_id, row.term_id, data.session_date)
        refuse(problems)
        before = {k: getattr(row, k) for k in asdict(data)}
        for key, value in asdict(data).items():
            setattr(row, key, value)
        s.flush()
        refresh_resolutions_in(s, row.term_id)
        changed = {k for k, v in asdict(data).items() if before[k] != v}
        audit.record(
            s,
            "update",
            "congress_session",
            session_id,
            f"修改会议 {data.name}",
            before={k: before[k] for k in changed},
            after={k: getattr(data, k) for k in changed},
        )


def _has_records(session: Session, session_id: int) -> bool:
    return any(
        session.scalar(select(func.count()).where(column == session_id))
        for column in (CongressAttendance.session_id, CongressResolution.session_id, Proposal.session_id)
    )


def _signed_not_serving(session: Session, session_id: int, term_id: int, day: date) -> list[str]:
    signed = set(
        session.scalars(select(CongressAttendance.delegate_id).where(CongressAttendance.session_id == session_id))
    )
    serving = set(delegates_on_in(session, term_id, day))
    outside = _names(session, signed - serving)
    if outside:
        return [f"{names_text(outside)}在 {day} 不是在任代表，但已有签到记录；请先清除他们的签到或核对日期"]
    return []


def _names(session: Session, delegate_ids: set[int]) -> list[str]:
    names: list[str] = []
    for part in chunks(delegate_ids):
        query = (
            select(Member.name)
            .join(CongressDelegate, CongressDelegate.member_id == Member.id)
            .where(CongressDelegate.id.in_(part))
        )
        names += session.scalars(query)
    return sorted(names)


def delete_session(db: Database, session_id: int, reason: str) -> None:
    """Delete a session entered by mistake, its sign-in and resolutions with it; one with
    proposals keeps them: those must go first."""
    reason = _reason(reason, "删除会议")
    with writing(db) as s:
        row = load(s, CongressSession, session_id, "session")
        proposals = s.scalar(select(func.count(Proposal.id)).where(Proposal.session_id == session_id)) or 0
        if proposals:
            raise CongressError([f"这次会议有 {proposals} 件提案，请先删除或移走本次会议的提案"])
        before = {k: getattr(row, k) for k in ("term_id", "number", "name", "session_date", "place")}
        for table in (CongressAttendance, CongressResolution):
            s.execute(delete(table).where(table.session_id == session_id))
        s.delete(row)
        audit.record(s, "delete", "congress_session", session_id, f"删除会议 {row.name}：{reason}", before=before)


def _reason(reason: str, action: str) -> str:
    try:
        return required_reason(reason, action)
    except Exception as err:  # the spending rules' own refusal, said again as ours
        raise CongressError([str(err)]) from err


# ---------------------------------------------------------------- attendance


def set_attendance(db: Database, session_id: int, delegate_ids: list[int], state: str, note: str = "") -> None:
    """Mark delegates 出席 / 请假 / 缺席, or clear their mark; all or none."""
    if state not in STATES:
        raise ValueError(state)
    with writing(db) as s:
        meeting = load(s, CongressSession, session_id, "session")
        wanted = set(delegate_ids)
        problems: list[str] = []
        try:
            note = clean_text(note, "签到备注", NOTE_LIMIT).strip()
        except Exception as err:  # TextError with its own message
            problems.append(str(err))
        if state == "present" and meeting.session_date > date.today():
            problems.append(f"会议还没有召开（{meeting.session_date}），到那天再登记出席")
        outside = wanted - set(delegates_on_in(s, meeting.term_id, meeting.session_date))
        if state == "present":
            problems += _left_school(s, wanted - outside, meeting.session_date)
        if outside:
            names = _names(s, outside)
            gone = len(outside) - len(names)
            who = names_text(names) + (f"及另外 {gone} 人（已被删除）" if gone and names else "")
            problems.append(f"{who or '所选的人'}在会议日期 {meeting.session_date} 不是在任代表，不能签到")
        refuse(problems)
        if not wanted:
            return
        before = _states(s, session_id)
        for part in chunks(wanted):
            s.execute(
                delete(CongressAttendance).where(
                    CongressAttendance.session_id == session_id, CongressAttendance.delegate_id.in_(part)
                )
            )
        if state != "clear" and wanted:
            stored = _stored_note(state, note)
            s.execute(
                insert(CongressAttendance),
                [
                    {"session_id": session_id, "delegate_id": d, "present": state == "present", "note": stored}
                    for d in wanted
                ],
            )
        s.flush()
        _check_votes_still_fit(s, meeting)
        refresh_resolutions_in(s, meeting.term_id)
        after = _states(s, session_id)
        label = "清除签到" if state == "clear" else f"登记{STATE_LABELS[state]}"
        audit.record(
            s,
            "update",
            "congress_session",
            session_id,
            f"{meeting.name}{label} {len(wanted)} 人",
            before=before,
            after=after | ({"note": note} if note else {}),
        )


def _left_school(session: Session, delegate_ids: set[int], day: date) -> list[str]:
    """Delegates whose seat was never ended but who had left the school (调出, 去世,
    退休) before the session cannot have been there: say who, and what to do."""
    members: dict[int, int] = {}
    for part in chunks(delegate_ids):
        query = select(CongressDelegate.member_id, CongressDelegate.id).where(CongressDelegate.id.in_(part))
        members.update(dict(session.execute(query).all()))
    facts = member_facts(session, members)
    gone = left_before(session, facts, day)
    if not gone:
        return []
    who = names_text([f"{facts[m][0]} {gone[m]}" for m in sorted(gone, key=lambda m: facts[m][0])])
    return [f"{who}，在会议日期 {day} 之前已离开本校，不能登记出席；请先在“代表”页结束其代表任期"]


def _stored_note(state: str, note: str) -> str:
    if state == "absent":
        return f"{ABSENT_MARK}：{note}" if note else ABSENT_MARK
    if state == "leave" and note.startswith((ABSENT_MARK, LEAVE_MARK)):
        return f"{LEAVE_MARK}：{note}"  # read back as 请假, not as 缺席
    return note


def _states(session: Session, session_id: int) -> dict:
    rows = session.execute(
        select(CongressAttendance.present, func.count())
        .where(CongressAttendance.session_id == session_id)
        .group_by(CongressAttendance.present)
    ).all()
    counts = dict(rows)
    return {"出席": counts.get(True, 0), "请假或缺席": counts.get(False, 0)}


def _check_votes_still_fit(session: Session, meeting: CongressSession) -> None:
    """A sign-in changed after the votes must not leave a resolution with more votes than
    delegates present, nor a session that voted without a quorum."""
    votes = session.execute(
        select(
            CongressResolution.title,
            CongressResolution.votes_for + CongressResolution.votes_against + CongressResolution.votes_abstain,
        )
        .where(CongressResolution.session_id == meeting.id)
        .order_by(CongressResolution.number)
    ).all()
    if not votes:
        return
    delegates, states = session_counts_in(session, meeting)
    present = states["present"]
    problems = [
        f"决议“{title}”的表决票数合计 {total} 超过了实到代表 {present} 人" for title, total in votes if total > present
    ]
    rule = rule_on_in(session, meeting.session_date)
    if not rules.quorum_met(present, delegates, rule):
        problems.append(below_quorum_text(present, delegates, rule).replace("不能表决决议", "而本次会议已有表决的决议"))
    if problems:
        raise CongressError([*problems, "请先核对或删除决议，再更改签到"])
