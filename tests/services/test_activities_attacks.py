"""Activities attacked with bad input: hostile text in names, teams, awards and cost items,
money a PostgreSQL column can't hold, people who left or were never on the roster,
groups deleted behind a window, closed years and two windows at once. Each is refused
with a Chinese message and leaves the activity, its ledger entries and the log as they
were."""

from __future__ import annotations

import threading
from datetime import date

import pytest

from unionapp.domain.money import MAX_RECORD_FEN
from unionapp.services import activities, ledger, members
from unionapp.services.activities import ActivityInput, CostInput, EntryInput, PrizeInput, SpendingError
from unionapp.services.errors import ConcurrentEditError, NotFoundError
from unionapp.services.ledger import FundsError

from .small_school import YEAR, audit_count, category, entries, school


def meeting(db, **kw) -> ActivityInput:
    fields = dict(
        name="春季运动会",
        kind="sports",
        date_from=date(YEAR, 4, 10),
        date_to=date(YEAR, 4, 11),
        category_id=category(db, "sports"),
        organiser="李强",
    )
    return ActivityInput(**(fields | kw))


def snapshot(db) -> tuple:
    """The activities with their sign-ups, prizes and costs, their entries and the log."""
    rows = []
    for a in activities.list_activities(db):
        rows.append(
            (
                a.id,
                a.name,
                a.date_from,
                a.version,
                a.warning_reason,
                [(e.member_id, e.event, e.team, e.attended) for e in activities.list_entries(db, a.id)],
                [(p.member_id, p.award, p.value_fen, p.team_size) for p in activities.list_prizes(db, a.id)],
                [(c.item, c.amount_fen) for c in activities.list_costs(db, a.id)],
            )
        )
    money = entries(db, activities.SOURCE) + entries(db, activities.COST_SOURCE)
    return rows, money, audit_count(db, "activity")


def test_hostile_text_is_stored_cleaned_or_refused(db):
    p = school(db)
    aid = activities.create_activity(db, meeting(db, name="\u202e春季\u200b运动会\x1b", place="操场\ufeff"))
    assert (activities.get_activity(db, aid).name, activities.get_activity(db, aid).place) == ("春季运动会", "操场")
    activities.add_entries(db, aid, [EntryInput(p["张丽"], event="100米\u200d", team="🏃\u2066红队\u2069")])
    [entry] = activities.list_entries(db, aid)
    assert (entry.event, entry.team) == ("100米", "🏃红队")
    activities.add_prize(db, aid, PrizeInput(p["张丽"], award="\u202e一等奖", item="奖杯\x00", value_fen=100))
    assert [(x.award, x.item) for x in activities.list_prizes(db, aid)] == [("一等奖", "奖杯")]
    activities.add_cost(db, aid, CostInput(date(YEAR, 4, 10), "场地费\u200b", 5_000, note="租\u202e用"))
    assert [(c.item, c.note) for c in activities.list_costs(db, aid)] == [("场地费", "租用")]

    before = snapshot(db)
    for step, message in (
        (lambda: activities.create_activity(db, meeting(db, name="\u200b\u202e")), "请填写活动名称"),
        (lambda: activities.create_activity(db, meeting(db, name="会" * 101)), "活动名称太长"),
        (lambda: activities.add_entries(db, aid, [EntryInput(p["陈静"], team="队" * 51)]), "队伍太长"),
        (lambda: activities.add_prize(db, aid, PrizeInput(p["陈静"], award="奖" * 51)), "奖项太长"),
        (lambda: activities.add_cost(db, aid, CostInput(date(YEAR, 4, 10), "\u200b\u2060", 100)), "请填写费用项目"),
        (lambda: activities.add_cost(db, aid, CostInput(date(YEAR, 4, 10), "费" * 51, 100)), "费用项目太长"),
    ):
        with pytest.raises(SpendingError, match=message):
            step()
    assert snapshot(db) == before


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (float("nan"), "不是以分计的整数金额"),
        ("1e9", "不是以分计的整数金额"),
        (0.5, "不是以分计的整数金额"),
        (-100, "负数|大于 0"),
        (MAX_RECORD_FEN + 1, "不能超过 2000 万元"),
    ],
)
def test_money_that_cannot_be_stored_is_refused(db, value, message):
    """3e9 fen failed on PostgreSQL with a database error before (32-bit columns)."""
    p = school(db)
    aid = activities.create_activity(db, meeting(db))
    before = snapshot(db)
    for step in (
        lambda: activities.create_activity(db, meeting(db, name="另一个", budget_fen=value)),
        lambda: activities.update_activity(db, aid, meeting(db, budget_fen=value)),
        lambda: activities.add_prize(db, aid, PrizeInput(p["张丽"], value_fen=value), "说明"),
        lambda: activities.add_cost(db, aid, CostInput(date(YEAR, 4, 10), "场地费", value)),
    ):
        with pytest.raises(SpendingError, match=message):
            step()
    assert snapshot(db) == before


