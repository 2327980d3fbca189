"""Reading an .xlsx/.xlsm within fixed bounds of time and memory, whatever is inside.

The zip's directory is checked first, for every member whatever its name (openpyxl
finds parts through [Content_Types].xml, so a shared-strings part may be called
"strings.dat"). openpyxl then reads only the small parts it holds whole (content
types, workbook, relationships, shared strings, styles), each through an archive that
refuses a part over MAX_OTHER_PART. The worksheets are not handed to openpyxl: its
read-only sheet builds a tree of the whole sheet when <dimension> is missing, pads
every row to the farthest column and yields every row of a gap. They are streamed
here with expat, row by row, skipping gaps, far columns and rows past Excel's last.
"""

from __future__ import annotations

import functools
import re
import warnings
from collections.abc import Iterator
from pathlib import Path
from xml.parsers import expat

from openpyxl.reader.excel import ExcelReader
from openpyxl.styles.stylesheet import apply_stylesheet
from openpyxl.utils.datetime import from_excel, from_ISO8601
from openpyxl.worksheet._reader import _cast_number

from unionapp.domain.text import shown
from unionapp.importers.book import MAX_CELL_TEXT, MAX_COLUMN, MAX_ROW, Book, Merge, Overflow, Row, keep_merge
from unionapp.importers.errors import ImportFileError
from unionapp.importers.zipcheck import (  # noqa: F401 - the limits, as they were known here
    MAX_MEMBERS,
    MAX_OTHER_PART,
    MAX_RATIO,
    MAX_SHEET_PART,
    MAX_TOTAL,
    RATIO_FROM,
    GuardedZip,
    TooLarge,
    check_members,
    open_archive,
)

_CHUNK = 2**16
# Bytes fed to expat with no element or text reported: no sheet has a token (tag, attribute)
# this long (cell text comes in pieces). expat rescans an unfinished token on every chunk:
# a 280 MB attribute would take hours.
MAX_SILENT = 4 * 2**20

_COORDINATE = re.compile(r"\$?([A-Za-z]{1,3})\$?(\d{1,9})")
_LETTERS = re.compile(r"\$?([A-Za-z]{1,3})\$?")
_MERGE_CELL = re.compile(rb"<(?:[A-Za-z_][\w.-]{0,30}:)?mergeCell\s[^>]{0,200}?\bref\s*=\s*[\"']([^\"'<>]{1,40})[\"']")
_OVERLAP = 512  # longer than any match of _MERGE_CELL


class _Reader(ExcelReader):
    """openpyxl's reader on a guarded archive (its own opens a plain ZipFile), for values:
    formulas give their cached results; links to other files are not followed."""

    def __init__(self, archive: GuardedZip):
        self.archive = archive
        self.valid_files = archive.namelist()
        self.read_only, self.keep_vba, self.data_only, self.keep_links, self.rich_text = True, False, True, False, False
        self.shared_strings = []


