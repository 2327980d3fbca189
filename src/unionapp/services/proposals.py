"""Proposals (提案): submitted by a delegate with co-signers, screened by the 提案工作委员会
(立案 / 不立案 / 转为意见建议), handed to an office with a due date, answered, and judged by
the proposer — "unsatisfied" opens the next round. Each step is one transaction with its
audit entry, refused whole with every problem listed. Who may sign is checked in
`proposal_people`, replies and feedback are in `proposal_replies`, reading in
`proposal_reads` (each imports only the ones before it); this module re-exports their
public names (`__all__`), so callers use `services.proposals.*` for all of it."""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from datetime import date, datetime

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from unionapp.db.engine import Database
from unionapp.db.models import (
    CongressSession,
    CongressTerm,
    Proposal,
    ProposalCosigner,
    ProposalReply,
)
from unionapp.domain.congress import (
    PROPOSAL_CATEGORY_LABELS,
    PROPOSAL_TEXTS,
    SCREEN_TEXTS,
)
from unionapp.domain.text import clean_fields, clean_text
from unionapp.services import audit
from unionapp.services.congress_common import CongressError, check_version, whole, writing
from unionapp.services.proposal_people import delegate_problems
from unionapp.services.proposal_reads import (
    STAGE_LABELS,
    ProposalDetail,
    ProposalRow,
    ReplyRow,
    ReplySummary,
    get_proposal,
    latest_reply_in,
    list_proposals,
    next_proposal_number,
    next_proposal_number_in,
    overdue_count,
    overdue_proposals,
    proposal_detail_in,
    proposal_in,
    reply_summary,
)
from unionapp.services.proposal_replies import (
    ReplyInput,
    add_reply,
    add_reply_in,
    date_after_today,
    describe,
    remove_reply,
    set_feedback,
    set_feedback_in,
    undo_feedback,
)

__all__ = [
    "STAGE_LABELS",
    "CongressError",
    "ProposalDetail",
    "ProposalInput",
    "ProposalRow",
    "ReplyInput",
    "ReplyRow",
    "ReplySummary",
    "add_reply",
    "add_reply_in",
    "create_proposal",
    "create_proposal_in",
    "delete_proposal",
    "get_proposal",
    "list_proposals",
    "next_proposal_number",
    "next_proposal_number_in",
    "overdue_count",
    "overdue_proposals",
    "proposal_detail_in",
    "remove_reply",
    "reply_summary",
    "screen_proposal",
    "screen_proposal_in",
    "set_feedback",
    "set_feedback_in",
    "undo_feedback",
    "update_proposal",
]

DECISIONS = ("accepted", "rejected", "converted")
REASON_LIMIT = 2000  # as a session's deletion reason: it is kept in the audit log
NUMBER_MAX = 999_999  # as many digits as a workbook's 编号 may have (importers.proposal_rows)
# What may change only while a proposal awaits screening.
SUBMISSION_FIELDS = ("session_id", "proposer_id", "cosigner_ids", "number", "submitted_on")


@dataclass(frozen=True)
class ProposalInput:
    session_id: int
    proposer_id: int  # a delegate id
    title: str
    submitted_on: date
    category: str = "other"
    reasons: str = ""
    measures: str = ""
    cosigner_ids: tuple[int, ...] = ()  # delegate ids
    number: int | None = None  # None: the next in the session