def test_a_team_size_that_is_no_count_is_refused(db):
    p = school(db)
    aid = activities.create_activity(db, meeting(db))
    before = snapshot(db)
    for size, message in ((0, "1 到"), (3 * 10**9, "1 到"), ("3", "应是整数"), (2.5, "应是整数")):
        with pytest.raises(SpendingError, match=message):
            activities.add_prize(db, aid, PrizeInput(p["张丽"], team="红队", team_size=size, value_fen=100))
    assert snapshot(db) == before


def test_prizes_adding_up_beyond_one_ledger_entry_are_refused_when_handed_out(db):
    p = school(db)
    aid = activities.create_activity(db, meeting(db))
    for award in ("一等奖", "二等奖"):
        activities.add_prize(db, aid, PrizeInput(p["张丽"], award=award, value_fen=MAX_RECORD_FEN // 2 + 1), "测试")
    before = snapshot(db)
    with pytest.raises(SpendingError, match="超过一笔记账的上限 2000 万元"):
        activities.issue_prizes(db, aid)
    assert snapshot(db) == before
    # once handed out, a prize that takes the total past it is refused and not kept
    activities.remove_prize(db, activities.list_prizes(db, aid)[0].id)
    activities.issue_prizes(db, aid)
    before = snapshot(db)
    with pytest.raises(SpendingError, match="超过一笔记账的上限"):
        activities.add_prize(db, aid, PrizeInput(p["陈静"], award="三等奖", value_fen=MAX_RECORD_FEN // 2), "测试")
    assert snapshot(db) == before
    with db.session() as s:
        assert activities.activities_match_ledger(s) == []


def test_people_who_left_before_or_were_never_on_the_roster_are_refused(db):
    p = school(db)
    members.set_status(db, [p["赵敏"]], "transferred", on=date(YEAR, 3, 1))
    aid = activities.create_activity(db, meeting(db))
    before = snapshot(db)
    for step, message in (
        (lambda: activities.add_entries(db, aid, [EntryInput(p["张丽"]), EntryInput(p["赵敏"])]), "赵敏（.*不能报名"),
        (lambda: activities.add_prize(db, aid, PrizeInput(p["赵敏"], value_fen=100)), "赵敏（.*不能领奖"),
        (lambda: activities.add_entries(db, aid, [EntryInput(p["张丽"]), EntryInput(99_999)]), "1 人不在会员名册中"),
        (lambda: activities.add_prize(db, aid, PrizeInput(99_999, value_fen=100)), "领奖人不在会员名册中"),
    ):
        with pytest.raises(SpendingError, match=message):
            step()
    assert snapshot(db) == before
    # who left after the activity had taken part in it
    earlier = activities.create_activity(
        db, meeting(db, name="元旦联欢", date_from=date(YEAR, 1, 1), date_to=date(YEAR, 1, 1))
    )
    assert activities.add_entries(db, earlier, [EntryInput(p["赵敏"])]) == 1


def test_a_deleted_group_is_refused_in_words(db):
    school(db)
    before = snapshot(db)
    with pytest.raises(SpendingError, match="工会小组中有的已被删除"):
        activities.create_activity(db, meeting(db, group_ids=(99_999,)))
    assert snapshot(db) == before


def test_closed_years_refuse_money_and_leave_the_ledger_and_log_alone(db):
    p = school(db)
    aid = activities.create_activity(db, meeting(db))
    activities.add_entries(db, aid, [EntryInput(p["张丽"])])
    activities.add_prize(db, aid, PrizeInput(p["张丽"], award="一等奖", value_fen=10_000))
    activities.add_cost(db, aid, CostInput(date(YEAR, 4, 10), "场地费", 5_000))
    activities.issue_prizes(db, aid)
    ledger.close_year(db, YEAR)
    before = snapshot(db)
    prize_id = activities.list_prizes(db, aid)[0].id
    cost_id = activities.list_costs(db, aid)[0].id
    moved = meeting(db, date_from=date(YEAR + 1, 1, 5), date_to=date(YEAR + 1, 1, 5))
    for step in (
        lambda: activities.create_activity(db, meeting(db, name="补登")),
        lambda: activities.update_activity(db, aid, moved),
        lambda: activities.add_prize(db, aid, PrizeInput(p["李强"], value_fen=100)),
        lambda: activities.update_prize(db, prize_id, PrizeInput(p["张丽"], award="一等奖", value_fen=20_000)),
        lambda: activities.remove_prize(db, prize_id),
        lambda: activities.withdraw_prizes(db, aid, "发错了"),
        lambda: activities.add_cost(db, aid, CostInput(date(YEAR, 12, 1), "器材费", 100)),
        lambda: activities.remove_cost(db, cost_id, "记错了"),
        lambda: activities.delete_activity(db, aid, "登记错了"),
    ):
        with pytest.raises(FundsError, match=f"{YEAR} 年已经结账"):
            step()
    assert snapshot(db) == before
    with db.session() as s:
        assert activities.activities_match_ledger(s) == []


def test_two_windows_at_once(db):
    p = school(db)
    aid = activities.create_activity(db, meeting(db))
    seen = activities.get_activity(db, aid).version
    activities.update_activity(db, aid, meeting(db, place="体育馆"), expected_version=seen)
    before = snapshot(db)
    with pytest.raises(ConcurrentEditError, match="春季运动会"):
        activities.update_activity(db, aid, meeting(db, place="操场"), expected_version=seen)
    assert snapshot(db) == before and activities.get_activity(db, aid).place == "体育馆"

    activities.add_prize(db, aid, PrizeInput(p["张丽"], award="一等奖", value_fen=10_000))
    activities.issue_prizes(db, aid)
    activities.issue_prizes(db, aid)  # the second window's click: still one entry
    assert len(entries(db, activities.SOURCE)) == 1

    activities.delete_activity(db, aid, "重复登记")
    before = snapshot(db)
    for step in (
        lambda: activities.update_activity(db, aid, meeting(db)),
        lambda: activities.add_entries(db, aid, [EntryInput(p["陈静"])]),
        lambda: activities.add_prize(db, aid, PrizeInput(p["陈静"], value_fen=100)),
        lambda: activities.add_cost(db, aid, CostInput(date(YEAR, 4, 10), "场地费", 100)),
        lambda: activities.issue_prizes(db, aid),
    ):
        with pytest.raises(NotFoundError):
            step()
    assert snapshot(db) == before


def test_a_prize_added_while_another_window_hands_out_the_prizes_reaches_the_entry(db):
    """The second window's prize went in beside a hand-out being committed and was left
    out of the ledger entry; it now waits for the hand-out and is posted with it."""
    p = school(db)
    aid = activities.create_activity(db, meeting(db))
    activities.add_prize(db, aid, PrizeInput(p["张丽"], award="一等奖", value_fen=10_000))
    outcome: dict[str, object] = {}

    def other_window():
        try:
            outcome["added"] = activities.add_prize(db, aid, PrizeInput(p["陈静"], award="二等奖", value_fen=5_000))
        except Exception as err:  # the file busy (SQLite): refused, nothing written
            outcome["refused"] = err

    with db.session() as s:
        activities.issue_prizes_in(s, aid)
        other = threading.Thread(target=other_window)
        other.start()
        other.join(1)
    other.join(30)
    prizes = sum(x.value_fen for x in activities.list_prizes(db, aid))
    assert prizes == (15_000 if "added" in outcome else 10_000), outcome
    assert sum(fen for _sid, fen, _rev, _id in entries(db, activities.SOURCE)) == prizes
    with db.session() as s:
        assert activities.activities_match_ledger(s) == []
