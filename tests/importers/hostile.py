"""Hostile input for the importers: hypothesis strategies for cells and whole workbooks,
a database per example copied from a prepared template, and a content hash to prove
that a refused import wrote nothing.

Hypothesis does not mix with function-scoped fixtures, so a property test gets its
database from `fresh_db(template)`, a copy of a template file made once per module.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import tempfile
import zipfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

import openpyxl
from hypothesis import strategies as st
from sqlalchemy import select

from unionapp import config
from unionapp.db.engine import Database
from unionapp.db.models import Base
from unionapp.db.opening import open_database
from unionapp.domain.errors import DomainError
from unionapp.importers.workbook import normalize_header

from .workbooks import id_for

CJK = re.compile(r"[\u4e00-\u9fff]")

# ---------------------------------------------------------------- cells

# What openpyxl refuses to put in a cell (XML 1.0 forbids them), so an .xlsx can't carry them.
XML_ILLEGAL = "".join(chr(c) for c in [*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0xFFFE, 0xFFFF])
# Characters that are legal in XML but hostile in a name: bidi overrides, zero-width, BOM.
SNEAKY = "\u202e\u202d\u200b\u200e\u2066\u2069\ufeff\u00a0\u3000\t\n\r"

EXCEL_ERRORS = ["#REF!", "#DIV/0!", "#N/A", "#VALUE!", "#NAME?", "#NUM!", "#NULL!", "#ERROR"]
FORMULAS = ["=1/0", "=SUM(A1:A3)", '=A1&"x"', "=VLOOKUP(B2,Sheet2!A:B,2,0)", "=((", "=姓名", "=TODAY()"]
ODD_TEXT = [
    "",
    " ",
    "　",
    "-",
    "—",
    "/",
    "无",
    "TRUE",
    "FALSE",
    "None",
    "null",
    "inf",
    "-inf",
    "Infinity",
    "nan",
    "NaN",
    "sNaN",
    "1e400",
    "-1E+999999",
    "1e-999999",
    "0x1F",
    "1_000",
    "١٢٣",
    "𐩀𐩁",
    "1.10101199003074E+17",
    "1,234.567",
    "¥-0",
    "12元整",
    "２０２３年１３月",
    "2023-02-30",
    "0000-00-00",
    "9999-12-31 23:59:59",
    "1985.3",
    "19850312",
    "198503",
    "1985年",
    "(((((((((((",
    "合计",
    "制表：",
    "姓名",
    "=",
    "'0123",
]


def xlsx_text(min_size: int = 0, max_size: int = 30) -> st.SearchStrategy[str]:
    """Any text an .xlsx can hold: every character but the XML-illegal ones."""
    alphabet = st.characters(blacklist_characters=XML_ILLEGAL, blacklist_categories=("Cs",))
    return st.text(alphabet, min_size=min_size, max_size=max_size) | st.text(
        SNEAKY + "张三李四0123456789X", min_size=min_size, max_size=max_size
    )


def big_text() -> st.SearchStrategy[str]:
    """Long cells: Excel's 32,767-character limit, and brackets that make regexes backtrack."""
    return st.sampled_from(["张" * 32_767, "(" * 5_000, "1" * 5_000, "姓名" + " " * 3_000 + "x", "a(" * 2_000])


def numbers() -> st.SearchStrategy[object]:
    return st.one_of(
        st.integers(-(10**20), 10**20),
        st.floats(allow_nan=True, allow_infinity=True),
        st.sampled_from([0, -0.0, 1e15, 1e16, 1.10101199003074e17, 2**53 + 1, 10**18, 1900.5, 1985.03, 80000.5]),
    )


def moments() -> st.SearchStrategy[object]:
    """What openpyxl can write as a date, time or duration."""
    return st.one_of(
        st.dates(date(1900, 3, 1), date(9999, 12, 31)),
        st.datetimes(datetime(1900, 3, 1), datetime(9999, 12, 31)),
        st.times(),
        st.timedeltas(timedelta(0), timedelta(days=3000)),
    )


