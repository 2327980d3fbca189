"""Scale and nasty content: a 1,000,000-row workbook, a sheet whose last row is row
1,048,576, 16,384 columns, merged cells everywhere, 1 MB and 32,767-character cells,
control characters. Each is refused with a clear message or imported, without reading
the whole file into memory (peak memory measured in a child process), and what is
stored exports to xlsx, pdf and csv."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils import get_column_letter
from sqlalchemy import select

from unionapp.cli import main as cli
from unionapp.db.models import Base
from unionapp.importers.book import MAX_COLUMN
from unionapp.importers.errors import ImportRefused
from unionapp.importers.ledger import apply_ledger_import, plan_ledger_import
from unionapp.importers.members import apply_import, plan_member_import
from unionapp.importers.workbook import MAX_DATA_ROWS
from unionapp.services import members

from .hostile import CONTROL_ROWS, XML_ILLEGAL, assert_chinese, write_shared_strings_roster
from .workbooks import write_xlsx

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
PEAK_LIMIT_MB = 200  # the README promises a million-row file costs under 200 MB
UNSAFE = set(XML_ILLEGAL) | set("\u202e\u200b\ufeff\x7f\x9b")

CHILD = """
import json, resource, sys, time
from pathlib import Path
from unionapp import config
from unionapp.db.opening import open_database
from unionapp.domain.errors import DomainError
from unionapp.importers.members import plan_member_import



def peak_mb():
    # This interpreter's own peak: Linux's ru_maxrss keeps the forking parent's (pytest's)
    # high-water mark across exec, so read the current image's VmHWM where there is one.
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            return next(int(line.split()[1]) for line in status if line.startswith("VmHWM:")) / 1024
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


db = open_database(config.database_url(sys.argv[2]))
started = time.perf_counter()
try:
    plan = plan_member_import(db, Path(sys.argv[1]))
    outcome = {"adds": len(plan.adds), "refused": len(plan.refused), "ignored": plan.ignored_columns,
               "notes": plan.notes}
except DomainError as err:
    outcome = {"error": type(err).__name__, "message": str(err)}
outcome["seconds"] = time.perf_counter() - started
outcome["peak_mb"] = peak_mb()
print(json.dumps(outcome, ensure_ascii=False))
"""


def plan_in_child(path: Path, tmp_path: Path) -> dict:
    """Plan a members import in a fresh interpreter: its peak RSS is the import's own."""
    env = {**os.environ, "UNIONAPP_DATA_DIR": str(tmp_path / "appdata")}
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(path), str(tmp_path / "child.db")],
        check=False,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=600,
    )
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
    return json.loads(done.stdout)


@pytest.fixture(scope="session")
def million_rows(tmp_path_factory) -> Path:
    """1,000,000 teachers and their phones, written as Excel writes a big sheet (streamed)."""
    path = tmp_path_factory.mktemp("million") / "一百万行.xlsx"
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("花名册")
    ws.append(["姓名", "手机号"])
    for i in range(1_000_000):
        ws.append([f"教师{i}", 13_800_000_000 + i])
    wb.save(path)
    return path


def test_a_million_rows_are_refused_while_streaming(million_rows, tmp_path):
    outcome = plan_in_child(million_rows, tmp_path)
    assert outcome.get("error") == "ImportFileError", outcome
    assert f"超过 {MAX_DATA_ROWS:,} 行" in outcome["message"] and "没有导入任何数据" in outcome["message"]
    assert outcome["peak_mb"] < PEAK_LIMIT_MB, outcome


@pytest.mark.parametrize("rows, says", [(1_000_000, "解压后超过 10 MB"), (200_000, f"超过 {MAX_DATA_ROWS:,} 行")])
def test_a_big_workbook_as_excel_saves_it(tmp_path, rows, says):
    """Excel keeps every text in one shared table, which openpyxl reads whole: 1,000,000
    names are refused by the table's size, 200,000 by the row count while streaming."""
    path = write_shared_strings_roster(tmp_path / "名册.xlsx", rows)
    outcome = plan_in_child(path, tmp_path)
    assert outcome.get("error") == "ImportFileError" and says in outcome["message"], outcome
    assert outcome["peak_mb"] < PEAK_LIMIT_MB, outcome


