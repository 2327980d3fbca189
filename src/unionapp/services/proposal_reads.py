"""Reading proposals (提案): the list with each one's stage (待审查 … 逾期未答复 … 满意), one
proposal with its rounds of replies, the overdue ones and their count (the tab title asks
for it on every refresh, so it is one COUNT), and the reply figures (提案答复情况).

A proposal's rounds: an office replies, the proposer gives feedback; "unsatisfied" opens
the next round with a new due date. Every reply but the latest is therefore unsatisfied,
so "the current round has no reply yet" is "no reply whose feedback is other than
unsatisfied" — which keeps the overdue query a single NOT EXISTS."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, exists, func, select
from sqlalchemy.orm import Session, aliased

from unionapp.db.engine import Database
from unionapp.db.models import (
    CongressDelegate,
    CongressSession,
    Member,
    Proposal,
    ProposalCosigner,
    ProposalReply,
    UnionGroup,
)
from unionapp.domain.activities import rate_text
from unionapp.domain.congress import FEEDBACK_LABELS, PROPOSAL_CATEGORY_LABELS, PROPOSAL_STATUS_LABELS
from unionapp.services.errors import NotFoundError

STAGE_LABELS = {
    "submitted": "待审查",
    "rejected": "不立案",
    "converted": "转为意见建议",
    "waiting": "待答复",
    "overdue": "逾期未答复",
    "replied": "待反馈",
    "satisfied": "满意",
    "basic": "基本满意",
    "unsatisfied": "不满意",
}

NOT_FOUND = "找不到这条提案，可能已被删除，请刷新。"


@dataclass(frozen=True)
class ProposalRow:
    id: int
    session_id: int
    session_name: str
    term_id: int
    number: int
    title: str
    category: str
    category_label: str
    proposer_id: int  # the delegate
    proposer_member_id: int
    proposer_name: str
    proposer_group: str
    cosigner_names: tuple[str, ...]
    submitted_on: date
    status: str
    status_label: str
    screened_on: date | None
    screen_reason: str
    office: str
    due_date: date | None  # the current round's
    round: int  # the current round: 1, or one more than the last unsatisfied reply's
    replied_on: date | None  # the current round's reply ("" / None while it is awaited)
    reply: str
    feedback: str
    feedback_label: str
    stage: str
    stage_label: str
    overdue: bool
    version: int


@dataclass(frozen=True)
class ReplyRow:
    round: int
    office: str
    replied_on: date
    reply: str
    feedback: str
    feedback_label: str
    feedback_on: date | None
    feedback_note: str


@dataclass(frozen=True)
class ProposalDetail:
    row: ProposalRow
    reasons: str
    measures: str
    cosigner_ids: tuple[int, ...]  # delegate ids, in name order
    replies: tuple[ReplyRow, ...]  # oldest round first


@dataclass(frozen=True)
class ReplySummary:
    """The reply figures of a session or term. `submitted` is every proposal received;
    `waiting`/`overdue` the accepted ones whose current round awaits a reply; `replied`
    the accepted ones answered at least once; satisfied/basic/unsatisfied/no_feedback
    split `replied` by the feedback on the latest reply."""

    submitted: int
    accepted: int
    rejected: int
    converted: int
    waiting: int
    overdue: int
    replied: int
    satisfied: int
    basic: int
    unsatisfied: int
    no_feedback: int

    @property
    def pending(self) -> int:
        """Not screened yet (待审查)."""
        return self.submitted - self.accepted - self.rejected - self.converted

    @property
    def reply_rate(self) -> str:
        return rate_text(self.replied, self.accepted)

    @property
    def satisfaction_rate(self) -> str:
        return rate_text(self.satisfied + self.basic, self.satisfied + self.basic + self.unsatisfied)


def stage_of(status: str, due_date: date | None, latest: ProposalReply | None, today: date) -> str:
    """The derived stage code (STAGE_LABELS) from the status and the latest reply."""
    if status == "submitted" or status == "rejected":
        return status
    if status == "converted" and latest is None:
        return "converted"
    if latest is not None and latest.feedback != "unsatisfied":
        return latest.feedback or "replied"
    if status == "converted":
        return "converted"  # a suggestion's further rounds are not chased
    return "overdue" if due_date is not None and due_date < today else "waiting"


def current_round(latest: ProposalReply | None) -> int:
    if latest is None:
        return 1
    return latest.round + 1 if latest.feedback == "unsatisfied" else latest.round


def proposal_in(session: Session, proposal_id: int) -> Proposal:
    proposal = session.get(Proposal, proposal_id)
    if proposal is None:
        raise NotFoundError(NOT_FOUND)
    return proposal


def latest_reply_in(session: Session, proposal_id: int) -> ProposalReply | None:
    query = select(ProposalReply).where(ProposalReply.proposal_id == proposal_id)
    return session.scalars(query.order_by(ProposalReply.round.desc()).limit(1)).first()


def next_proposal_number_in(session: Session, session_id: int) -> int:
    query = select(func.max(Proposal.number)).where(Proposal.session_id == session_id)
    return (session.scalar(query) or 0) + 1


def next_proposal_number(db: Database, session_id: int) -> int:
    with db.session() as s:
        return next_proposal_number_in(s, session_id)


def _awaiting_reply():
    """An accepted proposal whose current round has no reply (see the module's note)."""
    answered = exists().where(ProposalReply.proposal_id == Proposal.id, ProposalReply.feedback != "unsatisfied")
    return and_(Proposal.status == "accepted", ~answered)


def _scope(query, session_id: int | None, term_id: int | None, proposal_id: int | None = None):
    if session_id is not None:
        query = query.where(Proposal.session_id == session_id)
    if term_id is not None:
        query = query.where(
            Proposal.session_id.in_(select(CongressSession.id).where(CongressSession.term_id == term_id))
        )
    if proposal_id is not None:
        query = query.where(Proposal.id == proposal_id)
    return query


def _replies_by_proposal(session: Session, ids) -> dict[int, list[ProposalReply]]:
    """proposal id → its replies, oldest round first; `ids` is a subquery of proposal ids
    (not a list: a term's proposals could pass SQLite's parameter limit)."""
    found: dict[int, list[ProposalReply]] = defaultdict(list)
    query = select(ProposalReply).where(ProposalReply.proposal_id.in_(ids))
    for reply in session.scalars(query.order_by(ProposalReply.proposal_id, ProposalReply.round)):
        found[reply.proposal_id].append(reply)
    return found


def _cosigners_by_proposal(session: Session, ids) -> dict[int, list[tuple[int, str]]]:
    """proposal id → (delegate id, name) of its co-signers in name order."""
    query = (
        select(ProposalCosigner.proposal_id, ProposalCosigner.delegate_id, Member.name)
        .join(CongressDelegate, CongressDelegate.id == ProposalCosigner.delegate_id)
        .join(Member, Member.id == CongressDelegate.member_id)
        .where(ProposalCosigner.proposal_id.in_(ids))
        .order_by(ProposalCosigner.proposal_id, Member.sort_key, Member.name, Member.id)
    )
    found: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for proposal_id, delegate_id, name in session.execute(query):
        found[proposal_id].append((delegate_id, name))
    return found


def _rows_in(
    session: Session, today: date, session_id=None, term_id=None, proposal_id=None, overdue_only=False
) -> tuple[list[ProposalRow], dict[int, list[ProposalReply]], dict[int, list[tuple[int, str]]], dict]:
    """The rows in scope by session then number, with their replies, co-signers and
    (reasons, measures); three queries whatever the count."""
    delegate, member = aliased(CongressDelegate), aliased(Member)
    query = (
        select(Proposal, CongressSession.name, CongressSession.term_id, member.id, member.name, UnionGroup.name)
        .join(CongressSession, CongressSession.id == Proposal.session_id)
        .join(delegate, delegate.id == Proposal.proposer_id)
        .join(member, member.id == delegate.member_id)
        .outerjoin(UnionGroup, UnionGroup.id == member.group_id)
    )
    query = _scope(query, session_id, term_id, proposal_id)
    if overdue_only:
        query = query.where(_awaiting_reply(), Proposal.due_date < today)
    ids = _scope(select(Proposal.id), session_id, term_id, proposal_id).scalar_subquery()
    replies = _replies_by_proposal(session, ids)
    cosigners = _cosigners_by_proposal(session, ids)
    rows, texts = [], {}
    order = (CongressSession.session_date, CongressSession.id, Proposal.number)
    for p, session_name, term, member_id, name, group in session.execute(query.order_by(*order)):
        texts[p.id] = (p.reasons, p.measures)
        rows.append(_row(p, session_name, term, member_id, name, group, replies.get(p.id, []), cosigners, today))
    return rows, replies, cosigners, texts


def _row(p: Proposal, session_name, term_id, member_id, name, group, replies, cosigners, today) -> ProposalRow:
    latest = replies[-1] if replies else None
    stage = stage_of(p.status, p.due_date, latest, today)
    number = current_round(latest)
    this_round = latest if latest is not None and latest.round == number else None
    feedback = this_round.feedback if this_round else ""
    return ProposalRow(
        id=p.id,
        session_id=p.session_id,
        session_name=session_name,
        term_id=term_id,
        number=p.number,
        title=p.title,
        category=p.category,
        category_label=PROPOSAL_CATEGORY_LABELS.get(p.category, p.category),
        proposer_id=p.proposer_id,
        proposer_member_id=member_id,
        proposer_name=name,
        proposer_group=group or "",
        cosigner_names=tuple(n for _d, n in cosigners.get(p.id, [])),
        submitted_on=p.submitted_on,
        status=p.status,
        status_label=PROPOSAL_STATUS_LABELS.get(p.status, p.status),
        screened_on=p.screened_on,
        screen_reason=p.screen_reason,
        office=p.office,
        due_date=p.due_date,
        round=number,
        replied_on=this_round.replied_on if this_round else None,
        reply=this_round.reply if this_round else "",
        feedback=feedback,
        feedback_label=FEEDBACK_LABELS.get(feedback, ""),
        stage=stage,
        stage_label=STAGE_LABELS[stage],
        overdue=stage == "overdue",
        version=p.version,
    )


def list_proposals(
    db: Database, session_id: int | None = None, term_id: int | None = None, today: date | None = None
) -> list[ProposalRow]:
    """Proposals of a session, a term or all, by session then number."""
    with db.session() as s:
        return _rows_in(s, today or date.today(), session_id, term_id)[0]


def get_proposal(db: Database, proposal_id: int, today: date | None = None) -> ProposalDetail:
    with db.session() as s:
        return proposal_detail_in(s, proposal_id, today)


def proposal_detail_in(session: Session, proposal_id: int, today: date | None = None) -> ProposalDetail:
    rows, replies, cosigners, texts = _rows_in(session, today or date.today(), proposal_id=proposal_id)
    if not rows:
        raise NotFoundError(NOT_FOUND)
    reasons, measures = texts[proposal_id]
    return ProposalDetail(
        row=rows[0],
        reasons=reasons,
        measures=measures,
        cosigner_ids=tuple(d for d, _n in cosigners.get(proposal_id, [])),
        replies=tuple(_reply_row(r) for r in replies.get(proposal_id, [])),
    )


def _reply_row(r: ProposalReply) -> ReplyRow:
    return ReplyRow(
        round=r.round,
        office=r.office,
        replied_on=r.replied_on,
        reply=r.reply,
        feedback=r.feedback,
        feedback_label=FEEDBACK_LABELS.get(r.feedback, ""),
        feedback_on=r.feedback_on,
        feedback_note=r.feedback_note,
    )


def overdue_proposals(db: Database, today: date | None = None) -> list[ProposalRow]:
    """Accepted proposals whose current round's reply is past its due date."""
    with db.session() as s:
        return _rows_in(s, today or date.today(), overdue_only=True)[0]


def overdue_count(db: Database, today: date | None = None) -> int:
    """How many are overdue: one COUNT, for the tab title."""
    query = select(func.count(Proposal.id)).where(_awaiting_reply(), Proposal.due_date < (today or date.today()))
    with db.session() as s:
        return s.scalar(query) or 0


def reply_summary(
    db: Database, session_id: int | None = None, term_id: int | None = None, today: date | None = None
) -> ReplySummary:
    """The 提案答复情况 figures; feedback is counted on each accepted proposal's latest reply."""
    today = today or date.today()
    with db.session() as s:
        ids = _scope(select(Proposal.id), session_id, term_id).scalar_subquery()
        replies = _replies_by_proposal(s, ids)
        facts = s.execute(_scope(select(Proposal.id, Proposal.status, Proposal.due_date), session_id, term_id)).all()
    counts: dict[str, int] = defaultdict(int)
    for proposal_id, status, due_date in facts:
        counts["received"] += 1
        if status != "submitted":
            counts[status] += 1
        if status != "accepted":
            continue
        answered = replies.get(proposal_id, [])
        latest = answered[-1] if answered else None
        stage = stage_of(status, due_date, latest, today)
        if stage in ("waiting", "overdue"):
            counts[stage] += 1
        if latest is not None:
            counts["replied"] += 1
            counts[latest.feedback or "no_feedback"] += 1
    counts["submitted"] = counts["received"]
    return ReplySummary(**{k: counts[k] for k in ReplySummary.__dataclass_fields__})
