"""A member's timeline: a visit, a handout, a prize, checkups, a hardship file opened and
reviewed, a status change and a month exempted from dues, all in it, newest first, with
the right totals per year; the checkup's health note and the file's household never."""

from __future__ import annotations

from datetime import date

import pytest

from unionapp.services import activities, checkups, dues, handouts, hardship, members, timeline, visits
from unionapp.services.activities import ActivityInput, PrizeInput
from unionapp.services.checkups import CampaignInput
from unionapp.services.errors import NotFoundError
from unionapp.services.hardship import FileInput, HouseholdInput
from unionapp.services.visits import VisitInput

from .small_school import YEAR, category, gift, school

NOTE = "甲状腺结节，三个月后复查"


def _checkup(db, who: int, day: date, status: str, name: str, note: str = "") -> None:
    data = CampaignInput(YEAR, name, "women", date(YEAR, 10, 1), date(YEAR, 10, 31), cost_per_person_fen=40_000)
    cid = checkups.create_campaign(db, data)
    person = next(r for r in checkups.list_people(db, cid) if r.member_id == who)
    checkups.set_status(db, cid, [person.id], status, day, note=note)


@pytest.fixture
def history(db):
    """张丽's year (and one visit the year before); 陈静's records are not hers."""
    p = school(db)
    zhang = p["张丽"]
    types = {t.code: t.id for t in visits.list_types(db)}
    visits.add_visit(db, VisitInput(zhang, types["childbirth"], date(YEAR - 1, 6, 3), money_fen=30_000))
    visits.add_visit(db, VisitInput(zhang, types["hospital"], date(YEAR, 2, 10), reason="阑尾炎", money_fen=30_000))
    visits.add_visit(db, VisitInput(p["陈静"], types["hospital"], date(YEAR, 2, 11), money_fen=30_000))
    hid = handouts.create_handout(db, gift(db), [zhang, p["陈静"]])
    handouts.issue_handout(db, hid)
    day = date(YEAR, 5, 10)
    aid = activities.create_activity(
        db, ActivityInput("教职工运动会", "sports", day, day, category_id=category(db, "sports"))
    )
    activities.add_prize(db, aid, PrizeInput(zhang, "跳绳第一名", value_fen=8_000))
    activities.issue_prizes(db, aid)
    _checkup(db, zhang, date(YEAR, 10, 12), "followup", f"{YEAR}年女教职工体检", NOTE)
    household = (HouseholdInput("本人", "", 350_000), HouseholdInput("配偶", "刘伟", 0))
    fid = hardship.open_file(
        db, FileInput(zhang, "hardship", date(YEAR, 4, 1), ("illness_family",), household=household)
    )
    hardship.review_file(db, fid, date(YEAR, 11, 20), "change", "extreme", "配偶病情加重")
    dues.post_dues(db, YEAR, 6, exempt_ids={zhang})
    members.set_status(db, [zhang], "transferred", on=date(YEAR, 12, 10))
    return zhang


def test_every_area_is_in_the_timeline_newest_first(db, history):
    rows, _years = timeline.member_timeline(db, history)
    assert [(r.day, r.area_label, r.what, r.money_fen, r.goods_fen) for r in rows] == [
        (date(YEAR, 12, 10), "困难帮扶", "脱困销档：调离本校", 0, 0),  # leaving closes the file
        (date(YEAR, 12, 10), "会员状态", "在职 → 调出", 0, 0),
        (date(YEAR, 11, 20), "困难帮扶", "困难职工复核：困难 → 特困", 0, 0),
        (date(YEAR, 10, 12), "体检", f"{YEAR}年女教职工体检：需复查", 0, 0),
        (date(YEAR, 6, 1), "会费", f"{YEAR}年6月免缴会费", 0, 0),
        (date(YEAR, 5, 10), "活动奖品", "教职工运动会：跳绳第一名", 0, 8_000),
        (date(YEAR, 4, 1), "困难帮扶", "困难职工建档（困难）", 0, 0),
        (date(YEAR, 3, 7), "发放", "三八节慰问品（护肤礼盒）", 0, 15_000),
        (date(YEAR, 2, 10), "五必访", "生病住院慰问，阑尾炎", 30_000, 0),
        (date(YEAR - 1, 6, 3), "五必访", "生育慰问", 30_000, 0),
    ]


def test_totals_per_year(db, history):
    _rows, years = timeline.member_timeline(db, history)
    assert [(y.year, y.count, y.money_fen, y.goods_fen) for y in years] == [
        (YEAR, 9, 30_000, 23_000),
        (YEAR - 1, 1, 30_000, 0),
    ]


def test_no_health_note_household_or_income_in_the_timeline(db, history):
    rows, _years = timeline.member_timeline(db, history)
    text = " ".join(r.what for r in rows)
    for secret in ("甲状腺", "刘伟", "3500", "350000", "家属大病", "配偶病情加重"):
        assert secret not in text


def test_a_member_without_records_and_one_who_is_gone(db):
    p = school(db)
    assert timeline.member_timeline(db, p["李强"]) == ([], [])
    with pytest.raises(NotFoundError):
        timeline.member_timeline(db, 99_999)
