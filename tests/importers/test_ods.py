"""OpenDocument spreadsheets (.ods, as LibreOffice and WPS save them) through the importers:
a roster end to end, merged ranges filled down, hidden sheets read last, and crafted
repeats that would make python-calamine build a huge grid refused in Chinese, quickly
and within bounded memory."""

from __future__ import annotations

import zipfile
from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import event, given
from hypothesis import strategies as st

from unionapp.importers import prescan
from unionapp.importers.errors import ImportFileError
from unionapp.importers.members import apply_import, plan_member_import
from unionapp.importers.sources import open_book
from unionapp.services.members import count_members, list_members

from . import test_hostile_files as files
from . import test_hostile_scale as scale
from .hostile import assert_chinese
from .merged_roster import GROUPS, HEADER, MERGED, NOTES, ROWS, TITLE, TITLES
from .ods import Table, cell, content_xml, ods_bytes, tables_xml, write_ods, write_raw_ods
from .test_hostile_files import FUZZ, MUTATION, mutate, open_or_refuse
from .workbooks import id_for

TODAY = date(2026, 3, 1)
WANG_ID = id_for(date(1985, 3, 12), 1, "F")
X_ID = next(n for n in (id_for(date(1979, 11, 5), seq, "M") for seq in range(1, 999, 2)) if n.endswith("X"))
ROSTER = [
    ["某某中学教职工花名册（2026 年）"],
    ["序号", "姓名", "性别", "身份证号码", "出生年月", "联系电话", "工会小组", "入会时间", "人员状态"],
    [1, "王芳", "女", WANG_ID, date(1985, 3, 12), 13812345678, "高中组", datetime(2009, 3, 1), "在职"],
    [2, "李强", "男", None, "1979/11/05", "139 0000 1111", "初中组", "2001年9月", "在职"],
    [],
    [3, "张伟", "男", None, 29000, None, "小学组", 37500.0, "已退休"],
    ["合计", "3 人"],
]


@pytest.fixture
def roster(tmp_path) -> Path:
    return write_ods(tmp_path / "花名册.ods", [Table("花名册", ROSTER, merges=[(1, 1, 1, 9)])])


def test_a_roster_imports_end_to_end(db, roster):
    plan = plan_member_import(db, roster, today=TODAY)
    assert plan.refused == [], plan.problem_lines()
    got = [(r.row_number, r.data.name, r.data.birth_date, r.data.status) for r in plan.adds]
    assert got == [
        (3, "王芳", date(1985, 3, 12), "active"),  # a date cell
        (4, "李强", date(1979, 11, 5), "active"),  # a date as text
        (6, "张伟", date(1979, 5, 25), "retired"),  # an Excel serial number
    ]
    wang, li, zhang = (r.data for r in plan.adds)
    assert (wang.id_number, wang.phone, wang.group_name, wang.join_union_date) == (
        WANG_ID,
        "13812345678",  # a number cell, read whole
        "高中组",
        date(2009, 3, 1),
    )
    assert (li.phone, li.join_union_date, zhang.join_union_date) == ("13900001111", date(2001, 9, 1), date(2002, 9, 1))
    apply_import(db, plan)
    assert count_members(db) == 3
    assert {m.name: m.id_number for m in list_members(db)}["王芳"] == WANG_ID


def test_id_numbers_as_text_keep_their_x(db, tmp_path):
    rows = [["姓名", "身份证号"], ["李强", X_ID.lower()], ["王芳", WANG_ID]]
    path = write_ods(tmp_path / "名单.ods", [Table("名单", rows)])
    plan = plan_member_import(db, path, today=TODAY)
    assert plan.refused == [], plan.problem_lines()
    assert [r.data.id_number for r in plan.adds] == [X_ID, WANG_ID]


def test_merged_ranges_fill_down(db, tmp_path):
    rows = [[TITLE], HEADER]
    for number, row in enumerate(ROWS, start=1):
        rows.append([number, *row])
    merges = [(1, 1, 1, len(HEADER))] + [(first, column, last - first + 1, 1) for first, last, column in MERGED]
    path = write_ods(tmp_path / "花名册.ods", [Table("花名册", rows, merges=merges)])
    plan = plan_member_import(db, path, today=TODAY)
    assert plan.refused == [], plan.problem_lines()
    assert [r.data.name for r in plan.adds] == [row[0] for row in ROWS]
    assert [r.data.group_name for r in plan.adds] == GROUPS
    assert [r.data.title for r in plan.adds] == TITLES
    assert plan.notes == NOTES


