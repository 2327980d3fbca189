"""What the 提案 page reads, each part in one go on a worker thread: a term's sessions and
proposals (all sessions or one) with the reply summary, one proposal's whole history, and
what the proposal form offers (the term's delegates, the rule's minimum of co-signers).
Only plain rows cross to the GUI thread."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from unionapp.db.engine import Database
from unionapp.domain.congress import CongressRule
from unionapp.services import congress, proposals
from unionapp.services.congress import DelegateRow, SessionRow
from unionapp.services.proposals import ProposalDetail, ProposalRow, ReplySummary
from unionapp.ui.congress.congress_data import Terms, load_terms


def today() -> date:
    """The page's today (tests move it)."""
    return date.today()


@dataclass(frozen=True)
class ProposalsData:
    terms: Terms
    sessions: list[SessionRow]  # the term's, newest first
    session_id: int | None  # None: every session of the term
    proposals: list[ProposalRow]
    summary: ReplySummary | None


@dataclass(frozen=True)
class Context:
    """What the proposal form offers, read once per term and kept until 刷新."""

    term_id: int
    delegates: list[DelegateRow]  # in office today (or at the term's end), ended ones too
    rule: CongressRule

    def delegate(self, delegate_id: int) -> DelegateRow | None:
        return next((d for d in self.delegates if d.id == delegate_id), None)


def load_proposals(db: Database, term_id: int | None, session_id: int | None, day: date) -> ProposalsData:
    terms = load_terms(db, term_id, day)
    if terms.term_id is None:
        return ProposalsData(terms, [], None, [], None)
    sessions = congress.list_sessions(db, terms.term_id)
    if session_id is not None and all(s.id != session_id for s in sessions):
        session_id = None  # a session of another term, or deleted meanwhile
    scope = {"session_id": session_id} if session_id is not None else {"term_id": terms.term_id}
    return ProposalsData(
        terms,
        sessions,
        session_id,
        proposals.list_proposals(db, today=day, **scope),
        proposals.reply_summary(db, today=day, **scope),
    )


def load_detail(db: Database, proposal_id: int, day: date) -> ProposalDetail:
    return proposals.get_proposal(db, proposal_id, today=day)


def load_context(db: Database, term_id: int, day: date) -> Context:
    return Context(term_id, congress.list_delegates(db, term_id), congress.rule_on(db, day))
