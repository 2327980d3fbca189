"""Workbook limits that can't be bypassed, and reads bounded in time and memory.

Each import runs in a child interpreter with a deadline and a memory cap: its peak
memory is its own, and a reader gone wrong fails the test in seconds instead of
holding a shared machine for minutes. The deadline is a bound, not a measurement:
each of these finishes in a few seconds."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils import get_column_letter

from unionapp.importers.errors import ImportFileError
from unionapp.importers.workbook import read_sheet

from .raw_xlsx import row_xml, write_raw_xlsx

# The README promises that a million-row file costs under 200 MB of memory.
PEAK_LIMIT_MB = 200
DEADLINE_S = 60
MEMORY_CAP_MB = 3_000  # address space, not resident memory: the interpreter maps more than it uses
ALIASES = {"name": ("姓名",), "phone": ("手机号",)}
MAX_COLUMN = 200  # importers.book's: cells further right are not read
MAX_ROW = 1_048_576  # Excel's last row

CHILD = """
import json, resource, sys, time
from pathlib import Path
cap = int(sys.argv[3]) * 2**20
resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
from unionapp import config
from unionapp.db.opening import open_database
from unionapp.domain.errors import DomainError
from unionapp.importers.members import plan_member_import


def peak_mb():
    # This interpreter's own peak (ru_maxrss would keep the forking parent's on Linux).
    with open("/proc/self/status", encoding="ascii") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmHWM:")) / 1024


db = open_database(config.database_url(sys.argv[2]))
try:
    plan = plan_member_import(db, Path(sys.argv[1]))
    outcome = {"adds": len(plan.adds), "refused": len(plan.refused), "last_row": plan.adds[-1].row_number,
               "notes": getattr(plan, "notes", []), "ignored": plan.ignored_columns}
except DomainError as err:
    outcome = {"error": type(err).__name__, "message": str(err)}
except MemoryError:
    outcome = {"error": "MemoryError"}
outcome["peak_mb"] = peak_mb()
print(json.dumps(outcome, ensure_ascii=False))
"""

pytestmark = pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="measures memory through /proc")


def plan_in_child(path: Path, tmp_path: Path) -> dict:
    """Plan a members import in a fresh interpreter, within DEADLINE_S and MEMORY_CAP_MB."""
    env = {**os.environ, "UNIONAPP_DATA_DIR": str(tmp_path / "appdata")}
    try:
        done = subprocess.run(
            [sys.executable, "-c", CHILD, str(path), str(tmp_path / "child.db"), str(MEMORY_CAP_MB)],
            check=False,
            capture_output=True,
            text=True,
            encoding="utf-8",
            env=env,
            timeout=DEADLINE_S,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"the import of {path.name} was still running after {DEADLINE_S} s")
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr[-3000:]
    return json.loads(done.stdout)


def teachers(first_row: int, count: int, step: int = 1, far: str | None = None):
    """Rows of 姓名 and 手机号 from `first_row`, `step` rows apart; `far` adds a cell at that column."""
    for i in range(count):
        cells = [("A", f"教师{i}"), ("B", 13_800_000_000 + i)]
        yield row_xml(first_row + i * step, cells + ([(far, "备注")] if far else []))


# ---------------------------------------------------------------- every zip member measured


@pytest.mark.parametrize("kind", ["distinct names", "compressed 1000:1"])
def test_shared_strings_under_another_name_are_measured(tmp_path, kind):
    """openpyxl finds the shared strings through [Content_Types].xml whatever the part's
    name; "xl/strings.dat" escaped a check that looked only at names ending in .xml.
    (A 438 KB file of this kind took 118 s and 1.6 GB.)"""
    if kind == "distinct names":  # 56 MB of real-looking texts, over the 10 MB a table may have
        strings = (f"教师{i}" for i in range(2_000_000))
        says = "解压后超过 10 MB"
    else:  # one 80 MB text: a few kilobytes on disk
        strings = iter(["张" * (80 * 2**20 // 3)])
        says = "压缩得异常紧密"
    path = write_raw_xlsx(
        tmp_path / "名册.xlsx",
        [
            b'<row r="1"><c r="A1" t="inlineStr"><is><t>\xe5\xa7\x93\xe5\x90\x8d</t>'
            b'</is></c><c r="B1" t="s"><v>0</v></c></row>'
        ],
        strings=strings,
        strings_part="xl/strings.dat",
    )
    outcome = plan_in_child(path, tmp_path)
    assert outcome.get("error") == "ImportFileError" and says in outcome["message"], outcome
    assert "没有导入任何数据" in outcome["message"]
    assert outcome["peak_mb"] < PEAK_LIMIT_MB, outcome


def _zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return path


def test_member_count_ratio_and_total_are_limited(tmp_path, monkeypatch):
    """The zip's directory is checked before anything is inflated, whatever the names."""
    from unionapp.importers import book
    from unionapp.importers import zipcheck as xlsx  # the checks every zip passes, both readers

    assert (book.MAX_COLUMN, book.MAX_ROW) == (MAX_COLUMN, MAX_ROW)
    many = _zip(tmp_path / "many.xlsx", {f"junk/{i}.bin": b"" for i in range(xlsx.MAX_MEMBERS + 1)})
    with pytest.raises(ImportFileError, match=f"由 {xlsx.MAX_MEMBERS + 1:,} 个部分组成"):
        read_sheet(many, ALIASES)
    dense = _zip(tmp_path / "dense.xlsx", {"docProps/thumbnail.jpeg": b"\0" * (3 * 2**20)})
    with pytest.raises(ImportFileError, match="压缩得异常紧密"):
        read_sheet(dense, ALIASES)
    monkeypatch.setattr(xlsx, "MAX_SHEET_PART", 2**20)
    big = _zip(tmp_path / "big.xlsx", {"a.png": os.urandom(2**20 + 1)})
    with pytest.raises(ImportFileError, match="中有一个部分（a.png）解压后超过 1 MB"):
        read_sheet(big, ALIASES)
    monkeypatch.setattr(xlsx, "MAX_TOTAL", 2 * 2**20)
    total = _zip(tmp_path / "total.xlsx", {f"{c}.png": os.urandom(2**20 - 2**10) for c in "abc"})
    with pytest.raises(ImportFileError, match="解压后共超过 2 MB"):
        read_sheet(total, ALIASES)


