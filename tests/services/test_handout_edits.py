"""Editing a draft's details and its list is one transaction: a refused list leaves the
details as they were."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from unionapp.services import handouts, members
from unionapp.services.handouts import HandoutInput, SpendingError

from .small_school import YEAR, category, school


def test_a_refused_list_leaves_the_details_unsaved(db):
    p = school(db)
    data = HandoutInput("三八节慰问品", "womens_day", date(YEAR, 3, 7), item="护肤礼盒", value_fen=15_000)
    data = replace(data, category_id=category(db, "welfare"))
    hid = handouts.create_handout(db, data, [p["张丽"], p["陈静"]])
    members.set_status(db, [p["赵敏"]], "transferred", on=date(YEAR, 2, 1))
    with pytest.raises(SpendingError, match="赵敏"):
        handouts.update_handout(db, hid, replace(data, item="购物卡"), member_ids=[p["张丽"], p["赵敏"]])
    assert handouts.get_handout(db, hid).item == "护肤礼盒"
    assert {r.member_id for r in handouts.list_recipients(db, hid)} == {p["张丽"], p["陈静"]}
    handouts.update_handout(db, hid, replace(data, item="购物卡"), member_ids=[p["张丽"]])
    assert handouts.get_handout(db, hid).item == "购物卡"
    assert [r.member_id for r in handouts.list_recipients(db, hid)] == [p["张丽"]]


def test_a_figure_newly_outside_a_rule_needs_a_reason_of_its_own(db):
    """The reason kept was written for the figures then: a prize that raises the total
    further asks again; an edit that leaves the figures alone, or a prize removed, does not."""
    from unionapp.services import activities
    from unionapp.services.errors import NeedsReason

    p = school(db)
    day = date(YEAR, 5, 10)
    aid = activities.create_activity(
        db, activities.ActivityInput("运动会", "sports", day, day, category_id=category(db, "sports"))
    )
    activities.add_prize(db, aid, activities.PrizeInput(p["张丽"], "一等奖", "money", "", 250_000))
    with pytest.raises(NeedsReason):
        activities.add_prize(db, aid, activities.PrizeInput(p["李强"], "二等奖", "money", "", 100_000))
    activities.add_prize(db, aid, activities.PrizeInput(p["李强"], "二等奖", "money", "", 100_000), "参赛人数多")
    with pytest.raises(NeedsReason):  # 3,500 → 3,600: the reason was for 3,500
        activities.add_prize(db, aid, activities.PrizeInput(p["陈静"], "三等奖", "goods", "毛巾", 10_000))
    data = activities.activity_input(db, aid)
    activities.update_activity(db, aid, replace(data, place="操场", warning_reason=""))
    assert activities.get_activity(db, aid).warning_reason == "参赛人数多"
    prize = next(r for r in activities.list_prizes(db, aid) if r.award == "二等奖")
    activities.remove_prize(db, prize.id)
    assert activities.get_activity(db, aid).warnings == ""


def test_money_is_not_posted_ahead_of_the_day_it_is_handed_over(db):
    from datetime import timedelta

    from unionapp.services import activities
    from unionapp.services.handouts import SpendingError as Refused

    p = school(db)
    tomorrow = date.today() + timedelta(days=1)
    data = HandoutInput("端午节慰问品", "festival", tomorrow, item="粽子", value_fen=5_000)
    hid = handouts.create_handout(db, replace(data, category_id=category(db, "welfare")), [p["张丽"]])
    with pytest.raises(Refused, match="还没到"):
        handouts.issue_handout(db, hid)
    assert handouts.get_handout(db, hid).status == "draft"
    aid = activities.create_activity(
        db, activities.ActivityInput("运动会", "sports", tomorrow, tomorrow, category_id=category(db, "sports"))
    )
    activities.add_prize(db, aid, activities.PrizeInput(p["张丽"], "一等奖", "money", "", 10_000))
    with pytest.raises(Refused, match="还没到"):
        activities.issue_prizes(db, aid)
    with pytest.raises(Refused, match="还没到"):
        activities.add_cost(db, aid, activities.CostInput(tomorrow, "场地费", 5_000))
    row = activities.get_activity(db, aid)
    assert not row.prizes_issued and row.costs_fen == 0
