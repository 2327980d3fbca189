"""Bad input to the congress services: each refusal says in Chinese what is wrong (every
problem at once) and nothing is written — no delegate, vote or sign-in, no audit entry."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import event, func, select

from unionapp.db.models import CongressDelegate, Proposal
from unionapp.services import congress, members
from unionapp.services.congress import (
    CongressError,
    ConstituencyInput,
    DelegateInput,
    ResolutionInput,
    SessionInput,
    TermInput,
)
from unionapp.services.errors import ConcurrentEditError

from .test_congress import ELECTED, END, SESSION_DAY, START, audit_count, elected, session, staff, term


def delegate_count(db) -> int:
    with db.session() as s:
        return s.scalar(select(func.count(CongressDelegate.id)))


def refused(call, *words: str) -> str:
    with pytest.raises(CongressError) as err:
        call()
    message = str(err.value)
    for word in words:
        assert word in message, message
    return message


def test_terms_too_short_too_long_overlapping_or_numbered_twice(db):
    term_id = term(db)
    before = audit_count(db)
    short = TermInput(4, "第四届", date(2024, 4, 20), date(2026, 4, 20))
    refused(lambda: congress.create_term(db, short), "每届任期三至五年", "不足三年", "教育部令第32号")
    long = TermInput(4, "第四届", date(2024, 4, 20), date(2029, 6, 30))
    refused(lambda: congress.create_term(db, long), "超过五年")
    overlap = TermInput(3, "\u200b", date(2023, 9, 1), date(2026, 9, 1))
    message = refused(lambda: congress.create_term(db, overlap), "第 3 届已经登记过了", "请填写届次名称", "重叠")
    assert len(message.split("；")) == 3  # every problem at once
    backwards = TermInput(5, "第五届", date(2030, 1, 1), date(2029, 1, 1))
    refused(lambda: congress.create_term(db, backwards), "结束日期必须晚于开始日期")
    assert [t.id for t in congress.list_terms(db)] == [term_id] and audit_count(db) == before
    # Exactly three years after the previous one ends is fine, touching it on the handover day.
    congress.create_term(db, TermInput(4, "第四届", END, date(2027, 4, 19)))


def test_a_term_cannot_shrink_past_its_sessions_or_be_changed_on_a_stale_copy(db):
    term_id, _people, ids = elected(db, 3)
    session(db, term_id)
    row = congress.get_term(db, term_id)
    moved = TermInput(3, row.name, date(2022, 6, 1), date(2025, 6, 1))
    refused(lambda: congress.update_term(db, term_id, moved, row.version), "会落在新的任期之外")
    congress.update_term(db, term_id, TermInput(3, "第三届教代会", START, END, "换届"), row.version)
    with pytest.raises(ConcurrentEditError):
        congress.update_term(db, term_id, TermInput(3, "旧名称", START, END), row.version)
    assert congress.get_term(db, term_id).name == "第三届教代会"
    refused(lambda: congress.delete_term(db, term_id), "不能删除")


def test_a_member_who_left_before_the_election_is_refused_with_the_rest_of_the_list(db):
    term_id = term(db)
    people = staff(db, 4)
    members.set_status(db, [people[0]], "transferred", on=date(2021, 3, 1))
    members.set_status(db, [people[1]], "retired", on=date(2021, 1, 31))
    # One who left after the election was a delegate when elected.
    members.set_status(db, [people[2]], "deceased", on=date(2022, 1, 5))
    before = audit_count(db)
    entries = [DelegateInput(m, ELECTED) for m in people]
    refused(
        lambda: congress.add_delegates(db, term_id, entries),
        "在当选日期之前已离开本校，不能当选代表",
        "已调出（2021-03-01）",
        "已退休（2021-01-31）",
    )
    assert delegate_count(db) == 0 and audit_count(db) == before
    assert congress.add_delegates(db, term_id, entries[2:]) == 2
    flags = {d.member_id: d.left_label for d in congress.list_delegates(db, term_id)}
    assert flags == {people[2]: "已去世", people[3]: ""}


def test_duplicates_strangers_dates_and_constituencies_are_all_told_at_once(db):
    term_id = term(db)
    other = congress.create_term(db, TermInput(2, "第二届", date(2016, 4, 20), date(2021, 4, 20)))
    foreign = congress.add_constituency(db, other, ConstituencyInput("旧选区"))
    people = staff(db, 3)
    congress.add_delegates(db, term_id, [DelegateInput(people[0], ELECTED)])
    before, count = audit_count(db), delegate_count(db)
    entries = [
        DelegateInput(people[0], ELECTED),  # already a delegate
        DelegateInput(people[1], ELECTED),
        DelegateInput(people[1], ELECTED),  # twice in the list
        DelegateInput(people[2], date(2025, 1, 1), foreign, "boss"),  # after the term, another term's place
        DelegateInput(999_999, ELECTED),  # not on the roster
    ]
    message = refused(
        lambda: congress.add_delegates(db, term_id, entries),
        "已经是第三届教职工代表大会的代表，不能重复添加",
        "出现了不止一次",
        "当选日期 2025-01-01 不在",
        "不是第三届教职工代表大会的",
        "代表类别应是",
        "已不在会员名册里",
    )
    assert message.count("；") == 5
    assert (audit_count(db), delegate_count(db)) == (before, count)


def test_ending_and_replacing_a_seat_checks_its_dates_and_reason(db):
    term_id, _people, ids = elected(db, 3)
    newcomer = staff(db, 1, "数学组")[0]
    before = audit_count(db)
    refused(lambda: congress.end_delegate(db, ids[0], date(2021, 1, 1), " "), "请写明任期结束的原因", "不在")
    refused(
        lambda: congress.replace_delegate(
            db, ids[0], date(2022, 9, 1), "调离本校", DelegateInput(newcomer, date(2022, 8, 1))
        ),
        "补选日期 2022-08-01 不能早于原代表任期结束的日期 2022-09-01",
    )
    refused(
        lambda: congress.replace_delegate(
            db, ids[0], date(2022, 9, 1), "调离本校", DelegateInput(_people[1], date(2022, 9, 1))
        ),
        "已经是",
    )
    assert audit_count(db) == before and delegate_count(db) == 3
    congress.end_delegate(db, ids[0], date(2022, 9, 1), "退休")
    refused(lambda: congress.end_delegate(db, ids[0], date(2022, 10, 1), "退休"), "已于 2022-09-01 结束，不能再次结束")
    row = next(d for d in congress.list_delegates(db, term_id) if d.id == ids[1])
    refused(
        lambda: congress.update_delegate(db, ids[1], DelegateInput(newcomer, ELECTED), row.version), "代表本人不能更改"
    )
    with pytest.raises(ConcurrentEditError):
        congress.update_delegate(db, ids[1], DelegateInput(row.member_id, ELECTED, note="x"), row.version - 1)


def test_signin_refuses_non_delegates_and_a_session_not_yet_held(db):
    term_id, _people, ids = elected(db, 3)
    congress.end_delegate(db, ids[0], date(2022, 1, 1), "调离本校")
    sid = session(db, term_id)
    gone = congress.list_delegates(db, term_id)[0].name
    before = audit_count(db)
    refused(lambda: congress.set_attendance(db, sid, ids, "present"), f"{gone}在会议日期", "不是在任代表，不能签到")
    assert congress.get_session(db, sid).present == 0 and audit_count(db) == before
    # A session later this term but after today: leave may be noted ahead, presence not.
    today = date.today()
    later = congress.create_term(
        db, TermInput(9, "第九届", today - timedelta(days=30), today + timedelta(days=3 * 366))
    )
    future = congress.create_session(db, SessionInput(later, 1, "第九届一次会议", today + timedelta(days=7)))
    refused(lambda: congress.set_attendance(db, future, [], "present"), "会议还没有召开")


def test_votes_above_those_present_negative_or_below_quorum_are_refused(db):
    term_id, _people, ids = elected(db, 30)
    sid = session(db, term_id)
    congress.set_attendance(db, sid, ids[:21], "present")
    before = audit_count(db)
    refused(
        lambda: congress.add_resolution(db, sid, ResolutionInput("决议", 16, 5, 1)),
        "表决票数合计 22 超过了实到代表 21 人",
    )
    refused(lambda: congress.add_resolution(db, sid, ResolutionInput(" ", -1)), "票数不能为负数", "请填写决议名称")
    assert congress.list_resolutions(db, sid) == [] and audit_count(db) == before
    rid = congress.add_resolution(db, sid, ResolutionInput("决议", 16, 4, 1))
    # Taking a sign-in back under the votes cast, or under the quorum, is refused too.
    refused(lambda: congress.set_attendance(db, sid, [ids[0]], "clear"), "表决票数合计 21 超过了实到代表 20 人")
    assert congress.get_session(db, sid).present == 21
    version = congress.list_resolutions(db, sid)[0].version
    refused(lambda: congress.update_resolution(db, rid, ResolutionInput("决议", 30), version), "超过了实到代表 21 人")


def test_a_session_outside_its_term_numbered_twice_or_with_proposals_is_refused(db):
    term_id, _people, ids = elected(db, 3)
    sid = session(db, term_id)
    before = audit_count(db)
    refused(
        lambda: congress.create_session(db, SessionInput(term_id, 1, "", date(2025, 1, 1))),
        "第 1 次会议已经登记过了",
        "请填写会议名称",
        "不在第三届教职工代表大会的任期",
    )
    with db.session() as s:
        s.add(Proposal(session_id=sid, number=1, proposer_id=ids[0], title="关于午餐的建议", submitted_on=SESSION_DAY))
    refused(lambda: congress.delete_session(db, sid, "录错了"), "请先删除或移走本次会议的提案")
    refused(lambda: congress.delete_session(db, sid, ""), "必须写明原因")
    assert len(congress.list_sessions(db, term_id)) == 1 and audit_count(db) == before + 0


def test_reading_a_large_term_takes_the_same_few_queries(db):
    """No query per delegate or per session: the list, the sign-in and the sessions cost as
    much for 120 delegates and three sessions as for 3 delegates and one."""
    counts = []
    for size, number, meetings in ((3, 3, 1), (120, 4, 3)):
        start = START.replace(year=START.year - 5 * (number - 3) - 10)
        term_id = congress.create_term(
            db, TermInput(number, f"第{number}届", start, start.replace(year=start.year + 4))
        )
        people = staff(db, size, f"组{number}")
        congress.add_delegates(db, term_id, [DelegateInput(m, start) for m in people])
        for n in range(1, meetings + 1):
            sid = congress.create_session(db, SessionInput(term_id, n, "会议", start + timedelta(days=30 * n)))
            congress.set_attendance(db, sid, [d.id for d in congress.list_delegates(db, term_id)], "present")
        counts.append(statements_during(db, term_id, sid))
    assert counts[0] == counts[1]


def statements_during(db, term_id: int, session_id: int) -> int:
    """How many statements reading a term's delegates, sign-in, sessions and make-up runs."""
    statements = []

    def listener(*args):
        statements.append(args[2])

    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        congress.list_delegates(db, term_id)
        congress.list_attendance(db, session_id)
        congress.list_sessions(db, term_id)
        congress.term_makeup(db, term_id)
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)
    return len(statements)


def test_hostile_text_and_enormous_numbers_are_told_not_stored(db):
    term_id, _people, ids = elected(db, 3)
    before = audit_count(db)
    refused(
        lambda: congress.create_term(
            db, TermInput(2**40, "第\ud800届", date(2010, 1, 1), date(2013, 1, 1), "x" * 10**6)
        ),
        "届次应是 1 到 999 之间的整数",
        "太长",
    )
    refused(lambda: congress.add_constituency(db, term_id, ConstituencyInput("语文\u200b组", seats=10**12)), "名额")
    sid = session(db, term_id)
    congress.set_attendance(db, sid, ids, "present")
    after_setup = audit_count(db)
    refused(lambda: congress.add_resolution(db, sid, ResolutionInput("决议", 2**63)), "超过了实到代表 3 人")
    refused(lambda: congress.set_attendance(db, sid, ids, "leave", "病" * 1000), "太长")
    assert audit_count(db) == after_setup and before < after_setup
    # Invisible characters are dropped, not kept: the name is stored clean.
    place = congress.add_constituency(db, term_id, ConstituencyInput("数学\u200b组", seats=2))
    assert {c.id: c.name for c in congress.list_constituencies(db, term_id)}[place] == "数学组"