def hostile_cell() -> st.SearchStrategy[object]:
    """Any cell a hostile or careless workbook may have (all writable by openpyxl)."""
    return st.one_of(
        st.none(),
        st.booleans(),
        numbers(),
        moments(),
        xlsx_text(),
        st.sampled_from(ODD_TEXT + EXCEL_ERRORS + FORMULAS),
        big_text(),
    )


def parser_input() -> st.SearchStrategy[object]:
    """What a domain parser may be handed: hostile cells plus what no .xlsx can carry."""
    return st.one_of(
        hostile_cell(),
        st.text(max_size=40),  # every character, control characters included
        st.text(XML_ILLEGAL + SNEAKY + "0123456789Xx-./年月日", max_size=20),
        st.integers(),
        st.decimals(allow_nan=True, allow_infinity=True),
        st.just(10**400),
    )


# ---------------------------------------------------------------- workbooks


@dataclass
class SheetSpec:
    title: str
    rows: list[list[object]]  # from row 1; None cells stay empty
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)  # min_row, min_col, max_row, max_col
    hidden: bool = False
    offset: int = 0  # blank columns before the table


@dataclass
class BookSpec:
    sheets: list[SheetSpec]

    def write(self, path: Path) -> Path:
        wb = openpyxl.Workbook()
        wb.remove(wb.active)
        for spec in self.sheets:
            ws = wb.create_sheet(spec.title)
            for r, row in enumerate(spec.rows, start=1):
                for c, value in enumerate(row, start=1 + spec.offset):
                    if value is not None:
                        ws.cell(r, c, value)
            for merge in spec.merges:
                ws.merge_cells(start_row=merge[0], start_column=merge[1], end_row=merge[2], end_column=merge[3])
            ws.sheet_state = "hidden" if spec.hidden else "visible"
        if all(s.hidden for s in self.sheets):
            wb.worksheets[0].sheet_state = "visible"  # a workbook needs one visible sheet
        wb.save(path)
        return path


def headers_for(aliases: dict[str, Sequence[str]], key_field: str) -> st.SearchStrategy[list[object]]:
    """A header row: some of the importer's fields under any of their aliases, shuffled,
    dressed up as real files do ("*姓 名", "身份证号码\\n(18位)"), with unknown columns.
    Mostly with the key field (a table the importer can find), sometimes without."""

    def dress(name: str) -> st.SearchStrategy[str]:
        return st.sampled_from([name, f"*{name}", " ".join(name), f"{name}\n(必填)", f"{name}（元）", f"＊{name}："])

    def column(key: str) -> st.SearchStrategy[str]:
        return st.sampled_from(list(aliases[key])).flatmap(dress)

    others = [k for k in aliases if k != key_field]
    with_key = st.lists(st.sampled_from(others), min_size=1, max_size=len(others), unique=True).map(
        lambda ks: [key_field, *ks]
    )
    keys = st.one_of(with_key, with_key, with_key, st.lists(st.sampled_from(list(aliases)), min_size=1, unique=True))
    known = keys.flatmap(lambda ks: st.tuples(*[column(k) for k in ks]))
    junk = st.lists(
        st.one_of(st.sampled_from(["序号", "No", "年龄", "签名", None, 123, "姓名"]), hostile_cell()), max_size=2
    )
    return st.tuples(known, junk).flatmap(lambda kj: st.permutations(list(kj[0]) + kj[1]))


@st.composite
def sheet_specs(
    draw, aliases: dict[str, Sequence[str]], cells: dict[str, st.SearchStrategy], title: str, key_field: str
):
    """A sheet: merged title rows, a header somewhere in the first rows, data rows whose
    cells fit the header's fields (or anything), blank and totals rows, merged ranges."""
    kind = draw(st.sampled_from(["table", "table", "table", "table", "empty", "junk"]))
    rows: list[list[object]] = []
    if kind == "junk":
        rows = draw(st.lists(st.lists(hostile_cell(), max_size=5), max_size=6))
    elif kind == "table":
        rows = [[t] for t in draw(st.lists(xlsx_text(1, 20), max_size=3))]  # title rows
        header = draw(headers_for(aliases, key_field))
        rows.append(header)
        fields = [_field_of(h, aliases) for h in header]
        for _ in range(draw(st.integers(0, 8))):
            shape = draw(st.sampled_from(["data", "data", "data", "blank", "short", "total"]))
            if shape == "blank":
                rows.append([])
            elif shape == "total":
                rows.append(["合计", None, draw(numbers())])
            else:
                row = [draw(cells.get(f, hostile_cell()) if f else hostile_cell()) for f in fields]
                rows.append(row[: draw(st.integers(0, len(row)))] if shape == "short" else row)
    height, width = max(len(rows), 1), max((len(r) for r in rows), default=1)
    merges = draw(st.lists(_merge(height + 2, width + 2), max_size=3))
    return SheetSpec(
        title, rows, _disjoint(merges), draw(st.booleans()) if kind != "table" else False, draw(st.integers(0, 2))
    )


