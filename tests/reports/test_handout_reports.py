"""发放签收表: one section per 工会小组 (its own page, heading and 本组合计), the overall
合计, a draft marked in its title, warnings and their reason printed. Also the report
engine's sections: page breaks in the PDF and the xlsx, subtotal rows."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import openpyxl
import pytest

from unionapp.domain.members import MemberInput
from unionapp.reports.files import Ticker
from unionapp.reports.handouts import DRAFT_MARK, SIGN_ROW_PT, build_handout_receipts, handout_receipts_report
from unionapp.reports.model import Column, Report, Section
from unionapp.reports.output import export
from unionapp.reports.pdf_layout import layout
from unionapp.services import handouts, members, settings
from unionapp.services.handouts import HandoutInput, HandoutRow, RecipientRow
from unionapp.services.ledger_categories import list_categories

from .conftest import needs_poppler, pdf_text

UNION = "阳光中学工会委员会"
DAY = date(date.today().year, 3, 8)
REASON = "本年度经费结余较多，经工会委员会研究同意"


def handout(**changes) -> HandoutRow:
    base = dict(
        id=1, year=DAY.year, name=f"{DAY.year}年三八节慰问品", kind="womens_day", handout_date=DAY, status="issued",
        value_kind="goods", item="保温杯", value_fen=8000, category_id=1, category_name="职工集体福利支出",
        rule="women", rule_text="在职女会员", recipients=0, total_fen=0, approver="王主席", approval_no="GH-03",
        handler="", warnings="", warning_reason="", notes="", version=1,
    )  # fmt: skip
    return HandoutRow(**{**base, **changes})


def recipient(i: int, name: str, group: str, fen: int = 8000, note: str = "") -> RecipientRow:
    return RecipientRow(i, i, name, "F", i, group, "active", fen, note)


PEOPLE = [
    recipient(1, "李娜", "高中组"),
    recipient(2, "王芳", "高中组", 10000, "班主任加发"),
    recipient(3, "赵敏", "初中组"),
    recipient(4, "孙丽", ""),
]


def test_one_section_per_group_with_its_own_total_and_the_overall_total():
    report = build_handout_receipts(handout(), PEOPLE, UNION, today=DAY)
    assert [r[0] for r in report.rows] == [1, 2, 1, 1]  # numbered afresh on each group's sheet
    assert [(r[1], r[2], r[3]) for r in report.rows][:2] == [("李娜", "高中组", "保温杯"), ("王芳", "高中组", "保温杯")]
    assert report.rows[3][2] == "（未分组）"
    assert all(r[5] is None for r in report.rows)  # the signature cell is blank
    assert [s.start for s in report.sections] == [0, 2, 3]
    assert "高中组" in report.sections[0].heading and "本组合计 2 人，180.00 元" in report.sections[0].heading
    subtotals = [report.section_totals_row(s) for s in report.sections]
    assert [(t[1], t[2], t[4]) for t in subtotals] == [
        ("本组合计", "2 人", Decimal("180.00")),
        ("本组合计", "1 人", Decimal("80.00")),
        ("本组合计", "1 人", Decimal("80.00")),
    ]
    assert sum(t[4] for t in subtotals) == report.totals_row[4] == Decimal("340.00")
    assert report.totals_row[1:3] == ("合计", "4 人")
    assert report.row_height == SIGN_ROW_PT
    assert report.title == f"{UNION}{DAY.year}年三八节慰问品发放签收表"
    assert "审批人：王主席" in report.subtitle and "审批编号：GH-03" in report.subtitle
    assert "类别：三八慰问（职工集体福利支出）" in report.subtitle


def test_a_draft_says_so_in_its_title_and_warnings_print_with_their_reason():
    report = build_handout_receipts(
        handout(status="draft", warnings="超出节日慰问品每人每年 500 元的标准", warning_reason=REASON), PEOPLE, UNION
    )
    assert report.title.endswith(DRAFT_MARK)
    assert "超出节日慰问品每人每年 500 元的标准" in report.notes and REASON in report.notes
    assert "请勿据此签收" in report.notes


def test_money_without_an_item_prints_as_cash_and_no_recipients_prints_an_empty_sheet():
    report = build_handout_receipts(handout(value_kind="money", item=""), PEOPLE[:1], UNION)
    assert report.rows[0][3] == "现金"
    empty = build_handout_receipts(handout(), [], UNION)
    assert empty.rows == () and empty.sections == () and empty.totals_row[2] == "0 人"


# ---------------------------------------------------------------- the engine's sections


def _sectioned(rows_per_group=(3, 40, 2)) -> Report:
    cols = (Column("no", "序号", "int", 4), Column("name", "姓名", "text", 8), Column("money", "金额", "money", 10))
    rows, sections = [], []
    for g, count in enumerate(rows_per_group):
        sections.append(Section(f"第{g + 1}组", len(rows), {"money": count * 100}))
        rows += [(len(rows) + 1, f"组{g + 1}人{i}", 100) for i in range(count)]
    return Report("分组表", cols, rows, sections=sections, row_height=30, signatures=("经办人",))


def test_sections_must_start_at_the_first_row_and_in_order():
    cols = (Column("no", "序号", "int", 4),)
    with pytest.raises(ValueError):
        Report("表", cols, [(1,), (2,)], sections=[Section("a", 1)])
    with pytest.raises(ValueError):
        Report("表", cols, [(1,), (2,)], sections=[Section("a", 0), Section("b", 0)])


def test_each_section_starts_a_page_with_its_heading_and_ends_with_its_subtotal():
    report = _sectioned()
    plan = layout(report, Ticker(0, None, None))
    starts = {page.heading: page.section for page in plan.pages}
    assert "第1组" in starts and "第2组" in starts and "第2组（续）" in starts and "第3组" in starts
    for page in plan.pages:  # a page never holds two sections' rows
        names = {row.lines[1][0][:2] for row in page.rows if row.kind == "body"}
        assert len(names) <= 1
    totals = [row.lines[2][0] for page in plan.pages for row in page.rows if row.kind == "total"]
    assert totals == ["3.00", "40.00", "2.00", "45.00"]  # each subtotal, then the overall total
    assert plan.pages[-1].tail and plan.pages[-1].section == 2  # the last section keeps its own rows


def test_sections_in_the_xlsx_are_print_pages_with_heading_and_subtotal_rows(tmp_path):
    path = tmp_path / "分组表.xlsx"
    export(_sectioned((2, 3)), path)
    ws = openpyxl.load_workbook(path).active
    values = [[c for c in row] for row in ws.iter_rows(values_only=True)]
    headings = [i for i, row in enumerate(values, start=1) if row[0] in ("第1组", "第2组")]
    assert len(headings) == 2
    assert [b.id for b in ws.row_breaks.brk] == [headings[1] - 1]  # the break just before 第2组
    subtotals = [row for row in values if row[0] == "小计"]
    assert [row[2] for row in subtotals] == [2, 3]


# ---------------------------------------------------------------- through the services


def _women_handout(db, status="draft") -> int:
    settings.save(db, settings.UnionSettings(union_name=UNION, chair_name="王建国"))
    for i, (name, gender, group) in enumerate(
        [("李娜", "F", "高中组"), ("王芳", "F", "高中组"), ("赵敏", "F", "初中组"), ("张伟", "M", "初中组")]
    ):
        members.add_member(db, MemberInput(name=name, gender=gender, birth_date=date(1980 + i, 5, 1), group_name=group))
    welfare = next(c.id for c in list_categories(db) if c.code == "welfare")
    data = HandoutInput(
        name=f"{DAY.year}年三八节慰问品", kind="womens_day", handout_date=DAY, item="保温杯", value_fen=8000,
        category_id=welfare, rule="women", approver="王主席", approval_no="GH-03",
    )  # fmt: skip
    hid = handouts.create_handout(db, data, handouts.pick_recipients(db, "women", DAY))
    if status == "issued":
        handouts.issue_handout(db, hid, warning_reason=REASON)
    return hid


def test_the_report_from_the_database_matches_the_recipients(db):
    hid = _women_handout(db)
    report = handout_receipts_report(db, hid)
    recipients = handouts.list_recipients(db, hid)
    assert [r[1] for r in report.rows] == [r.name for r in recipients]
    assert "张伟" not in [r[1] for r in report.rows]
    assert report.totals["money"] == Decimal(sum(r.value_fen for r in recipients)) / 100
    assert report.title.endswith(DRAFT_MARK)


@needs_poppler
def test_the_pdf_prints_one_page_per_group_with_the_titles_and_totals(db, tmp_path):
    hid = _women_handout(db, "issued")
    path = tmp_path / "签收表.pdf"
    export(handout_receipts_report(db, hid), path)
    pages = pdf_text(path).split("\f")
    assert "高中组" in pages[0] and "赵敏" not in pages[0]
    assert "初中组" in pages[1] and "赵敏" in pages[1]
    assert "本组合计" in pages[0] and "160.00" in pages[0]
    assert "合计" in pages[1] and "240.00" in pages[1] and "领取人签字" in pages[1]
    assert DRAFT_MARK not in pages[0]
