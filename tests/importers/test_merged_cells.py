"""Merged cells in the data rows fill down: a printed-style roster merges 工会小组 and 职称
over the rows of a group, and each row gets the merged value, with a note in the
preview; for every importer (they share the reader), from .xlsx and .xls."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pytest

from unionapp.cli import main as cli
from unionapp.domain.members import MemberInput
from unionapp.importers.ledger import plan_ledger_import
from unionapp.importers.members import apply_import, plan_member_import
from unionapp.importers.visits import plan_visit_import
from unionapp.importers.workbook import read_sheet
from unionapp.services import members

from .merged_roster import GROUPS, NOTES, ROWS, TITLES, write_merged_roster_xlsx

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
ALIASES = {"name": ("姓名",), "group": ("工会小组",), "phone": ("手机号",)}


@pytest.fixture(params=["xlsx", "xls"])
def roster(request, tmp_path) -> Path:
    if request.param == "xls":
        return FIXTURES / "roster_merged.xls"  # made by merged_roster.make_merged_roster_xls
    return write_merged_roster_xlsx(tmp_path / "花名册.xlsx")


def test_every_member_gets_the_merged_group_and_title(db, roster):
    plan = plan_member_import(db, roster)
    assert plan.refused == [], plan.problem_lines()
    assert [r.data.name for r in plan.adds] == [row[0] for row in ROWS]
    assert [r.data.group_name for r in plan.adds] == GROUPS
    assert [r.data.title for r in plan.adds] == TITLES
    assert plan.notes == NOTES
    apply_import(db, plan)
    stored = {m.name: m.group_name for m in members.list_members(db)}
    assert stored == dict(zip([row[0] for row in ROWS], GROUPS))


def test_the_command_line_prints_the_note(db, roster, capsys):
    url = str(db.sqlite_path) if db.sqlite_path else db.url.render_as_string(hide_password=False)
    assert cli(["--db", url, "import", "members", str(roster), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert f"注意：{NOTES[0]}" in out and "新增 8 人" in out


def test_rows_under_a_merged_name_continue_the_record_above(tmp_path):
    """A person whose cells are merged over two rows is one record, not two."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["姓名", "工会小组", "手机号"])
    ws.append(["王芳", "高中组", "13812340001"])
    ws.append([None, None, "13812340009"])  # a second phone under the merged name and group
    ws.append(["李强", None, "13812340002"])
    ws.merge_cells("A2:A3")
    ws.merge_cells("B2:B4")
    wb.save(tmp_path / "a.xlsx")
    with read_sheet(tmp_path / "a.xlsx", ALIASES) as sheet:
        rows = list(sheet.rows())
        notes = sheet.notes
    assert rows == [
        (2, {"name": "王芳", "group": "高中组", "phone": "13812340001"}),
        (3, {"name": None, "group": None, "phone": "13812340009"}),
        (4, {"name": "李强", "group": "高中组", "phone": "13812340002"}),
    ]
    assert notes == ["第 2–4 行的“工会小组”是合并单元格，已按合并的值填入每一行。"]


def test_blank_rows_and_title_merges_are_not_filled(tmp_path):
    """A merged range reaching over a blank row leaves it blank; merged titles and a
    two-line header are no data. Without merged data cells there is no note."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["花名册"])
    ws.merge_cells("A1:C2")
    ws.append([])
    ws.append(["姓名", "工会小组", "手机号"])
    ws.merge_cells("A3:A4")  # the header cell 姓名 over two rows
    ws.append([None, None, "（手机）"])
    ws.append(["王芳", "高中组", "13812340001"])
    ws.append([])
    ws.append(["李强", None, "13812340002"])
    ws.merge_cells("B5:B7")
    wb.save(tmp_path / "a.xlsx")
    with read_sheet(tmp_path / "a.xlsx", ALIASES) as sheet:
        assert sheet.header_row == 3
        rows = list(sheet.rows())
        assert [(n, v["name"], v["group"]) for n, v in rows] == [
            (4, None, None),
            (5, "王芳", "高中组"),
            (7, "李强", "高中组"),
        ]
    path = tmp_path / "plain.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(["姓名", "工会小组"])
    wb.active.append(["王芳", "高中组"])
    wb.save(path)
    with read_sheet(path, ALIASES) as sheet:
        list(sheet.rows())
        assert sheet.notes == []


def test_a_merged_date_fills_every_ledger_entry(db, tmp_path):
    """The ledger's date merged over the entries of one day: each entry gets the date."""
    year = date.today().year
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["日期", "摘要", "科目", "收入", "支出"])
    ws.append([date(year, 3, 1), "收会费", "会费收入", 300, None])
    ws.append([None, "慰问", "职工活动支出/职工教育支出", None, 200])
    ws.append([None, "购书", "职工活动支出/职工教育支出", None, 50])
    ws.append([date(year, 3, 2), "收会费", "会费收入", 100, None])
    ws.merge_cells("A2:A4")
    ws["A2"].number_format = "yyyy-mm-dd"
    ws["A5"].number_format = "yyyy-mm-dd"
    wb.save(tmp_path / "账.xlsx")
    plan = plan_ledger_import(db, tmp_path / "账.xlsx")
    assert plan.refused == [], plan.problem_lines()
    assert [e.entry_date for e in plan.entries] == [date(year, 3, 1)] * 3 + [date(year, 3, 2)]
    assert plan.notes == ["第 2–4 行的“日期”是合并单元格，已按合并的值填入每一行。"]


def test_a_merged_visit_type_fills_every_visit(db, tmp_path):
    last_year = date.today().year - 1
    for name in ("王芳", "李强"):
        members.add_member(db, MemberInput(name=name, gender="F", birth_date=date(1980, 1, 2)))
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["姓名", "走访类型", "走访日期", "慰问金"])
    ws.append(["王芳", "生病住院", date(last_year, 5, 1), 500])
    ws.append(["李强", None, date(last_year, 5, 3), 500])
    ws.merge_cells("B2:B3")
    wb.save(tmp_path / "走访.xlsx")
    plan = plan_visit_import(db, tmp_path / "走访.xlsx")
    assert plan.notes == ["第 2–3 行的“走访类型”是合并单元格，已按合并的值填入每一行。"]
    assert len(plan.adds) == 2 and plan.refused == [], plan.problem_lines()
    assert plan.adds[0].type_name == plan.adds[1].type_name != ""