def _checked(session: Session, data: ProposalInput, proposal: Proposal | None) -> ProposalInput:
    """`data` cleaned and checked whole; CongressError lists every problem. A screened
    proposal keeps its submission (proposer, co-signers, number, date) as it was."""
    problems: list[str] = []
    texts = clean_fields(data, PROPOSAL_TEXTS, problems)
    if not texts.get("title", "x"):
        problems.append("请填写案由（提案的标题）")
    if data.category not in PROPOSAL_CATEGORY_LABELS:
        problems.append(f"提案类别只能是{'、'.join(PROPOSAL_CATEGORY_LABELS.values())}之一")
    cosigners = tuple(data.cosigner_ids)
    if proposal is not None and data.number is None:  # None: keep its number
        data = replace(data, number=proposal.number)
    if proposal is not None and proposal.status != "submitted":
        kept = _as_input(session, proposal)
        if any(getattr(data, k) != getattr(kept, k) for k in SUBMISSION_FIELDS if k != "cosigner_ids") or set(
            cosigners
        ) != set(kept.cosigner_ids):
            problems.append(
                "这条提案已经审查，不能再改提案人、附议人、编号、会议或提交日期；只能改案由、理由、建议措施和类别"
            )
        if problems:
            raise CongressError(problems)
        return replace(data, **texts, cosigner_ids=kept.cosigner_ids, number=proposal.number)
    meeting = session.get(CongressSession, data.session_id)
    if meeting is None:
        raise CongressError(["找不到这次会议，可能已被删除，请刷新后重新选择"])
    term = session.get(CongressTerm, meeting.term_id)
    problems += _date_problems(data.submitted_on, term)
    problems += delegate_problems(session, term, data.proposer_id, cosigners, data.submitted_on)
    number = data.number
    if number is None:
        number = next_proposal_number_in(session, meeting.id)
    elif not whole(number) or not 1 <= number <= NUMBER_MAX:
        problems.append(f"提案编号必须是正整数（1 到 {NUMBER_MAX}）")
    else:
        used = select(Proposal.id).where(Proposal.session_id == meeting.id, Proposal.number == number)
        if proposal is not None:
            used = used.where(Proposal.id != proposal.id)
        if session.scalar(used) is not None:
            nxt = next_proposal_number_in(session, meeting.id)
            problems.append(f"本次会议已经有第 {number} 号提案，请换一个编号（下一个可用的是 {nxt}）")
    if problems:
        raise CongressError(problems)
    return replace(data, **texts, cosigner_ids=tuple(sorted(set(cosigners))), number=number)


def _date_problems(submitted_on: date, term: CongressTerm) -> list[str]:
    today = date.today()
    if submitted_on > today:
        return [f"提交日期 {submitted_on} 晚于今天（{today}），请核对"]
    if submitted_on < term.start_date:
        return [f"提交日期 {submitted_on} 早于{term.name}的开始日期 {term.start_date}，请核对"]
    if submitted_on > term.end_date:
        return [f"提交日期 {submitted_on} 晚于{term.name}的结束日期 {term.end_date}，请核对"]
    return []


def _as_input(session: Session, p: Proposal) -> ProposalInput:
    query = select(ProposalCosigner.delegate_id).where(ProposalCosigner.proposal_id == p.id)
    fields = {k: getattr(p, k) for k in ProposalInput.__dataclass_fields__ if k != "cosigner_ids"}
    return ProposalInput(**fields, cosigner_ids=tuple(sorted(session.scalars(query))))


def _fields(data: ProposalInput) -> dict:
    fields = asdict(data)
    fields.pop("cosigner_ids")
    return fields


def _set_cosigners(session: Session, proposal_id: int, cosigner_ids: tuple[int, ...]) -> None:
    session.execute(delete(ProposalCosigner).where(ProposalCosigner.proposal_id == proposal_id))
    if cosigner_ids:
        rows = [{"proposal_id": proposal_id, "delegate_id": d} for d in cosigner_ids]
        session.execute(insert(ProposalCosigner), rows)


def create_proposal(db: Database, data: ProposalInput) -> int:
    with writing(db) as s:
        return create_proposal_in(s, data)


def create_proposal_in(session: Session, data: ProposalInput) -> int:
    data = _checked(session, data, None)
    proposal = Proposal(**_fields(data), status="submitted")
    session.add(proposal)
    session.flush()
    _set_cosigners(session, proposal.id, data.cosigner_ids)
    audit.record(session, "create", "proposal", proposal.id, f"新建{describe(proposal)}", after=asdict(data))
    return proposal.id


def update_proposal(db: Database, proposal_id: int, data: ProposalInput, expected_version: int | None = None) -> None:
    """Texts and category any time; proposer, co-signers, number, session and date only
    while the proposal awaits screening."""
    with writing(db) as s:
        proposal = proposal_in(s, proposal_id)
        check_version(s, proposal, expected_version, f"提案“{proposal.title}”", "proposal", asdict(data))
        data = _checked(s, data, proposal)
        before = asdict(_as_input(s, proposal))
        for key, value in _fields(data).items():
            setattr(proposal, key, value)
        _set_cosigners(s, proposal_id, data.cosigner_ids)
        proposal.updated_at = datetime.now()
        s.flush()
        after = asdict(data)
        changed = {k for k in after if before.get(k) != after[k]}
        audit.record(
            s,
            "update",
            "proposal",
            proposal_id,
            f"修改{describe(proposal)}",
            before={k: before[k] for k in changed},
            after={k: after[k] for k in changed},
        )


