"""Hardship files against bad input: every refusal is Chinese, names what to do, and writes
nothing — the files, household, reviews, the member's mark and the audit log are exactly
as before. (An income that is not a number is the form's and the importer's to read; here
it arrives as fen and is refused when negative, fractional or absurd.)"""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from unionapp.db.models import AuditEntry, HardshipFile, HardshipHousehold, HardshipReview, Member
from unionapp.domain.hardship import MAX_HOUSEHOLD
from unionapp.services import hardship, members
from unionapp.services.errors import ConcurrentEditError, NotFoundError
from unionapp.services.hardship import FileInput, HardshipError, HouseholdInput

from .small_school import YEAR, school

OPENED = date(YEAR, 3, 1)
TODAY = date(YEAR, 12, 15)


def data(member_id: int, **kw) -> FileInput:
    fields = dict(
        member_id=member_id,
        level="hardship",
        opened_on=OPENED,
        causes=("illness_self",),
        household=(HouseholdInput("本人", "", 300_000), HouseholdInput("子女", "", 0)),
    )
    return FileInput(**(fields | kw))


def state(db) -> tuple:
    """Everything a refused step must leave as it was."""
    with db.session() as s:
        files = s.execute(select(HardshipFile.id, HardshipFile.level, HardshipFile.closed_on, HardshipFile.version))
        people = s.execute(select(HardshipHousehold.relation, HardshipHousehold.monthly_income_fen))
        reviews = s.scalar(select(func.count()).select_from(HardshipReview))
        marks = s.execute(select(Member.id, Member.hardship_level, Member.hardship_since, Member.version))
        log = s.scalar(select(func.count()).select_from(AuditEntry))
        return sorted(files), sorted(people), reviews, sorted(marks), log


@pytest.fixture
def p(db):
    return school(db)


@pytest.fixture
def filed(db, p):
    return hardship.open_file(db, data(p["张丽"]), today=TODAY)


def refused(db, call, *words: str) -> str:
    before = state(db)
    with pytest.raises(HardshipError) as caught:
        call()
    message = str(caught.value)
    for word in words:
        assert word in message
    assert state(db) == before
    return message


@pytest.mark.parametrize(
    ("income", "words"),
    [
        (-1, ("第 1 位家庭成员", "不能是负数")),
        (2 * 10**9 + 1, ("第 1 位家庭成员", "超过 2000 万元")),
        (10**30, ("超过 2000 万元",)),
        (12.5, ("精确到分",)),
        (float("nan"), ("精确到分",)),
        ("3000", ("应是金额",)),
        (True, ("应是金额",)),
        (None, ("应是金额",)),
    ],
)
def test_an_income_that_cannot_be_stored_is_refused(db, p, income, words):
    people = (HouseholdInput("本人", "", income), HouseholdInput("配偶", "", 0))
    refused(db, lambda: hardship.open_file(db, data(p["张丽"], household=people), today=TODAY), *words)


def test_whole_fen_as_a_float_is_taken(db, p):
    people = (HouseholdInput("本人", "", 300_000.0),)
    fid = hardship.open_file(db, data(p["张丽"], household=people), today=TODAY)
    assert hardship.view_file(db, fid).household[0].monthly_income_fen == 300_000


def test_every_problem_of_a_file_is_listed_at_once(db, p):
    bad = data(
        p["张丽"],
        level="poor",
        causes=("illness_self", "bad_luck"),
        opened_on=date(YEAR + 5, 1, 1),
        household=(HouseholdInput("", "", 0), HouseholdInput("\u202e", "", -5)),
    )
    message = refused(db, lambda: hardship.open_file(db, bad, today=TODAY))
    assert "困难级别应是特困、困难、一般之一" in message
    assert "致困原因“bad_luck”不认识" in message
    assert f"建档日期 {date(YEAR + 5, 1, 1)} 晚于今天" in message
    assert "第 1 位家庭成员：请填写与本人的关系" in message
    assert "第 2 位家庭成员：请填写与本人的关系" in message and "第 2 位家庭成员的月收入不能是负数" in message


def test_too_many_people_and_too_long_texts(db, p):
    crowd = tuple(HouseholdInput("其他", "", 0) for _ in range(MAX_HOUSEHOLD + 1))
    refused(
        db,
        lambda: hardship.open_file(db, data(p["张丽"], household=crowd), today=TODAY),
        f"最多登记 {MAX_HOUSEHOLD} 人",
    )
    long_name = (HouseholdInput("子女", "名" * 51, 0),)
    refused(db, lambda: hardship.open_file(db, data(p["张丽"], household=long_name), today=TODAY), "姓名")
    refused(db, lambda: hardship.open_file(db, data(p["张丽"], plan="帮" * 100_000), today=TODAY), "帮扶措施")


def test_invisible_characters_are_cleaned_not_stored(db, p):
    people = (HouseholdInput("\u200b本人\u202e", "刘\u200d伟", 0),)
    fid = hardship.open_file(db, data(p["张丽"], household=people, plan="\u202e送温暖"), today=TODAY)
    detail = hardship.view_file(db, fid)
    assert (detail.household[0].relation, detail.household[0].name, detail.plan) == ("本人", "刘伟", "送温暖")


