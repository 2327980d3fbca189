"""Activities: prizes judged against the charter's 1,500–3,000 元 and a per-person cap
(a team prize shared by its team), prizes and costs reconciled with the ledger, and
participation recomputed from the sign-ups."""

from __future__ import annotations

from datetime import date

import pytest

from unionapp.domain.spending_rules import SpendingRule
from unionapp.services import activities, members, spending_rules
from unionapp.services.activities import ActivityInput, CostInput, EntryInput, NeedsReason, PrizeInput, SpendingError

from .small_school import YEAR, category, entries, live_total, school

DAY = date(YEAR, 4, 20)


def meeting(db, p, groups=("张丽", "陈静")) -> int:
    group_ids = tuple(members.get_member(db, p[name]).group_id for name in groups)
    data = ActivityInput(
        name="春季教职工运动会",
        kind="sports",
        date_from=DAY,
        date_to=DAY,
        organiser="赵敏",
        approver="王建国",
        category_id=category(db, "sports"),
        group_ids=group_ids,
    )
    return activities.create_activity(db, data)


def test_prizes_above_the_charters_total_need_a_reason(db):
    p = school(db)
    aid = meeting(db, p)
    activities.add_prize(db, aid, PrizeInput(p["张丽"], "跳绳第一名", value_fen=200_000))
    with pytest.raises(NeedsReason) as err:
        activities.add_prize(db, aid, PrizeInput(p["李强"], "100米第一名", value_fen=120_000))
    assert "本次活动奖品合计 3,200.00 元" in err.value.warnings[0] and "学校工会章程" in err.value.warnings[0]
    assert [x.value_fen for x in activities.list_prizes(db, aid)] == [200_000]  # nothing half-written
    activities.add_prize(db, aid, PrizeInput(p["李强"], "100米第一名", value_fen=120_000), "参赛人数多，增设奖项")
    assert live_total(db, "activity", aid) == 0  # not in the ledger until handed out
    activities.issue_prizes(db, aid)
    row = activities.get_activity(db, aid)
    assert row.warning_reason == "参赛人数多，增设奖项" and "3,200.00" in row.warnings
    assert row.prizes_fen == live_total(db, "activity", aid) == 320_000


def test_the_per_person_cap_shares_a_team_prize_by_team_size(db):
    p = school(db)
    rule = SpendingRule("prize_per_person", date(2000, 1, 1), max_fen=50_000, source_doc="省总工会文件")
    spending_rules.add_rule(db, rule)
    aid = meeting(db, p)
    team = PrizeInput(p["张丽"], "拔河第一名", value_fen=150_000, team="高中组", team_size=3)
    activities.add_prize(db, aid, team)  # 500 元 each: at the cap
    with pytest.raises(NeedsReason, match="1 人所得奖品超过每人上限，最多的 张丽"):
        activities.add_prize(db, aid, PrizeInput(p["张丽"], "跳绳第三名", value_fen=100))  # her share plus this
    assert activities.check_activity(db, aid) == []
    smaller_team = PrizeInput(p["陈静"], "拔河第二名", value_fen=150_000, team="初中组", team_size=2)
    with pytest.raises(NeedsReason, match="750.00 元"):
        activities.add_prize(db, aid, smaller_team)
    assert len(activities.list_prizes(db, aid)) == 1


def test_prizes_and_costs_reconcile_with_the_ledger_through_changes(db):
    p = school(db)
    aid = meeting(db, p)
    first = activities.add_prize(db, aid, PrizeInput(p["张丽"], "一等奖", value_fen=100_000))
    activities.add_prize(db, aid, PrizeInput(p["陈静"], "二等奖", kind="money", value_fen=60_000))
    activities.issue_prizes(db, aid)
    assert len(entries(db, "activity")) == 1  # two prizes, one entry, no reversal
    activities.update_prize(db, first, PrizeInput(p["张丽"], "一等奖", value_fen=90_000))
    venue = activities.add_cost(db, aid, CostInput(DAY, "场地费", 80_000))
    activities.add_cost(db, aid, CostInput(DAY, "器材费", 30_000, "跳绳"))
    activities.remove_cost(db, venue, "场地免费提供")
    prizes = sum(x.value_fen for x in activities.list_prizes(db, aid))
    costs = {c.id: c.amount_fen for c in activities.list_costs(db, aid)}
    assert prizes == 150_000 and list(costs.values()) == [30_000]
    assert live_total(db, "activity", aid) == prizes
    assert {cid: live_total(db, "activity_cost", cid) for cid in costs} == costs
    assert live_total(db, "activity_cost", venue) == 0
    row = activities.get_activity(db, aid)
    assert (row.prizes_fen, row.costs_fen, row.spent_fen) == (150_000, 30_000, 180_000)
    with db.session() as s:
        assert activities.activities_match_ledger(s) == []
    activities.delete_activity(db, aid, "录错了")
    assert sum(fen for _sid, fen, _r, _id in entries(db, "activity") + entries(db, "activity_cost")) == 0


