"""Two clerks on one database: what the other saved at the same moment, which no check
could see (the same member made a delegate twice, two resolutions, proposals, sessions or
terms numbered the same, two replies at once, a row changed or deleted meanwhile), is
told in Chinese and nothing is half-written. And numbers and dates no column can hold
(PostgreSQL's 32-bit integers, years past 9999) are refused in words, not by the database."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import event, func, select

from unionapp.db.engine import Database
from unionapp.db.models import AuditEntry, CongressDelegate, CongressResolution, Proposal, ProposalReply
from unionapp.domain.congress import CongressRule
from unionapp.domain.members import MemberInput
from unionapp.services import congress, members, proposals
from unionapp.services.congress import (
    CongressError,
    ConstituencyInput,
    DelegateInput,
    ResolutionInput,
    SessionInput,
    TermInput,
)
from unionapp.services.errors import ConcurrentEditError
from unionapp.services.proposals import ReplyInput

from .proposal_school import SCREEN_DAY, accepted
from .proposal_school import congress as school


@pytest.fixture
def other(db):
    """A second copy of the app on the same database (the same file, or the same server)."""
    second = Database(db.url.render_as_string(hide_password=False))
    yield second
    second.dispose()


def counts(db) -> tuple[int, ...]:
    with db.session() as s:
        return tuple(
            s.scalar(select(func.count()).select_from(model))
            for model in (CongressDelegate, CongressResolution, Proposal, ProposalReply, AuditEntry)
        )


def raced(db, mine, theirs, error=CongressError) -> str:
    """`theirs` saves on the other copy just before `mine` writes (its checks passed):
    `mine` is refused in Chinese and adds nothing to what `theirs` left."""
    done: list[tuple] = []

    def first(_session, _context, _instances):
        if not done:
            theirs()
            done.append(counts(db))

    event.listen(db._sessions, "before_flush", first)
    try:
        with pytest.raises(error) as caught:
            mine()
    finally:
        event.remove(db._sessions, "before_flush", first)
    assert done and counts(db) == done[0]
    message = str(caught.value)
    assert "没有保存" in message and "请刷新" in message
    return message


def test_the_same_member_made_a_delegate_on_two_copies_at_once(db, other):
    c = school(db)
    newcomer = members.add_member(db, MemberInput(name="新人", gender="F", birth_date=date(1990, 1, 1)))
    entry = [DelegateInput(newcomer, date(2022, 1, 1))]
    message = raced(
        db,
        lambda: congress.add_delegates(db, c.term_id, entry),
        lambda: congress.add_delegates(other, c.term_id, entry),
    )
    assert "已被别人登记为本届代表" in message
    assert [d.name for d in congress.list_delegates(db, c.term_id)].count("新人") == 1


def test_two_resolutions_and_two_proposals_numbered_at_once(db, other):
    c = school(db)
    present = [a.delegate_id for a in congress.list_attendance(db, c.session_id)]
    congress.set_attendance(db, c.session_id, present, "present")
    message = raced(
        db,
        lambda: congress.add_resolution(db, c.session_id, ResolutionInput("甲", 5)),
        lambda: congress.add_resolution(other, c.session_id, ResolutionInput("乙", 5)),
    )
    assert "决议" in message
    assert [r.title for r in congress.list_resolutions(db, c.session_id)] == ["乙"]
    message = raced(
        db,
        lambda: proposals.create_proposal(db, c.proposal()),
        lambda: proposals.create_proposal(other, c.proposal(title="另一件")),
    )
    assert "同一编号的提案" in message
    assert [p.title for p in proposals.list_proposals(db)] == ["另一件"]


def test_sessions_terms_and_constituencies_named_twice_at_once(db, other):
    c = school(db)
    raced(
        db,
        lambda: congress.create_session(db, SessionInput(c.term_id, 5, "第五次", date(2024, 5, 1))),
        lambda: congress.create_session(other, SessionInput(c.term_id, 5, "第五次会议", date(2024, 5, 2))),
    )
    raced(
        db,
        lambda: congress.create_term(db, TermInput(7, "第七届", date(1990, 1, 1), date(1993, 1, 1))),
        lambda: congress.create_term(other, TermInput(7, "第七届", date(1980, 1, 1), date(1983, 1, 1))),
    )
    raced(
        db,
        lambda: congress.add_constituency(db, c.term_id, ConstituencyInput("后勤", seats=1)),
        lambda: congress.add_constituency(other, c.term_id, ConstituencyInput("后勤", seats=2)),
    )


def test_a_reply_and_feedback_against_the_other_copys_step(db, other):
    c = school(db)
    pid = accepted(db, c)
    raced(
        db,
        lambda: proposals.add_reply(db, pid, ReplyInput(date(2024, 4, 1), "已安排")),
        lambda: proposals.add_reply(other, pid, ReplyInput(date(2024, 4, 2), "正在研究")),
        ConcurrentEditError,
    )
    assert [r.reply for r in proposals.get_proposal(db, pid).replies] == ["正在研究"]
    raced(
        db,
        lambda: proposals.set_feedback(db, pid, "satisfied", date(2024, 4, 3)),
        lambda: proposals.remove_reply(other, pid),
        ConcurrentEditError,
    )
    assert proposals.get_proposal(db, pid).replies == ()


def test_a_row_changed_or_deleted_meanwhile_even_past_the_version_check(db, other):
    c = school(db)
    pid = accepted(db, c)
    raced(
        db,
        lambda: proposals.screen_proposal(db, pid, "rejected", SCREEN_DAY, reason="重复"),
        lambda: proposals.delete_proposal(other, pid, "误录"),
        ConcurrentEditError,
    )
    seat = next(d for d in congress.list_delegates(db, c.term_id) if d.name == "王芳")
    raced(
        db,
        lambda: congress.update_delegate(db, seat.id, DelegateInput(seat.member_id, date(2021, 9, 2)), seat.version),
        lambda: congress.update_delegate(other, seat.id, DelegateInput(seat.member_id, date(2021, 9, 3)), seat.version),
        ConcurrentEditError,
    )
    now = next(d for d in congress.list_delegates(db, c.term_id) if d.id == seat.id)
    assert now.elected_on == date(2021, 9, 3)


def test_a_delegate_added_to_a_constituency_or_term_deleted_meanwhile(db, other):
    school(db)
    newcomer = members.add_member(db, MemberInput(name="新人", gender="M", birth_date=date(1990, 1, 1)))
    term_id = congress.create_term(db, TermInput(20, "第二十届", date(1960, 1, 1), date(1963, 1, 1)))
    place = congress.add_constituency(db, term_id, ConstituencyInput("丁", seats=1))
    message = raced(
        db,
        lambda: congress.add_delegates(db, term_id, [DelegateInput(newcomer, date(1961, 1, 1), place)]),
        lambda: congress.remove_constituency(other, place),
    )
    assert "刚被别人删除了" in message
    message = raced(
        db,
        lambda: congress.add_delegates(db, term_id, [DelegateInput(newcomer, date(1961, 1, 1))]),
        lambda: congress.delete_term(other, term_id),
    )
    assert "刚被别人删除了" in message


def test_numbers_and_years_no_column_holds_are_refused_in_words(db):
    c = school(db)
    before = counts(db)

    def refused(call, words: str) -> None:
        with pytest.raises(CongressError) as caught:
            call()
        assert words in str(caught.value)

    refused(lambda: proposals.create_proposal(db, c.proposal(number=2**31)), "提案编号必须是正整数（1 到 999999）")
    refused(lambda: proposals.create_proposal(db, c.proposal(number=True)), "提案编号必须是正整数")
    refused(lambda: congress.create_term(db, TermInput(True, "第九届", date(1990, 1, 1), date(1993, 1, 1))), "届次")
    for start, end in ((date(9998, 1, 1), date(9999, 12, 31)), (date(1, 1, 1), date(4, 1, 1))):
        refused(lambda s=start, e=end: congress.create_term(db, TermInput(9, "第九届", s, e)), "年份不合理")
    rule = CongressRule(date(2019, 1, 1), 2, 2**40, 1, 2, 2, 50, 35, "教育部令第32号")
    refused(lambda: congress.add_congress_rule(db, rule), "比例的分子分母应在 100 以内")
    rule = CongressRule(date(2019, 1, 1), True, 3, 1, 2, 2, 50, 35, "教育部令第32号")
    refused(lambda: congress.add_congress_rule(db, rule), "都应是整数")
    refused(lambda: congress.add_constituency(db, c.term_id, ConstituencyInput("甲", seats=True)), "名额")
    assert counts(db) == before
    # Three and five years to the day are terms; so is five years and a day (an election
    # held a little late still counts), but not five years and two months.
    congress.create_term(db, TermInput(11, "第十一届", date(1910, 1, 1), date(1913, 1, 1)))
    congress.create_term(db, TermInput(12, "第十二届", date(1920, 1, 1), date(1925, 1, 2)))
    refused(lambda: congress.create_term(db, TermInput(13, "第十三届", date(1930, 1, 1), date(1935, 3, 1))), "超过五年")


def test_a_delegate_who_left_the_school_cannot_be_marked_present(db):
    """The seat was never ended, but the member was transferred before the session: 出席
    is refused naming them and what to do; 请假 and 缺席 may still be recorded."""
    c = school(db)
    members.set_status(db, [c.member["赵敏"]], "transferred", on=date(2024, 1, 1))
    before = counts(db)
    with pytest.raises(CongressError) as caught:
        congress.set_attendance(db, c.session_id, [c.delegate["赵敏"], c.delegate["李强"]], "present")
    assert "赵敏 已调出（2024-01-01），在会议日期 2024-03-20 之前已离开本校，不能登记出席" in str(caught.value)
    assert counts(db) == before
    assert {a.name: a.state for a in congress.list_attendance(db, c.session_id)}["李强"] == ""
    congress.set_attendance(db, c.session_id, [c.delegate["赵敏"]], "absent")
    assert {a.name: a.state for a in congress.list_attendance(db, c.session_id)}["赵敏"] == "absent"


def test_a_proposal_deleted_with_a_reason_of_a_million_characters_is_refused(db):
    c = school(db)
    pid = proposals.create_proposal(db, c.proposal())
    before = counts(db)
    with pytest.raises(CongressError) as caught:
        proposals.delete_proposal(db, pid, "因" * 10**6)
    assert "删除原因太长（最多 2,000 个字" in str(caught.value)
    assert counts(db) == before
    proposals.delete_proposal(db, pid, "重复录入")
    assert proposals.list_proposals(db) == []
