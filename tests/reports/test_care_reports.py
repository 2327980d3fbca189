"""Issue #19's printouts from hand-made service rows, read back from the files written:
本月关爱提醒 (kinds grouped in page order, empty kinds left out, the unset-province hint a
note, one landscape page), 年度工作计划表 and 年度工作计划完成情况, 困难职工花名册 (masked by default,
the full one marked sensitive) and 帮扶情况统计表 (a total line)."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import openpyxl
import pytest

from unionapp.reports import care, hardship, year_plan
from unionapp.reports.output import export

from . import care_rows as rows
from .conftest import needs_poppler, pdf_page_size, pdf_pages, pdf_text

UNION = "某某中学工会委员会"


def cells(path) -> list[tuple]:
    return [tuple(r) for r in openpyxl.load_workbook(path).worksheets[0].iter_rows(values_only=True)]


def body(path) -> list[tuple]:
    """The table's rows: those whose 序号 (first or second column) is a number."""
    return [r for r in cells(path) if isinstance(r[0], int) or (len(r) > 1 and isinstance(r[1], int))]


def flat(text: str) -> str:
    return re.sub(r"\s", "", text)


# ---------------------------------------------------------------- 本月关爱提醒


def test_care_list_groups_kinds_in_page_order_with_counts_and_blank_columns(tmp_path):
    report = care.care_list_report(rows.care_list(province_set=True), union=UNION, today=rows.TODAY)
    assert report.title == f"{UNION}2026年12月关爱提醒"
    assert [c.header for c in report.columns] == [
        "类别",
        "序号",
        "姓名",
        "工会小组",
        "事项",
        "日期",
        "处理人",
        "处理情况",
    ]
    out = export(report, tmp_path / "关爱.xlsx").path
    lines = body(out)
    assert [r[2] for r in lines] == ["张丽", "王芳", "陈静", "李强", "赵敏", "刘洋", "周杰", None]
    assert [r[1] for r in lines] == [1, 2, 3, 1, 1, 2, 1, 1]  # numbered afresh in each kind
    assert [r[0] for r in lines if r[0]] == [
        "本月生日（3 项）",
        "住院未回访（1 项）",
        "困难职工本年未走访（2 项）",
        "外省籍教职工（春节走访）（1 项）",
        "预算科目支出超过90%（1 项）",
    ]
    assert all(r[6] is None and r[7] is None for r in lines)  # 处理人, 处理情况 left blank
    assert lines[0][4] == "12月3日生日" and lines[0][5].date() == date(2026, 12, 3)
    assert "共 8 项，分 5 类" in cells(out)[2][0]
    assert lines[-1][2:5] == (None, None, "职工集体福利支出：已支出 95.2%")  # a thing, not a person
    assert "体检需复查" not in "".join(str(v) for r in cells(out) for v in r if v)  # no lines: left out


@needs_poppler
def test_care_list_pdf_is_one_landscape_page_with_the_province_hint_as_a_note(tmp_path):
    report = care.care_list_report(rows.care_list(), union=UNION, today=rows.TODAY)
    assert rows.PROVINCE_HINT not in [r[4] for r in report.rows]  # the hint names nobody: not a row
    assert len(report.rows) == 7
    pdf = export(report, tmp_path / "关爱.pdf").path
    assert pdf_pages(pdf) == 1
    width, height = pdf_page_size(pdf)
    assert width > height
    text = flat(pdf_text(pdf))
    assert flat(f"外省籍教职工（春节走访）：{rows.PROVINCE_HINT}") in text
    assert "处理情况" in text and "工会主席：" in text and "2026年12月关爱提醒" in text


def test_an_empty_month_prints_a_table_saying_so(tmp_path):
    empty = care.CareList(2026, 7, [], {})
    report = care.care_list_report(empty, union=UNION, today=rows.TODAY)
    assert report.rows == () and report.subtitle == "本月没有需要提醒的事项"
    assert "（无数据）" in [r[0] for r in cells(export(report, tmp_path / "空.xlsx").path)]


