"""The member reports: what each selects, in which order, with which columns and title."""

from __future__ import annotations

from datetime import date

from unionapp.reports.members import FILE_STEMS, MEMBER_REPORTS, birthdays, retirements, roster

from .conftest import TODAY, member

UNION = "某某中学工会委员会"


def test_roster_keeps_the_given_rows_and_order_with_chinese_labels():
    rows = [member(id=2, name="王五", gender="F", status="retired"), member(id=1, name="张三")]
    report = roster(rows, UNION, today=TODAY, scope="工会小组：高中组")
    assert report.title == "某某中学工会委员会教职工花名册"
    assert report.period == "截至2026年11月21日" and report.made_on == TODAY
    assert report.subtitle == "工会小组：高中组　共 2 人"
    assert [c.header for c in report.columns][:6] == ["序号", "姓名", "性别", "出生日期", "身份证号", "手机号"]
    first = report.rows[0]
    assert first[:3] == (1, "王五", "女") and first[9] == "退休"
    assert "*" in first[4] and first[5] == "138****5678"
    assert roster(rows, UNION, full_id=True, today=TODAY).rows[0][4] == rows[0].id_number
    assert report.signatures == ("制表人", "工会主席") and report.totals_row is None


def test_birthdays_of_the_month_sorted_by_day_with_age():
    rows = [
        member(id=1, name="甲", birth_date=date(1980, 11, 30)),
        member(id=2, name="乙", birth_date=date(1975, 11, 2)),
        member(id=3, name="丙", birth_date=date(1975, 10, 2)),  # other month
        member(id=4, name="丁", birth_date=date(1990, 11, 5), status="deceased"),  # not greeted
        member(id=5, name="戊", birth_date=date(1990, 11, 6), is_union_member=False),
        member(id=6, name="己", birth_date=date(1950, 11, 9), status="retired"),
    ]
    report = birthdays(rows, UNION, today=TODAY)
    assert report.title == "某某中学工会委员会2026年11月会员生日名单" and report.period == "2026年11月"
    assert [(r[1], r[3], r[4]) for r in report.rows] == [("乙", "11-02", 51), ("己", "11-09", 76), ("甲", "11-30", 46)]
    assert birthdays(rows, UNION, month=10, today=TODAY).rows[0][1] == "丙"


def test_retirements_within_twelve_months_in_date_order():
    rows = [
        member(id=1, name="甲", retirement_date=date(2027, 6, 1)),
        member(id=2, name="乙", retirement_date=date(2027, 1, 1), retirement_overridden=True),
        member(id=3, name="丙", retirement_date=date(2028, 1, 1)),  # too far
        member(id=4, name="丁", retirement_date=date(2027, 2, 1), status="retired"),
        member(id=5, name="戊", retirement_date=date(2026, 11, 1)),  # already past
    ]
    report = retirements(rows, UNION, today=TODAY)
    assert report.title == "某某中学工会委员会教职工退休预告"
    assert report.period == "2026年11月21日至2027年11月21日"
    assert [(r[1], r[5], r[7]) for r in report.rows] == [
        ("乙", date(2027, 1, 1), "已调整"),
        ("甲", date(2027, 6, 1), ""),
    ]
    assert report.rows[0][4] == "男职工（60岁）" and "渐进式延迟" in report.notes


def test_cli_names_map_to_builders_and_file_stems():
    assert set(MEMBER_REPORTS) == set(FILE_STEMS) == {"members", "birthdays", "retirements"}
    rows = [member(id=1, birth_date=date(1970, 11, 3))]
    for _name, build in MEMBER_REPORTS.items():
        report = build(rows, UNION, full_id=False, today=TODAY)
        assert report.title.startswith(UNION)
