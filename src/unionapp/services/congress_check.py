"""`unionapp check` for the staff congress (教代会): the records the services derive or
guard, read back and judged again. A resolution's stored counts and result must follow
from the sign-in and the rule in force on the session's day; a sign-in, a proposer and a
co-signer must be delegates of the session's term; reply rounds run 1..n and only an
unsatisfied answer opens the next one. Everything is read once (a few queries), so the
check stays quick with hundreds of delegates and proposals."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from unionapp.db.models import (
    CongressAttendance,
    CongressDelegate,
    CongressResolution,
    CongressSession,
    Member,
    Proposal,
    ProposalCosigner,
    ProposalReply,
)
from unionapp.domain import congress as rules
from unionapp.services.congress_common import pick_rule, rules_in, serving


@dataclass(frozen=True)
class _Seat:
    term_id: int
    name: str
    elected_on: date
    ended_on: date | None


def congress_problems(session: Session) -> list[str]:
    """Every inconsistency in the congress's records, in Chinese (empty when sound)."""
    seats = _seats(session)
    meetings = {m.id: m for m in session.scalars(select(CongressSession))}
    problems = _attendance_problems(session, meetings, seats)
    problems += _resolution_problems(session, meetings, seats)
    problems += _proposal_problems(session, meetings, seats)
    problems += _reply_problems(session, meetings)
    return problems


def _seats(session: Session) -> dict[int, _Seat]:
    query = select(
        CongressDelegate.id,
        CongressDelegate.term_id,
        Member.name,
        CongressDelegate.elected_on,
        CongressDelegate.ended_on,
    ).join(Member, Member.id == CongressDelegate.member_id, isouter=True)
    return {d: _Seat(t, name or f"代表 {d}", e, x) for d, t, name, e, x in session.execute(query)}


def _sitting(meeting: CongressSession, seats: dict[int, _Seat]) -> set[int]:
    """Delegates of the session's term in office on its day."""
    day = meeting.session_date
    return {d for d, s in seats.items() if s.term_id == meeting.term_id and serving(s.elected_on, s.ended_on, day)}


def _attendance_problems(session: Session, meetings: dict, seats: dict[int, _Seat]) -> list[str]:
    problems = []
    sitting: dict[int, set[int]] = {}
    query = select(CongressAttendance.session_id, CongressAttendance.delegate_id).order_by(
        CongressAttendance.session_id, CongressAttendance.delegate_id
    )
    for session_id, delegate_id in session.execute(query):
        meeting = meetings.get(session_id)
        if meeting is None:  # a file edited with its foreign keys off
            problems.append(f"已删除的会议（编号 {session_id}）仍有签到记录")
            continue
        if session_id not in sitting:
            sitting[session_id] = _sitting(meeting, seats)
        if delegate_id not in sitting[session_id]:
            who = seats[delegate_id].name if delegate_id in seats else f"代表记录 {delegate_id}（已删除）"
            problems.append(f"{meeting.name}的签到：{who}在会议日期 {meeting.session_date} 不是本届在任代表")
    return problems


def _resolution_problems(session: Session, meetings: dict, seats: dict[int, _Seat]) -> list[str]:
    """Each stored result against one recomputed from the sign-in and the dated rule."""
    newest_first = rules_in(session)
    present_marks: dict[int, set[int]] = defaultdict(set)
    query = select(CongressAttendance.session_id, CongressAttendance.delegate_id).where(
        CongressAttendance.present.is_(True)
    )
    for session_id, delegate_id in session.execute(query):
        present_marks[session_id].add(delegate_id)
    problems = []
    counted: dict[int, tuple[int, int]] = {}
    query = select(CongressResolution).order_by(CongressResolution.session_id, CongressResolution.number)
    for r in session.scalars(query):
        meeting = meetings.get(r.session_id)
        if meeting is None:
            problems.append(f"已删除的会议（编号 {r.session_id}）仍有决议“{r.title}”")
            continue
        if meeting.id not in counted:
            sitting = _sitting(meeting, seats)
            counted[meeting.id] = (len(sitting), len(present_marks[meeting.id] & sitting))
        delegates, present = counted[meeting.id]
        passed = rules.passes(r.votes_for, delegates, pick_rule(newest_first, meeting.session_date))
        wrong = _differences(r, delegates, present, passed)
        if wrong:
            problems.append(f"{meeting.name}决议“{r.title}”：{'，'.join(wrong)}（按签到和当日规则重算）")
    return problems


