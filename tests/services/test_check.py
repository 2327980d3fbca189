from datetime import date

import pytest

from unionapp.domain.members import MemberInput
from unionapp.services import dues, ledger, members
from unionapp.services.check import run_check

YEAR = date.today().year


def test_a_sound_database_passes(db):
    members.add_member(db, MemberInput(name="张三"))
    dues.post_dues(db, YEAR, 1)
    report = run_check(db)
    assert report.ok, report.lines
    texts = "\n".join(t for _ok, t in report.lines)
    assert "数据库结构版本" in texts and "会员 1 条" in texts
    assert ("文件完整性：正常" if db.is_sqlite else "数据库服务器：postgresql") in texts


def test_ledger_drift_is_reported(db):
    members.add_member(db, MemberInput(name="张三"))
    dues.post_dues(db, YEAR, 1)
    with db.engine.begin() as conn:  # someone edits the ledger behind the app's back
        conn.exec_driver_sql("UPDATE ledger_entries SET amount_fen = amount_fen + 1 WHERE source = 'dues'")
    report = run_check(db)
    assert not report.ok
    assert any("会费" in text and not good for good, text in report.lines)


def test_closed_year_that_no_longer_adds_up(db):
    cats = {c.code: c.id for c in ledger.list_categories(db)}
    ledger.add_entry(db, ledger.EntryInput(date(YEAR - 1, 5, 1), cats["dues"], 1000, "x"))
    ledger.close_year(db, YEAR - 1)
    assert run_check(db).ok
    with db.engine.begin() as conn:
        conn.exec_driver_sql(f"UPDATE fund_years SET closing_balance_fen = 5 WHERE year = {YEAR - 1}")
    report = run_check(db)
    assert not report.ok and any("结账余额" in text for _good, text in report.lines)


def _issued_handout(db) -> int:
    from unionapp.services import handouts

    ids = [members.add_member(db, MemberInput(name=name, gender="F")) for name in ("张三", "李四")]
    welfare = next(c.id for c in ledger.list_categories(db) if c.code == "welfare")
    data = handouts.HandoutInput(
        name="三八节慰问品", kind="womens_day", handout_date=date(YEAR, 1, 2), value_fen=15_000, category_id=welfare
    )
    handout_id = handouts.create_handout(db, data, ids)
    handouts.issue_handout(db, handout_id)
    return handout_id


def test_an_issued_handout_matches_its_entry(db):
    _issued_handout(db)
    report = run_check(db)
    assert report.ok, report.lines
    assert any("发放 1 条" in text for _good, text in report.lines)


def test_a_handout_entry_changed_behind_the_apps_back_is_reported(db):
    _issued_handout(db)
    with db.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE ledger_entries SET amount_fen = 100 WHERE source = 'handout'")
    report = run_check(db)
    assert not report.ok
    assert any(not good and "三八节慰问品" in text and "记账不符" in text for good, text in report.lines)


def test_a_recipient_removed_behind_the_apps_back_is_reported(db):
    handout_id = _issued_handout(db)
    with db.engine.begin() as conn:
        conn.exec_driver_sql(
            f"DELETE FROM handout_recipients WHERE id = (SELECT MIN(id) FROM handout_recipients "
            f"WHERE handout_id = {handout_id})"
        )
    report = run_check(db)
    assert not report.ok
    assert any(not good and "三八节慰问品" in text for good, text in report.lines)


def test_a_deleted_handout_whose_entry_still_stands_is_reported(db):
    handout_id = _issued_handout(db)
    with db.engine.begin() as conn:
        conn.exec_driver_sql(f"DELETE FROM handout_recipients WHERE handout_id = {handout_id}")
        conn.exec_driver_sql(f"DELETE FROM handouts WHERE id = {handout_id}")
    report = run_check(db)
    assert not report.ok
    assert any(not good and "仍有未冲销的记账" in text for good, text in report.lines)


def _activity_with_money(db) -> int:
    from unionapp.services import activities

    winner = members.add_member(db, MemberInput(name="王五"))
    sports = next(c.id for c in ledger.list_categories(db) if c.code == "sports")
    day = date(YEAR, 1, 3)
    activity_id = activities.create_activity(
        db, activities.ActivityInput(name="教职工运动会", kind="sports", date_from=day, date_to=day, category_id=sports)
    )
    activities.add_prize(db, activity_id, activities.PrizeInput(winner, award="一等奖", value_fen=200_000))
    activities.issue_prizes(db, activity_id)
    activities.add_cost(db, activity_id, activities.CostInput(day, "场地费", 80_000))
    return activity_id


def test_an_activitys_prizes_and_costs_match_their_entries(db):
    _activity_with_money(db)
    report = run_check(db)
    assert report.ok, report.lines
    assert any("活动 1 条" in text for _good, text in report.lines)


@pytest.mark.parametrize(
    ("tamper", "expected"),
    [
        ("UPDATE activity_prizes SET value_fen = value_fen + 100", "奖品合计与记账不符"),
        ("UPDATE ledger_entries SET amount_fen = 1 WHERE source = 'activity_cost'", "费用“场地费”与记账不符"),
        ("DELETE FROM activity_costs", "仍有未冲销的记账"),
    ],
)
def test_activity_money_changed_behind_the_apps_back_is_reported(db, tamper, expected):
    _activity_with_money(db)
    with db.engine.begin() as conn:
        conn.exec_driver_sql(tamper)
    report = run_check(db)
    assert not report.ok
    assert any(not good and expected in text for good, text in report.lines), report.lines