# ---------------------------------------------------------------- 年度工作计划表 / 台账


def test_year_plan_lists_items_by_month_with_done_dates_and_blanks(tmp_path):
    report = year_plan.plan_report(rows.plan_items(), 2026, union=UNION, today=rows.TODAY)
    out = export(report, tmp_path / "计划.xlsx").path
    lines = body(out)
    assert [(r[1], r[3], r[4], r[5]) for r in lines] == [
        ("1月", "工会主席", "五必访", "2026-01-20 完成"),
        ("3月", "工会主席", "发放", "2026-03-08 完成"),
        ("4月", "工会主席", "其他", None),
        ("11月", "工会主席", "困难帮扶", None),
        ("12月", "经审委员", "经费", None),
    ]
    assert cells(out)[0][0] == f"{UNION}2026年度工作计划表"
    assert "共 5 项，已完成 2 项，逾期未完成 2 项" in cells(out)[2][0]
    assert report.signatures == ("制表人", "工会主席")


def test_year_ledger_has_figures_of_linked_records_and_totals(tmp_path):
    out = export(
        year_plan.year_ledger_report(rows.ledger_lines(), 2026, union=UNION, today=rows.TODAY), tmp_path / "台账.xlsx"
    ).path
    lines = body(out)
    assert [(r[1], r[3] and r[3].date(), r[4], r[5], r[6], r[7]) for r in lines] == [
        ("1月", date(2026, 1, 20), "走访 12 户", None, None, None),  # the note is what was done: not twice
        ("3月", date(2026, 3, 8), "发放：三八慰问（2026-03-08）", 120, 12000, None),
        ("9月", date(2026, 9, 10), "活动：庆教龄座谈（2026-09-10）", 45, 3456.5, "庆教龄 6 人"),
        ("4月", None, "未完成", None, None, None),
    ]
    total = next(r for r in cells(out) if r[0] == "合计")
    assert total[5] == 165 and total[6] == 15456.5
    assert "计划 4 项，完成 3 项，涉及金额 15,456.50 元" in cells(out)[2][0]


def test_an_empty_year_is_refused_with_what_to_do(db):
    with pytest.raises(year_plan.EmptyYear, match="2031 年还没有年度工作计划"):
        year_plan.load_plan_report(db, 2031)
    with pytest.raises(year_plan.EmptyYear, match="生成这一年的计划"):
        year_plan.load_year_ledger_report(db, 2031)


# ---------------------------------------------------------------- 困难职工花名册 / 帮扶情况统计表


def test_masked_roster_holds_no_income_causes_or_plan(tmp_path):
    report = hardship.roster_report(rows.files(), union=UNION, today=rows.TODAY)
    assert [c.header for c in report.columns] == ["序号", "姓名", "工会小组", "级别", "建档日期", "最近复核"]
    out = export(report, tmp_path / "花名册.xlsx").path
    everything = "".join(str(v) for r in cells(out) for v in r if v is not None)
    for secret in (rows.CAUSE, "本人大病", "4567", "4,567", "1522", "每季度走访", "注意保密"):
        assert secret not in everything
    lines = body(out)
    assert [(r[1], r[3], r[4].date(), r[5] and r[5].date()) for r in lines] == [
        ("赵敏", "特困", date(2024, 5, 1), date(2025, 11, 20)),
        ("刘洋", "困难", date(2025, 3, 1), None),
        ("吴婷", "一般", date(2026, 2, 14), None),
    ]
    assert "在档 3 人：特困 1 人，困难 1 人，一般 1 人" in cells(out)[2][0]


@needs_poppler
def test_masked_roster_pdf_holds_no_income_either(tmp_path):
    pdf = export(hardship.roster_report(rows.files(), union=UNION, today=rows.TODAY), tmp_path / "花名册.pdf").path
    text = flat(pdf_text(pdf))
    assert "赵敏" in text and "本人大病" not in text and "4,567" not in text and "致困原因" not in text