# ---------------------------------------------------------------- streaming, bounded


def test_a_sheet_without_dimension_is_streamed(tmp_path):
    """No <dimension>: openpyxl's read-only sheet parsed the whole sheet to find its size
    and kept a node for every cell (a 290 MB sheet cost 590 MB). Here 3,000 teachers,
    then, after the blank rows that end the table, 3,000,000 rows (135 MB) never read."""

    def rows():
        yield row_xml(1, [("A", "姓名"), ("B", "手机号")])
        yield from teachers(2, 3_000)
        for r in range(5_000, 3_005_000):
            yield b'<row r="%d"><c r="A%d"><v>1</v></c></row>' % (r, r)

    path = write_raw_xlsx(tmp_path / "名册.xlsx", rows())
    outcome = plan_in_child(path, tmp_path)
    assert (outcome.get("adds"), outcome.get("refused")) == (3_000, 0), outcome
    assert outcome["peak_mb"] < PEAK_LIMIT_MB, outcome


def test_a_million_rows_with_the_largest_string_table_allowed(tmp_path):
    """The README's promise: a million-row file (92 MB of sheet, no <dimension>) whose
    texts fill a shared-strings table to just under its limit is refused while
    streaming, in under 200 MB."""
    count = 470_000  # 9.9 MB of six-character texts: the most texts the limit lets in

    def rows():
        yield row_xml(1, [("A", "姓名"), ("B", "手机号")])
        for r in range(2, 1_000_002):
            yield (
                b'<row r="%d"><c r="A%d" t="s"><v>%d</v></c><c r="B%d"><v>%d</v></c></row>'
                % (r, r, r % count, r, 13_800_000_000 + r)
            )

    path = write_raw_xlsx(tmp_path / "名册.xlsx", rows(), strings=(f"{i:06x}" for i in range(count)))
    outcome = plan_in_child(path, tmp_path)
    assert outcome.get("error") == "ImportFileError" and "超过 50,000 行" in outcome["message"], outcome
    assert outcome["peak_mb"] < PEAK_LIMIT_MB, outcome


def test_rows_far_apart_stop_at_the_last_row_excel_has(tmp_path):
    """Rows 999 apart: each gap was read as 999 empty rows (96 s for a 4 MB file), and
    rows numbered past 1,048,576 were read too. Gaps are skipped; rows past Excel's
    last are ignored, with a note."""
    rows = [row_xml(1, [("A", "姓名"), ("B", "手机号")]), *teachers(1_000, 3_000, step=1_000)]
    path = write_raw_xlsx(tmp_path / "名册.xlsx", rows)
    outcome = plan_in_child(path, tmp_path)
    inside = MAX_ROW // 1_000
    assert (outcome.get("adds"), outcome.get("refused")) == (inside, 0), outcome
    assert outcome["last_row"] == inside * 1_000
    assert outcome["notes"] == [f"第 {MAX_ROW:,} 行（Excel 的最后一行）以下还有内容，已忽略。"], outcome
    assert outcome["peak_mb"] < PEAK_LIMIT_MB, outcome


