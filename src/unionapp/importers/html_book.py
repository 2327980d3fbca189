"""An ".xls" that is a web page: many school and payroll systems export their tables as an
HTML <table> named .xls, often in GB2312. Each table with content is a sheet; a cell's
rowspan becomes a merged range (so fill-down works) and its colspan leaves the covered
cells blank, as Excel shows them. <br> is a line break; entities are decoded.

The page is read by `html_tokens` in one linear pass (no network, no external entities,
no recursion); what is kept is bounded: tables, their nesting, columns (MAX_COLUMN, the rest counted), rows
(rows without text cost nothing), cell text (MAX_CELL_TEXT) and spans.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from unionapp.importers.book import MAX_CELL_TEXT, MAX_COLUMN, MAX_ROW, Book, Merge, Overflow, Row, keep_merge
from unionapp.importers.errors import ImportFileError
from unionapp.importers.html_tokens import attribute, tokens
from unionapp.importers.text_encoding import decode_text

MAX_TABLES = 50  # tables kept as sheets; a page of layout tables has a few
MAX_DEPTH = 8  # tables nested deeper are read as text of the cell they are in
MAX_ROWSPAN = 65_534  # the HTML standard's limits
MAX_COLSPAN = 1_000
# Rows with text kept from all tables: a school's roster or ledger has some thousands;
# the table reader refuses 50,000 data rows of a sheet anyway.
MAX_KEPT_ROWS = 60_000
# Tags in the page, counted before it is read: 10,000 rows of a dozen cells are some 250,000.
MAX_TAGS = 1_000_000
_BREAK_AFTER = frozenset({"p", "div", "li"})


class _Table:
    """One table being read: rows with text, merged ranges, cells beyond MAX_COLUMN."""

    def __init__(self) -> None:
        self.rows: dict[int, list[object]] = {}  # row number → values, rows with text only
        self.merges: list[Merge] = []
        self.far: dict[int, tuple[int, int]] = {}  # row → (first far column, far cells with text)
        self.last = 0  # the last row number started
        self.below = False  # text in rows below MAX_ROW, not kept
        self._cells: list[object] | None = None  # the open row
        self._column = 1  # where the next cell of the open row may start
        self._below: dict[int, int] = {}  # column → last row a rowspan from above covers
        self._text: list[str | None] | None = None  # the open cell's pieces
        self._length = 0
        self._at = 1  # the open cell's column

    def start_row(self) -> None:
        self.end_row()
        self.last += 1
        self._cells, self._column = [], 1

    def end_row(self) -> None:
        self.end_cell()
        filled = self._cells or (self._cells is not None and self.last in self.far)
        if filled and self.last <= MAX_ROW:
            self.rows[self.last] = self._cells  # a row with text only far right: to count it
        elif filled:
            self.below = True
        self._cells = None

    def start_cell(self, rowspan: int, colspan: int) -> None:
        if self._cells is None:
            self.start_row()
        self.end_cell()
        while self._below.get(self._column, 0) >= self.last:
            self._column += 1  # a cell from a row above reaches down here
        self._at = self._column
        if rowspan > 1 and self._at <= MAX_COLUMN:
            last_row = self.last + rowspan - 1
            for column in range(self._at, min(self._at + colspan, MAX_COLUMN + 1)):
                self._below[column] = last_row
            keep_merge(self.merges, Merge(self.last, self._at, last_row, self._at + colspan - 1))
        self._column += colspan
        self._text, self._length = [], 0

    def text(self, piece: str | None) -> None:
        """Add text to the open cell; None is a line break (<br>)."""
        if self._text is not None and self._length < MAX_CELL_TEXT:
            self._text.append(piece)
            self._length += len(piece) if piece else 1

    def end_cell(self) -> None:
        if self._text is None or self._cells is None:
            return
        # The page's own line breaks and indents are spaces; only <br> breaks a line.
        lines, line = [], []
        for piece in [*self._text, None]:
            if piece is None:
                lines.append(" ".join("".join(line).split()))
                line = []
            else:
                line.append(piece)
        value = "\n".join(lines).strip()[:MAX_CELL_TEXT]
        self._text = None
        if not value:
            return
        if self._at > MAX_COLUMN:
            first, count = self.far.get(self.last, (self._at, 0))
            self.far[self.last] = (first, count + 1)
            return
        self._cells.extend([None] * (self._at - len(self._cells)))
        self._cells[self._at - 1] = value

    def finish(self) -> None:
        """Close the open row; ranges reaching below the last row end there."""
        self.end_row()
        last = max(self.rows, default=0)
        self.merges = [
            Merge(m.min_row, m.min_col, min(m.max_row, last), m.max_col) for m in self.merges if m.min_row < last
        ]


class _TableReader:
    """Builds the tables from the page's tokens."""

    def __init__(self) -> None:
        self.tables: list[_Table] = []
        self.open: list[_Table] = []
        self._ignored = 0  # tables not kept that are open: their </table> closes nothing
        self.kept_rows = 0

    def read(self, text: str) -> None:
        for kind, value, attributes in tokens(text):
            if kind == "text":
                if self.open:
                    self.open[-1].text(value)
            elif kind == "start":
                self._start(value, attributes)
            else:
                self._end(value)

    def _start(self, tag: str, attributes: str) -> None:
        if tag == "table":
            if len(self.open) < MAX_DEPTH and len(self.tables) < MAX_TABLES and not self._ignored:
                self.open.append(_Table())
                self.tables.append(self.open[-1])
            else:
                self._ignored += 1
        elif not self.open or self._ignored:
            return
        elif tag == "tr":
            self._end_row(self.open[-1])
            self.open[-1].start_row()
        elif tag in ("td", "th"):
            rowspan = _span(attribute(attributes, "rowspan"), MAX_ROWSPAN)
            self.open[-1].start_cell(rowspan, _span(attribute(attributes, "colspan"), MAX_COLSPAN))
        elif tag == "br":
            self.open[-1].text(None)

    def _end(self, tag: str) -> None:
        if tag == "table":
            if self._ignored:
                self._ignored -= 1
            elif self.open:
                table = self.open.pop()
                self._end_row(table)
                table.finish()
        elif not self.open or self._ignored:
            return
        elif tag == "tr":
            self._end_row(self.open[-1])
        elif tag in ("td", "th"):
            self.open[-1].end_cell()
        elif tag in _BREAK_AFTER:
            self.open[-1].text(None)

    def _end_row(self, table: _Table) -> None:
        before = len(table.rows)
        table.end_row()
        self.kept_rows += len(table.rows) - before
        if self.kept_rows > MAX_KEPT_ROWS:
            raise _TooManyRows