def _field_of(header: object, aliases: dict[str, Sequence[str]]) -> str | None:
    if not isinstance(header, str):
        return None
    text = normalize_header(header)
    return next((f for f, names in aliases.items() if text in {normalize_header(n) for n in names}), None)


def _merge(max_row: int, max_col: int) -> st.SearchStrategy[tuple[int, int, int, int]]:
    """A range of 1–3 rows by 1–3 columns, never a single cell."""
    return st.tuples(st.integers(1, max_row), st.integers(1, max_col), st.integers(0, 2), st.integers(0, 2)).map(
        lambda t: (t[0], t[1], t[0] + t[2], t[1] + (t[3] or not t[2]))
    )


def _disjoint(merges: list[tuple[int, int, int, int]]) -> list[tuple[int, int, int, int]]:
    """Excel refuses overlapping merged ranges; keep the first of any overlap."""
    kept: list[tuple[int, int, int, int]] = []
    for m in merges:
        if all(m[2] < k[0] or k[2] < m[0] or m[3] < k[1] or k[3] < m[1] for k in kept):
            kept.append(m)
    return kept


def book_specs(
    aliases: dict[str, Sequence[str]], cells: dict[str, st.SearchStrategy], key_field: str = "name"
) -> st.SearchStrategy[BookSpec]:
    titles = st.lists(
        st.text("表一二三Sheet名单体检走访账", min_size=1, max_size=10), min_size=1, max_size=3, unique=True
    )
    return titles.flatmap(lambda names: st.tuples(*[sheet_specs(aliases, cells, n, key_field) for n in names])).map(
        lambda sheets: BookSpec(list(sheets))
    )


# ---------------------------------------------------------------- databases


@dataclass(frozen=True)
class Template:
    """A prepared database file, copied for each example."""

    path: Path

    @classmethod
    def build(cls, folder: Path, prepare) -> Template:
        path = folder / "template.db"
        db = open_database(config.database_url(str(path)))
        try:
            prepare(db)
        finally:
            db.dispose()
        return cls(path)


@contextmanager
def fresh_db(template: Template) -> Iterator[tuple[Database, Path]]:
    """A private copy of the template database, and a folder for the example's files."""
    with tempfile.TemporaryDirectory(prefix="hostile-") as folder:
        copy = Path(folder) / "union.db"
        shutil.copyfile(template.path, copy)
        db = open_database(config.database_url(str(copy)))
        try:
            yield db, Path(folder)
        finally:
            db.dispose()


def content_hash(db: Database) -> str:
    """Every row of every table, in primary-key order: equal hashes mean equal content."""
    digest = hashlib.sha256()
    with db.session() as s:
        for table in Base.metadata.sorted_tables:
            rows = s.execute(select(table).order_by(*table.primary_key.columns)).all()
            digest.update(f"{table.name}:{len(rows)}:{[tuple(r) for r in rows]!r}".encode())
    return digest.hexdigest()