class XlsxBook(Book):
    def __init__(self, path: Path):
        self._archive = open_archive(path)
        try:
            reader = _Reader(self._archive)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # "no default style", "extension not supported"
                reader.read_manifest()
                reader.read_strings()
                reader.read_workbook()
                apply_stylesheet(self._archive, reader.wb)  # which number formats are dates
                self._sheets = [
                    (sheet.name, sheet.state, rel.target)
                    for sheet, rel in reader.parser.find_sheets()
                    if rel.target in reader.valid_files and "chartsheet" not in rel.Type
                ]
        except BaseException:
            self._archive.close()
            raise
        wb = reader.wb
        self._values = _Values(_cut_texts(reader.shared_strings), wb.epoch, wb._date_formats, wb._timedelta_formats)

    def sheet_names(self) -> list[str]:
        return [name for name, _state, _path in self._sheets]

    def is_hidden(self, index: int) -> bool:
        return self._sheets[index][1] != "visible"

    def rows(
        self, index: int, start: int = 1, stop: int | None = None, overflow: Overflow | None = None
    ) -> Iterator[tuple[int, Row]]:
        collector = _RowCollector(self._values, start, stop, overflow or Overflow())
        parser = collector.parser()
        silent = seen = 0  # bytes fed since expat last reported anything; its reports so far
        with self._archive.open_sheet(self._sheets[index][2]) as src:
            while True:
                chunk = src.read(_CHUNK)
                try:
                    parser.Parse(chunk, not chunk)
                except _Stop:
                    yield from collector.take()
                    return
                yield from collector.take()
                if not chunk:
                    return
                silent, seen = (0 if collector.events != seen else silent + len(chunk)), collector.events
                if silent > MAX_SILENT:
                    raise ImportFileError(
                        f"“{Path(str(self._archive.filename)).name}”的工作表“{shown(self._sheets[index][0])}”"
                        f"中有一段异常长的内容（单个标记超过 {MAX_SILENT // 2**20} MB），文件可能已损坏或被改动，"
                        "没有导入任何数据。请在 Excel 中另存为新的 .xlsx 后再导入。"
                    )

    def merges(self, index: int) -> list[Merge]:
        """The <mergeCell ref="B5:B8"/> elements, found in the raw bytes: they follow the
        sheet's data, and matching bytes is a hundred times faster than parsing the cells
        again. (Cell text can't hold a raw "<": XML escapes it.)"""
        found: list[Merge] = []
        tail = b""
        with self._archive.open_sheet(self._sheets[index][2]) as src:
            while chunk := src.read(_CHUNK * 16):
                text = tail + chunk
                cut = len(text) - _OVERLAP  # a match starting before it ends within this text
                for match in _MERGE_CELL.finditer(text, 0, len(text)):
                    if match.start() >= cut:
                        break  # found again, whole, with the next chunk
                    _add_merge(found, match.group(1))
                tail = text[max(cut, 0) :]
            for match in _MERGE_CELL.finditer(tail):
                _add_merge(found, match.group(1))
        return found

    def close(self) -> None:
        self._archive.close()


def _add_merge(found: list[Merge], ref: bytes) -> None:
    first, _, last = ref.decode("ascii", "replace").partition(":")
    a, b = _COORDINATE.fullmatch(first), _COORDINATE.fullmatch(last)
    if a and b:
        rows = sorted((int(a.group(2)), int(b.group(2))))
        cols = sorted((_column_number(a.group(1)), _column_number(b.group(1))))
        keep_merge(found, Merge(rows[0], cols[0], rows[1], cols[1]))


def _cut_texts(strings: list) -> list:
    """Texts longer than a cell can hold are cut (in place): each cell that refers to
    one would otherwise copy it while being cleaned, 50,000 rows × 10 MB."""
    for i, text in enumerate(strings):
        if isinstance(text, str) and len(text) > MAX_CELL_TEXT:
            strings[i] = text[:MAX_CELL_TEXT]
    return strings


def _cell_column(ref: str) -> int:
    """The column of a cell reference such as "AB12"; called for every cell."""
    letters = ref.rstrip("0123456789")
    if len(letters) == len(ref):
        raise ValueError(f"cell reference {ref[:20]!r}")  # damaged, as openpyxl says too
    return _letters_column(letters)


@functools.lru_cache(maxsize=1024)
def _letters_column(letters: str) -> int:
    match = _LETTERS.fullmatch(letters)
    if match is None:
        raise ValueError(f"cell reference {letters[:20]!r}")
    return _column_number(match.group(1))


def _column_number(letters: str) -> int:
    number = 0
    for ch in letters.upper():
        number = number * 26 + ord(ch) - 64
    return number


class _Stop(Exception):
    """The rows asked for have all been read."""


class _Values:
    """A cell's value from its type, style and text, as openpyxl's read-only sheet gives it."""

    def __init__(self, shared: list, epoch, date_formats: set, timedelta_formats: set):
        self.shared, self.epoch = shared, epoch
        self.date_formats, self.timedelta_formats = date_formats, timedelta_formats

    def value(self, kind: str, style: str | None, text: str | None) -> object:
        if not text:
            return None
        if kind == "n":
            number = _cast_number(text)
            style_id = int(style) if style else 0
            if style_id not in self.date_formats:
                return number
            try:
                return from_excel(number, self.epoch, timedelta=style_id in self.timedelta_formats)
            except (OverflowError, ValueError):
                return "#VALUE!"  # a date format on a number that is no date: the parser explains
        if kind == "s":
            return self.shared[int(text)]
        if kind == "b":
            return bool(int(text))
        if kind == "d":
            return from_ISO8601(text)
        return text  # "str" (a formula's text), "e" (an error such as #N/A)


