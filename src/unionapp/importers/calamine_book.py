"""A workbook read by python-calamine (Rust): .xls, .ods, and the .xlsx/.xlsm files that
`prescan` found safe to hold whole.

calamine loads a whole sheet at once, as a dense grid from its first to its last cell,
so it is used only where the grid's size is bounded beforehand (`prescan`); the values
are converted to what the streaming reader gives: whole numbers as int, empty cells as
None, text cut to MAX_CELL_TEXT.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, datetime, time, timedelta
from pathlib import Path

from python_calamine import CalamineSheet, CalamineWorkbook, SheetTypeEnum, SheetVisibleEnum

from unionapp.importers.book import MAX_CELL_TEXT, MAX_COLUMN, MAX_ROW, Book, Merge, Overflow, Row, keep_merge

_KEPT = (bool, date, datetime, time, timedelta)  # handed over as they are


class CalamineFailed(Exception):
    """calamine panicked (a Rust panic arrives as a BaseException) on a damaged file."""


class CalamineBook(Book):
    """`by_name`: the file's extension names its format (else calamine tells it from the
    content, which works for all but an encrypted .xls: "Cannot detect file format");
    `merges`: each sheet's merged ranges where calamine gives none (.ods);
    `fallback`: the streaming reader to use when calamine can't read a sheet."""

    def __init__(
        self,
        path: Path,
        by_name: bool = True,
        merges: list[list[Merge]] | None = None,
        fallback: Callable[[], Book] | None = None,
    ):
        if by_name:
            self._book = _guarded(CalamineWorkbook.from_path, str(path))
        else:  # a legacy .xls renamed .xlsx still opens
            with path.open("rb") as f:
                self._book = _guarded(CalamineWorkbook.from_filelike, f)
        # Chart sheets hold no cells: listed by calamine, but no table can be in them.
        self._sheets = [(i, m) for i, m in enumerate(self._book.sheets_metadata) if m.typ == SheetTypeEnum.WorkSheet]
        self._loaded: tuple[int, CalamineSheet] | None = None  # one sheet held at a time
        self._merges, self._fallback = merges, fallback
        self._stream: Book | None = None  # the fallback, once calamine failed on a sheet

    def sheet_names(self) -> list[str]:
        return [m.name for _i, m in self._sheets]

    def is_hidden(self, index: int) -> bool:
        return self._sheets[index][1].visible != SheetVisibleEnum.Visible

    def _sheet(self, index: int) -> CalamineSheet | None:
        """The sheet's grid, or None when the fallback reads it: a sheet calamine can't
        read (a cell "abc" typed as a number) is streamed, which says where it is damaged."""
        if self._stream is not None:
            return None
        if self._loaded is None or self._loaded[0] != index:
            self._loaded = None  # the previous grid is freed before the next is built
            try:
                self._loaded = (index, _guarded(self._book.get_sheet_by_index, self._sheets[index][0]))
            except Exception:
                if self._fallback is None:
                    raise
                self._stream = self._fallback()
                return None
        return self._loaded[1]

    def rows(
        self, index: int, start: int = 1, stop: int | None = None, overflow: Overflow | None = None
    ) -> Iterator[tuple[int, Row]]:
        sheet = self._sheet(index)
        if sheet is None:
            other = self._stream_index(index)
            if other is not None:
                yield from self._stream.rows(other, start, stop, overflow)
            return
        first_row, first_col = sheet.start or (0, 0)  # 0-based corner of the grid; None when empty
        pad = [None] * first_col
        last = MAX_ROW if stop is None else min(stop, MAX_ROW)
        for number, cells in enumerate(sheet.iter_rows(), first_row + 1):
            if number < start:
                continue
            if number > last:
                if number > MAX_ROW and overflow is not None and any(v != "" for v in cells):
                    overflow.rows_below = True
                return
            row = pad + _values(cells[: max(MAX_COLUMN - first_col, 0)])
            while row and row[-1] is None:
                row.pop()
            if overflow is not None and len(cells) + first_col > MAX_COLUMN:
                _count_far(number, cells, MAX_COLUMN - first_col, first_col, overflow)
            if row:
                yield number, row[:MAX_COLUMN]

    def merges(self, index: int) -> list[Merge]:
        sheet = self._sheet(index)
        if sheet is None:
            other = self._stream_index(index)
            return [] if other is None else self._stream.merges(other)
        if self._merges is not None:
            return self._merges[index] if index < len(self._merges) else []
        found: list[Merge] = []
        for (top, left), (bottom, right) in sheet.merged_cell_ranges or ():  # 0-based, inclusive
            keep_merge(found, Merge(top + 1, left + 1, bottom + 1, right + 1))
        return found

    def _stream_index(self, index: int) -> int | None:
        """The fallback's index of this sheet: it leaves out a sheet whose part is missing,
        which calamine lists (and fails on), so the same index may name another sheet."""
        names = self._stream.sheet_names()
        name = self.sheet_names()[index]
        return names.index(name) if name in names else None

    def close(self) -> None:
        self._loaded = None
        self._book.close()
        if self._stream is not None:
            self._stream.close()


def _guarded(call, *args):
    """call(*args), with a Rust panic (pyo3's PanicException derives from BaseException,
    so `except Exception` would let it through as a traceback) raised as CalamineFailed."""
    try:
        return call(*args)
    except Exception:
        raise
    except BaseException as exc:
        if isinstance(exc, (KeyboardInterrupt, SystemExit, GeneratorExit)):
            raise
        raise CalamineFailed(str(exc)[:200]) from None


def _values(cells: list) -> list:
    """[_value(v) for v in cells], with a short text (most cells) taken without the call."""
    return [v if type(v) is str and v and len(v) <= MAX_CELL_TEXT else _value(v) for v in cells]


def _value(value: object) -> object:
    """A calamine cell as the importers expect it. calamine gives "" for an empty cell
    and every number as float; dates, times and durations come as Python objects."""
    kind = type(value)
    if kind is str:
        if not value:
            return None
        return value if len(value) <= MAX_CELL_TEXT else value[:MAX_CELL_TEXT]
    if kind is float:
        return int(value) if value.is_integer() and abs(value) < 1e15 else value
    if kind is int or isinstance(value, _KEPT):
        return value
    return str(value)[:MAX_CELL_TEXT]  # nothing else is known to come; as text, the parsers explain


def _count_far(number: int, cells: list, skip: int, first_col: int, overflow: Overflow) -> None:
    far = next((c for c, v in enumerate(cells[max(skip, 0) :], max(skip, 0) + first_col + 1) if v != ""), None)
    if far is not None:
        overflow.cell(number, far)
