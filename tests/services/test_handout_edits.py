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