def test_cells_at_column_xfd_are_ignored_with_a_note(tmp_path):
    """A cell at column XFD made every row 16,384 values wide (47 s for one such file):
    cells right of column 200 are not read, and the preview says so."""
    rows = [row_xml(1, [("A", "姓名"), ("B", "手机号"), ("XFD", "备注")]), *teachers(2, 10_000, far="XFD")]
    path = write_raw_xlsx(tmp_path / "名册.xlsx", rows)
    outcome = plan_in_child(path, tmp_path)
    assert (outcome.get("adds"), outcome.get("refused")) == (10_000, 0), outcome
    assert outcome["ignored"] == []  # the header cell at XFD is not a column of the table
    assert outcome["notes"] == [
        f"第 1 行起，第 {MAX_COLUMN} 列（{get_column_letter(MAX_COLUMN)} 列）右边还有内容"
        "（如 XFD1 单元格），远超一张名册或账目的列数，已忽略；如果其中有要导入的数据，请把它移到前面的列。"
    ]
    assert outcome["peak_mb"] < PEAK_LIMIT_MB, outcome


def test_a_far_cell_below_the_header_is_noted_from_its_row(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["花名册"])
    ws.cell(1, 500, "标题旁的说明")  # above the header: not part of the table, not noted
    ws.append(["姓名", "手机号"])
    ws.append(["张三", "13812345678"])
    ws.cell(3, MAX_COLUMN + 1, "x")
    wb.save(tmp_path / "a.xlsx")
    with read_sheet(tmp_path / "a.xlsx", ALIASES) as sheet:
        assert [n for n, _ in sheet.rows()] == [3]
        assert sheet.notes[0].startswith(f"第 3 行起，第 {MAX_COLUMN} 列（GR 列）右边还有内容（如 GS3 单元格）")


def test_a_cell_longer_than_excel_allows_is_cut(tmp_path):
    """One 2,000,000-character shared text named by every row would be copied per row."""
    rows = [row_xml(1, [("A", "姓名"), ("B", "手机号")])]
    rows += [
        b'<row r="%d"><c r="A%d" t="s"><v>0</v></c><c r="B%d"><v>1</v></c></row>' % (r, r, r) for r in range(2, 2_000)
    ]
    text = "".join(random.Random(1).choices([chr(c) for c in range(0x4E00, 0x9FA5)], k=2_000_000))
    path = write_raw_xlsx(tmp_path / "a.xlsx", rows, strings=[text])
    with read_sheet(path, ALIASES) as sheet:
        names = [v["name"] for _n, v in sheet.rows()]
    assert len(names) == 1_998 and {len(n) for n in names} == {32_767}


def test_merged_ranges_are_found_across_read_chunks(tmp_path, monkeypatch):
    """The merged ranges follow the sheet's data; they are matched in the raw bytes,
    read in 1 MB chunks, so a range cut by a chunk's end must still be found (once).
    (The limit on ranges kept is raised here so that they fill several chunks.)"""
    from unionapp.importers import book

    monkeypatch.setattr(book, "MAX_MERGES", 100_000)
    merges = [f"C{r}:C{r + 1}" for r in range(2, 20_000, 2)]
    merges += [f"D{r}:E{r + 3}" for r in range(100_000, 1_000_000, 20)]  # 45,000 more, below the table
    rows = [row_xml(1, [("A", "姓名"), ("B", "手机号"), ("C", "工会小组")])]
    rows += [
        row_xml(r, [("A", f"教师{r}"), ("B", 13_800_000_000 + r)] + ([("C", f"组{r}")] if r % 2 == 0 else []))
        for r in range(2, 20_000)
    ]
    path = write_raw_xlsx(tmp_path / "a.xlsx", rows, merges=merges)
    with read_sheet(path, {**ALIASES, "group": ("工会小组",)}) as sheet:
        groups = {n: v["group"] for n, v in sheet.rows()}
        assert len(sheet._book.merges(sheet._index)) == len(merges)
    assert all(groups[r] == groups[r + 1] == f"组{r}" for r in range(2, 20_000, 2))


# ---------------------------------------------------------------- crafted merges and tokens