def test_a_hidden_sheet_is_read_last(db, tmp_path):
    old = Table("旧名单", [["姓名", "手机号"], ["旧人", 13800000000]], hidden=True)
    new = Table("新名单", [["姓名", "手机号"], ["新人", 13900000000]])
    book = open_book(write_ods(tmp_path / "a.ods", [old, new]))
    assert [book.is_hidden(i) for i in range(2)] == [True, False]
    book.close()
    plan = plan_member_import(db, tmp_path / "a.ods", today=TODAY)
    assert [r.data.name for r in plan.adds] == ["新人"]
    # A hidden sheet is still read when no visible one has a header.
    notes = Table("说明", [["请按模板填写"]])
    plan = plan_member_import(db, write_ods(tmp_path / "b.ods", [notes, old]), today=TODAY)
    assert [r.data.name for r in plan.adds] == ["旧人"]


# ---------------------------------------------------------------- crafted repeats

TEXT = cell("某某")
NAME_ROW = f"<table:table-row>{cell('姓名')}{cell('手机号')}</table:table-row>"


def _table(body: str, name: str = "花名册") -> str:
    return f'<table:table table:name="{name}">{NAME_ROW}{body}</table:table>'


def _filled(rows: int, columns: int) -> str:
    """One cell at the top left and one at (rows, columns): a grid of rows × columns."""
    return (
        f'<table:table-row table:number-rows-repeated="{rows - 2}"><table:table-cell/></table:table-row>'
        f'<table:table-row><table:table-cell table:number-columns-repeated="{columns - 1}"/>{TEXT}</table:table-row>'
    )


HUGE = {
    "a filled row repeated a million times": _table(
        f'<table:table-row table:number-rows-repeated="1000000">{TEXT}{TEXT}</table:table-row>'
    ),
    "a filled cell repeated across 16,384 columns": _table(
        '<table:table-row><table:table-cell office:value-type="string" table:number-columns-repeated="16384">'
        "<text:p>某某</text:p></table:table-cell></table:table-row>"
    ),
    "every cell of the sheet, repeated": _table(
        '<table:table-row table:number-rows-repeated="1048575">'
        '<table:table-cell office:value-type="float" office:value="1" table:number-columns-repeated="16384"/>'
        "</table:table-row>"
    ),
    "a repeat past any count": _table(
        f'<table:table-row table:number-rows-repeated="99999999999999999999">{TEXT}</table:table-row>'
    ),
    "a cell at the sheet's last row": _table(_filled(1_048_576, 2)),
    "a cell at column XFD": _table(_filled(3, 16_384)),
    # A cell's text is copied into every cell it is repeated over: 1.5 billion characters
    # from a 1 KB file aborted the process; <text:s text:c="N"/> is N spaces.
    "a long text repeated over many cells": _table(
        '<table:table-row table:number-rows-repeated="1000">'
        '<table:table-cell office:value-type="string" table:number-columns-repeated="50">'
        f"<text:p>{'长' * 30_000}</text:p></table:table-cell></table:table-row>"
    ),
    "a million spaces in each of a thousand cells": _table(
        '<table:table-row table:number-rows-repeated="100">'
        '<table:table-cell office:value-type="string" table:number-columns-repeated="10">'
        '<text:p>a<text:s text:c="1000000"/>b</text:p></table:table-cell></table:table-row>'
    ),
    # calamine builds every table when it opens the file: each grid within the bound, all
    # four together 12 million cells (408 MB measured).
    "four tables near the bound": "".join(_table(_filled(59_000, 52), f"表{i}") for i in range(4)),
}


@pytest.mark.parametrize("body", HUGE.values(), ids=HUGE.keys())
def test_huge_repeats_are_refused_quickly_in_little_memory(tmp_path, body):
    path = write_raw_ods(tmp_path / "花名册.ods", body)
    assert path.stat().st_size < 5_000  # a few bytes that ask for billions of cells or characters
    outcome = scale.plan_in_child(path, tmp_path)
    assert outcome.get("error") == "ImportFileError", outcome
    assert "表格范围过大" in outcome["message"] and "没有导入任何数据" in outcome["message"]
    assert outcome["seconds"] < 10 and outcome["peak_mb"] < 250, outcome


