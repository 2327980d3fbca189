"""Tables that arrive as text: .csv/.tsv/.txt as Excel and WPS write them, and the ".xls"
files many school and payroll systems export, which are tab-separated text or a web page
holding a table (read by `html_book`).

The encoding and the delimiter are found, never asked (`text_encoding`). Values stay
text: the domain parsers read numbers, dates and amounts from text. Rows are parsed
lazily on each call of rows(), so a file of a million rows is never held as rows.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator
from pathlib import Path

from unionapp.importers.book import MAX_CELL_TEXT, MAX_COLUMN, MAX_ROW, Book, Overflow, Row
from unionapp.importers.errors import ImportFileError
from unionapp.importers.html_book import open_html_book
from unionapp.importers.text_encoding import SAVE_AS, decode_text, find_delimiter

MAX_TEXT_FILE = 50 * 2**20  # a school's roster as CSV is well under 1 MB; the file is read whole


def open_text_book(path: Path, head: bytes, shown: str) -> Book:
    """A text or web-page table as a Book, or ImportFileError saying what the file is and
    what to do. `head`: the file's first bytes; `shown`: its name for messages."""
    if _is_markup(head):
        book = open_html_book(_read(path, shown), shown)
        kind = "网页（HTML）格式的表格"
    elif _is_binary(head):
        raise ImportFileError(_binary_message(head, shown))
    else:
        text = decode_text(_read(path, shown), shown)
        book = CsvBook(text, find_delimiter(text), Path(shown).stem or "Sheet1", shown)
        kind = "文本文件（如 CSV）"
    if Path(shown).suffix.lower() in (".xls", ".xlsx", ".xlsm"):
        book.disguise = f"它其实是{kind}，只是扩展名为 Excel"
    return book


def _read(path: Path, shown: str) -> bytes:
    try:
        if path.stat().st_size > MAX_TEXT_FILE:
            raise ImportFileError(
                f"“{shown}”大于 {MAX_TEXT_FILE // 2**20} MB，远大于一所学校的名册或账目（通常不到 1 MB），没有导入任何数据。"
                "请确认选对了文件；如果其中有大量多余内容，请删除后另存为 .xlsx 再导入。"
            )
        return path.read_bytes()
    except OSError:
        raise ImportFileError(
            f"无法读取“{shown}”：文件正被其他程序使用或没有读取权限。请先在 Excel 或 WPS 中关闭这个文件，再导入。"
        ) from None


def _head_text(head: bytes) -> str:
    """The start of the file as text, for telling what it is (the last character may be cut)."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return codecs.getincrementaldecoder("utf-16")(errors="replace").decode(head)
    return head.removeprefix(codecs.BOM_UTF8).decode("latin-1")


def _is_markup(head: bytes) -> bool:
    return _head_text(head).lstrip(" \t\r\n\ufeff").startswith("<")


def _is_binary(head: bytes) -> bool:
    """Many control characters (NUL above all: UTF-16 without its BOM, any binary file):
    no text a spreadsheet writes. A stray one is read, and clean_cell strips it."""
    text = _head_text(head)
    controls = sum(1 for c in text if c < " " and c not in "\t\r\n\f\x1a")
    return controls * 20 > len(text)


def _binary_message(head: bytes, shown: str) -> str:
    if head.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
        return f"“{shown}”其实是 Excel 工作簿，只是扩展名不对。请把扩展名改为 .xlsx（或 .xls）后再导入。"
    return f"“{shown}”不是文本格式的表格（CSV），而是其他格式的文件，或者已损坏。" + SAVE_AS


class CsvBook(Book):
    """One sheet: the file's rows, parsed lazily on each call of rows()."""

    def __init__(self, text: str, delimiter: str, name: str, shown: str):
        self._text: str | None = text
        self._delimiter = delimiter
        self._name = name
        self._shown = shown

    def sheet_names(self) -> list[str]:
        return [self._name]

    def rows(
        self, index: int, start: int = 1, stop: int | None = None, overflow: Overflow | None = None
    ) -> Iterator[tuple[int, Row]]:
        if self._text is None:
            raise ValueError("book is closed")
        reader = csv.reader(io.StringIO(self._text, newline=""), delimiter=self._delimiter, strict=False)
        number = 0
        while True:
            try:
                fields = next(reader)
            except StopIteration:
                return
            except csv.Error:  # a cell over csv's limit of 131,072 characters
                raise ImportFileError(self._too_long(number + 1)) from None
            number += 1
            if number > MAX_ROW or (stop is not None and number > stop):
                if overflow is not None and number > MAX_ROW and any(fields):
                    overflow.rows_below = True
                return
            if number < start or not fields:
                continue
            if len(fields) > MAX_COLUMN:
                _count_far(number, fields, overflow)
                fields = fields[:MAX_COLUMN]
            yield number, [(f if len(f) <= MAX_CELL_TEXT else f[:MAX_CELL_TEXT]) or None for f in fields]

    def _too_long(self, row: int) -> str:
        return (
            f"“{self._shown}”第 {row} 行起有一个单元格超过 {csv.field_size_limit():,} 个字符，"
            '远超名册或账目的内容（常见原因是某个英文引号 " 没有配对），没有导入任何数据。'
            "请用 Excel 或 WPS 打开它检查这一行，另存为“Excel 工作簿（*.xlsx）”后再导入。"
        )

    def close(self) -> None:
        self._text = None


def _count_far(number: int, fields: list[str], overflow: Overflow | None) -> None:
    """Count the filled cells right of MAX_COLUMN, as the workbook readers do."""
    if overflow is None:
        return
    far = [column for column, f in enumerate(fields[MAX_COLUMN:], MAX_COLUMN + 1) if f]
    if far:
        overflow.cell(number, far[0])
        overflow.cells += len(far) - 1