class _TooManyRows(Exception):
    pass


def _span(value: str | None, most: int) -> int:
    """A rowspan or colspan as browsers read it: leading digits, at least 1."""
    digits = re.match(r"\s*(\d{1,6})", value or "")
    return min(max(int(digits.group(1)), 1), most) if digits else 1


class HtmlBook(Book):
    """The tables of a web page, one sheet each, read whole when opened."""

    def __init__(self, tables: list[_Table]):
        self._tables = tables

    def sheet_names(self) -> list[str]:
        return [f"表格{number}" for number in range(1, len(self._tables) + 1)]

    def rows(
        self, index: int, start: int = 1, stop: int | None = None, overflow: Overflow | None = None
    ) -> Iterator[tuple[int, Row]]:
        table = self._tables[index]
        if overflow is not None and table.below:
            overflow.rows_below = True
        for number in sorted(table.rows):
            if number < start:
                continue
            if stop is not None and number > stop:
                return
            if overflow is not None and number in table.far:
                first, count = table.far[number]
                overflow.cell(number, first)
                overflow.cells += count - 1
            yield number, table.rows[number]

    def merges(self, index: int) -> list[Merge]:
        return list(self._tables[index].merges)

    def close(self) -> None:
        self._tables = []


def open_html_book(data: bytes, shown: str) -> Book:
    """The tables of a web page saved as .xls, or ImportFileError saying what it is."""
    text = decode_text(data, shown, web=True)
    if _is_spreadsheet_xml(text):
        raise ImportFileError(
            f"“{shown}”是 Excel 2003 的 XML 表格，本程序不能直接读取。"
            "请用 Excel 或 WPS 打开它，另存为“Excel 工作簿（*.xlsx）”后再导入。"
        )
    if text.count("<") > MAX_TAGS:
        raise ImportFileError(
            f"“{shown}”是网页格式的表格，但其中有超过 {MAX_TAGS:,} 个标记，远多于一所学校的名册或账目，"
            "没有导入任何数据。请确认选对了文件，或用 Excel 或 WPS 打开它，另存为“Excel 工作簿（*.xlsx）”后再导入。"
        )
    reader = _TableReader()
    try:
        reader.read(text)
    except _TooManyRows:
        raise ImportFileError(
            f"“{shown}”是网页格式的表格，其中有超过 {MAX_KEPT_ROWS:,} 行内容，远多于一所学校的名册或账目，"
            "没有导入任何数据。请确认选对了文件。"
        ) from None
    for table in reader.open:
        table.finish()  # tables the page never closed
    tables = [table for table in reader.tables if table.rows]
    if not tables:
        raise ImportFileError(
            f"“{shown}”其实是网页（HTML）文件，只是扩展名为 Excel，而且其中没有表格数据。"
            "请确认选对了文件，或在原来的系统中重新导出为 Excel 格式。"
        )
    return HtmlBook(tables)


def _is_spreadsheet_xml(text: str) -> bool:
    start = text[:4096]
    return start.lstrip("\ufeff \t\r\n").startswith("<?xml") and "urn:schemas-microsoft-com:office:spreadsheet" in start
