"""The staff congress (教代会) services: a term with its constituencies and delegates, a
replacement during the term, the make-up, and a whole session — sign-in, the quorum at
exactly two thirds, resolutions passing on more than half of *all* delegates."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from unionapp.db.models import AuditEntry
from unionapp.domain.members import MemberInput
from unionapp.services import congress, groups, members
from unionapp.services.congress import (
    CongressError,
    ConstituencyInput,
    DelegateInput,
    ResolutionInput,
    SessionInput,
    TermInput,
)
from unionapp.services.errors import InUseError

START = date(2021, 4, 20)
END = date(2024, 4, 19)
ELECTED = date(2021, 4, 20)
SESSION_DAY = date(2022, 4, 22)


def staff(db, count: int = 30, group: str = "语文组") -> list[int]:
    """`count` active members of one group: the first third women, those with an even
    number born 1995 (young on the term's start), the rest 1975."""
    if group not in {g.name for g in groups.list_groups(db)}:
        groups.add_group(db, group)
    return [
        members.add_member(
            db,
            MemberInput(
                name=f"{group[:2]}{i:02d}",
                gender="F" if i < count // 3 else "M",
                birth_date=date(1995 if i % 2 == 0 else 1975, 6, 1),
                group_name=group,
            ),
        )
        for i in range(count)
    ]


def term(db) -> int:
    return congress.create_term(db, TermInput(3, "第三届教职工代表大会", START, END))


def elected(db, count: int = 30) -> tuple[int, list[int], list[int]]:
    """A term with `count` delegates of one constituency: (term id, member ids, delegate ids)."""
    term_id = term(db)
    people = staff(db, count)
    place = congress.add_constituency(db, term_id, ConstituencyInput("语文组", seats=count))
    congress.add_delegates(db, term_id, [DelegateInput(m, ELECTED, place) for m in people])
    ids = [d.id for d in congress.list_delegates(db, term_id)]
    return term_id, people, ids


def session(db, term_id: int, day: date = SESSION_DAY) -> int:
    return congress.create_session(
        db, SessionInput(term_id, 1, "第三届教代会第二次会议", day, "报告厅", "审议校长工作报告", "校长工作报告")
    )


def audit_count(db) -> int:
    with db.session() as s:
        return s.scalar(select(func.count(AuditEntry.id)))


def test_a_term_lists_newest_first_and_is_current_on_its_days(db):
    old = congress.create_term(db, TermInput(2, "第二届教职工代表大会", date(2016, 4, 20), date(2021, 4, 20)))
    new = term(db)
    assert [t.id for t in congress.list_terms(db)] == [new, old]
    assert congress.current_term_id(db, on=date(2018, 1, 1)) == old
    assert congress.current_term_id(db, on=date(2022, 1, 1)) == new
    assert congress.current_term_id(db, on=date(2030, 1, 1)) == new  # none holds it: the newest
    row = congress.get_term(db, new)
    assert (row.number, row.start_date, row.end_date, row.delegates, row.sessions) == (3, START, END, 0, 0)


def test_delegates_with_their_constituency_category_and_makeup(db):
    term_id, people, ids = elected(db, 30)
    rows = congress.list_delegates(db, term_id, on=SESSION_DAY)
    assert len(rows) == 30 and all(r.in_office and r.constituency_name == "语文组" for r in rows)
    assert [r.name for r in rows] == sorted(r.name for r in rows)
    makeup = congress.term_makeup(db, term_id, on=SESSION_DAY)
    assert (makeup.total, makeup.teachers, makeup.women, makeup.young) == (30, 30, 10, 15)
    assert makeup.teachers_ok and makeup.warnings() == []
    assert congress.get_term(db, term_id).delegates == 30  # the term is over: counted on its end
    assert congress.list_constituencies(db, term_id)[0].delegates == 30
    assert congress.seats_check(db, term_id) == []
    # Ten become school leaders: teachers fall to 20 of 30, under 60%? no — 66.7%, still fine;
    # fifteen leaders leave 50%, which the make-up warns about.
    for d in ids[:15]:
        congress.update_delegate(db, d, DelegateInput(people[ids.index(d)], ELECTED, None, "leader"))
    makeup = congress.term_makeup(db, term_id, on=SESSION_DAY)
    assert makeup.teachers == 15 and not makeup.teachers_ok
    assert "低于规定的 60%" in makeup.warnings()[0]
    assert "还缺 15 人" in congress.seats_check(db, term_id)[0]  # the fifteen moved out of the constituency


def test_constituencies_from_groups_with_seats_by_members(db):
    term_id = term(db)
    staff(db, 25, "语文组")
    staff(db, 4, "数学组")
    retired = staff(db, 3, "退休组")
    members.set_status(db, retired, "retired")
    assert congress.constituencies_from_groups(db, term_id, members_per_seat=10) == 2
    seats = {c.name: c.seats for c in congress.list_constituencies(db, term_id)}
    assert seats == {"语文组": 2, "数学组": 1}  # the retirees' group elects no one
    assert congress.constituencies_from_groups(db, term_id) == 0  # each group once


def test_a_replacement_ends_the_seat_and_takes_its_constituency(db):
    term_id, people, ids = elected(db, 5)
    newcomer = staff(db, 1, "数学组")[0]
    ended = date(2022, 9, 1)
    new_id = congress.replace_delegate(db, ids[0], ended, "调离本校", DelegateInput(newcomer, ended))
    rows = {r.id: r for r in congress.list_delegates(db, term_id, on=date(2022, 10, 1))}
    old, new = rows[ids[0]], rows[new_id]
    assert (old.ended_on, old.end_reason, old.in_office, old.replaced_by_name) == (ended, "调离本校", False, new.name)
    assert (new.replaces_id, new.replaces_name, new.constituency_id, new.in_office) == (
        ids[0],
        old.name,
        old.constituency_id,
        True,
    )
    # The day before, the old delegate still sat and the newcomer did not.
    assert len(congress.list_delegates(db, term_id, on=date(2022, 8, 31), include_ended=False)) == 5
    with db.session() as s:
        on_day = congress.delegates_on_in(s, term_id, ended)
    assert ids[0] not in on_day and new_id in on_day


def test_a_whole_session_quorum_at_two_thirds_and_passing_on_half_of_all(db):
    term_id, _people, ids = elected(db, 30)
    sid = session(db, term_id)
    assert congress.next_session_number(db, term_id) == 2
    row = congress.get_session(db, sid)
    assert (row.delegates, row.present, row.unmarked, row.quorum_needed, row.quorum_met) == (30, 0, 30, 21, False)

    congress.set_attendance(db, sid, ids[:20], "present")
    congress.set_attendance(db, sid, ids[20:25], "leave", "外出培训")
    congress.set_attendance(db, sid, ids[25:27], "absent")
    row = congress.get_session(db, sid)
    assert (row.present, row.on_leave, row.unmarked, row.quorum_met) == (20, 5, 3, False)  # 20 = exactly 2/3
    assert row.quorum_text == "应到 30 人，实到 20 人，未超过三分之二（至少需要 21 人），不符合规定"
    before = audit_count(db)
    with pytest.raises(CongressError) as err:
        congress.add_resolution(db, sid, ResolutionInput("关于通过校长工作报告的决议", 16, 2, 2))
    assert "本次会议实到 20 人，未超过全体代表 30 人的三分之二（至少需要 21 人），不能表决决议" in str(err.value)
    assert "教育部令第32号" in str(err.value)
    assert congress.list_resolutions(db, sid) == [] and audit_count(db) == before

    congress.set_attendance(db, sid, [ids[20]], "present")  # one on leave came after all
    row = congress.get_session(db, sid)
    assert (row.present, row.on_leave, row.quorum_met) == (21, 4, True)
    assert row.quorum_text == "应到 30 人，实到 21 人，超过三分之二（至少 21 人），符合规定"

    # 16 for of 21 present passes: more than half of all 30 delegates; 15 does not, though
    # it is far more than half of those present.
    passed = congress.add_resolution(db, sid, ResolutionInput("关于通过校长工作报告的决议", 16, 3, 2))
    failed = congress.add_resolution(db, sid, ResolutionInput("关于修订绩效方案的决议", 15, 0, 6))
    rows = congress.list_resolutions(db, sid)
    assert [(r.id, r.number, r.passed, r.result_label) for r in rows] == [
        (passed, 1, True, "通过"),
        (failed, 2, False, "未通过"),
    ]
    assert (rows[0].delegates, rows[0].present) == (30, 21)
    assert rows[0].basis == "赞成 16 票，超过全体代表 30 人的二分之一（至少 16 票）"
    assert rows[1].basis == "赞成 15 票，未超过全体代表 30 人的二分之一（至少需要 16 票）"

    attendance = {a.delegate_id: a for a in congress.list_attendance(db, sid)}
    assert len(attendance) == 30
    assert (attendance[ids[21]].state, attendance[ids[21]].state_label, attendance[ids[21]].note) == (
        "leave",
        "请假",
        "外出培训",
    )
    assert (attendance[ids[25]].state, attendance[ids[25]].state_label) == ("absent", "缺席")
    assert (attendance[ids[29]].state, attendance[ids[29]].state_label) == ("", "未签到")
    summary = congress.get_session(db, sid)
    assert (summary.resolutions, summary.proposals) == (2, 0)

    congress.update_resolution(db, failed, ResolutionInput("关于修订绩效方案的决议", 17, 0, 4), rows[1].version)
    assert congress.list_resolutions(db, sid)[1].passed
    congress.remove_resolution(db, failed)
    assert [r.id for r in congress.list_resolutions(db, sid)] == [passed]


def test_session_edits_and_deletion_take_the_signin_and_resolutions(db):
    term_id, _people, ids = elected(db, 3)
    sid = session(db, term_id)
    congress.set_attendance(db, sid, ids, "present")
    congress.add_resolution(db, sid, ResolutionInput("决议一", 3))
    row = congress.get_session(db, sid)
    congress.update_session(
        db, sid, SessionInput(term_id, 2, "第三届教代会第二次会议", SESSION_DAY, "会议室"), row.version
    )
    assert (congress.get_session(db, sid).number, congress.get_session(db, sid).place) == (2, "会议室")
    congress.delete_session(db, sid, "重复录入")
    assert congress.list_sessions(db, term_id) == []
    with db.session() as s:
        from unionapp.db.models import CongressAttendance, CongressResolution

        assert s.scalar(select(func.count()).select_from(CongressAttendance)) == 0
        assert s.scalar(select(func.count()).select_from(CongressResolution)) == 0


def test_rules_are_dated_and_a_newer_one_governs_later_sessions(db):
    base = congress.list_congress_rules(db)
    assert len(base) == 1 and base[0].quorum_num == 2 and base[0].quorum_den == 3 and base[0].id
    stricter = congress.CongressRule(date(2023, 1, 1), quorum_num=3, quorum_den=4, source_doc="本校教代会实施细则")
    rid = congress.add_congress_rule(db, stricter)
    assert congress.rule_on(db, date(2022, 12, 31)).quorum_den == 3
    assert congress.rule_on(db, date(2023, 1, 1)).quorum_den == 4
    assert congress.rule_on(db, date(2000, 1, 1)).id == base[0].id  # before any: the oldest
    assert [r.id for r in congress.list_congress_rules(db)] == [rid, base[0].id]
    congress.remove_congress_rule(db, rid)
    with pytest.raises(CongressError) as err:
        congress.remove_congress_rule(db, base[0].id)
    assert "唯一的一条规则" in str(err.value)


def test_a_delegate_entered_by_mistake_is_removed_and_one_who_signed_in_is_not(db):
    term_id, _people, ids = elected(db, 3)
    sid = session(db, term_id)
    congress.set_attendance(db, sid, [ids[0]], "present")
    with pytest.raises(CongressError) as err:
        congress.remove_delegate(db, ids[0])
    assert "请改用“任期结束”" in str(err.value)
    congress.remove_delegate(db, ids[1])
    assert [d.id for d in congress.list_delegates(db, term_id)] == [ids[0], ids[2]]
    congress.end_delegate(db, ids[2], date(2023, 1, 1), "辞去代表职务")
    assert congress.list_delegates(db, term_id, on=date(2023, 6, 1), include_ended=False)[0].id == ids[0]


def test_merging_groups_repoints_constituencies_and_an_empty_one_named_by_a_constituency_stays(db):
    term_id = term(db)
    staff(db, 3, "语文组")
    staff(db, 2, "数学组")
    art = groups.add_group(db, "艺术组")
    congress.constituencies_from_groups(db, term_id)  # 艺术组 has no one yet: the chair adds its seat
    congress.add_constituency(db, term_id, congress.ConstituencyInput("艺术组", art, 1))
    ids = {g.name: g.id for g in groups.list_groups(db)}
    groups.merge_groups(db, ids["数学组"], ids["语文组"])
    places = {c.name: (c.group_id, c.group_name) for c in congress.list_constituencies(db, term_id)}
    assert places["数学组"] == (ids["语文组"], "语文组")
    with pytest.raises(InUseError, match="1 个教代会选区"):
        groups.remove_group(db, art)