@contextmanager
def memory_cap(extra_mb: int = 1_500) -> Iterator[None]:
    """Cap this process's address space at its current size plus `extra_mb` while fuzzing:
    a reader that loops allocating (xlrd did, on a damaged .xls) then raises MemoryError
    instead of driving a shared machine into the OOM killer. Linux only; else no cap."""
    try:
        import resource

        status = Path("/proc/self/status").read_text().splitlines()
        size_kb = int(next(line.split()[1] for line in status if line.startswith("VmSize:")))
    except (ImportError, OSError, StopIteration):
        yield
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    cap = (size_kb + extra_mb * 1024) * 1024
    resource.setrlimit(resource.RLIMIT_AS, (cap if hard == resource.RLIM_INFINITY else min(cap, hard), hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


def assert_no_memory_error(err: BaseException) -> None:
    """A refusal caused by running out of memory is a reader gone wrong, not a bad file."""
    cause: BaseException | None = err
    while cause is not None:
        assert not isinstance(cause, MemoryError), f"the reader ran out of memory: {err}"
        cause = cause.__cause__ or cause.__context__


def assert_chinese(err: BaseException) -> None:
    """An importer's own refusal: a DomainError whose message (and lines) a user can read."""
    assert isinstance(err, DomainError), f"{type(err).__name__}: {err}"
    texts = [str(err), *(err.lines() if hasattr(err, "lines") else [])]
    for text in texts:
        assert CJK.search(text), text
        assert "Traceback" not in text
    assert len(str(err)) < 2_000, f"message too long ({len(str(err))} characters)"


# ---------------------------------------------------------------- people in the templates

LAST_YEAR = date.today().year - 1
PEOPLE = [  # name, gender, birth, group, ID number
    ("张伟", "M", date(1980, 5, 6), "高中组", id_for(date(1980, 5, 6), 11, "M")),
    ("张伟", "M", date(1985, 7, 8), "初中组", id_for(date(1985, 7, 8), 13, "M")),
    ("李娜", "F", date(1990, 1, 2), "小学组", ""),
    ("王芳", "F", date(1975, 3, 4), "高中组", id_for(date(1975, 3, 4), 24, "F")),
    ("陈静", "F", date(1992, 9, 9), "初中组", ""),
]
NAMES = sorted({p[0] for p in PEOPLE}) + ["赵六", "张 伟", " 李娜 ", "Zhang Wei"]
ID_NUMBERS = [p[4] for p in PEOPLE if p[4]] + [id_for(date(1999, 9, 9), 7, "F"), "340102198005061110"]


def id_cells() -> st.SearchStrategy[object]:
    """ID numbers as people and Excel store them: text, lower-case x, numbers, 15 digits."""

    def forms(number: str) -> st.SearchStrategy[object]:
        return st.sampled_from(
            [
                number,
                number.lower(),
                f" {number} ",
                number[:6] + number[8:17],
                int(number[:17] + "0"),
                float(number[:17] + "0"),
            ]
        )

    return st.sampled_from(ID_NUMBERS).flatmap(forms)


def add_people(db: Database) -> list[int]:
    from unionapp.domain.members import MemberInput
    from unionapp.services import members

    return [
        members.add_member(
            db, MemberInput(name=name, gender=gender, birth_date=birth, group_name=group, id_number=number)
        )
        for name, gender, birth, group, number in PEOPLE
    ]


def day_cells(start: date, end: date) -> st.SearchStrategy[object]:
    """Dates in a range as real dates, datetimes, text and Excel serial numbers."""

    def forms(d: date) -> st.SearchStrategy[object]:
        return st.sampled_from(
            [
                d,
                datetime(d.year, d.month, d.day),
                d.isoformat(),
                f"{d.year}.{d.month}.{d.day}",
                f"{d.year}年{d.month}月{d.day}日",
                (d - date(1899, 12, 30)).days,
                int(f"{d:%Y%m%d}"),
            ]
        )

    return st.dates(start, end).flatmap(forms)


def money_cells() -> st.SearchStrategy[object]:
    return st.sampled_from(
        [
            300,
            300.0,
            "300",
            "300.00",
            "¥300",
            "300元",
            "1,000",
            500,
            800,
            0,
            "0",
            "-",
            12.345,
            -300,
            "三百",
            1e13,
            50.5,
            "１２３",
        ]
    )


def any_of(*choices: st.SearchStrategy) -> st.SearchStrategy:
    """Mostly plausible values for a column (three in four), sometimes anything at all."""
    plausible = st.one_of(*choices)
    return st.one_of(plausible, plausible, plausible, hostile_cell())


# ---------------------------------------------------------------- a big workbook as Excel saves it

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_PACKAGE = "http://schemas.openxmlformats.org/package/2006"
_RELATIONS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_SPREADSHEET = "application/vnd.openxmlformats-officedocument.spreadsheetml"


def write_shared_strings_roster(path: Path, rows: int) -> Path:
    """姓名 and 手机号 for `rows` teachers, with every text in the shared-strings table as
    Excel writes it (openpyxl writes inline strings, which a reader need not hold in
    memory). Written part by part, so a million rows take seconds, not minutes."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(
            "[Content_Types].xml",
            f'<Types xmlns="{_PACKAGE}/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{_SPREADSHEET}.sheet.main+xml"/>'
            f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{_SPREADSHEET}.worksheet+xml"/>'
            f'<Override PartName="/xl/sharedStrings.xml" ContentType="{_SPREADSHEET}.sharedStrings+xml"/>'
            "</Types>",
        )
        z.writestr(
            "_rels/.rels",
            f'<Relationships xmlns="{_PACKAGE}/relationships"><Relationship Id="r1" '
            f'Type="{_RELATIONS}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
        z.writestr(
            "xl/workbook.xml",
            f'<workbook xmlns="{_MAIN}" xmlns:r="{_RELATIONS}"><sheets>'
            '<sheet name="花名册" sheetId="1" r:id="r1"/></sheets></workbook>',
        )
        z.writestr(
            "xl/_rels/workbook.xml.rels",
            f'<Relationships xmlns="{_PACKAGE}/relationships">'
            f'<Relationship Id="r1" Type="{_RELATIONS}/worksheet" Target="worksheets/sheet1.xml"/>'
            f'<Relationship Id="r2" Type="{_RELATIONS}/sharedStrings" Target="sharedStrings.xml"/>'
            "</Relationships>",
        )
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as f:
            f.write(
                f'<worksheet xmlns="{_MAIN}"><sheetData>'
                '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>'.encode()
            )
            for i in range(rows):
                f.write(
                    f'<row r="{i + 2}"><c r="A{i + 2}" t="s"><v>{i + 2}</v></c>'
                    f'<c r="B{i + 2}"><v>{13_800_000_000 + i}</v></c></row>'.encode()
                )
            f.write(b"</sheetData></worksheet>")
        with z.open("xl/sharedStrings.xml", "w", force_zip64=True) as f:
            f.write(f'<sst xmlns="{_MAIN}"><si><t>姓名</t></si><si><t>手机号</t></si>'.encode())
            for i in range(rows):
                f.write(f"<si><t>教师{i}</t></si>".encode())
            f.write(b"</sst>")
    return path


# ---------------------------------------------------------------- the control-characters fixture

CONTROL_ROWS = [  # name, ID number, phone, notes: as a legacy system or a paste left them
    ("张\x01三", id_for(date(1980, 5, 6), 31, "M"), "138\x0212345678", "备注\x07响铃"),
    ("\u202e四李", id_for(date(1985, 7, 8), 32, "F"), "13912345678", "\x1b[31m红字\x1b[0m"),
    ("王\u200b五\ufeff", "", "13712345678", "第一行\n第二行\x0b"),
    ("赵\x1f六", "", "", "\x7f删除符\x9b"),
]


def make_control_characters_xls(path: Path) -> Path:
    """Write tests/fixtures/roster_control_chars.xls: an .xls can carry control characters
    that no .xlsx can (XML forbids them). Needs LibreOffice, so the file is committed:
        .venv/bin/python -c "from pathlib import Path; from tests.importers.hostile import *; \\
            make_control_characters_xls(Path('tests/fixtures/roster_control_chars.xls'))"
    LibreOffice keeps every control character but NUL."""
    import csv
    import subprocess

    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / f"{path.stem}.csv"
        with source.open("w", encoding="utf-8", newline="") as f:
            writer = csv.writer(f)
            writer.writerow(["姓名", "身份证号", "手机号", "备注"])
            writer.writerows(CONTROL_ROWS)
        subprocess.run(
            [
                "soffice",
                "--headless",
                "--infilter=CSV:44,34,76,1,1/2/2/2/3/2/4/2",
                "--convert-to",
                "xls",
                "--outdir",
                folder,
                str(source),
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )
        shutil.copyfile(Path(folder) / f"{path.stem}.xls", path)
    return path
