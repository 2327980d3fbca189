"""The Excel output read back with openpyxl: typed cells, masking, header, print setup."""

from __future__ import annotations

from datetime import date, datetime

import openpyxl
import pytest

from unionapp.reports.members import roster
from unionapp.reports.model import Report
from unionapp.reports.output import export

from .conftest import TODAY, many_members, member, money_report

RARE_NOTE = "𠮷䶮" + "很长的备注，" * 90


@pytest.fixture
def roster_book(tmp_path):
    def make(full_id=False, rows=None):
        rows = rows if rows is not None else many_members(30)
        path = tmp_path / "教职工花名册.xlsx"
        export(roster(rows, "某某中学工会委员会", full_id=full_id, today=TODAY), path)
        return rows, openpyxl.load_workbook(path).active

    return make


def header_index(ws) -> int:
    return next(r for r in range(1, 8) if ws.cell(r, 1).value == "序号")


def test_title_header_and_typed_cells(roster_book):
    rows, ws = roster_book()
    assert ws.cell(1, 1).value == "某某中学工会委员会教职工花名册"
    assert "制表日期：2026-11-21" in ws.cell(2, 1).value
    h = header_index(ws)
    headers = [c.value for c in ws[h]]
    assert headers == [
        "序号",
        "姓名",
        "性别",
        "出生日期",
        "身份证号",
        "手机号",
        "工会小组",
        "部门/岗位",
        "职称",
        "状态",
        "入会时间",
        "备注",
    ]
    first = ws[h + 1]
    assert first[0].value == 1 and first[0].data_type == "n"
    assert first[1].value == rows[0].name and first[2].value in ("男", "女")
    assert isinstance(first[3].value, datetime) and first[3].value.date() == rows[0].birth_date
    assert first[3].number_format == "yyyy-mm-dd"
    assert first[4].data_type == "s" and first[5].data_type == "s"  # ID and phone are text
    assert first[9].value == "在职"
    assert ws.max_row >= h + len(rows)


def test_ids_and_phones_masked_by_default_full_when_asked(roster_book):
    rows, ws = roster_book()
    h = header_index(ws)
    ids = [ws.cell(h + 1 + i, 5).value for i in range(len(rows))]
    assert ids[0] == rows[0].id_number[:6] + "********" + rows[0].id_number[-4:]
    assert all("*" in v for v in ids)
    assert ws.cell(h + 1, 6).value == rows[0].phone[:3] + "****" + rows[0].phone[-4:]
    _, full = roster_book(full_id=True)
    assert full.cell(h + 1, 5).value == rows[0].id_number
    assert full.cell(h + 1, 6).value == rows[0].phone


def test_header_style_frozen_and_print_setup(roster_book):
    _, ws = roster_book()
    h = header_index(ws)
    cell = ws.cell(h, 1)
    assert cell.font.b and cell.border.bottom.style == "thin" and cell.fill.fgColor.rgb.endswith("D9D9D9")
    assert ws.cell(h + 1, 2).border.left.style == "thin"
    assert ws.freeze_panes == f"A{h + 1}"
    assert ws.print_title_rows == f"${h}:${h}"
    setup = ws.page_setup
    assert setup.paperSize == 9 and setup.orientation == "landscape"
    assert setup.fitToWidth == 1 and setup.fitToHeight == 0
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert "&P" in ws.oddFooter.center.text and "&N" in ws.oddFooter.center.text
    assert "A1:L1" in {str(r) for r in ws.merged_cells.ranges}


def test_column_widths_fit_the_content(roster_book):
    _, ws = roster_book()
    widths = {k: v.width for k, v in ws.column_dimensions.items()}
    assert widths["E"] >= 20  # 18-character ID number
    assert widths["D"] >= 11  # 2026-11-21
    assert 6 <= widths["A"] <= 10
    assert widths["L"] <= 50  # long notes wrap instead of widening forever


def test_money_number_format_totals_and_signatures(tmp_path):
    path = tmp_path / "支出.xlsx"
    export(money_report(), path)
    ws = openpyxl.load_workbook(path).active
    values = [[c.value for c in row] for row in ws.iter_rows()]
    data = next(i for i, r in enumerate(values, 1) if r[0] == 1)
    assert ws.cell(data, 4).value == 1234.5 and ws.cell(data, 4).number_format == "#,##0.00"
    total = next(i for i, r in enumerate(values, 1) if r[0] == "合计")
    assert ws.cell(total, 4).value == pytest.approx(2234.55) and ws.cell(total, 4).font.b
    assert any(r[0] and "经办人：" in str(r[0]) and "工会主席：" in str(r[0]) for r in values)


def test_rare_characters_long_text_and_formula_like_text_survive(roster_book):
    rows = [member(id=1, name="张𠮷", notes=RARE_NOTE), member(id=2, name="李䶮", notes="=SUM(A1:A9)")]
    _, ws = roster_book(rows=rows)
    h = header_index(ws)
    assert ws.cell(h + 1, 2).value == "张𠮷" and ws.cell(h + 1, 12).value == RARE_NOTE
    assert ws.cell(h + 1, 12).alignment.wrap_text
    assert ws.cell(h + 2, 2).value == "李䶮"
    assert ws.cell(h + 2, 12).value == "=SUM(A1:A9)" and ws.cell(h + 2, 12).data_type == "s"


def test_empty_table_is_a_valid_file_saying_no_data(tmp_path):
    path = tmp_path / "空.xlsx"
    export(Report("空表", money_report().columns, [], made_on=date(2026, 1, 1), totals={}), path)
    ws = openpyxl.load_workbook(path).active
    values = [c.value for row in ws.iter_rows() for c in row if c.value]
    assert "序号" in values and "（无数据）" in values


def test_a_stray_date_in_a_text_column_does_not_restyle_the_column(tmp_path):
    from unionapp.reports.model import Column

    columns = (Column("what", "事项"), Column("n", "人数", "int", 4))
    path = tmp_path / "a.xlsx"
    export(Report("表", columns, [(date(2026, 1, 2), 1), ("文字", 2)], made_on=TODAY, totals={}), path)
    ws = openpyxl.load_workbook(path).active
    assert ws.cell(4, 1).value == "2026-01-02" and ws.cell(4, 1).data_type == "s"
    assert ws.cell(5, 2).value == 2 and ws.cell(5, 2).number_format == "0"
