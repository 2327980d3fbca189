"""Fuzzing the file level: valid workbooks with flipped, cut and inserted bytes, a damaged
zip or inner XML part, and files that are no workbook at all under an .xlsx/.xls name.
Every one opens as a workbook or is refused with a Chinese ImportFileError (never another
exception); the database is untouched; the command line exits 1 with Chinese on stderr."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
import zipfile
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from unionapp.domain.errors import DomainError
from unionapp.importers.checkups import plan_checkup_import
from unionapp.importers.errors import ImportFileError
from unionapp.importers.ledger import plan_ledger_import
from unionapp.importers.members import plan_member_import
from unionapp.importers.visits import plan_visit_import
from unionapp.services import checkups
from unionapp.services.checkups import CampaignInput

from .hostile import (
    CJK,
    LAST_YEAR,
    Template,
    add_people,
    assert_chinese,
    assert_no_memory_error,
    content_hash,
    fresh_db,
    memory_cap,
)
from .workbooks import id_for, write_xlsx

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
FUZZ = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
HEADER = ["序号", "姓名", "身份证号", "手机号", "工会小组", "出生日期", "备注"]


def roster_rows(n: int) -> list[list[object]]:
    return [
        [
            i,
            f"教师{i}",
            id_for(date(1970 + i % 30, 1 + i % 12, 1 + i % 28), i % 100, "MF"[i % 2]),
            13800000000 + i,
            "高中组",
            date(1970 + i % 30, 1 + i % 12, 1 + i % 28),
            "备注" * (i % 3),
        ]
        for i in range(1, n + 1)
    ]


@pytest.fixture(scope="module")
def valid_xlsx(tmp_path_factory) -> bytes:
    """A 60-row roster: long enough that damage below row 20 is met while streaming."""
    path = write_xlsx(
        tmp_path_factory.mktemp("base") / "base.xlsx", HEADER, roster_rows(60), titles=["某某中学教职工花名册"]
    )
    return path.read_bytes()


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Template:
    def prepare(db):
        add_people(db)
        checkups.create_campaign(
            db,
            CampaignInput(
                year=LAST_YEAR,
                name="年度体检",
                eligibility="all_active",
                date_from=date(LAST_YEAR, 3, 1),
                date_to=date(LAST_YEAR, 5, 31),
            ),
        )

    return Template.build(tmp_path_factory.mktemp("db"), prepare)


PLANS = {
    "members": plan_member_import,
    "ledger": plan_ledger_import,
    "visits": plan_visit_import,
    "checkups": lambda db, path: plan_checkup_import(db, checkups.list_campaigns(db)[0].id, path),
}


def open_or_refuse(template: Template, name: str, content: bytes, kind: str = "members") -> str:
    """Plan an import of `content` saved as `name`: "read" when it was a workbook, else the
    refusal's message, which must be a Chinese ImportFileError; nothing is written."""
    with fresh_db(template) as (db, folder):
        path = folder / name
        path.write_bytes(content)
        before = content_hash(db)
        try:
            with memory_cap():
                PLANS[kind](db, path)
        except DomainError as err:
            assert_no_memory_error(err)
            assert_chinese(err)
            assert isinstance(err, ImportFileError), f"{type(err).__name__}: {err}"
            assert content_hash(db) == before
            return str(err)
        assert content_hash(db) == before
        return "read"


# ---------------------------------------------------------------- byte-level mutations

MUTATION = st.tuples(
    st.sampled_from(["flip", "cut", "insert", "zero", "delete"]),
    st.floats(0, 1, exclude_max=True),
    st.binary(min_size=1, max_size=16),
)


def mutate(content: bytes, mutations) -> bytes:
    data = bytearray(content)
    for kind, where, junk in mutations:
        at = int(where * len(data)) if data else 0
        if kind == "flip" and data:
            data[at] ^= junk[0] or 0xFF
        elif kind == "cut":
            del data[at:]
        elif kind == "insert":
            data[at:at] = junk
        elif kind == "zero":
            data[at : at + 64 * len(junk)] = bytes(len(data[at : at + 64 * len(junk)]))
        elif kind == "delete":
            del data[at : at + 8 * len(junk)]
    return bytes(data)