def test_overlapping_merged_ranges_are_refused(tmp_path):
    """100,000 ranges B2:B{random} over 300 rows, all overlapping: each row walked every
    range (134 s for a 418 KB file). Excel never writes overlapping ranges: refused."""
    rng = random.Random(7)
    rows = [row_xml(1, [("A", "姓名"), ("B", "部门")]), *(row_xml(r, [("A", f"教师{r}")]) for r in range(2, 302))]
    merges = (f"B2:B{rng.randint(500_000, MAX_ROW)}" for _ in range(100_000))
    path = write_raw_xlsx(tmp_path / "名册.xlsx", rows, merges=merges)
    outcome = plan_in_child(path, tmp_path)
    assert outcome.get("error") == "ImportFileError" and "相互重叠的合并单元格" in outcome["message"], outcome
    assert "没有导入任何数据" in outcome["message"]


def test_many_side_by_side_merged_ranges_stay_quick(tmp_path):
    """The most ranges kept (10,000), none overlapping, over 2,000 rows: each row does work
    only for the ranges over it."""
    from unionapp.importers import book

    rows = [row_xml(1, [("A", "姓名"), ("B", "手机号")]), *teachers(2, 2_000)]
    merges = [
        f"{get_column_letter(c)}{r}:{get_column_letter(c)}{r + 1}" for r in range(2, 2_000, 2) for c in range(3, 13)
    ]
    assert len(merges) == book.MAX_MERGES - 10
    path = write_raw_xlsx(tmp_path / "名册.xlsx", rows, merges=merges)
    outcome = plan_in_child(path, tmp_path)
    assert (outcome.get("adds"), outcome.get("refused")) == (2_000, 0), outcome


def test_one_token_of_30_mb_is_refused_while_streaming(tmp_path):
    """A cell with a 30 MB attribute: expat rescans an unfinished token on every chunk
    (20 MB took 6 s, 80 MB 77 s, 280 MB hours). Refused once 4 MB pass without a report.
    (A sheet part this large is streamed, not given to calamine: see prescan.FAST_MEMBER.)"""
    from unionapp.importers import prescan

    rng = random.Random(3)
    attr = bytes(rng.choices(b"AB", k=30 * 2**20))
    assert len(attr) > prescan.FAST_MEMBER
    rows = [row_xml(1, [("A", "姓名"), ("B", "手机号")]), b'<row r="2"><c r="A2" x="' + attr + b'"><v>1</v></c></row>']
    outcome = plan_in_child(write_raw_xlsx(tmp_path / "名册.xlsx", rows), tmp_path)
    assert outcome.get("error") == "ImportFileError" and "单个标记超过 4 MB" in outcome["message"], outcome


def test_a_long_cell_text_is_read_in_pieces_and_cut(tmp_path):
    """40,000 characters inline: expat reports the text in pieces, so it is no stalled
    token; it is cut to the 32,767 a cell holds, as before."""
    rows = [row_xml(1, [("A", "姓名"), ("B", "备注")]), row_xml(2, [("A", "张三"), ("B", "注" * 40_000)])]
    with read_sheet(write_raw_xlsx(tmp_path / "名册.xlsx", rows), {"name": ("姓名",), "note": ("备注",)}) as sheet:
        [(number, values)] = list(sheet.rows())
    assert (number, values["name"], values["note"]) == (2, "张三", "注" * 32_767)


def test_the_calamine_scan_is_not_fooled_by_a_cell_cut_at_a_chunk_end(tmp_path, monkeypatch):
    """The scan reads a sheet in chunks: a cell tag cut at a chunk's end ("…<c" | " r=…")
    once looked like a cell without its reference and sent a plain 10,000-row roster to
    the slow streaming reader. Every cut is tried here with small chunks; a real cell
    without a reference is still found wherever the cut falls."""
    from unionapp.importers import prescan

    good = [
        row_xml(1, [("A", "姓名"), ("B", "手机号")]),
        *(row_xml(n, [("A", f"张{n}"), ("B", "13900000000")]) for n in range(2, 6)),
    ]
    bad = [*good, b'<row r="6"><c t="inlineStr"><is><t>x</t></is></c></row>']
    good_path = write_raw_xlsx(tmp_path / "好.xlsx", good)
    bad_path = write_raw_xlsx(tmp_path / "坏.xlsx", bad)
    for chunk in range(17, 90):
        monkeypatch.setattr(prescan, "_CHUNK", chunk)
        assert prescan.xlsx_fits(good_path), chunk
        assert not prescan.xlsx_fits(bad_path), chunk
