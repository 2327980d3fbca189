"""A small congress for the proposal tests, made straight through the models (not the
congress service) so these tests stand on their own: a term 2021-09 to 2025-08 with one
session on 2024-03-20, eight delegates, one whose seat ended, one delegate of the next
term, and helpers to read back what was written."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from unionapp.db.models import AuditEntry, CongressDelegate, CongressSession, CongressTerm, ProposalReply
from unionapp.domain.members import MemberInput
from unionapp.services import groups, members, proposals
from unionapp.services.proposals import ProposalInput

TERM_START = date(2021, 9, 1)
SESSION_DAY = date(2024, 3, 20)
SCREEN_DAY = date(2024, 3, 25)
DUE = date(2024, 4, 30)

PEOPLE = (
    ("张丽", "F", "高中组"),
    ("李强", "M", "高中组"),
    ("陈静", "F", "初中组"),
    ("王芳", "F", "初中组"),
    ("赵敏", "F", "初中组"),
    ("钱程", "M", "高中组"),
    ("孙伟", "M", "高中组"),
    ("周红", "F", "初中组"),
    ("吴刚", "M", "初中组"),  # his seat ended in 2023
    ("郑新", "M", "高中组"),  # a delegate of the next term only
)


class Congress:
    """What the tests name: member and delegate ids by name, the session and term."""

    def __init__(self, member_ids: dict[str, int], delegate_ids: dict[str, int], session_id: int, term_id: int):
        self.member = member_ids
        self.delegate = delegate_ids
        self.session_id = session_id
        self.term_id = term_id

    def proposal(self, proposer="张丽", cosigners=("李强", "陈静"), **kw) -> ProposalInput:
        fields = dict(
            session_id=self.session_id,
            proposer_id=self.delegate[proposer],
            title="建议增设教师休息室",
            submitted_on=SESSION_DAY,
            category="logistics",
            reasons="课间教师无处休息",
            measures="利用三楼空教室",
            cosigner_ids=tuple(self.delegate[n] for n in cosigners),
        )
        return ProposalInput(**(fields | kw))


def congress(db) -> Congress:
    for name in ("高中组", "初中组"):
        groups.add_group(db, name)
    member_ids = {
        name: members.add_member(db, MemberInput(name=name, gender=sex, birth_date=date(1985, 5, 1), group_name=group))
        for name, sex, group in PEOPLE
    }
    with db.session() as s:
        term = CongressTerm(number=1, name="第一届教代会", start_date=TERM_START, end_date=date(2025, 8, 31))
        later = CongressTerm(number=2, name="第二届教代会", start_date=date(2025, 9, 1), end_date=date(2029, 8, 31))
        s.add_all([term, later])
        s.flush()
        seats = {}
        for name, member_id in member_ids.items():
            if name == "郑新":
                seat = CongressDelegate(term_id=later.id, member_id=member_id, elected_on=date(2025, 9, 1))
            else:
                seat = CongressDelegate(term_id=term.id, member_id=member_id, elected_on=TERM_START)
            if name == "吴刚":
                seat.ended_on, seat.end_reason = date(2023, 6, 30), "辞去代表职务"
            s.add(seat)
            s.flush()
            seats[name] = seat.id
        meeting = CongressSession(term_id=term.id, number=1, name="一届三次教代会", session_date=SESSION_DAY)
        s.add(meeting)
        s.flush()
        return Congress(member_ids, seats, meeting.id, term.id)


def accepted(db, c: Congress, **kw) -> int:
    """A proposal submitted and accepted for 教务处, due on DUE."""
    pid = proposals.create_proposal(db, c.proposal(**kw))
    proposals.screen_proposal(db, pid, "accepted", SCREEN_DAY, office="教务处", due_date=DUE)
    return pid


def audit_count(db) -> int:
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.entity == "proposal"))


def snapshot(db) -> tuple:
    """Every proposal as listed, with its details and replies, and the proposal log."""
    rows = proposals.list_proposals(db, today=date(2024, 6, 1))
    details = [proposals.get_proposal(db, r.id, today=date(2024, 6, 1)) for r in rows]
    with db.session() as s:
        replies = s.scalar(select(func.count()).select_from(ProposalReply))
    return rows, details, replies, audit_count(db)