@FUZZ
@given(mutations=st.lists(MUTATION, min_size=1, max_size=4), suffix=st.sampled_from([".xlsx", ".xls", ".xlsm"]))
def test_mutated_xlsx_bytes(template, valid_xlsx, mutations, suffix):
    outcome = open_or_refuse(template, "花名册" + suffix, mutate(valid_xlsx, mutations))
    event("read" if outcome == "read" else "refused")


LEGACY = (FIXTURES / "roster_legacy.xls").read_bytes()


def test_a_legacy_xls_whose_sector_chain_loops(template):
    """Found by the fuzz run below: 576 zero bytes in the middle of the file made xlrd
    follow a short stream's sector chain in a circle, appending to a list until the
    machine's 24 GB were gone. Now a damaged file like any other."""
    damaged = mutate(LEGACY, [("zero", 0.16564630859520324, b"123456789")])
    message = open_or_refuse(template, "花名册.xls", damaged)
    assert "不是有效的 Excel 工作簿" in message, message


@FUZZ
@given(mutations=st.lists(MUTATION, min_size=1, max_size=4))
def test_mutated_legacy_xls_bytes(template, mutations):
    outcome = open_or_refuse(template, "花名册.xls", mutate(LEGACY, mutations))
    event("read" if outcome == "read" else "refused")


# ---------------------------------------------------------------- damaged inner parts


def rezip(content: bytes, change) -> bytes:
    """A valid zip again, after `change(name, data) -> data | None` (None drops the part)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(content)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = change(info.filename, src.read(info))
            if data is not None:
                dst.writestr(info.filename, data)
    return out.getvalue()


def in_part(part: str, edit):
    return lambda name, data: edit(data) if name == part else data


SHEET = "xl/worksheets/sheet1.xml"


def row_xml(data: bytes, row: int) -> tuple[int, int]:
    start = data.index(f'<row r="{row}"'.encode())
    return start, data.index(b"</row>", start) + len(b"</row>")


def damage_row(row: int, edit):
    """Replace one row's XML with edit(row XML)."""

    def change(data: bytes) -> bytes:
        start, end = row_xml(data, row)
        return data[:start] + edit(data[start:end]) + data[end:]

    return in_part(SHEET, change)


def add_cell(row: int, cell: bytes):
    return damage_row(row, lambda r: r.replace(b"</row>", cell + b"</row>"))