@needs_poppler
def test_full_roster_adds_the_details_and_says_it_is_sensitive(tmp_path):
    files = rows.files(closed=True)
    report = hardship.roster_report(files, details=rows.details(files), union=UNION, today=rows.TODAY)
    assert report.title == f"{UNION}困难职工花名册（含家庭经济情况，注意保密）"
    out = export(report, tmp_path / "全.xlsx").path
    header = next(r for r in cells(out) if r[0] == "序号")
    assert header[6:] == ("销档日期", "致困原因", "家庭人口", "家庭月收入（元）", "人均月收入（元）", "帮扶措施")
    lines = body(out)
    assert lines[0][7:11] == (rows.CAUSE, 3, 4567, 1522.33)
    assert lines[3][1] == "郑新" and lines[3][6].date() == date(2025, 11, 30)
    assert not any(r[0] == "合计" for r in cells(out))  # incomes are not summed
    pdf = export(report, tmp_path / "全.pdf").path
    text = flat(pdf_text(pdf))
    assert hardship.SENSITIVE in text and "4,567.00" in text and rows.CAUSE in text
    assert "已销档1人" in text and pdf_pages(pdf) == 1


def test_help_statistics_per_member_and_a_total_line(tmp_path):
    out = export(
        hardship.help_stats_report(rows.help_stats(), 2026, union=UNION, today=rows.TODAY), tmp_path / "统计.xlsx"
    ).path
    lines = body(out)
    assert [r[1:] for r in lines] == [
        ("赵敏", "初中组", "特困", 2, 2000, 3, 600, 0, 2600),
        ("刘洋", "初中组", "困难", 1, 1000, 2, 400, 50, 1450),
        ("吴婷", "初中组", "一般", 0, 0, 1, 200, 0, 200),
    ]
    total = next(r for r in cells(out) if r[0] == "合计")
    assert total[4:] == (3, 3000, 6, 1200, 50, 4250)
    assert cells(out)[0][0] == f"{UNION}2026年帮扶情况统计表"
    assert Decimal("4250.00") == hardship.help_stats_report(rows.help_stats(), 2026).totals["total"]


@needs_poppler
def test_every_page_of_a_long_full_roster_says_it_is_sensitive(tmp_path):
    files = [rows.file_row(i, f"会员{i}", "hardship", "困难", date(2025, 3, 1)) for i in range(1, 80)]
    report = hardship.roster_report(files, details=rows.details(files), union=UNION, today=rows.TODAY)
    pdf = export(report, tmp_path / "长.pdf").path
    pages = [p for p in pdf_text(pdf).split("\f") if p.strip()]
    assert len(pages) == pdf_pages(pdf) > 1
    assert all("注意保密" in flat(p) for p in pages)


def test_a_long_kind_prints_a_row_per_group_naming_everyone(tmp_path):
    groups = ("高中组", "初中组")
    people = [
        rows.line(
            "far_from_home",
            "外省籍教职工（春节走访）",
            f"人{i:02d}",
            "籍贯：河南",
            member_id=i,
            group_name=groups[i % 2],
        )
        for i in range(care.CONDENSE_AT + 1)
    ]
    listed = rows.CareList(2026, 12, [*people, rows.line("birthday", "本月生日", "张丽", "12月3日生日")], {})
    report = care.care_list_report(listed, union="实验学校工会", today=date(2026, 12, 1))
    far = [r for r in report.rows if r[2] == "" and r[3] in groups]
    assert [(r[1], r[3]) for r in far] == [(1, "高中组"), (2, "初中组")]  # groups as they first come
    named = "、".join(r[4] for r in far)
    assert all(p.name in named for p in people) and "（7 人）" in named and "（6 人）" in named
    assert far[0][0] == f"外省籍教职工（春节走访）（{care.CONDENSE_AT + 1} 项）"
    assert "按工会小组合并列出姓名" in report.notes
    birthday = [r for r in report.rows if r[2] == "张丽"]
    assert birthday and "合并" not in birthday[0][4]  # a short kind keeps a row per person
