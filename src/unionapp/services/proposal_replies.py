"""The replies to a proposal (提案) and the proposer's feedback, round by round: an office
replies, the proposer says 满意 / 基本满意 / 不满意, and 不满意 opens the next round with a new
due date. Each step can be taken back (entered by mistake). `services.proposals`
re-exports these names."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from unionapp.db.engine import Database
from unionapp.db.models import AuditEntry, Proposal, ProposalReply
from unionapp.domain.congress import FEEDBACK_LABELS, REPLY_TEXTS, SCREEN_TEXTS
from unionapp.domain.text import clean_fields, clean_text
from unionapp.services import audit
from unionapp.services.congress_common import CongressError, writing
from unionapp.services.proposal_reads import latest_reply_in, proposal_in


@dataclass(frozen=True)
class ReplyInput:
    replied_on: date
    reply: str
    office: str = ""  # "": the proposal's office


def describe(p: Proposal) -> str:
    return f"第 {p.number} 号提案“{p.title}”"


def date_after_today(day: date, label: str) -> list[str]:
    today = date.today()
    return [f"{label} {day} 晚于今天（{today}），请核对"] if day > today else []


def add_reply(db: Database, proposal_id: int, data: ReplyInput) -> None:
    """The office's reply to the current round."""
    with writing(db) as s:
        add_reply_in(s, proposal_id, data)


def add_reply_in(session: Session, proposal_id: int, data: ReplyInput) -> None:
    proposal = proposal_in(session, proposal_id)
    latest = latest_reply_in(session, proposal_id)
    problems: list[str] = []
    texts = clean_fields(data, {"reply": REPLY_TEXTS["reply"], "office": SCREEN_TEXTS["office"]}, problems)
    if "reply" in texts and not texts["reply"]:
        problems.append("请填写答复内容")
    if proposal.status == "submitted":
        problems.append("这条提案还没有审查，立案后才能登记答复")
    elif proposal.status == "rejected" or (proposal.status == "converted" and not proposal.office):
        problems.append("这条提案没有立案（也没有交承办部门），不需要登记答复")
    if latest is not None and not latest.feedback:
        problems.append(f"第 {latest.round} 轮答复还在等提案人反馈，请先登记反馈（或撤回那条答复）")
    elif latest is not None and latest.feedback != "unsatisfied":
        problems.append(f"提案人已表示{FEEDBACK_LABELS[latest.feedback]}，不需要再答复")
    problems += _reply_date_problems(proposal, latest, data.replied_on)
    if problems:
        raise CongressError(problems)
    reply = ProposalReply(
        proposal_id=proposal_id,
        round=latest.round + 1 if latest else 1,
        office=texts["office"] or proposal.office,
        replied_on=data.replied_on,
        reply=texts["reply"],
    )
    session.add(reply)
    proposal.updated_at = datetime.now()  # moves the version: an open editor sees the change
    session.flush()
    after = {"round": reply.round, "office": reply.office, "replied_on": reply.replied_on, "reply": reply.reply}
    audit.record(
        session, "update", "proposal", proposal_id, f"{describe(proposal)}第 {reply.round} 轮答复", after=after
    )


def _reply_date_problems(proposal: Proposal, latest: ProposalReply | None, replied_on: date) -> list[str]:
    if replied_on < proposal.submitted_on:
        return [f"答复日期不能早于提交日期 {proposal.submitted_on}（填的是 {replied_on}），请核对"]
    if proposal.screened_on is not None and replied_on < proposal.screened_on:
        return [f"答复日期不能早于审查日期 {proposal.screened_on}（填的是 {replied_on}），请核对"]
    if latest is not None and latest.feedback_on is not None and replied_on < latest.feedback_on:
        return [f"答复日期不能早于上一轮反馈日期 {latest.feedback_on}（填的是 {replied_on}），请核对"]
    return date_after_today(replied_on, "答复日期")


def set_feedback(
    db: Database,
    proposal_id: int,
    feedback: str,
    feedback_on: date,
    note: str = "",
    next_due: date | None = None,
) -> None:
    """The proposer's view of the latest reply; "unsatisfied" opens the next round, due
    on `next_due`."""
    with writing(db) as s:
        set_feedback_in(s, proposal_id, feedback, feedback_on, note, next_due)