class _RowCollector:
    """expat handlers that collect the rows from `start` to `stop` of one worksheet."""

    def __init__(self, values: _Values, start: int, stop: int | None, overflow: Overflow):
        self.values, self.start, self.stop, self.overflow = values, start, stop, overflow
        self.done: list[tuple[int, Row]] = []
        self.in_data = False
        self.number = 0  # the current row
        self.cells: dict[int, object] | None = None  # None: the current row is not wanted
        self.column = 0
        self.cell: list | None = None  # [column, type, style, text parts, length] of a wanted cell
        self.dropped = False  # the current cell lies beyond MAX_COLUMN
        self.phonetic = 0  # inside <rPh>: furigana, not part of the text
        self.events = 0  # elements and texts reported, to tell a stalled parser
        self._parser = expat.ParserCreate(namespace_separator="}")

    def parser(self):
        parser = self._parser
        parser.buffer_text = True
        parser.StartElementHandler = self.start_element
        parser.EndElementHandler = self.end_element
        parser.StartDoctypeDeclHandler = _no_dtd  # Excel never writes one; entities stay out
        parser.EntityDeclHandler = _no_dtd
        return parser

    def take(self) -> list[tuple[int, Row]]:
        done, self.done = self.done, []
        return done

    def start_element(self, name: str, attrs: dict[str, str]) -> None:
        self.events += 1
        tag = name.rpartition("}")[2]
        if tag == "c" and self.cells is not None:
            self._start_cell(attrs)
        elif self.cell is not None:
            inline = self.cell[1] == "inlineStr"
            if (tag == "t" and inline and not self.phonetic) or (tag == "v" and not inline):
                self._parser.CharacterDataHandler = self.text  # only while inside: far fewer calls
            elif tag == "rPh":
                self.phonetic += 1
        elif self.dropped:
            if tag in ("v", "is"):
                self.overflow.cell(self.number, self.column)
                self.dropped = False  # counted once
        elif tag == "row" and self.in_data:
            self._start_row(attrs.get("r"))
        elif tag == "sheetData":
            self.in_data = True

    def _start_row(self, r: str | None) -> None:
        number = int(r) if r is not None else self.number + 1  # r="x35": damaged, as openpyxl says too
        if number <= self.number:
            self.cells = None  # out of order: openpyxl dropped such rows too
            return
        self.number, self.column = number, 0
        if number > MAX_ROW:
            self.overflow.rows_below = True
            raise _Stop
        if self.stop is not None and number > self.stop:
            raise _Stop
        self.cells = {} if number >= self.start else None

    def _start_cell(self, attrs: dict[str, str]) -> None:
        ref = attrs.get("r")
        self.column = _cell_column(ref) if ref else self.column + 1
        if self.column > MAX_COLUMN:
            self.dropped = True
            return
        self.cell = [self.column, attrs.get("t", "n"), attrs.get("s"), [], 0]

    def text(self, data: str) -> None:
        self.events += 1
        cell = self.cell
        room = MAX_CELL_TEXT - cell[4]
        if room > 0:
            cell[3].append(data[:room])
            cell[4] += min(len(data), room)

    def end_element(self, name: str) -> None:
        self.events += 1
        tag = name.rpartition("}")[2]
        if tag in ("v", "t"):
            self._parser.CharacterDataHandler = None
        elif tag == "rPh":
            self.phonetic -= 1
        elif tag == "c":
            self._end_cell()
        elif tag == "row" and self.cells is not None:
            if self.cells:
                row: list[object] = [None] * max(self.cells)
                for column, value in self.cells.items():
                    row[column - 1] = value
                self.done.append((self.number, row))
            self.cells = None
        elif tag == "sheetData":
            raise _Stop

    def _end_cell(self) -> None:
        cell, self.cell, self.dropped, self.phonetic = self.cell, None, False, 0
        if cell is None or self.cells is None:
            return
        column, kind, style, parts, _length = cell
        text = "".join(parts)
        if kind == "inlineStr":
            value = text if parts else None
        else:
            value = self.values.value(kind, style, text)
        if value is not None:
            self.cells[column] = value


def _no_dtd(*_args) -> None:
    raise ValueError("a worksheet with a document type declaration")
