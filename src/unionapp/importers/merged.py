"""Merged cells in the data rows: each row under a merged range gets the range's value.

A printed-style roster merges 工会小组 or 职称 down over the rows of a group; the file
keeps the text only in the range's top cell, so the rows below would be read without
it. Ranges that start in or above the header row (titles, two-line headers) are left
alone, and so is a row whose key cell (the name) lies inside a range from above: that
row continues the record above it rather than being a record of its own.

Ranges that overlap each other are refused: Excel neither writes nor opens such a
sheet without repairing it, and they are what could make every row walk thousands of
ranges. Without overlaps, the ranges over one row lie side by side, at most one per
column, so a row's work is bounded by the sheet's width.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from unionapp.importers.book import Merge, Row

MAX_RANGES_SHOWN = 5  # ranges named in a column's note; then how many more


class OverlappingMerges(ValueError):
    """Two merged ranges of the data rows share cells: the sheet is damaged or crafted."""

    def __init__(self, first: Merge, second: Merge):
        super().__init__(first, second)
        self.first, self.second = first, second


class FillDown:
    def __init__(self, merges: Sequence[Merge], header_row: int, key_index: int, width: int):
        self._pending = sorted(
            (m for m in merges if m.min_row > header_row and m.min_col <= width), key=lambda m: m.min_row, reverse=True
        )  # popped from the end
        _refuse_overlaps(reversed(self._pending), width)
        self._active: list[tuple[Merge, list[object]]] = []  # ranges reached, with their top row's values
        self._key = key_index + 1  # 1-based, as the ranges are
        self._width = width
        self.used: dict[int, dict[Merge, None]] = {}  # 0-based column → ranges whose value filled rows, in order

    def __bool__(self) -> bool:
        return bool(self._pending or self._active)

    def top(self, number: int, raw: Row) -> None:
        """Note the values of ranges whose top row this is; forget the ranges left behind.
        Call for every row read, blank or not, in order."""
        self._active = [(m, top) for m, top in self._active if m.max_row >= number]
        while self._pending and self._pending[-1].min_row <= number:
            merge = self._pending.pop()
            if merge.min_row == number:  # a range whose top row is missing from the file is blank
                top = [raw[c - 1] if c <= len(raw) else None for c in range(merge.min_col, merge.max_col + 1)]
                if any(v is not None for v in top):
                    self._active.append((merge, top))

    def fill(self, number: int, raw: Row) -> Row:
        """The row with the cells under a range above it filled in (a new list when any is)."""
        below = [(m, top) for m, top in self._active if m.min_row < number]
        if not below or any(m.min_col <= self._key <= m.max_col for m, _ in below):
            return raw
        row = list(raw)
        for merge, top in below:
            for column, value in zip(range(merge.min_col, min(merge.max_col, self._width) + 1), top):
                if value is None:
                    continue
                row.extend([None] * (column - len(row)))
                row[column - 1] = value
                self.used.setdefault(column - 1, {})[merge] = None
        return row


def _refuse_overlaps(ranges: Iterable[Merge], width: int) -> None:
    """Raise OverlappingMerges for the first range that shares cells with an earlier one;
    `ranges` in ascending order of top row. Cost: ranges × columns spanned (≤ width)."""
    covered: dict[int, Merge] = {}  # column → the range reaching lowest in it so far
    for merge in ranges:
        for column in range(merge.min_col, min(merge.max_col, width) + 1):
            other = covered.get(column)
            if other is not None and other.max_row >= merge.min_row:
                raise OverlappingMerges(other, merge)
            if other is None or merge.max_row > other.max_row:
                covered[column] = merge


def fill_note(header: str, ranges: Sequence[Merge]) -> str:
    """第 5–8、12–15 行的“工会小组”是合并单元格，已按合并的值填入每一行。"""
    shown = "、".join(f"{m.min_row}–{m.max_row}" for m in ranges[:MAX_RANGES_SHOWN])
    more = f"等 {len(ranges):,} 处" if len(ranges) > MAX_RANGES_SHOWN else ""
    return f"第 {shown} 行{more}的“{header}”是合并单元格，已按合并的值填入每一行。"