def set_feedback_in(
    session: Session,
    proposal_id: int,
    feedback: str,
    feedback_on: date,
    note: str = "",
    next_due: date | None = None,
) -> None:
    proposal = proposal_in(session, proposal_id)
    latest = latest_reply_in(session, proposal_id)
    problems: list[str] = []
    try:
        note = clean_text(note, REPLY_TEXTS["feedback_note"][0], REPLY_TEXTS["feedback_note"][1], multiline=True)
    except Exception as err:  # TextError, in Chinese
        problems.append(str(err))
    if feedback not in FEEDBACK_LABELS:
        problems.append("反馈只能是满意、基本满意或不满意")
    if latest is None:
        problems.append("这条提案还没有答复，收到答复后才能登记提案人的反馈")
    elif latest.feedback:
        problems.append(f"第 {latest.round} 轮答复已经登记了反馈（{FEEDBACK_LABELS[latest.feedback]}）")
    elif feedback_on < latest.replied_on:
        problems.append(f"反馈日期 {feedback_on} 早于答复日期 {latest.replied_on}，请核对")
    problems += date_after_today(feedback_on, "反馈日期")
    if feedback == "unsatisfied":
        if next_due is None:
            problems.append("提案人不满意时须填写下一轮的答复期限")
        elif next_due < feedback_on:
            problems.append(f"下一轮的答复期限 {next_due} 早于反馈日期 {feedback_on}，请核对")
    if problems:
        raise CongressError(problems)
    latest.feedback, latest.feedback_on, latest.feedback_note = feedback, feedback_on, note
    before = {"due_date": proposal.due_date}
    if feedback == "unsatisfied":
        proposal.due_date = next_due
    proposal.updated_at = datetime.now()
    session.flush()
    after = {"round": latest.round, "feedback": feedback, "feedback_on": feedback_on, "feedback_note": note}
    after["due_date"] = proposal.due_date
    summary = f"{describe(proposal)}第 {latest.round} 轮反馈：{FEEDBACK_LABELS[feedback]}"
    audit.record(session, "update", "proposal", proposal_id, summary, before=before, after=after)


def undo_feedback(db: Database, proposal_id: int) -> None:
    """Take back the latest reply's feedback (entered by mistake); an unsatisfied one's
    next round closes again and the due date it replaced comes back."""
    with writing(db) as s:
        proposal = proposal_in(s, proposal_id)
        latest = latest_reply_in(s, proposal_id)
        if latest is None or not latest.feedback:
            raise CongressError(["最新一轮答复还没有登记反馈，没有可撤回的反馈"])
        before = {"round": latest.round, "feedback": latest.feedback, "feedback_on": latest.feedback_on}
        before["due_date"] = proposal.due_date
        if latest.feedback == "unsatisfied":
            proposal.due_date = _due_before_feedback(s, proposal_id, proposal.due_date)
        latest.feedback, latest.feedback_on, latest.feedback_note = "", None, ""
        proposal.updated_at = datetime.now()
        s.flush()
        summary = f"{describe(proposal)}撤回第 {latest.round} 轮反馈"
        after = {"feedback": "", "feedback_on": None, "due_date": proposal.due_date}
        audit.record(s, "update", "proposal", proposal_id, summary, before=before, after=after)


def _due_before_feedback(session: Session, proposal_id: int, current: date | None) -> date | None:
    """The due date an unsatisfied feedback replaced, as its audit entry kept it."""
    query = (
        select(AuditEntry)
        .where(AuditEntry.entity == "proposal", AuditEntry.entity_id == proposal_id, AuditEntry.action == "update")
        .order_by(AuditEntry.id.desc())
    )
    for entry in session.scalars(query.limit(20)):
        details = json.loads(entry.details or "{}")
        if details.get("after", {}).get("feedback") == "unsatisfied":
            given = details.get("before", {}).get("due_date")
            return date.fromisoformat(given) if given else None
    return current


def remove_reply(db: Database, proposal_id: int) -> None:
    """Take back the latest reply (entered by mistake); its feedback must be taken back first."""
    with writing(db) as s:
        proposal = proposal_in(s, proposal_id)
        latest = latest_reply_in(s, proposal_id)
        if latest is None:
            raise CongressError(["这条提案还没有答复，没有可撤回的答复"])
        if latest.feedback:
            raise CongressError([f"第 {latest.round} 轮答复已有提案人反馈，请先撤回反馈再撤回答复"])
        before = {
            "round": latest.round,
            "office": latest.office,
            "replied_on": latest.replied_on,
            "reply": latest.reply,
        }
        s.delete(latest)
        proposal.updated_at = datetime.now()
        s.flush()
        summary = f"{describe(proposal)}撤回第 {before['round']} 轮答复"
        audit.record(s, "update", "proposal", proposal_id, summary, before=before)
