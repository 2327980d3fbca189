"""Bounds checked before python-calamine loads a sheet whole.

calamine builds each sheet as a dense grid from its first to its last cell (about 30
bytes a cell) and copies a shared text into every cell that names it: one cell at
XFD1048576 asks for 17 billion cells (the process aborts), 2,000 cells naming one 1 MB
text take 2 GB. So an .xlsx goes to calamine only when plain byte scans of its parts
show a grid of at most FAST_ROWS × FAST_COLUMNS and shared texts that can't copy past
TEXT_BUDGET; any other .xlsx is streamed by `xlsx.XlsxBook`, which reads within fixed
bounds whatever is inside. An .ods has no such fallback: its cells, repeats, merged
ranges and the characters its repeats copy are counted by one expat pass, and a file
past the bounds is refused.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from pathlib import Path
from xml.parsers import expat

from unionapp.importers.book import MAX_ROW, Merge, keep_merge
from unionapp.importers.errors import ImportFileError

# A grid of 60,000 × 52 cells is 94 MB in calamine: the most a crafted file can ask for.
# A school's roster (a few thousand rows, 10 to 30 columns) is far inside.
FAST_ROWS = 60_000
FAST_COLUMNS = 52  # AZ
FAST_MEMBER = 24 * 2**20  # each part, uncompressed: a 50,000-row roster saved by Excel is ~20 MB
FAST_TOTAL = 48 * 2**20
TEXT_BUDGET = 16 * 2**20  # shared-text bytes calamine may copy into cells
SHARED = "xl/sharedStrings.xml"  # the only name calamine reads the shared texts from
_CHUNK = 2**20
_OVERLAP = 16  # longer than any match below
# A cell or row reference past column AZ or at row 60,000 or below. The space before it
# is looked behind, so that the search skips ahead to each literal r=" (four times faster
# than trying every space); a match starts one byte after that space.
_FAR = re.compile(
    rb'r="(?<=[ \t\r\n]r=")\$?(?:[A-Za-z]{3}|[B-Zb-z][A-Za-z]|[A-Za-z]{0,2}\$?(?:[6-9][0-9]{4}|[0-9]{6}))'
)
# A cell whose position is not given first thing (calamine would count it on from the last).
_NO_REF = re.compile(rb'<c(?![ ]r="|[\w:.-])')
_BAD_ROW = re.compile(rb'<row r="(?![0-9])')  # r="x35": openpyxl's reading refuses it, calamine would not
_PREFIXED = re.compile(rb":(?:c[ >/]|row[ >])")  # <x:c>: parsed alike, not matched above
# Cells the streaming reader reads as openpyxl does and calamine does not: an error (#N/A)
# calamine reads as empty; an ISO date (t="d", which Excel does not write) it reads as
# text without checking it. (One search each: seven `in` tests read the part seven times.)
_STREAMED_CELLS = re.compile(rb't="[ed]"')
_SHARED_CELL = b't="s"'
_TARGET = re.compile(rb'Target\s*=\s*["\']([^"\']{1,300})["\']')


def xlsx_fits(path: Path) -> bool:
    """True if calamine may load every sheet of this .xlsx within the bounds above; the
    zip's directory has already passed xlsx.check_members. Never raises: a damaged file
    is left to the streaming reader, which says what is wrong."""
    try:
        with zipfile.ZipFile(path) as archive:
            return _fits(archive)
    except Exception:  # zip and decompression errors: for the streaming reader to explain
        return False


def _fits(archive: zipfile.ZipFile) -> bool:
    infos = {i.filename: i for i in archive.infolist()}
    if sum(i.file_size for i in infos.values()) > FAST_TOTAL or any(i.file_size > FAST_MEMBER for i in infos.values()):
        return False
    shared_cells = 0
    for name in _parts_to_scan(archive, infos):
        found = _scan(archive, name)
        if found is None:
            return False
        shared_cells += found
    shared = infos.get(SHARED)
    if shared is None or shared_cells * shared.file_size <= TEXT_BUDGET:
        return True
    # A text is no longer than the XML between its <si> tags: bound the longest.
    longest = max(map(len, archive.read(shared).split(b"si>")))
    return shared_cells * longest <= TEXT_BUDGET


def _parts_to_scan(archive: zipfile.ZipFile, infos: dict[str, zipfile.ZipInfo]) -> set[str]:
    """Every XML part, and every part the workbook's relationships name (calamine finds
    the sheets through them, whatever their names); not the shared texts."""
    names = {n for n in infos if n.lower().endswith(".xml")}
    rels = "xl/_rels/workbook.xml.rels"
    if rels in infos:
        for target in _TARGET.findall(archive.read(rels)):
            text = target.decode("utf-8", "replace")
            for name in (text.lstrip("/"), "xl/" + text, posixpath.normpath("xl/" + text)):
                if name in infos:
                    names.add(name)
    names.discard(SHARED)
    return names


def _scan(archive: zipfile.ZipFile, name: str) -> int | None:
    """The number of shared-text cells in a part, or None if it has a reference beyond
    the bounds, a cell without its reference first, a prefixed cell, or a cell to stream."""
    shared, tail = 0, b""
    with archive.open(name) as part:
        while chunk := part.read(_CHUNK):
            text = tail + chunk
            # A match starting in the last bytes is judged with the next chunk: cut at the
            # chunk's end, "<c" or "<c r=" looks like a cell without its reference.
            if _unfit(text, len(text) - _OVERLAP):
                return None
            shared += chunk.count(_SHARED_CELL)  # a match cut by the chunk's end is missed: see below
            tail = text[-_OVERLAP:]
    if _unfit(tail, len(tail)):
        return None
    return shared + shared // 1000 + 1  # generous for matches cut by chunk ends


def _unfit(text: bytes, limit: int) -> bool:
    """A reason to stream found starting before `limit` (the leftmost match is searched)."""
    for pattern, before in ((_FAR, 1), (_NO_REF, 0), (_BAD_ROW, 0)):
        found = pattern.search(text)
        if found is not None and found.start() - before < limit:
            return True
    return _PREFIXED.search(text) is not None or _STREAMED_CELLS.search(text) is not None


# ---------------------------------------------------------------- .ods

_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
_SPACES = "urn:oasis:names:tc:opendocument:xmlns:text:1.0}s"  # <text:s text:c="N"/>: N spaces
_SPACE_COUNT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0}c"
# Characters calamine may put into cells: a cell's text is copied into every cell it is
# repeated over, and <text:s> is expanded (a 1 KB file asking for 1.5 billion characters
# aborted the process).
ODS_TEXT = 16 * 2**20
_CELLS = (_TABLE + "table-cell", _TABLE + "covered-table-cell")
ODS_CONTENT = "content.xml"
# LibreOffice writes about 2 KB a row of 15 columns: 24 MB (the .xlsx bound, which an
# .xlsx of 50,000 rows fits) is only some 12,000 rows. The part is streamed to expat and
# the grid and texts are bounded by counting, so this only bounds the time (~2 s).
ODS_CONTENT_LIMIT = 64 * 2**20
ODS_OTHER = 10 * 2**20  # styles, settings, pictures


def ods_merges(path: Path, shown: str) -> list[list[Merge]]:
    """Each sheet's merged ranges (calamine gives none for .ods), after checking that no
    sheet asks calamine for more than FAST_ROWS × FAST_COLUMNS cells, counting repeats.
    Raises ImportFileError saying what to do."""
    with zipfile.ZipFile(path) as archive:
        for info in archive.infolist():
            limit = ODS_CONTENT_LIMIT if info.filename == ODS_CONTENT else ODS_OTHER
            if info.file_size > limit:
                raise ImportFileError(_too_long(shown, limit))
        counter = _OdsCounter()
        parser = expat.ParserCreate(namespace_separator="}")
        parser.StartElementHandler = counter.start
        parser.EndElementHandler = counter.end
        parser.CharacterDataHandler = counter.text
        parser.StartDoctypeDeclHandler = parser.EntityDeclHandler = _no_dtd
        try:
            with archive.open(ODS_CONTENT) as content:  # read no further than its stated size
                parser.ParseFile(content)
        except _TooBig:
            raise ImportFileError(_too_big(shown)) from None
    return counter.merges


class _TooBig(Exception):
    pass


class _OdsCounter:
    """Rows and columns that hold something, repeats counted, per table; and the grids of
    the tables already passed, since calamine builds every table of an .ods when it opens
    it (four tables of 59,000 × 52 cells took 408 MB)."""

    def __init__(self):
        self.merges: list[list[Merge]] = []
        self.passed = 0  # cells of the grids of the tables before this one
        self.row = self.column = 0  # rows and columns passed in the current table and row
        self.row_repeat = 1
        self.cell: tuple[int, bool] | None = None  # (columns repeated, filled) of the open cell
        self.row_filled = False
        self.last_row = self.last_column = 0
        self.characters = self.copied = 0  # of the open cell; copied into all cells so far

    def start(self, name: str, attrs: dict[str, str]) -> None:
        if self.cell is not None:
            self.cell = (self.cell[0], True)  # text, a note: something calamine reads
            if name == _SPACES:
                self.characters += _count(attrs.get(_SPACE_COUNT))
        elif name in _CELLS:
            repeat = _count(attrs.get(_TABLE + "number-columns-repeated"))
            self.cell = (repeat, _OFFICE + "value-type" in attrs)
            rows = _count(attrs.get(_TABLE + "number-rows-spanned"))
            columns = _count(attrs.get(_TABLE + "number-columns-spanned"))
            if (rows > 1 or columns > 1) and self.merges:
                top, left = self.row + 1, self.column + 1
                keep_merge(self.merges[-1], Merge(top, left, top + rows - 1, left + columns - 1))
        elif name == _TABLE + "table-row":
            self.row_repeat, self.column, self.row_filled = _count(attrs.get(_TABLE + "number-rows-repeated")), 0, False
        elif name == _TABLE + "table":
            self.merges.append([])
            self.passed += self.last_row * self.last_column
            self.row = self.last_row = self.last_column = 0

    def end(self, name: str) -> None:
        if name in _CELLS and self.cell is not None:
            repeat, filled = self.cell
            self.cell = None
            self.copied += self.characters * repeat * self.row_repeat
            self.characters = 0
            if self.copied > ODS_TEXT:
                raise _TooBig
            self.column += repeat
            if filled:
                self.row_filled = True
                self.last_column = max(self.last_column, self.column)
        elif name == _TABLE + "table-row":
            self.row += self.row_repeat
            if self.row_filled:
                self.last_row = self.row
            if self.last_row > FAST_ROWS or self.last_column > FAST_COLUMNS * 4 or self.row > MAX_ROW * 2:
                raise _TooBig
            if self.passed + self.last_row * self.last_column > FAST_ROWS * FAST_COLUMNS:
                raise _TooBig

    def text(self, data: str) -> None:
        if self.cell is not None:
            self.characters += len(data)


def _count(text: str | None) -> int:
    if text is None:
        return 1
    return int(text) if text.isdigit() and len(text) <= 8 else 10**8


def _no_dtd(*_args) -> None:
    raise ValueError("a document type declaration")


def _too_long(shown: str, limit: int) -> str:
    return (
        f"“{shown}”中的表格内容超过 {limit // 2**20} MB，远大于一所学校的名册或账目，没有导入任何数据。"
        "请用 WPS 或 LibreOffice 打开它，只把需要导入的内容复制到新的工作簿，另存为“Excel 工作簿（*.xlsx）”后再导入。"
    )


def _too_big(shown: str) -> str:
    return (
        f"“{shown}”的表格范围过大（超过 {FAST_ROWS:,} 行、内容远在右侧，各工作表合计过大，或重复的文字过多），远大于一所学校的名册或账目，"
        "没有导入任何数据。请用 WPS 或 LibreOffice 打开它，只把需要导入的内容复制到新的工作簿，"
        "另存为“Excel 工作簿（*.xlsx）”后再导入。"
    )