def test_costs_need_a_category_and_a_positive_amount(db):
    p = school(db)
    aid = meeting(db, p)
    with pytest.raises(SpendingError, match="费用金额必须大于 0"):
        activities.add_cost(db, aid, CostInput(DAY, "场地费", 0))
    with pytest.raises(SpendingError, match="请填写费用项目"):
        activities.add_cost(db, aid, CostInput(DAY, " ", 100))
    assert activities.list_costs(db, aid) == [] and entries(db, "activity_cost") == []


def test_participation_per_group_and_overall_is_recomputed_from_the_entries(db):
    p = school(db)
    aid = meeting(db, p)
    signed = [
        EntryInput(p["张丽"], "跳绳", attended=True, result="180个/分钟", place="第一名"),
        EntryInput(p["张丽"], "100米", attended=True),  # two events, one person
        EntryInput(p["李强"], "100米", attended=False),
        EntryInput(p["陈静"], "拔河", team="初中组", attended=True),
        EntryInput(p["钱程"], "拔河", team="初中组", attended=True),  # not a union member: not counted
    ]
    assert activities.add_entries(db, aid, signed) == 5
    assert activities.add_entries(db, aid, signed[:1]) == 0  # already in that event
    rates = activities.participation(db, aid)
    rows = activities.list_entries(db, aid)
    union = {m.id for m in members.list_members(db) if m.is_union_member and m.status == "active"}
    for rate in rates[:-1]:
        group = {m.id for m in members.list_members(db) if m.group_id == rate.group_id} & union
        came = {e.member_id for e in rows if e.attended and e.member_id in group}
        assert (rate.members, rate.took_part) == (len(group), len(came)), rate
    assert [(r.group_name, r.members, r.took_part) for r in rates] == [
        ("高中组", 2, 1),
        ("初中组", 2, 1),  # 陈静 and 赵敏; 钱程 is not a union member
        ("合计", 4, 2),
    ]
    year = activities.year_participation(db, YEAR)
    assert year[-1].group_name == "合计" and (year[-1].members, year[-1].took_part) == (4, 2)


def test_a_sign_up_naming_someone_not_on_the_roster_is_refused_whole(db):
    p = school(db)
    aid = meeting(db, p)
    with pytest.raises(SpendingError, match="1 人不在会员名册中"):
        activities.add_entries(db, aid, [EntryInput(p["张丽"], "跳绳"), EntryInput(999_999, "跳绳")])
    assert activities.list_entries(db, aid) == []
    with pytest.raises(SpendingError, match="领奖人不在会员名册中"):
        activities.add_prize(db, aid, PrizeInput(999_999, "一等奖", value_fen=100))
    assert activities.list_prizes(db, aid) == [] and entries(db, "activity") == []


def test_prizes_reach_the_ledger_once_when_handed_out_and_leave_it_when_withdrawn(db):
    p = school(db)
    aid = meeting(db, p)
    for name, fen in (("张丽", 50_000), ("李强", 40_000), ("陈静", 30_000)):
        activities.add_prize(db, aid, PrizeInput(p[name], "奖", value_fen=fen))
    assert entries(db, "activity") == []  # entered one by one: nothing posted, nothing reversed
    with pytest.raises(SpendingError, match="必须写明原因"):
        activities.withdraw_prizes(db, aid, " ")
    activities.issue_prizes(db, aid)
    assert [(fen, rev) for _sid, fen, rev, _id in entries(db, "activity")] == [(120_000, None)]
    assert activities.get_activity(db, aid).prizes_issued
    activities.withdraw_prizes(db, aid, "奖品还没领完")
    assert live_total(db, "activity", aid) == 0 and not activities.get_activity(db, aid).prizes_issued
    with db.session() as s:
        assert activities.activities_match_ledger(s) == []
