"""Models of the staff congress (教代会): rules, terms, constituencies, delegates, sessions,
attendance, resolutions, and proposals with their co-signers and replies. Registered on the
shared Base; db.models re-exports them, so callers import every model from there."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, CheckConstraint, Date, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from unionapp.db.base import Base


class CongressRule(Base):
    """The congress's rules from a date on, with their source (domain.congress.CongressRule)."""

    __tablename__ = "congress_rules"

    id: Mapped[int] = mapped_column(primary_key=True)
    effective_from: Mapped[date] = mapped_column(Date, unique=True)
    quorum_num: Mapped[int] = mapped_column(Integer)
    quorum_den: Mapped[int] = mapped_column(Integer)
    pass_num: Mapped[int] = mapped_column(Integer)
    pass_den: Mapped[int] = mapped_column(Integer)
    min_cosigners: Mapped[int] = mapped_column(Integer)
    teacher_share_pct: Mapped[int] = mapped_column(Integer)
    young_age: Mapped[int] = mapped_column(Integer)
    source_doc: Mapped[str] = mapped_column(String(100), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=datetime.now)

    __table_args__ = (
        CheckConstraint(
            "0 < quorum_num AND quorum_num < quorum_den AND 0 < pass_num AND pass_num < pass_den"
            " AND min_cosigners >= 0 AND teacher_share_pct BETWEEN 0 AND 100 AND young_age > 0",
            name="shape",
        ),
    )


class CongressTerm(Base):
    """A term (届) of the congress: 3–5 years; its delegates serve from start to end."""

    __tablename__ = "congress_terms"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[int] = mapped_column(Integer, unique=True)  # 第几届
    name: Mapped[str] = mapped_column(String(100))
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date] = mapped_column(Date)
    notes: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (CheckConstraint("end_date > start_date", name="dates"),)


class CongressConstituency(Base):
    """An electoral unit (选区) of a term with its seats: usually a 工会小组."""

    __tablename__ = "congress_constituencies"

    id: Mapped[int] = mapped_column(primary_key=True)
    term_id: Mapped[int] = mapped_column(ForeignKey("congress_terms.id"), index=True)
    name: Mapped[str] = mapped_column(String(50))
    group_id: Mapped[int | None] = mapped_column(ForeignKey("union_groups.id"))
    seats: Mapped[int] = mapped_column(Integer, default=0)

    __table_args__ = (
        UniqueConstraint("term_id", "name", name="uq_congress_constituencies_term_name"),
        CheckConstraint("seats >= 0", name="seats"),
    )


class CongressDelegate(Base):
    """A member's seat in a term, from election (or replacement) until `ended_on`."""

    __tablename__ = "congress_delegates"

    id: Mapped[int] = mapped_column(primary_key=True)
    term_id: Mapped[int] = mapped_column(ForeignKey("congress_terms.id"), index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), index=True)
    constituency_id: Mapped[int | None] = mapped_column(ForeignKey("congress_constituencies.id"))
    category: Mapped[str] = mapped_column(String(10), default="teacher")
    elected_on: Mapped[date] = mapped_column(Date)
    ended_on: Mapped[date | None] = mapped_column(Date)
    end_reason: Mapped[str] = mapped_column(String(50), default="")
    replaces_id: Mapped[int | None] = mapped_column(ForeignKey("congress_delegates.id"))
    note: Mapped[str] = mapped_column(String(200), default="")
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (UniqueConstraint("term_id", "member_id", name="uq_congress_delegates_term_member"),)


class CongressSession(Base):
    """A session (次) of a term: date, place, agenda and the documents heard (one per line)."""

    __tablename__ = "congress_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    term_id: Mapped[int] = mapped_column(ForeignKey("congress_terms.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)  # 第几次会议
    name: Mapped[str] = mapped_column(String(100))
    session_date: Mapped[date] = mapped_column(Date, index=True)
    place: Mapped[str] = mapped_column(String(100), default="")
    agenda: Mapped[str] = mapped_column(Text, default="")
    documents: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (UniqueConstraint("term_id", "number", name="uq_congress_sessions_term_number"),)


