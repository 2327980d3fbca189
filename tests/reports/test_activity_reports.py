"""活动签到表, 奖品/奖金发放签收表 and 活动一览表 from plain service rows: rows, per-group
sections, totals, a blank sheet before sign-up, warnings' reasons, participation rates."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from unionapp.reports.activities import (
    Person,
    build_overview,
    build_prize_receipts,
    build_signin_report,
)
from unionapp.services.activities import ActivityRow, EntryRow, GroupRate, PrizeRow

UNION = "阳光中学工会委员会"
DAY = date(2026, 4, 20)


def activity(**changes) -> ActivityRow:
    base = dict(
        id=1, year=2026, name="教职工趣味运动会", kind="sports", date_from=DAY, date_to=DAY, place="操场",
        organiser="文体部", budget_fen=300000, category_id=1, category_name="文体活动支出", group_ids=(1, 2),
        group_names="高中组、初中组", signed_up=3, attended=2, eligible=10, prizes_fen=35000, prizes_issued=True, costs_fen=5000,
        approver="王主席", approval_no="GH-04", warnings="", warning_reason="", notes="", version=1,
    )  # fmt: skip
    return ActivityRow(**{**base, **changes})


def entry(i, name, group, event="拔河", team="1队"):
    return EntryRow(i, i, name, "F", 1, group, event, team, False, "", "", "")


def test_signin_sheet_has_a_section_per_group_and_blank_cells_to_sign():
    entries = [entry(1, "李娜", "高中组"), entry(2, "王芳", "高中组", "跳绳", ""), entry(3, "赵敏", "初中组")]
    report = build_signin_report(activity(), entries, [], UNION)
    assert report.title == f"{UNION}2026年教职工趣味运动会签到表"
    assert [r[:5] for r in report.rows][1] == (2, "王芳", "高中组", "跳绳", "")
    assert all(r[5] is None for r in report.rows)
    assert [s.start for s in report.sections] == [0, 2]
    assert "本组 2 人" in report.sections[0].heading
    assert report.totals_row[2] == "3 人次"  # one person may sign up for several events
    assert [r[0] for r in report.rows] == [1, 2, 1]  # numbered afresh on each group's sheet


def test_before_sign_up_the_groups_members_are_printed():
    people = [Person("李娜", "高中组"), Person("孙丽", "")]
    report = build_signin_report(activity(), [], people, UNION)
    assert [(r[1], r[2], r[3]) for r in report.rows] == [("李娜", "高中组", ""), ("孙丽", "（未分组）", "")]
    assert "尚无报名记录" in report.notes


def test_prize_sheet_totals_the_prizes_and_prints_the_reason():
    prizes = [
        PrizeRow(1, 1, "李娜", "高中组", "红队", 5, "团体一等奖", "money", "", 20000),
        PrizeRow(2, 2, "赵敏", "", "", 1, "二等奖", "goods", "运动水杯", 15000),
    ]
    report = build_prize_receipts(activity(warnings="超出每次活动 3,000 元", warning_reason="参赛人多"), prizes, UNION)
    assert report.rows[0][4] == "红队（5 人）" and report.rows[0][5] == "奖金"
    assert report.rows[1][2] == "（未分组）" and report.rows[1][5] == "奖品：运动水杯"
    assert report.totals_row[6] == Decimal("350.00") and report.totals_row[2] == "2 人次"
    assert "超出每次活动 3,000 元" in report.notes and "参赛人多" in report.notes
    assert "奖金 200.00 元" in report.notes and "奖品价值 150.00 元" in report.notes


def test_overview_rates_totals_and_the_charter_goal():
    rows = [activity(), activity(id=2, name="羽毛球赛", signed_up=0, attended=0, eligible=0, prizes_fen=0)]
    rates = [GroupRate(1, "高中组", 6, 5), GroupRate(2, "初中组", 4, 1), GroupRate(None, "合计", 10, 6)]
    report = build_overview(rows, rates, 2026, UNION)
    assert report.rows[0][7] == Decimal("0.2000") and report.rows[1][7] is None
    assert report.rows[0][10] == Decimal("400.00")  # prizes and costs
    assert report.totals["signed_up"] == 3 and report.totals["spent"] == Decimal("450.00")
    assert "6/10（60.0%）" in report.subtitle and "未达到" in report.subtitle
    assert "高中组 5/6（83.3%）" in report.notes
    met = build_overview(rows, [GroupRate(None, "合计", 3, 2)], 2026, UNION)
    assert "已达到" in met.subtitle  # exactly two thirds meets the goal