def _differences(r: CongressResolution, delegates: int, present: int, passed: bool) -> list[str]:
    def result(value: bool) -> str:
        return "通过" if value else "未通过"

    wrong = []
    if r.delegates != delegates:
        wrong.append(f"记录的应到 {r.delegates} 人，应为 {delegates} 人")
    if r.present != present:
        wrong.append(f"记录的实到 {r.present} 人，应为 {present} 人")
    if bool(r.passed) != passed:
        wrong.append(f"记录为{result(r.passed)}，应为{result(passed)}")
    return wrong


def _proposal_problems(session: Session, meetings: dict, seats: dict[int, _Seat]) -> list[str]:
    cosigners: dict[int, list[int]] = defaultdict(list)
    for proposal_id, delegate_id in session.execute(
        select(ProposalCosigner.proposal_id, ProposalCosigner.delegate_id).order_by(ProposalCosigner.delegate_id)
    ):
        cosigners[proposal_id].append(delegate_id)
    problems = []
    query = select(Proposal.id, Proposal.session_id, Proposal.number, Proposal.title, Proposal.proposer_id)
    for pid, session_id, number, title, proposer in session.execute(
        query.order_by(Proposal.session_id, Proposal.number)
    ):
        meeting = meetings.get(session_id)
        if meeting is None:
            problems.append(f"已删除的会议（编号 {session_id}）仍有提案“{title}”")
            continue
        strangers = [("提案人", proposer)] if not _of_term(proposer, meeting, seats) else []
        strangers += [("附议人", d) for d in cosigners[pid] if not _of_term(d, meeting, seats)]
        for role, delegate_id in strangers:
            who = seats[delegate_id].name if delegate_id in seats else f"代表记录 {delegate_id}（已删除）"
            problems.append(f"{meeting.name}第 {number} 号提案“{title}”：{role}{who}不是本届代表")
    return problems


def _of_term(delegate_id: int, meeting: CongressSession, seats: dict[int, _Seat]) -> bool:
    seat = seats.get(delegate_id)
    return seat is not None and seat.term_id == meeting.term_id


def _reply_problems(session: Session, meetings: dict) -> list[str]:
    """Rounds 1..n without gaps; every round before the last has the proposer's answer, and
    that answer was 不满意 (only that opens another round)."""
    rounds: dict[int, list[tuple[int, str]]] = defaultdict(list)
    query = select(ProposalReply.proposal_id, ProposalReply.round, ProposalReply.feedback).order_by(
        ProposalReply.proposal_id, ProposalReply.round
    )
    for proposal_id, number, feedback in session.execute(query):
        rounds[proposal_id].append((number, feedback or ""))
    if not rounds:
        return []
    names = {
        pid: f"{meetings[sid].name if sid in meetings else '已删除的会议'}第 {n} 号提案“{t}”"
        for pid, sid, n, t in session.execute(select(Proposal.id, Proposal.session_id, Proposal.number, Proposal.title))
    }
    problems = []
    for proposal_id, replies in rounds.items():
        label = names.get(proposal_id, f"已删除的提案 {proposal_id}")
        numbers = [n for n, _f in replies]
        if numbers != list(range(1, len(numbers) + 1)):
            shown = "、".join(str(n) for n in numbers)
            problems.append(f"{label}：答复轮次为第 {shown} 轮，应从第 1 轮起连续编号")
        for number, feedback in replies[:-1]:
            if not feedback:
                problems.append(f"{label}：第 {number} 轮答复还没有提案人意见，却已有下一轮答复")
            elif feedback != "unsatisfied":
                label_text = rules.FEEDBACK_LABELS.get(feedback, feedback)
                problems.append(f"{label}：第 {number} 轮答复提案人已{label_text}，不应再有下一轮答复")
    return problems
