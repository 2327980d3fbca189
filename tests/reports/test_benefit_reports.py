"""福利发放汇总表 and 福利发放明细 from the benefits service's lines: per member, by kind
and by group all add up the same lines."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from unionapp.reports.benefits import build_benefit_details, build_benefits_summary
from unionapp.services.benefits import BenefitRow

UNION = "阳光中学工会委员会"
LINES = [
    BenefitRow(1, "李娜", "高中组", date(2026, 3, 8), "handout", "发放", "三八慰问", "保温杯", 0, 8000),
    BenefitRow(1, "李娜", "高中组", date(2026, 5, 2), "visit", "五必访", "生病住院", "慰问金", 50000, 0),
    BenefitRow(2, "赵敏", "初中组", date(2026, 3, 8), "handout", "发放", "三八慰问", "保温杯", 0, 8000),
    BenefitRow(2, "赵敏", "初中组", date(2026, 4, 20), "prize", "活动奖品", "文体活动", "一等奖", 20000, 0),
]


def test_summary_per_member_by_kind_and_by_group_add_up_the_same():
    report = build_benefits_summary(LINES, 2026, UNION)
    people = report.rows[:2]
    assert people[0][:3] == (1, "李娜", "高中组")
    assert people[0][3] == Decimal("500.00") and people[0][6] == Decimal("80.00") and people[0][9] == Decimal("580.00")
    assert people[1][5] is None  # nothing received is blank, not 0.00
    assert [s.heading for s in report.sections] == ["一、每位会员", "二、按类别汇总", "三、按工会小组汇总"]
    kinds = report.rows[report.sections[1].start : report.sections[2].start]
    assert [(r[1], r[2]) for r in kinds] == [
        ("发放·三八慰问", "2 人"),
        ("五必访·生病住院", "1 人"),
        ("活动奖品·文体活动", "1 人"),
    ]
    grand = Decimal("860.00")
    for section, start, end in report.spans():
        rows = report.rows[start:end]
        assert sum(r[9] for r in rows) == grand
        assert report.section_totals_row(section)[9] == grand


def test_details_list_each_line_with_its_date_and_name_one_member():
    report = build_benefit_details(LINES[:2], 2026, UNION)
    assert report.title.endswith("福利发放明细（李娜）")
    assert report.rows[1][3] == date(2026, 5, 2) and report.rows[1][7] == Decimal("500.00")
    assert report.totals_row[7:] == (Decimal("500.00"), Decimal("80.00"))
    assert not build_benefit_details(LINES, 2026, UNION).title.endswith("）")
