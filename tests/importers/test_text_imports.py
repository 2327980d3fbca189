"""Text tables through the importers: a GBK roster CSV with a title and a totals line, a
ledger CSV of text amounts and dates, an ".xls" web page with merged groups, and an ID
number Excel wrote into a CSV as 3.10101E+17."""

from __future__ import annotations

from datetime import date

from unionapp.importers.ledger import plan_ledger_import
from unionapp.importers.members import plan_member_import
from unionapp.services import ledger

from .workbooks import id_for

TODAY = date(2026, 3, 1)
WANG_ID = id_for(date(1985, 3, 12), 1, "F")
LI_ID = id_for(date(1986, 4, 15), 2, "M")


def roster(id_cell: str = LI_ID) -> str:
    return (
        "阳光中学工会会员花名册,,,,,\r\n"
        "序号,姓名,性别,身份证号码,联系电话,工会小组,入会时间\r\n"
        f"1,王芳,女,{WANG_ID},138-1234-5678,高中组,2009年3月1日\r\n"
        f"2,李强,男,{id_cell},13900001111,初中组,2010/9/1\r\n"
        "合计,2 人,,,,,\r\n"
    )


def test_gbk_roster_csv_with_title_and_totals_lines(db, tmp_path):
    path = tmp_path / "花名册.csv"
    path.write_bytes(roster().encode("gbk"))
    plan = plan_member_import(db, path, today=TODAY)
    assert plan.refused == [] and plan.header_row == 2
    got = [(r.row_number, r.data.name, r.data.id_number, r.data.phone, r.data.join_union_date) for r in plan.adds]
    assert got == [
        (3, "王芳", WANG_ID, "13812345678", date(2009, 3, 1)),
        (4, "李强", LI_ID, "13900001111", date(2010, 9, 1)),
    ]
    assert sorted(plan.new_groups) == ["初中组", "高中组"]


def test_id_number_excel_wrote_as_a_number_is_refused_as_lost_digits(db, tmp_path):
    path = tmp_path / "花名册.csv"
    path.write_bytes(roster(id_cell="3.40102E+17").encode("utf-8-sig"))
    plan = plan_member_import(db, path, today=TODAY)
    assert [r.row_number for r in plan.refused] == [4]
    (line,) = plan.problem_lines()
    assert "后几位已经丢失" in line and "3.40102E+17" in line and "文本" in line


def test_html_xls_roster_fills_merged_groups_down(db, tmp_path):
    page = (
        "<html><head><meta charset=gb2312></head><body><table>"
        "<tr><td colspan=3>花名册</td></tr><tr><td>姓名</td><td>工会小组</td><td>身份证号</td></tr>"
        f"<tr><td>王芳</td><td rowspan=2>高中组</td><td>{WANG_ID}</td></tr>"
        f"<tr><td>李强</td><td>{LI_ID}</td></tr></table></body></html>"
    )
    path = tmp_path / "花名册.xls"
    path.write_bytes(page.encode("gbk"))
    plan = plan_member_import(db, path, today=TODAY)
    assert plan.refused == []
    assert [(r.data.name, r.data.group_name) for r in plan.adds] == [("王芳", "高中组"), ("李强", "高中组")]


def test_ledger_csv_reads_text_amounts_and_dates(db, tmp_path):
    text = (
        "阳光中学工会 2025 年收支明细账,,,,,\n"
        "日期,凭证号,摘要,科目,收入（元）,支出（元）\n"
        '2025-01-31,1,1月会费,会费收入,"2,320.00",\n'
        "2025/3/5,2,篮球赛奖品,职工活动支出/文体活动支出,,800.5\n"
        '2025年4月1日,3,中秋节慰问品,福利费,,"20,000"\n'
        "合计,,,,2320,20800.5\n"
    )
    path = tmp_path / "明细账.csv"
    path.write_bytes(text.encode("gb18030"))
    plan = plan_ledger_import(db, path, today=date(2025, 12, 31))
    assert plan.refused == []
    codes = {c.id: c.code for c in ledger.list_categories(db)}
    got = [(e.row_number, e.entry_date, codes[e.category_id], e.amount_fen) for e in plan.entries]
    assert got == [
        (3, date(2025, 1, 31), "dues", 232_000),
        (4, date(2025, 3, 5), "sports", 80_050),
        (5, date(2025, 4, 1), "welfare", 2_000_000),
    ]