class CongressAttendance(Base):
    """A delegate's sign-in at a session; a row exists only for those marked (present or
    on leave), so the delegate list at the session's date is the denominator."""

    __tablename__ = "congress_attendance"

    session_id: Mapped[int] = mapped_column(ForeignKey("congress_sessions.id"), primary_key=True)
    delegate_id: Mapped[int] = mapped_column(ForeignKey("congress_delegates.id"), primary_key=True)
    present: Mapped[bool] = mapped_column(Boolean, default=True)
    note: Mapped[str] = mapped_column(String(100), default="")  # 请假 and why


class CongressResolution(Base):
    """A resolution put to a session's vote. `passed` is computed from the rule when saved."""

    __tablename__ = "congress_resolutions"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("congress_sessions.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(200))
    votes_for: Mapped[int] = mapped_column(Integer, default=0)
    votes_against: Mapped[int] = mapped_column(Integer, default=0)
    votes_abstain: Mapped[int] = mapped_column(Integer, default=0)
    delegates: Mapped[int] = mapped_column(Integer, default=0)  # delegates in office at the vote
    present: Mapped[int] = mapped_column(Integer, default=0)
    passed: Mapped[bool] = mapped_column(Boolean, default=False)
    notes: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        UniqueConstraint("session_id", "number", name="uq_congress_resolutions_session_number"),
        CheckConstraint("votes_for >= 0 AND votes_against >= 0 AND votes_abstain >= 0", name="votes"),
    )


class Proposal(Base):
    """A proposal (提案) submitted at a session by a delegate, screened by the 提案工作委员会
    (立案 / 不立案 / 转为意见建议), handed to an office and answered (`ProposalReply`)."""

    __tablename__ = "proposals"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("congress_sessions.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)  # 提案编号 within the session
    proposer_id: Mapped[int] = mapped_column(ForeignKey("congress_delegates.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    reasons: Mapped[str] = mapped_column(Text, default="")
    measures: Mapped[str] = mapped_column(Text, default="")
    category: Mapped[str] = mapped_column(String(20), default="other")
    submitted_on: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), default="submitted")
    screened_on: Mapped[date | None] = mapped_column(Date)
    screen_reason: Mapped[str] = mapped_column(Text, default="")
    office: Mapped[str] = mapped_column(String(50), default="")  # 承办部门
    due_date: Mapped[date | None] = mapped_column(Date)  # the current round's reply is due
    created_at: Mapped[datetime] = mapped_column(DateTime, default=datetime.now)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=datetime.now, onupdate=datetime.now)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (UniqueConstraint("session_id", "number", name="uq_proposals_session_number"),)


class ProposalCosigner(Base):
    """A delegate who co-signed (附议) a proposal."""

    __tablename__ = "proposal_cosigners"

    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id"), primary_key=True)
    delegate_id: Mapped[int] = mapped_column(ForeignKey("congress_delegates.id"), primary_key=True)


class ProposalReply(Base):
    """One round of an office's reply to a proposal and the proposer's feedback on it; an
    unsatisfied proposer opens the next round."""

    __tablename__ = "proposal_replies"

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id"), index=True)
    round: Mapped[int] = mapped_column(Integer, default=1)
    office: Mapped[str] = mapped_column(String(50), default="")
    replied_on: Mapped[date] = mapped_column(Date)
    reply: Mapped[str] = mapped_column(Text, default="")
    feedback: Mapped[str] = mapped_column(String(20), default="")  # "" until the proposer answers
    feedback_on: Mapped[date | None] = mapped_column(Date)
    feedback_note: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (UniqueConstraint("proposal_id", "round", name="uq_proposal_replies_proposal_round"),)