def test_the_refusal_is_an_import_file_error_in_chinese(db, tmp_path):
    path = write_raw_ods(tmp_path / "花名册.ods", HUGE["a filled row repeated a million times"])
    with pytest.raises(ImportFileError) as caught:
        plan_member_import(db, path, today=TODAY)
    assert_chinese(caught.value)
    assert "花名册.ods" in str(caught.value)


def test_what_libreoffice_writes_after_the_last_row_is_read(tmp_path):
    """An empty rest of the sheet, a million rows of 1,024 empty cells, as repeats: read,
    not refused; and two tables together just within the bound open."""
    rows = [["姓名", "手机号"], ["王芳", 13812345678]]
    path = write_ods(tmp_path / "a.ods", [Table("名单", rows)])
    book = open_book(path)
    assert list(book.rows(0)) == [(1, ["姓名", "手机号"]), (2, ["王芳", 13812345678])]
    book.close()
    two = "".join(_table(_filled(29_000, 52), f"表{i}") for i in range(2))
    outcome = scale.plan_in_child(write_raw_ods(tmp_path / "b.ods", two), tmp_path)
    assert "error" not in outcome and outcome["peak_mb"] < 250, outcome


# ---------------------------------------------------------------- damaged files

template = files.template  # the fixture: a database to copy for each example

FUZZED = [["花名册"], ["序号", "姓名", "身份证号", "手机号", "工会小组", "出生日期"]] + [
    [i, f"教师{i}", id_for(date(1980, 1 + i % 12, 1 + i % 28), i % 100), 13800000000 + i, "高中组", date(1980, 1, i)]
    for i in range(1, 29)
]
FUZZED_CONTENT = content_xml(tables_xml([Table("花名册", FUZZED, merges=[(1, 1, 1, 6), (3, 5, 10, 1)])]))


@FUZZ
@given(mutations=st.lists(MUTATION, min_size=1, max_size=4), inside=st.booleans())
def test_a_damaged_ods_is_read_or_refused_in_chinese(template, mutations, inside):
    """Bytes changed in content.xml (zipped again, so the damage reaches the readers), or
    in the zip itself: read, or refused with a Chinese message and nothing written."""
    content = ods_bytes(mutate(FUZZED_CONTENT, mutations)) if inside else mutate(ods_bytes(FUZZED_CONTENT), mutations)
    outcome = open_or_refuse(template, "花名册.ods", content)
    event("read" if outcome == "read" else "refused")


# ---------------------------------------------------------------- size


def test_a_roster_whose_content_is_past_the_xlsx_part_bound_is_read(tmp_path):
    """LibreOffice writes about 2 KB a row of 15 columns: an .ods of some 12,000 rows has
    a content.xml past 24 MB (the bound of an .xlsx part given to calamine); still read."""
    header = ["序号", "姓名", "手机号", "出生日期", "入会时间", *(f"第{c}项" for c in range(10))]
    rows = [header] + [
        [i, f"教师{i}", 13_800_000_000 + i, date(1970 + i % 30, 1 + i % 12, 1 + i % 28), date(2000 + i % 20, 9, 1)]
        + [i * 7 + c for c in range(10)]
        for i in range(1, 17_001)
    ]
    path = write_ods(tmp_path / "花名册.ods", [Table("花名册", rows)])
    with zipfile.ZipFile(path) as archive:
        assert archive.getinfo("content.xml").file_size > prescan.FAST_MEMBER
    book = open_book(path)
    try:
        assert sum(1 for _ in book.rows(0)) == 17_001
    finally:
        book.close()


def test_a_content_part_past_the_bound_is_refused_by_its_size(tmp_path, monkeypatch):
    monkeypatch.setattr(prescan, "ODS_CONTENT_LIMIT", 2**20)
    rows = [["姓名", "备注"]] + [[f"教师{i}", "长" * 100] for i in range(5_000)]
    path = write_ods(tmp_path / "花名册.ods", [Table("花名册", rows)])
    with pytest.raises(ImportFileError, match="中的表格内容超过 1 MB") as caught:
        open_book(path)
    assert_chinese(caught.value)
