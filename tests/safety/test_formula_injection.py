"""A spreadsheet opening an exported file must never run a cell as a formula: CSV text
starting with = + - @, a tab or a carriage return is prefixed with ', while numbers stay
numbers; xlsx writes every text as a string, never as a formula."""

from __future__ import annotations

import csv
import zipfile
from datetime import date
from decimal import Decimal

import openpyxl
import pytest

from unionapp.reports.model import Column, Report
from unionapp.reports.output import export

COLUMNS = (
    Column("seq", "序号", "int", 4),
    Column("memo", "摘要", "text", 30),
    Column("amount", "金额（元）", "money", 12),
    Column("day", "日期", "date", 10),
)
PAYLOADS = ["-2+3+cmd|' /C calc'!A0", "-SUM(1)", "=1+1", "+1+1", "@SUM(1)", "\t=1+1", "\r=1+1"]


def report(memos) -> Report:
    rows = [(i, memo, Decimal("-12.50"), date(2026, 3, 1)) for i, memo in enumerate(memos, 1)]
    return Report("收支明细", COLUMNS, rows, made_on=date(2026, 11, 21), totals={})


def csv_rows(path) -> list[list[str]]:
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(f))[1:]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_csv_text_that_a_spreadsheet_would_run_is_defused(tmp_path, payload):
    path = tmp_path / "明细.csv"
    export(report([payload]), path)
    [row] = csv_rows(path)
    assert row[1] == "'" + payload


def test_csv_numbers_and_harmless_text_are_written_as_they_are(tmp_path):
    path = tmp_path / "明细.csv"
    export(report(["慰问品", "5-2 班", "a=b"]), path)
    rows = csv_rows(path)
    assert [r[1] for r in rows] == ["慰问品", "5-2 班", "a=b"]
    # A negative amount is a number the spreadsheet must add up, not text.
    assert {r[2] for r in rows} == {"-12.50"} and {r[3] for r in rows} == {"2026-03-01"}
    assert [r[0] for r in rows] == ["1", "2", "3"]


def test_xlsx_writes_formula_like_text_as_a_string(tmp_path):
    path = tmp_path / "明细.xlsx"
    export(report(PAYLOADS), path)
    with zipfile.ZipFile(path) as book:
        sheets = [n for n in book.namelist() if n.startswith("xl/worksheets/sheet")]
        xml = "".join(book.read(n).decode("utf-8") for n in sheets)
    assert "<f>" not in xml and "<f " not in xml  # no formula element anywhere
    ws = openpyxl.load_workbook(path).active
    cells = {c.value: c for row in ws.iter_rows() for c in row if isinstance(c.value, str)}
    for text in ("=1+1", "-SUM(1)", "+1+1", "@SUM(1)", "\t=1+1"):
        assert cells[text].data_type == "s", text
    amounts = [c.value for row in ws.iter_rows() for c in row if c.value == pytest.approx(-12.5)]
    assert len(amounts) == len(PAYLOADS)  # money stays numeric in xlsx
