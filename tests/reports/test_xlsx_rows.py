"""The Excel rows written as XML text (reports/xlsx_rows.py): each cell as openpyxl itself
writes it, and a whole report read back with its styles, heights and sheet settings."""

from __future__ import annotations

import zipfile
from datetime import date, datetime
from decimal import Decimal
from enum import IntEnum
from io import BytesIO

import openpyxl
import pytest
from lxml import etree
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell._writer import lxml_write_cell
from openpyxl.xml.functions import xmlfile

from unionapp.reports.model import Column, Report
from unionapp.reports.output import export
from unionapp.reports.xlsx_rows import CELL_LIMIT, CUT_MARK, RowWriter, cell_xml

from .conftest import TODAY


class Level(IntEnum):
    HIGH = 3


def openpyxl_cell(value) -> bytes:
    """The <c> element openpyxl's own write-only writer makes for `value` at A1; text
    starting with "=" made text, as the report writer always did."""
    ws = Workbook(write_only=True).create_sheet()
    cell = WriteOnlyCell(ws, value)
    if cell.data_type == "f":
        cell.data_type = "s"
    out = BytesIO()
    with xmlfile(out) as xf:
        lxml_write_cell(xf, ws, cell, styled=False)
    return out.getvalue()


def canonical(xml: bytes | str) -> bytes:
    """The element with its style id dropped, canonicalised: character references and
    UTF-8 text compare equal."""
    el = etree.fromstring(xml.encode() if isinstance(xml, str) else xml)
    el.attrib.pop("s", None)
    return etree.tostring(el, method="c14n")


SAME_AS_OPENPYXL = [
    "张三",
    "  前后有空格 ",
    "a&b<c>d\"e'f",
    "第一行\r\n第二行\t制表",
    "𠮷䶮",
    "",
    "=SUM(A1:A9)",
    "#N/A",
    None,
    0,
    -17,
    123456789012345,
    12345678901234567890,
    1234.5,
    float("nan"),
    float("inf"),
    Decimal("1000.05"),
    Decimal("1.50"),
    True,
    False,
    Level.HIGH,
    date(1900, 1, 15),  # before Excel's phantom 1900-02-29
    date(1900, 3, 1),
    date(2026, 5, 1),
    datetime(2026, 5, 1, 13, 30, 15),
]


@pytest.mark.parametrize("value", SAME_AS_OPENPYXL, ids=repr)
def test_a_cell_is_written_as_openpyxl_writes_it(value):
    ours = cell_xml("A1", 5, value, True, Workbook().epoch)
    assert ' s="5"' in ours
    assert canonical(ours) == canonical(openpyxl_cell(value))


def test_the_row_writer_matches_cell_by_cell_and_cuts_long_text():
    writer = RowWriter(Workbook().epoch)
    columns = [("A", 1, False), ("B", 2, True), ("C", 3, False)]
    long_text = "长" * (CELL_LIMIT + 10)
    writer.row(7, columns, ["王五", date(2026, 5, 1), long_text], ' ht="30" customHeight="1"')
    writer.flush()
    writer.file.seek(0)
    row = etree.fromstring(writer.file.read())
    writer.close()
    assert row.get("r") == "7" and row.get("ht") == "30" and row.get("customHeight") == "1"
    cells = list(row)
    assert [c.get("r") for c in cells] == ["A7", "B7", "C7"]
    assert [c.get("s") for c in cells] == ["1", "2", "3"]
    assert cells[0].get("t") == "inlineStr" and cells[0].findtext("is/t") == "王五"
    assert cells[1].findtext("v") == "46143"
    cut = cells[2].findtext("is/t")
    assert cut.endswith(CUT_MARK) and len(cut) == CELL_LIMIT and writer.cut == 1