def test_a_second_open_file_is_refused(db, p, filed):
    message = refused(db, lambda: hardship.open_file(db, data(p["张丽"], level="extreme"), today=TODAY))
    assert message == f"张丽已有困难职工档案（{OPENED} 建档），请在原档案中修改或复核"


def test_a_member_who_left_before_the_date_cannot_be_filed(db, p):
    members.set_status(db, [p["赵敏"]], "transferred", on=date(YEAR, 2, 1))
    refused(
        db,
        lambda: hardship.open_file(db, data(p["赵敏"]), today=TODAY),
        f"赵敏已于 {date(YEAR, 2, 1)} 调出，不能在此之后建档",
    )
    hardship.open_file(db, data(p["赵敏"], opened_on=date(YEAR, 1, 10)), today=TODAY)  # before leaving: kept


def test_a_member_not_on_the_roster(db, p):
    refused(db, lambda: hardship.open_file(db, data(99_999), today=TODAY), "找不到这位会员")


def test_a_review_before_the_file_opened_or_after_today(db, filed):
    refused(
        db,
        lambda: hardship.review_file(db, filed, date(YEAR, 2, 28), "confirm", today=TODAY),
        f"复核日期 {date(YEAR, 2, 28)} 不能早于建档日期 {OPENED}",
    )
    refused(db, lambda: hardship.review_file(db, filed, date(YEAR, 12, 16), "confirm", today=TODAY), "晚于今天")
    hardship.review_file(db, filed, date(YEAR, 11, 20), "confirm", today=TODAY)
    refused(
        db,
        lambda: hardship.review_file(db, filed, date(YEAR, 11, 1), "confirm", today=TODAY),
        "不能早于上一次复核",
    )


def test_review_outcomes_that_make_no_sense(db, filed):
    day = date(YEAR, 11, 20)
    refused(db, lambda: hardship.review_file(db, filed, day, "maybe", today=TODAY), "复核结果应是")
    refused(db, lambda: hardship.review_file(db, filed, day, "change", "hardship", today=TODAY), "不同的级别")
    refused(db, lambda: hardship.review_file(db, filed, day, "change", None, today=TODAY), "请选择新的级别")
    refused(db, lambda: hardship.review_file(db, filed, day, "close", today=TODAY), "请填写销档原因")
    refused(db, lambda: hardship.review_file(db, filed, day, "close", close_reason=" \u200b ", today=TODAY), "销档原因")


def test_closing_twice_or_reviewing_a_closed_file(db, filed):
    hardship.review_file(db, filed, date(YEAR, 11, 20), "close", close_reason="收入好转，已脱困", today=TODAY)
    for outcome, reason in (("close", "收入好转，已脱困"), ("confirm", "")):
        message = refused(
            db,
            lambda o=outcome, r=reason: hardship.review_file(
                db, filed, date(YEAR, 12, 1), o, close_reason=r, today=TODAY
            ),
        )
        assert f"该档案已于 {date(YEAR, 11, 20)} 销档，不能再复核" in message


def test_an_edit_cannot_change_the_level_or_the_member(db, p, filed):
    refused(
        db,
        lambda: hardship.update_file(db, filed, data(p["张丽"], level="extreme"), today=TODAY),
        "级别的调整请通过“复核”办理，以保留记录",
    )
    refused(db, lambda: hardship.update_file(db, filed, data(p["李强"]), today=TODAY), "不能改到另一位会员名下")
    hardship.review_file(db, filed, date(YEAR, 4, 1), "confirm", today=TODAY)
    refused(
        db,
        lambda: hardship.update_file(db, filed, data(p["张丽"], opened_on=date(YEAR, 5, 1)), today=TODAY),
        f"建档日期不能晚于第一次复核日期（{date(YEAR, 4, 1)}）",
    )


def test_a_stale_edit_is_refused(db, p, filed):
    version = hardship.list_files(db)[0].version
    hardship.update_file(db, filed, data(p["张丽"], plan="金秋助学"), expected_version=version, today=TODAY)
    before = state(db)
    with pytest.raises(ConcurrentEditError, match="你的修改没有保存"):
        hardship.update_file(db, filed, data(p["张丽"], plan="送温暖"), expected_version=version, today=TODAY)
    assert state(db) == before


def test_deleting_needs_a_reason_and_a_file(db, filed):
    refused(db, lambda: hardship.delete_file(db, filed, "  "), "请填写删除原因")
    before = state(db)
    with pytest.raises(NotFoundError, match="找不到这份困难职工档案"):
        hardship.delete_file(db, filed + 1, "建错了")
    with pytest.raises(NotFoundError):
        hardship.view_file(db, filed + 1)
    assert state(db) == before


def test_a_hostile_purpose_is_cleaned_or_refused_before_the_view_is_logged(db, filed):
    refused(db, lambda: hardship.view_file(db, filed, "用" * 201), "查看用途")
    hardship.view_file(db, filed, "\u202e复核")
    with db.session() as s:
        summary = s.scalar(select(AuditEntry.summary).where(AuditEntry.action == "view"))
    assert summary == "查看困难职工档案：张丽（复核）"
