"""Handouts: lists picked by rule, bad lists refused whole, and one ledger entry per issued
handout that equals the sum recomputed from its recipients through every change."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from unionapp.services import handouts, ledger, members
from unionapp.services.handouts import SpendingError
from unionapp.services.ledger import FundsError

from .small_school import YEAR, audit_count, audit_texts, category, entries, gift, live_total, school


def names(db, ids: list[int]) -> set[str]:
    by_id = {m.id: m.name for m in members.list_members(db)}
    return {by_id[i] for i in ids}


def test_each_rule_picks_its_members(db):
    p = school(db)
    on = date(YEAR, 3, 1)
    high = members.get_member(db, p["张丽"]).group_id
    assert names(db, handouts.pick_recipients(db, "all", on)) == {"张丽", "李强", "陈静", "赵敏"}
    assert names(db, handouts.pick_recipients(db, "women", on)) == {"张丽", "陈静", "赵敏"}
    assert names(db, handouts.pick_recipients(db, "retirees", on)) == {"王芳"}
    assert names(db, handouts.pick_recipients(db, "birth_month", on)) == {"张丽", "李强"}  # March, not 钱程
    assert names(db, handouts.pick_recipients(db, "birth_month", on, month=5)) == {"陈静"}
    assert names(db, handouts.pick_recipients(db, "group", on, group_id=high)) == {"张丽", "李强"}
    assert handouts.pick_recipients(db, "manual", on) == []
    earlier = handouts.create_handout(db, gift(db), [p["陈静"], p["王芳"]])
    assert names(db, handouts.pick_recipients(db, "handout", on, handout_id=earlier)) == {"陈静", "王芳"}


def test_the_list_is_in_the_sheets_order_by_group_then_name(db):
    p = school(db)
    ids = handouts.pick_recipients(db, "all", date(YEAR, 3, 1))
    handout_id = handouts.create_handout(db, gift(db, rule="all"), list(reversed(ids)))
    rows = handouts.list_recipients(db, handout_id)
    assert [r.group_name for r in rows] == ["高中组", "高中组", "初中组", "初中组"]
    assert {r.member_id for r in rows} == {p["张丽"], p["李强"], p["陈静"], p["赵敏"]}


def nothing_written(db) -> None:
    assert handouts.list_handouts(db) == []
    assert entries(db, "handout") == []
    assert audit_count(db, "handout") == 0


def test_a_recipient_who_left_before_the_date_is_refused_and_nothing_is_written(db):
    p = school(db)
    members.set_status(db, [p["赵敏"]], "transferred", on=date(YEAR, 2, 20))
    with pytest.raises(SpendingError) as err:
        handouts.create_handout(db, gift(db), [p["张丽"], p["赵敏"]])
    assert "赵敏" in str(err.value) and "已离开本校" in str(err.value) and "移出名单" in str(err.value)
    nothing_written(db)
    # who left after the handout's date was still there to receive it
    assert handouts.create_handout(db, gift(db, handout_date=date(YEAR, 2, 1)), [p["张丽"], p["赵敏"]])


def test_the_same_person_twice_is_refused(db):
    p = school(db)
    with pytest.raises(SpendingError, match="名单中有人重复：张丽"):
        handouts.create_handout(db, gift(db), [p["张丽"], p["陈静"], p["张丽"]])
    nothing_written(db)


def test_a_negative_value_is_refused(db):
    p = school(db)
    with pytest.raises(SpendingError, match="每人金额不能为负数"):
        handouts.create_handout(db, gift(db, value_fen=-100), [p["张丽"]])
    with pytest.raises(SpendingError, match="每人金额不能为负数"):
        handouts.create_handout(db, gift(db), [p["张丽"]], values={p["张丽"]: -1})
    nothing_written(db)


def test_a_closed_year_refuses_a_new_handout_and_issuing_a_draft(db):
    p = school(db)
    draft = handouts.create_handout(db, gift(db), [p["张丽"]])
    ledger.close_year(db, YEAR)
    with pytest.raises(FundsError) as err:
        handouts.create_handout(db, gift(db, name="另一次"), [p["陈静"]])
    assert f"{YEAR}" in str(err.value)
    with pytest.raises(SpendingError, match="已结账|结账"):
        handouts.issue_handout(db, draft)
    assert [h.name for h in handouts.list_handouts(db)] == ["三八节慰问品"]
    assert handouts.get_handout(db, draft).status == "draft" and entries(db, "handout") == []


def test_issuing_posts_one_entry_equal_to_the_recipients_sum(db):
    p = school(db)
    women = handouts.pick_recipients(db, "women", date(YEAR, 3, 7))
    handout_id = handouts.create_handout(db, gift(db, rule="women"), women, values={p["陈静"]: 20_000})
    assert entries(db, "handout") == []  # a draft posts nothing
    handouts.issue_handout(db, handout_id)
    recomputed = sum(r.value_fen for r in handouts.list_recipients(db, handout_id))
    assert recomputed == 15_000 * 2 + 20_000
    [(source_id, amount, reversal, _id)] = entries(db, "handout")
    assert (source_id, amount, reversal) == (handout_id, recomputed, None)
    row = handouts.get_handout(db, handout_id)
    assert (row.status, row.recipients, row.total_fen) == ("issued", 3, recomputed)
    with db.session() as s:
        assert handouts.handouts_match_ledger(s) == []


def test_a_change_reposts_withdrawing_and_deleting_reverse(db):
    p = school(db)
    ids = [p["张丽"], p["陈静"]]
    handout_id = handouts.create_handout(db, gift(db), ids)
    handouts.issue_handout(db, handout_id)
    first_entry = entries(db, "handout")[0][3]

    handouts.update_handout(db, handout_id, gift(db, value_fen=18_000))
    assert [r.value_fen for r in handouts.list_recipients(db, handout_id)] == [18_000, 18_000]
    posted = entries(db, "handout")
    assert [(fen, rev) for _sid, fen, rev, _id in posted] == [(30_000, None), (-30_000, first_entry), (36_000, None)]
    assert live_total(db, "handout", handout_id) == 36_000

    handouts.withdraw_handout(db, handout_id, "名单漏了一人")
    assert handouts.get_handout(db, handout_id).status == "draft"
    assert live_total(db, "handout", handout_id) == 0
    handouts.add_recipients(db, handout_id, [p["赵敏"]])
    handouts.issue_handout(db, handout_id)
    assert live_total(db, "handout", handout_id) == 3 * 18_000

    handouts.delete_handout(db, handout_id, "重复登记")
    assert handouts.list_handouts(db) == []
    assert live_total(db, "handout", handout_id) == 0 and len(entries(db, "handout")) == 6
    with db.session() as s:
        assert handouts.handouts_match_ledger(s) == []


def test_withdrawing_and_deleting_need_a_reason(db):
    p = school(db)
    handout_id = handouts.create_handout(db, gift(db), [p["张丽"]])
    handouts.issue_handout(db, handout_id)
    with pytest.raises(SpendingError, match="撤回发放必须写明原因"):
        handouts.withdraw_handout(db, handout_id, "  ")
    with pytest.raises(SpendingError, match="删除发放必须写明原因"):
        handouts.delete_handout(db, handout_id, "")
    assert handouts.get_handout(db, handout_id).status == "issued"


def test_the_list_is_frozen_once_issued(db):
    p = school(db)
    handout_id = handouts.create_handout(db, gift(db), [p["张丽"]])
    handouts.issue_handout(db, handout_id)
    for change in (
        lambda: handouts.set_recipients(db, handout_id, [p["陈静"]]),
        lambda: handouts.add_recipients(db, handout_id, [p["陈静"]]),
        lambda: handouts.remove_recipients(db, handout_id, [p["张丽"]]),
    ):
        with pytest.raises(SpendingError, match="已发放，名单已固定"):
            change()
    assert [r.member_id for r in handouts.list_recipients(db, handout_id)] == [p["张丽"]]


def test_a_draft_list_changes_and_an_empty_one_cannot_be_issued(db):
    p = school(db)
    handout_id = handouts.create_handout(db, gift(db), [])
    with pytest.raises(SpendingError, match="名单是空的"):
        handouts.issue_handout(db, handout_id)
    assert handouts.add_recipients(db, handout_id, [p["张丽"], p["陈静"], p["张丽"]]) == 2
    assert handouts.add_recipients(db, handout_id, [p["张丽"]]) == 0
    assert handouts.remove_recipients(db, handout_id, [p["张丽"]]) == 1
    handouts.set_recipients(db, handout_id, [p["陈静"], p["赵敏"]])
    assert {r.member_id for r in handouts.list_recipients(db, handout_id)} == {p["陈静"], p["赵敏"]}


def test_each_member_sees_what_they_received(db):
    p = school(db)
    issued = handouts.create_handout(db, gift(db), [p["张丽"], p["陈静"]])
    handouts.issue_handout(db, issued)
    handouts.create_handout(db, gift(db, name="还没发的"), [p["张丽"]])  # a draft is not received
    received = handouts.member_handouts(db, p["张丽"])
    assert [(r.handout_id, r.name, r.value_fen) for r in received] == [(issued, "三八节慰问品", 15_000)]
    assert handouts.member_handouts(db, p["李强"]) == []


def test_the_audit_log_records_each_step(db):
    p = school(db)
    handout_id = handouts.create_handout(db, gift(db), [p["张丽"]])
    handouts.add_recipients(db, handout_id, [p["陈静"]])
    handouts.issue_handout(db, handout_id)
    handouts.withdraw_handout(db, handout_id, "改名单")
    handouts.delete_handout(db, handout_id, "录错了")
    texts = audit_texts(db, "handout")
    assert len(texts) == 5
    assert texts[0].startswith("新建发放 “三八节慰问品”") and "名单 1 人" in texts[0]
    assert "添加 1 人：陈静" in texts[1]
    assert texts[2].startswith("发放 “三八节慰问品”") and "改名单" in texts[3] and "录错了" in texts[4]


def test_an_amount_needs_a_category_and_an_expense_one(db):
    p = school(db)
    with pytest.raises(SpendingError, match="请选择经费科目"):
        handouts.create_handout(db, gift(db, category_id=None), [p["张丽"]])
    with pytest.raises(SpendingError, match="请选择一个支出科目"):
        handouts.create_handout(db, gift(db, category_id=category(db, "dues")), [p["张丽"]])
    assert handouts.create_handout(db, replace(gift(db, category_id=None), value_fen=0), [p["张丽"]])