# openpyxl writes inline strings, so a shared-string reference points into no table.
INNER_DAMAGE = {
    "sheet cut in half": in_part(SHEET, lambda d: d[: len(d) // 2]),
    "sheet is not XML": in_part(SHEET, lambda d: b"\x00\x01garbage" * 100),
    "sheet missing": lambda name, data: None if name == SHEET else data,
    "workbook.xml cut": in_part("xl/workbook.xml", lambda d: d[: len(d) // 2]),
    "workbook.xml lists no sheet": in_part(
        "xl/workbook.xml", lambda d: re.sub(rb"<sheets>.*</sheets>", b"<sheets/>", d)
    ),
    "workbook relations missing": lambda name, data: None if name == "xl/_rels/workbook.xml.rels" else data,
    "content types missing": lambda name, data: None if name == "[Content_Types].xml" else data,
    "styles are junk": in_part("xl/styles.xml", lambda d: b"<styleSheet>" + b"<x>" * 50),
    "control character reference": add_cell(25, b'<c r="K25" t="inlineStr"><is><t>&#1;</t></is></c>'),
    "shared string at row 45": add_cell(45, b'<c r="K45" t="s"><v>999999</v></c>'),
    "text in a number cell at row 50": add_cell(50, b'<c r="K50" t="n"><v>abc</v></c>'),
    "bad ISO date at row 55": add_cell(55, b'<c r="K55" t="d"><v>2023-99-99</v></c>'),
    "bad boolean at row 40": add_cell(40, b'<c r="K40" t="b"><v>maybe</v></c>'),
    "bad cell reference at row 30": add_cell(30, b'<c r="!!30" t="n"><v>1</v></c>'),
    "bad row number at row 35": damage_row(35, lambda r: r.replace(b'<row r="35"', b'<row r="x35"', 1)),
}
STREAMED = ("at row 30", "at row 35", "at row 40", "at row 45", "at row 50", "at row 55")


@pytest.mark.parametrize("damage", list(INNER_DAMAGE))
def test_damaged_inner_parts(template, valid_xlsx, damage):
    content = rezip(valid_xlsx, INNER_DAMAGE[damage])
    outcome = open_or_refuse(template, "花名册.xlsx", content)
    if damage.endswith(STREAMED):
        # Found while streaming, below the header: refused with where it happened, nothing imported.
        assert "已损坏" in outcome and "行附近" in outcome, outcome


@FUZZ
@given(
    mutations=st.lists(MUTATION, min_size=1, max_size=3),
    part=st.sampled_from(
        [
            SHEET,
            "xl/workbook.xml",
            "xl/styles.xml",
            "xl/_rels/workbook.xml.rels",
            "[Content_Types].xml",
            "docProps/core.xml",
        ]
    ),
)
def test_mutated_inner_xml(template, valid_xlsx, mutations, part):
    content = rezip(valid_xlsx, in_part(part, lambda d: mutate(d, mutations)))
    outcome = open_or_refuse(template, "花名册.xlsx", content)
    event("read" if outcome == "read" else "refused")


# ---------------------------------------------------------------- not a workbook at all


def a_zip(files: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name, data in files.items():
            z.writestr(name, data)
    return out.getvalue()


HTML_XLS = (
    '<html xmlns:x="urn:schemas-microsoft-com:office:excel"><head><meta charset="utf-8"></head><body>'
    "<table><tr><td>姓名</td><td>手机号</td></tr><tr><td>张三</td><td>13812345678</td></tr></table>"
    "</body></html>"
).encode()
NOT_WORKBOOKS = {  # name → (file name, content, what the message must say)
    "empty": ("花名册.xlsx", b"", "空文件"),
    "pdf": ("花名册.xlsx", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n", "PDF"),
    "png": ("花名册.xls", b"\x89PNG\r\n\x1a\n" + bytes(100), "图片"),
    "jpeg": ("花名册.xlsx", b"\xff\xd8\xff\xe0" + bytes(100), "图片"),
    "xml spreadsheet 2003": (
        "花名册.xls",
        (
            b'<?xml version="1.0"?>\n<Workbook xmlns="urn:schemas-microsoft-com:'
            b'office:spreadsheet"><Worksheet ss:Name="Sheet1"/></Workbook>'
        ),
        "XML",
    ),
    "gzip": ("花名册.xlsx", b"\x1f\x8b\x08\x00" + bytes(50), "压缩包"),
    "random bytes": ("花名册.xlsx", bytes(range(256)) * 4, "不是有效的 Excel 工作簿"),
    "zip of a text file": ("花名册.xlsx", a_zip({"readme.txt": b"hello"}), "不是有效的 Excel 工作簿"),
    "word document renamed": (
        "花名册.xlsx",
        a_zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"}),
        "不是有效的 Excel 工作簿",
    ),
    "truncated .xls": ("花名册.xls", LEGACY[:3000], "不是有效的 Excel 工作簿"),
    "OLE header and junk": ("花名册.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(range(256)) * 8, "Excel"),
    "encrypted .xlsx": ("roster_encrypted.xlsx", (FIXTURES / "roster_encrypted.xlsx").read_bytes(), "密码"),
    "encrypted .xls": ("roster_encrypted.xls", (FIXTURES / "roster_encrypted.xls").read_bytes(), "密码"),
}


# Tables saved as text or as a web page under an Excel name: read by the text reader.
TEXT_TABLES = {
    "plain text": ("花名册.xlsx", "这是一段文字\n不是表格\n".encode()),
    "csv renamed .xlsx": ("花名册.xlsx", "姓名,手机号\n张三,13812345678\n".encode("gbk")),
    "csv in utf-8 with BOM": ("花名册.xls", "\ufeff姓名,手机号\n张三,13812345678\n".encode()),
    "unicode text saved as .xls": ("花名册.xls", "姓名\t手机号\n张三\t13812345678\n".encode("utf-16")),
    "html saved as .xls": ("花名册.xls", HTML_XLS),
}


@pytest.mark.parametrize("case", list(TEXT_TABLES))
def test_text_tables_under_an_excel_name_are_read_or_refused_in_chinese(template, case):
    name, content = TEXT_TABLES[case]
    outcome = open_or_refuse(template, name, content)
    assert "不是有效的 Excel 工作簿" not in outcome, outcome
    if case != "plain text":
        assert outcome == "read", outcome


@pytest.mark.parametrize("kind", list(PLANS))
@pytest.mark.parametrize("case", list(NOT_WORKBOOKS))
def test_files_that_are_no_workbook(template, case, kind):
    name, content, says = NOT_WORKBOOKS[case]
    message = open_or_refuse(template, name, content, kind)
    assert message != "read" and says in message, message


def test_an_xlsx_of_the_size_of_a_zip_bomb_is_refused_before_reading(template, tmp_path):
    """A 400 MB sheet (compressed to under 1 MB) is refused from the zip's directory,
    before openpyxl parses anything."""
    header = b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    blank = b" " * (4 * 2**20)
    out = tmp_path / "bomb.xlsx"
    base = write_xlsx(tmp_path / "base.xlsx", HEADER, roster_rows(3))
    with zipfile.ZipFile(base) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename != SHEET:
                dst.writestr(info, src.read(info))
                continue
            with dst.open(SHEET, "w", force_zip64=True) as part:
                part.write(header)
                for _ in range(100):
                    part.write(blank)
                part.write(b"</sheetData></worksheet>")
    assert out.stat().st_size < 2 * 2**20
    message = open_or_refuse(template, "bomb.xlsx", out.read_bytes())
    assert "超过 300 MB" in message, message


def test_a_big_legacy_xls_is_refused_before_it_is_read(template, tmp_path):
    """A .xls is read whole into memory (xlrd: a 120 MB one peaked at 1.2 GB): refused by size."""
    path = tmp_path / "大.xls"
    with path.open("wb") as f:
        f.write(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")
        f.truncate(21 * 2**20)  # sparse: no 21 MB written
    message = open_or_refuse(template, path.name, path.read_bytes())
    assert "大于 20 MB" in message and "另存为" in message, message


# ---------------------------------------------------------------- the command line


@pytest.mark.parametrize(
    "area, case",
    [
        ("members", "pdf"),
        ("ledger", "png"),
        ("visits", "empty"),
        ("checkups", "encrypted .xlsx"),
        ("members", "truncated .xls"),
    ],
)
def test_command_line_says_it_in_chinese_and_exits_1(template, tmp_path, area, case):
    name, content, says = NOT_WORKBOOKS[case]
    db = tmp_path / "union.db"
    db.write_bytes(template.path.read_bytes())
    path = tmp_path / name
    path.write_bytes(content)
    env = {**os.environ, "UNIONAPP_DATA_DIR": str(tmp_path / "appdata"), "PYTHONIOENCODING": "utf-8"}
    campaign = ["--campaign", "1"] if area == "checkups" else []
    done = subprocess.run(
        [sys.executable, "-m", "unionapp", "--db", str(db), "import", area, str(path), *campaign],
        check=False,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=120,
    )
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr and CJK.search(done.stderr) and says in done.stderr, done.stderr
    assert done.stdout == "", done.stdout  # xlrd wrote "WARNING *** file size (3000) not 512 + ..." here once


def test_command_line_prints_no_reader_warning_for_a_date_cell_out_of_range(template, tmp_path):
    """openpyxl warned (in English, on stderr) about a date-formatted 1E+10; the user sees
    only the row's Chinese refusal (calamine hands the number over; the date parser refuses it)."""
    path = write_xlsx(tmp_path / "花名册.xlsx", ["姓名", "手机号", "出生日期"], [["张三", "13812345678", 1e10]])
    wb = openpyxl.load_workbook(path)
    wb.active["C2"].number_format = "yyyy-mm-dd"
    wb.save(path)
    db = tmp_path / "union.db"
    db.write_bytes(template.path.read_bytes())
    env = {**os.environ, "UNIONAPP_DATA_DIR": str(tmp_path / "appdata"), "PYTHONIOENCODING": "utf-8"}
    done = subprocess.run(
        [sys.executable, "-m", "unionapp", "--db", str(db), "import", "members", str(path)],
        check=False,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=120,
    )
    assert done.returncode == 1
    assert done.stderr.startswith("第 2 行（张三）：出生日期：无法识别的日期“10000000000”"), done.stderr
    assert "Warning" not in done.stderr and "Traceback" not in done.stderr, done.stderr
