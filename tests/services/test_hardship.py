"""Hardship files: opened with household and causes, income per head, reviewed (confirmed,
level changed, closed) with the history kept, the member's mark mirroring the open file,
every view of the details logged, and the help given recomputed from the visits, handouts
and prizes the test makes. Dates are in last year (small_school.YEAR), fixed per run."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy import select

from unionapp.db.models import AuditEntry
from unionapp.domain.members import MemberError
from unionapp.services import activities, benefits, handouts, hardship, members, visits
from unionapp.services.activities import ActivityInput, PrizeInput
from unionapp.services.hardship import FileInput, HouseholdInput
from unionapp.services.visits import VisitInput

from .small_school import YEAR, audit_count, category, gift, school

OPENED = date(YEAR, 3, 1)
HOUSEHOLD = (
    HouseholdInput("本人", "", 350_000),
    HouseholdInput("配偶", "刘伟", 0, "长期住院"),
    HouseholdInput("子女", "刘小明", 0, "大学在读"),
)


def data(member_id: int, **kw) -> FileInput:
    fields = dict(
        member_id=member_id,
        level="hardship",
        opened_on=OPENED,
        causes=("schooling", "illness_family"),
        plan="每年送温暖慰问，金秋助学",
        household=HOUSEHOLD,
    )
    return FileInput(**(fields | kw))


def mark(db, member_id: int) -> tuple[str, date | None]:
    row = members.get_member(db, member_id)
    return row.hardship_level, row.hardship_since


def audits(db, action: str) -> list[AuditEntry]:
    with db.session() as s:
        query = select(AuditEntry).where(AuditEntry.entity == "hardship_file", AuditEntry.action == action)
        return list(s.scalars(query.order_by(AuditEntry.id)))


@pytest.fixture
def p(db):
    return school(db)


def test_a_file_opened_with_household_and_causes(db, p):
    fid = hardship.open_file(db, data(p["张丽"]))
    assert mark(db, p["张丽"]) == ("hardship", OPENED)
    assert hardship.member_file_id(db, p["张丽"]) == fid and hardship.member_file_id(db, p["李强"]) is None
    detail = hardship.view_file(db, fid, today=date(YEAR, 12, 31))
    assert detail.causes == ("illness_family", "schooling")  # in the labels' order
    assert detail.causes_text == "家属大病、子女上学"
    assert [(h.relation, h.name, h.monthly_income_fen, h.note) for h in detail.household] == [
        ("本人", "", 350_000, ""),
        ("配偶", "刘伟", 0, "长期住院"),
        ("子女", "刘小明", 0, "大学在读"),
    ]
    assert (detail.people, detail.monthly_income_fen, detail.per_head_fen) == (3, 350_000, 116_666)
    assert detail.plan == "每年送温暖慰问，金秋助学" and detail.reviews == ()
    row = detail.row
    assert (row.name, row.group_name, row.level_label, row.opened_on, row.open) == (
        "张丽",
        "高中组",
        "困难",
        OPENED,
        True,
    )
    # The list shows no household, income, causes or plan.
    listed = hardship.list_files(db, today=date(YEAR, 6, 1))
    assert [r.id for r in listed] == [fid]
    assert not {"household", "causes", "plan", "per_head_fen", "monthly_income_fen"} & set(vars(listed[0]))
    created = audits(db, "create")
    assert len(created) == 1 and created[0].summary == f"新建困难职工档案：张丽（困难，{OPENED} 建档）"
    assert "350" not in created[0].details and "刘伟" not in created[0].details  # no household in the log


def test_review_confirms_changes_and_closes_with_history(db, p):
    fid = hardship.open_file(db, data(p["张丽"]))
    hardship.review_file(db, fid, date(YEAR, 4, 10), "confirm", note="情况属实")
    hardship.review_file(db, fid, date(YEAR, 8, 20), "change", "extreme", "配偶病情加重")
    assert mark(db, p["张丽"]) == ("extreme", OPENED)
    assert [r.level_label for r in hardship.list_files(db, today=date(YEAR, 9, 1))] == ["特困"]
    hardship.review_file(db, fid, date(YEAR, 11, 20), "close", note="收入好转", close_reason="收入好转，已脱困")
    assert mark(db, p["张丽"]) == ("", None)
    assert hardship.member_file_id(db, p["张丽"]) is None
    assert hardship.list_files(db, today=date(YEAR, 12, 1)) == []
    (closed,) = hardship.list_files(db, include_closed=True, today=date(YEAR, 12, 1))
    assert (closed.open, closed.closed_on, closed.close_reason) == (False, date(YEAR, 11, 20), "收入好转，已脱困")
    assert closed.last_review_on == date(YEAR, 11, 20) and not closed.review_due
    reviews = hardship.view_file(db, fid).reviews
    assert [(r.reviewed_on, r.outcome, r.outcome_label, r.level_before, r.level_after, r.note) for r in reviews] == [
        (date(YEAR, 11, 20), "close", "脱困销档", "extreme", "extreme", "收入好转"),
        (date(YEAR, 8, 20), "change", "调整级别", "hardship", "extreme", "配偶病情加重"),
        (date(YEAR, 4, 10), "confirm", "维持", "hardship", "hardship", "情况属实"),
    ]
    assert [e.summary for e in audits(db, "review")] == [
        f"复核困难职工档案：张丽（{date(YEAR, 4, 10)}，维持困难）",
        f"复核困难职工档案：张丽（{date(YEAR, 8, 20)}，困难 → 特困）",
        f"复核困难职工档案：张丽（{date(YEAR, 11, 20)}，脱困销档：收入好转，已脱困）",
    ]
    # Hard times again: a new file, the closed one kept as history.
    again = hardship.open_file(db, data(p["张丽"], level="general", opened_on=date(YEAR, 12, 10)))
    assert mark(db, p["张丽"]) == ("general", date(YEAR, 12, 10))
    assert [r.id for r in hardship.list_files(db, include_closed=True, today=date(YEAR, 12, 31))] == [again, fid]


def test_review_due_from_november_for_a_file_not_reviewed_this_year(db, p):
    fid = hardship.open_file(db, data(p["张丽"]))
    assert [r.review_due for r in hardship.list_files(db, today=date(YEAR, 10, 31))] == [False]
    assert [r.review_due for r in hardship.list_files(db, today=date(YEAR, 11, 1))] == [True]
    hardship.review_file(db, fid, date(YEAR, 11, 5), "confirm")
    assert [r.review_due for r in hardship.list_files(db, today=date(YEAR, 11, 6))] == [False]


def test_an_edit_changes_household_and_plan_and_logs_what_not_how_much(db, p):
    fid = hardship.open_file(db, data(p["张丽"]))
    version = hardship.list_files(db)[0].version
    fewer = (HouseholdInput("本人", "", 420_000), HouseholdInput("子女", "刘小明", 0))
    hardship.update_file(db, fid, data(p["张丽"], household=fewer, plan="金秋助学"), expected_version=version)
    detail = hardship.view_file(db, fid)
    assert (detail.people, detail.per_head_fen, detail.plan) == (2, 210_000, "金秋助学")
    (entry,) = audits(db, "update")
    assert entry.summary == "修改困难职工档案：张丽（家庭成员及收入、帮扶措施）"
    assert "420" not in entry.details
    before = audit_count(db, "hardship_file")
    hardship.update_file(db, fid, data(p["张丽"], household=fewer, plan="金秋助学"))  # nothing changed
    assert audit_count(db, "hardship_file") == before


def test_a_file_entered_by_mistake_is_deleted_with_its_reason(db, p):
    fid = hardship.open_file(db, data(p["张丽"]))
    hardship.review_file(db, fid, date(YEAR, 4, 10), "confirm")
    hardship.delete_file(db, fid, "建错了人")
    assert mark(db, p["张丽"]) == ("", None)
    assert hardship.list_files(db, include_closed=True) == []
    (entry,) = audits(db, "delete")
    assert entry.summary == "删除困难职工档案：张丽（困难，原因：建错了人）"


def test_viewing_a_file_writes_exactly_one_view_entry(db, p):
    fid = hardship.open_file(db, data(p["张丽"]))
    hardship.list_files(db)
    hardship.list_files(db, include_closed=True)
    hardship.help_statistics(db, YEAR)
    assert audits(db, "view") == []  # the list and the statistics hold no details
    hardship.view_file(db, fid, "复核准备")
    (entry,) = audits(db, "view")
    assert (entry.entity_id, entry.summary) == (fid, "查看困难职工档案：张丽（复核准备）")
    hardship.file_input(db, fid)
    assert [e.summary for e in audits(db, "view")] == [
        "查看困难职工档案：张丽（复核准备）",
        "查看困难职工档案（修改）：张丽",
    ]


def test_the_edit_form_gets_back_what_was_saved(db, p):
    fid = hardship.open_file(db, data(p["张丽"]))
    back = hardship.file_input(db, fid)
    assert back == data(p["张丽"], causes=("illness_family", "schooling"))


def _help_records(db, p) -> None:
    """张丽 (filed): a hospital visit, a hardship visit, a visit without money, the 三八 gift, a prize.
    李强 (not filed) gets a visit too: he is in no statistics."""
    types = {t.code: t.id for t in visits.list_types(db)}
    visits.add_visit(db, VisitInput(p["张丽"], types["hospital"], date(YEAR, 2, 10), money_fen=30_000))
    visits.add_visit(db, VisitInput(p["张丽"], types["major_hardship"], date(YEAR, 6, 1), money_fen=100_000))
    visits.add_visit(db, VisitInput(p["张丽"], types["hospital"], date(YEAR, 7, 1), reason="复诊探望"))
    visits.add_visit(db, VisitInput(p["李强"], types["hospital"], date(YEAR, 2, 11), money_fen=30_000))
    hid = handouts.create_handout(db, gift(db), [p["张丽"], p["陈静"]])
    handouts.issue_handout(db, hid)
    day = date(YEAR, 5, 10)
    aid = activities.create_activity(
        db, ActivityInput("教职工运动会", "sports", day, day, category_id=category(db, "sports"))
    )
    activities.add_prize(db, aid, PrizeInput(p["张丽"], "跳绳第一名", value_fen=8_000))
    activities.issue_prizes(db, aid)


def test_help_statistics_are_the_visits_handouts_and_prizes_of_the_year(db, p):
    fid = hardship.open_file(db, data(p["张丽"]))
    hardship.open_file(db, data(p["陈静"], level="extreme", opened_on=date(YEAR, 9, 1)))
    old = hardship.open_file(db, data(p["王芳"], opened_on=date(YEAR - 2, 3, 1)))
    hardship.review_file(db, old, date(YEAR - 1, 11, 20), "close", close_reason="收入好转，已脱困")
    _help_records(db, p)
    stats = {s.name: s for s in hardship.help_statistics(db, YEAR)}
    assert set(stats) == {"张丽", "陈静"}  # 王芳's file closed the year before; 李强 has none
    zhang = stats["张丽"]
    assert (zhang.level_label, zhang.visits, zhang.visit_money_fen) == ("困难", 3, 130_000)
    assert (zhang.handouts, zhang.handout_fen, zhang.prizes_fen) == (1, 15_000, 8_000)
    assert zhang.total_fen == 130_000 + 15_000 + 8_000
    chen = stats["陈静"]
    assert (chen.level_label, chen.visits, chen.handouts, chen.total_fen) == ("特困", 0, 1, 15_000)
    # The same figures as the 福利发放明细 of services.benefits, per member.
    totals = {t.member_id: t.total_fen for t in benefits.per_member(benefits.benefits(db, YEAR))}
    assert {s.member_id: s.total_fen for s in stats.values()} == {m: totals[m] for m in (p["张丽"], p["陈静"])}
    # The list's help this year and visited flag, read in bulk.
    rows = {r.name: r for r in hardship.list_files(db, today=date(YEAR, 12, 31))}
    assert (rows["张丽"].help_this_year_fen, rows["张丽"].visited_this_year) == (153_000, True)
    assert (rows["陈静"].help_this_year_fen, rows["陈静"].visited_this_year) == (15_000, False)
    # The details list every line of help since the file opened, newest first.
    helped = hardship.view_file(db, fid, today=date(YEAR, 12, 31)).help
    assert [(h.day, h.source) for h in helped] == [
        (date(YEAR, 6, 1), "visit"),
        (date(YEAR, 5, 10), "prize"),
        (date(YEAR, 3, 7), "handout"),
        (date(YEAR, 2, 10), "visit"),
    ]


def test_a_member_edit_keeps_the_hardship_mark_and_cannot_change_it(db, p):
    hardship.open_file(db, data(p["张丽"]))
    form = members.member_input(db, p["张丽"])
    assert (form.hardship_level, form.hardship_since) == ("hardship", OPENED)
    members.update_member(db, p["张丽"], replace(form, phone="13800138000"))
    assert mark(db, p["张丽"]) == ("hardship", OPENED)
    version = members.get_member(db, p["张丽"]).version
    for changed in (
        replace(form, hardship_level="extreme"),
        replace(form, hardship_since=date(YEAR, 1, 1)),
        replace(form, hardship_level="", hardship_since=None),
    ):
        with pytest.raises(MemberError, match="困难帮扶"):
            members.update_member(db, p["张丽"], changed)
    assert mark(db, p["张丽"]) == ("hardship", OPENED)
    assert members.get_member(db, p["张丽"]).version == version
    unfiled = members.member_input(db, p["李强"])
    with pytest.raises(MemberError, match="困难帮扶"):
        members.update_member(db, p["李强"], replace(unfiled, hardship_level="hardship", hardship_since=OPENED))


def test_a_member_who_leaves_takes_the_file_with_them(db, p):
    fid = hardship.open_file(db, data(p["张丽"]))
    members.set_status(db, [p["张丽"]], "transferred", on=date(YEAR, 6, 30))
    [row] = hardship.list_files(db, include_closed=True)
    assert (row.id, row.open, row.closed_on, row.close_reason) == (fid, False, date(YEAR, 6, 30), "调离本校")
    assert mark(db, p["张丽"]) == ("", None)
    detail = hardship.view_file(db, fid)
    assert [(r.outcome, r.reviewed_on) for r in detail.reviews] == [("close", date(YEAR, 6, 30))]
    members.set_status(db, [p["张丽"]], "active")  # back again: the file stays closed, a new one may open
    assert not hardship.list_files(db)