def test_a_cell_in_the_last_row_of_the_sheet(tmp_path):
    """The used range says A1:B1048576: the table ends after 1,000 blank rows, unread."""
    wb = openpyxl.Workbook()
    ws = wb.active
    for row in (["姓名", "手机号"], ["张三", "13812345678"], ["李四", "13912345678"]):
        ws.append(row)
    ws.cell(1_048_576, 1, "最后一行")
    ws.cell(1_048_576, 2, "13712345678")
    wb.save(tmp_path / "last.xlsx")
    outcome = plan_in_child(tmp_path / "last.xlsx", tmp_path)
    assert (outcome.get("adds"), outcome.get("refused")) == (2, 0), outcome
    assert outcome["peak_mb"] < PEAK_LIMIT_MB, outcome


def test_sixteen_thousand_columns(tmp_path):
    """Every one of Excel's 16,384 columns filled: the first MAX_COLUMN are read, the
    ignored ones among them summed up, and the preview says the rest were not read."""
    width = 16_384
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("花名册")
    ws.append(["姓名", "手机号", *(f"列{c}" for c in range(3, width + 1))])
    for i in range(20):
        ws.append([f"教师{i}", 13_800_000_000 + i, *range(3, width + 1)])
    wb.save(tmp_path / "wide.xlsx")
    outcome = plan_in_child(tmp_path / "wide.xlsx", tmp_path)
    assert (outcome.get("adds"), outcome.get("refused")) == (20, 0), outcome
    assert len(outcome["ignored"]) <= 21 and outcome["ignored"][-1] == f"……共 {MAX_COLUMN - 2:,} 列", outcome["ignored"]
    assert outcome["notes"] == [
        f"第 1 行起，第 {MAX_COLUMN} 列（GR 列）右边还有内容（如 GS1 单元格），远超一张名册或账目的列数，"
        "已忽略；如果其中有要导入的数据，请把它移到前面的列。"
    ]
    assert outcome["peak_mb"] < PEAK_LIMIT_MB, outcome


def test_merged_cells_everywhere(db, tmp_path):
    """Every cell of a 200 × 20 region merged in 2 × 2 blocks: only each block's top-left
    cell holds a value, so data rows alternate with blank ones."""
    wb = openpyxl.Workbook()
    ws = wb.active
    header = ["姓名", "手机号", "工会小组", "出生日期", "备注", "年龄", "签名", "其他", "序号", "说明"]
    for block, text in enumerate(header):
        ws.cell(1, 1 + 2 * block, text)
    for n in range(1, 100):
        row = 1 + 2 * n
        values = [f"教师{n}", str(13_800_000_000 + n), "高中组", date(1980, 1 + n % 12, 1 + n % 28), "备注", 40]
        for block, value in enumerate(values):
            ws.cell(row, 1 + 2 * block, value)
    for row in range(1, 201, 2):
        for col in range(1, 21, 2):
            ws.merge_cells(start_row=row, start_column=col, end_row=row + 1, end_column=col + 1)
    wb.save(tmp_path / "merged.xlsx")
    plan = plan_member_import(db, tmp_path / "merged.xlsx")
    assert plan.refused == [] and len(plan.adds) == 99
    assert plan.adds[0].row_number == 3 and plan.adds[0].data.name == "教师1"
    apply_import(db, plan)
    assert len(members.list_members(db)) == 99


def test_enormous_cells_are_refused_row_by_row_with_short_lines(db, tmp_path):
    megabyte = "张" * 2**20
    rows = [
        ["王一", "13812345678", "高中组", "好的一行"],
        [megabyte, "13812345679", "高中组", ""],
        ["王二", "13812345670", "组" * 32_767, ""],
        ["王三", "1" * 32_767, "高中组", "备" * 32_767],
    ]
    path = write_xlsx(tmp_path / "big.xlsx", ["姓名", "手机号", "工会小组", "备注"], rows)
    plan = plan_member_import(db, path)
    assert [r.row_number for r in plan.refused] == [3, 4, 5] and len(plan.adds) == 1
    lines = plan.problem_lines()
    assert all(len(line) < 200 for line in lines), [line[:100] for line in lines]
    assert "姓名太长" in lines[0] and "工会小组太长" in lines[1] and "备注太长" in "".join(lines)
    apply_import(db, plan, skip_errors=True)
    assert [m.name for m in members.list_members(db)] == ["王一"]
    exported(db, tmp_path)