def delete_proposal(db: Database, proposal_id: int, reason: str) -> None:
    """Delete a proposal entered by mistake, with its co-signers and replies."""
    reason = _required(reason, "删除原因", "请填写删除这条提案的原因")
    with writing(db) as s:
        proposal = proposal_in(s, proposal_id)
        before = _fields(_as_input(s, proposal)) | {"status": proposal.status, "office": proposal.office}
        text = describe(proposal)
        s.execute(delete(ProposalReply).where(ProposalReply.proposal_id == proposal_id))
        s.execute(delete(ProposalCosigner).where(ProposalCosigner.proposal_id == proposal_id))
        s.delete(proposal)
        audit.record(s, "delete", "proposal", proposal_id, f"删除{text}：{reason}", before=before)


def _required(text: str, label: str, missing: str) -> str:
    try:
        cleaned = clean_text(text, label, REASON_LIMIT, multiline=True)
    except Exception as err:  # TextError: too long or unstorable, said in Chinese
        raise CongressError([str(err)]) from err
    if not cleaned:
        raise CongressError([missing])
    return cleaned


def screen_proposal(
    db: Database,
    proposal_id: int,
    decision: str,
    screened_on: date,
    reason: str = "",
    office: str = "",
    due_date: date | None = None,
) -> None:
    """The 提案工作委员会's decision. 立案 needs an office and a due date, 不立案 and 转为意见建议 a
    reason (a suggestion may name an office). It may be changed until the first reply."""
    with writing(db) as s:
        screen_proposal_in(s, proposal_id, decision, screened_on, reason, office, due_date)


def screen_proposal_in(
    session: Session,
    proposal_id: int,
    decision: str,
    screened_on: date,
    reason: str = "",
    office: str = "",
    due_date: date | None = None,
) -> None:
    proposal = proposal_in(session, proposal_id)
    problems: list[str] = []
    texts = clean_fields(_Screen(office, reason), SCREEN_TEXTS, problems)
    office, reason = texts.get("office", ""), texts.get("reason", "")
    if decision not in DECISIONS:
        problems.append("审查结果只能是立案、不立案或转为意见建议")
    if latest_reply_in(session, proposal_id) is not None:
        problems.append("已有答复，不能再改审查结果；如答复是误录，请先撤回答复")
    if screened_on < proposal.submitted_on:
        problems.append(f"审查日期 {screened_on} 早于提交日期 {proposal.submitted_on}，请核对")
    problems += date_after_today(screened_on, "审查日期")
    if decision == "accepted":
        if not office:
            problems.append("立案须填写承办部门")
        if due_date is None:
            problems.append("立案须填写答复期限")
    elif decision in DECISIONS and not reason:
        problems.append(f"{'不立案' if decision == 'rejected' else '转为意见建议'}须写明理由")
    if due_date is not None and due_date < screened_on:
        problems.append(f"答复期限 {due_date} 早于审查日期 {screened_on}，请核对")
    if problems:
        raise CongressError(problems)
    before = _screen_fields(proposal)
    proposal.status = decision
    proposal.screened_on = screened_on
    proposal.screen_reason = reason
    proposal.office = "" if decision == "rejected" else office
    proposal.due_date = due_date if decision == "accepted" or proposal.office else None
    session.flush()
    label = {"accepted": "立案", "rejected": "不立案", "converted": "转为意见建议"}[decision]
    audit.record(
        session,
        "status",
        "proposal",
        proposal_id,
        f"{describe(proposal)}审查：{label}",
        before,
        _screen_fields(proposal),
    )


@dataclass(frozen=True)
class _Screen:
    office: str
    reason: str


def _screen_fields(p: Proposal) -> dict:
    keys = ("status", "screened_on", "screen_reason", "office", "due_date")
    return {k: getattr(p, k) for k in keys}
