"""What every workbook reader gives the table finder: sheet names, rows of raw values,
merged ranges, and what it left unread because it lay beyond the limits below."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

Row = Sequence[object]

# A roster or ledger has a few dozen columns. Cells further right are not read: a cell at
# column XFD (16,384) made every row 16,384 values wide, which cost seconds per thousand rows.
MAX_COLUMN = 200
MAX_ROW = 1_048_576  # Excel's last row; a file may claim row 50,000,000 for a cell
MAX_CELL_TEXT = 32_767  # Excel's limit for one cell; a longer text is cut to it
# Merged ranges that reach over several rows, kept per sheet; a printed roster has at most
# a few thousand (one per group and column), so this is far more than any roster has.
MAX_MERGES = 10_000


@dataclass(frozen=True)
class Merge:
    """A merged range, 1-based and inclusive, as Excel shows it."""

    min_row: int
    min_col: int
    max_row: int
    max_col: int


@dataclass
class Overflow:
    """Content a reader skipped: cells right of MAX_COLUMN, rows below MAX_ROW."""

    cells: int = 0  # skipped cells with a value
    first: dict[int, int] = field(default_factory=dict)  # row → its first skipped column, for the first rows
    rows_below: bool = False

    def cell(self, row: int, column: int) -> None:
        self.cells += 1
        if len(self.first) < 50:
            self.first.setdefault(row, column)


def column_letter(number: int) -> str:
    """Excel's name of a 1-based column: 1 → A, 27 → AA, 16,384 → XFD."""
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


class Book:
    """An open workbook: sheet names and lazily read rows of raw values. `disguise` says
    what the file really is when its name says Excel and it is not (for messages)."""

    disguise = ""

    def sheet_names(self) -> list[str]:
        raise NotImplementedError

    def is_hidden(self, index: int) -> bool:
        return False

    def rows(
        self, index: int, start: int = 1, stop: int | None = None, overflow: Overflow | None = None
    ) -> Iterator[tuple[int, Row]]:
        """(row number as Excel shows it, values) from row `start` to `stop` (inclusive),
        in ascending order; a row missing from the file is blank. At most MAX_COLUMN values
        a row; what lies beyond the limits is counted in `overflow`."""
        raise NotImplementedError

    def merges(self, index: int) -> list[Merge]:
        """The sheet's merged ranges that span more than one row."""
        return []

    def close(self) -> None:
        pass


def keep_merge(merges: list[Merge], merge: Merge) -> None:
    """Add a range that spans rows and starts within the limits, cut to MAX_COLUMN."""
    if (
        merge.max_row > merge.min_row
        and merge.min_col <= MAX_COLUMN
        and merge.min_row <= MAX_ROW
        and len(merges) < MAX_MERGES
    ):
        merges.append(Merge(merge.min_row, merge.min_col, min(merge.max_row, MAX_ROW), min(merge.max_col, MAX_COLUMN)))