def test_enormous_ledger_cells_are_cut_to_the_columns(db, tmp_path):
    last = date.today().year - 1
    rows = [[date(last, 3, 1), "摘" * 32_767, "会费收入", 100, None, "经" * 32_767, "注" * 2**20]]
    path = write_xlsx(tmp_path / "账.xlsx", ["日期", "摘要", "科目", "收入", "支出", "经办人", "备注"], rows)
    plan = plan_ledger_import(db, path)
    assert plan.refused == [] and len(plan.entries) == 1
    apply_ledger_import(db, plan)
    assert (
        cli(["--db", db_arg(db), "export", "ledger", "-o", str(tmp_path / "账.xlsx.out.xlsx"), "--year", str(last)])
        == 0
    )
    with db.session() as s:
        for table in Base.metadata.sorted_tables:
            for row in s.execute(select(table)):
                assert all(len(v) <= 4_000 for v in row if isinstance(v, str)), table.name


def db_arg(db) -> str:
    """What --db names this database (the file, or the PostgreSQL URL)."""
    return str(db.sqlite_path) if db.sqlite_path else db.url.render_as_string(hide_password=False)


def stored_texts(db) -> list[str]:
    with db.session() as s:
        return [
            v
            for table in Base.metadata.sorted_tables
            for row in s.execute(select(table))
            for v in row
            if isinstance(v, str)
        ]


def exported(db, tmp_path: Path) -> list[list[object]]:
    """Export the roster in every format through the command line; the xlsx read back."""
    for suffix in ("xlsx", "pdf", "csv"):
        out = tmp_path / f"花名册.{suffix}"
        assert cli(["--db", db_arg(db), "export", "members", "-o", str(out), "--full-id"]) == 0
        assert out.stat().st_size > 0
    wb = openpyxl.load_workbook(tmp_path / "花名册.xlsx", read_only=True)
    rows = [list(r) for r in wb.active.iter_rows(values_only=True)]
    wb.close()
    return rows


def test_control_characters_from_a_legacy_xls_are_cleaned_before_storing(db, tmp_path):
    plan = plan_member_import(db, FIXTURES / "roster_control_chars.xls")
    assert plan.refused == [], plan.problem_lines()
    assert [r.data.name for r in plan.adds] == ["张三", "四李", "王五", "赵六"]
    assert plan.adds[0].data.phone == "13812345678" and plan.adds[0].data.notes == "备注响铃"
    assert plan.adds[2].data.notes == "第一行\n第二行"
    apply_import(db, plan)
    for text in stored_texts(db):
        assert not UNSAFE & set(text), repr(text)
    rows = exported(db, tmp_path)
    assert {"张三", "四李", "王五", "赵六"} <= {v for row in rows for v in row}


def test_control_characters_in_messages_are_not_echoed(db, tmp_path):
    """Header junk, a refused cell full of escapes: the lines a terminal prints stay clean."""
    rows = [["\u202e" + "李" * 60, "\u200b138abc", "\u2066外星\u2069"]]
    path = write_xlsx(tmp_path / "a.xlsx", ["姓名\u200b", "手机号", "人员状态"], rows)
    plan = plan_member_import(db, path)
    lines = plan.problem_lines()
    assert lines and all(not UNSAFE & set(line) and "\u2066" not in line for line in lines), lines
    assert "“138abc”" in "".join(lines) and "“外星”" in "".join(lines)
    with pytest.raises(ImportRefused) as refused:
        apply_import(db, plan)
    assert_chinese(refused.value)


def test_the_control_characters_fixture_still_holds_them():
    """The fixture is what the test above relies on (see make_control_characters_xls)."""
    from python_calamine import CalamineWorkbook

    rows = CalamineWorkbook.from_path(str(FIXTURES / "roster_control_chars.xls")).get_sheet_by_index(0).to_python()
    assert [row[0] for row in rows[1:]] == [row[0] for row in CONTROL_ROWS]
    assert get_column_letter(len(rows[0])) == "D"
