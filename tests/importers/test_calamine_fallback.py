"""When python-calamine can't read a sheet of an .xlsx, the streaming reader reads the
file instead; it may list fewer sheets (none whose part is missing), so sheets are
matched by name, not by position."""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl

from unionapp.importers.calamine_book import CalamineBook
from unionapp.importers.sources import open_book
from unionapp.importers.workbook import read_sheet

ALIASES = {"name": ("姓名",), "phone": ("电话",)}


def _first_part_missing(tmp_path: Path) -> Path:
    """Two sheets, 旧 and 名单; the part of 旧 is left out of the zip."""
    wb = openpyxl.Workbook()
    wb.active.title = "旧"
    wb.active.append(["备注"])
    roster = wb.create_sheet("名单")
    roster.append(["姓名", "电话"])
    roster.append(["张三", 13812345678])
    whole = tmp_path / "whole.xlsx"
    wb.save(whole)
    path = tmp_path / "花名册.xlsx"
    with zipfile.ZipFile(whole) as source, zipfile.ZipFile(path, "w") as target:
        for info in source.infolist():
            if info.filename != "xl/worksheets/sheet1.xml":
                target.writestr(info, source.read(info.filename))
    return path


def test_a_sheet_whose_part_is_missing_reads_as_empty(tmp_path):
    book = open_book(_first_part_missing(tmp_path))
    try:
        assert isinstance(book, CalamineBook) and book.sheet_names() == ["旧", "名单"]
        assert list(book.rows(0)) == [] and book.merges(0) == []
        assert list(book.rows(1)) == [(1, ["姓名", "电话"]), (2, ["张三", 13812345678])]
    finally:
        book.close()


def test_the_table_is_named_by_its_own_sheet(tmp_path):
    with read_sheet(_first_part_missing(tmp_path), ALIASES) as sheet:
        assert sheet.name == "名单"
        assert list(sheet.rows()) == [(2, {"name": "张三", "phone": 13812345678})]