def test_control_characters_are_dropped_and_dates_in_text_columns_are_text():
    xml = cell_xml("A1", 1, "备\x01注\x1f", False, Workbook().epoch)
    assert etree.fromstring(xml).findtext("is/t") == "备注"
    xml = cell_xml("A1", 1, date(2026, 1, 2), False, Workbook().epoch)
    assert etree.fromstring(xml).findtext("is/t") == "2026-01-02"


COLUMNS = (
    Column("no", "序号", "int", 4),
    Column("name", "姓名", "text", 8),
    Column("day", "日期", "date", 10),
    Column("amount", "金额", "money", 10),
    Column("note", "备注", "text", 12),
)


def test_a_whole_report_keeps_styles_heights_merges_and_sheet_settings(tmp_path):
    long_note = "很长的备注，" * 20
    rows = [(1, "张三", date(2026, 3, 1), Decimal("12.5"), long_note), (2, "李四", None, Decimal("3"), "")]
    report = Report(
        "测试表",
        COLUMNS,
        rows,
        union_name="某某中学工会委员会",
        made_on=TODAY,
        notes="说明文字",
        signatures=("经办人", "工会主席"),
    )
    path = tmp_path / "a.xlsx"
    result = export(report, path)
    assert result.warnings == []
    ws = openpyxl.load_workbook(path).active

    values = [[c.value for c in row] for row in ws.iter_rows()]
    header = next(i for i, r in enumerate(values, 1) if r[0] == "序号")
    first, second, total = header + 1, header + 2, header + 3
    assert values[header - 1] == ["序号", "姓名", "日期", "金额", "备注"]
    assert values[first - 1] == [1, "张三", datetime(2026, 3, 1), 12.5, long_note]
    assert values[second - 1][:2] == [2, "李四"] and values[second - 1][2] is None
    assert values[total - 1][0] == "合计" and values[total - 1][3] == 15.5

    # Styles per column: one lookup per column must still give each its own.
    assert ws.cell(header, 1).font.b and ws.cell(header, 1).fill.fgColor.rgb.endswith("D9D9D9")
    assert ws.cell(first, 2).font.name == "宋体" and ws.cell(first, 2).font.sz == 11
    assert ws.cell(first, 2).border.left.style == "thin" and ws.cell(first, 5).alignment.wrap_text
    assert ws.cell(first, 3).number_format == "yyyy-mm-dd" and ws.cell(first, 3).is_date
    assert ws.cell(first, 4).number_format == "#,##0.00"
    assert ws.cell(second, 5).number_format == "@" and ws.cell(second, 3).border.left.style == "thin"
    assert ws.cell(total, 4).font.b and ws.cell(1, 1).font.sz == 16

    # The wrapped note's row is tall enough; the one-line row keeps the default height.
    assert ws.row_dimensions[first].height > 15 and ws.row_dimensions[second].height is None
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert "A1:E1" in merged and any(r.startswith(f"A{total + 2}:") for r in merged)
    assert ws.freeze_panes == f"A{header + 1}"
    assert ws.print_title_rows == f"${header}:${header}"
    assert ws.page_setup.paperSize == 9 and ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.column_dimensions["E"].width > ws.column_dimensions["A"].width

    with zipfile.ZipFile(path) as book:
        sheet = book.read("xl/worksheets/sheet1.xml")
    assert sheet.count(b"<sheetData>") == 1 and b"<sheetData/>" not in sheet


def test_a_text_too_long_for_a_cell_is_cut_and_said(tmp_path):
    report = Report("长文", COLUMNS, [(1, "张三", None, Decimal("1"), "字" * (CELL_LIMIT + 1))], made_on=TODAY)
    result = export(report, tmp_path / "a.xlsx")
    assert len(result.warnings) == 1 and "1 个单元格" in result.warnings[0]
    ws = openpyxl.load_workbook(tmp_path / "a.xlsx").active
    notes = [c.value for c in ws["E"] if isinstance(c.value, str) and c.value.endswith(CUT_MARK)]
    assert len(notes) == 1 and len(notes[0]) == CELL_LIMIT
