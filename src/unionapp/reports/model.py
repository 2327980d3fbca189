"""One report description that every output (xlsx, PDF, CSV, the printer) renders.

A `Report` holds typed values, not text: dates are `date`, money is exact. Masking of
ID numbers and phones happens here, once, when the report is made, so no output can
forget it. Money cells take `int` (fen, 分) or `Decimal` (yuan, 元); a float is refused
because it cannot hold 0.10 exactly.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, Literal

from unionapp.domain.dates import format_date
from unionapp.domain.masking import mask_id_number, mask_phone

Kind = Literal["text", "id", "phone", "date", "int", "money", "percent"]
ChartKind = Literal["bar", "grouped_bar", "pie"]
KINDS = ("text", "id", "phone", "date", "int", "money", "percent")
EMPTY_TEXT = "（无数据）"
TOTAL_LABEL = "合计"
SUBTOTAL_LABEL = "小计"
CENT = Decimal("0.01")
_MASKS = {"id": mask_id_number, "phone": mask_phone}
_RIGHT = ("int", "money", "percent")
_CENTRED = ("date", "id", "phone")


@dataclass(frozen=True)
class Column:
    """A column. `width` is its typical width in character cells (a Chinese character
    counts 2). `wrap` marks free text (摘要, 备注, 事由, a blank for signing): it takes the
    page's spare width and wraps. Any other text (names, 审批编号, categories) is as wide
    as its longest value, so a name is never broken across lines."""

    key: str
    header: str
    kind: Kind = "text"
    width: int = 10
    align: Literal["left", "center", "right", ""] = ""
    total: bool | None = None  # None: money columns are summed, others not
    wrap: bool = False

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown column kind {self.kind!r}")
        if self.wrap and self.kind != "text":
            raise ValueError("only a text column wraps")

    @property
    def alignment(self) -> str:
        if self.align:
            return self.align
        return "right" if self.kind in _RIGHT else "center" if self.kind in _CENTRED else "left"

    @property
    def summed(self) -> bool:
        return self.kind == "money" if self.total is None else self.total


@dataclass(frozen=True)
class Chart:
    """A chart drawn with the table: below it in the PDF, below it in the xlsx (its data
    on a second sheet). `series` are (name, one value per label); values are Decimal
    yuan, so the chart shows the same figures as the table."""

    kind: ChartKind
    title: str
    labels: Sequence[str]
    series: Sequence[tuple[str, Sequence[Decimal]]]
    unit: str = "元"

    def __post_init__(self) -> None:
        if self.kind not in ("bar", "grouped_bar", "pie"):
            raise ValueError(f"unknown chart kind {self.kind!r}")
        labels = tuple(self.labels)
        series = tuple((name, tuple(_money(v) or Decimal("0.00") for v in values)) for name, values in self.series)
        if not series or any(len(values) != len(labels) for _name, values in series):
            raise ValueError("each series needs one value per label")
        if self.kind != "grouped_bar" and len(series) != 1:
            raise ValueError(f"a {self.kind} chart has exactly one series")
        object.__setattr__(self, "labels", labels)
        object.__setattr__(self, "series", series)


@dataclass(frozen=True)
class Section:
    """A part of a report's rows that starts on a new page (a new print page in the
    xlsx), under its own heading line, and ends with its own totals row (小计), as a
    signature sheet per 工会小组 is. Rows stay in `Report.rows`; a section starts at
    row `start` and runs to the next one's start. `totals` name their label themselves
    (in the first column, else "小计")."""

    heading: str
    start: int
    totals: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Report:
    """A table report. `rows` are tuples in column order; after construction they are
    masked (unless `full_id`) and money is `Decimal` yuan. `totals` None means "sum the
    summed columns when there are any"; pass {} for no totals row, or your own values."""

    title: str
    columns: Sequence[Column]
    rows: Sequence[tuple]
    union_name: str = ""
    period: str = ""
    made_on: date = field(default_factory=date.today)
    totals: dict[str, Any] | None = None
    signatures: Sequence[str] = ()
    orientation: Literal["auto", "portrait", "landscape"] = "auto"
    subtitle: str = ""
    notes: str = ""
    full_id: bool = False
    charts: Sequence[Chart] = ()
    row_height: float = 0  # least height of a body row in points: room for a handwritten signature
    sections: Sequence[Section] = ()  # empty: one table; else the first starts at row 0
    # A form page (label | value rows, as a 提案表) has no header row, and some of its rows
    # need room to be written in by hand: least heights in points by row index.
    header_row: bool = True
    row_heights: Mapping[int, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        columns = tuple(self.columns)
        sections = tuple(self.sections)
        starts = [s.start for s in sections]
        if sections and (starts[0] != 0 or starts != sorted(set(starts)) or starts[-1] > len(self.rows)):
            raise ValueError(f"sections must start at row 0, in order, within the rows: {starts}")
        object.__setattr__(
            self, "sections", tuple(Section(s.heading, s.start, self._cast(columns, s.totals)) for s in sections)
        )
        object.__setattr__(self, "charts", tuple(self.charts))
        object.__setattr__(self, "columns", columns)
        object.__setattr__(self, "rows", _clean_rows(columns, self.rows, self.full_id))
        object.__setattr__(self, "signatures", tuple(self.signatures))
        object.__setattr__(self, "row_heights", dict(self.row_heights))
        if self.totals is None:
            totals = _sum_totals(columns, self.rows)
        else:
            totals = self._cast(columns, self.totals)
        object.__setattr__(self, "totals", totals)

    @staticmethod
    def _cast(columns: tuple[Column, ...], totals: dict[str, Any]) -> dict[str, Any]:
        return {k: _money(v) if _kind(columns, k) == "money" else v for k, v in totals.items()}

    def least_height(self, index: int) -> float:
        """The least height of body row `index`, in points."""
        return self.row_heights.get(index, self.row_height) if self.row_heights else self.row_height

    def spans(self) -> list[tuple[Section, int, int]]:
        """Each section with the range of its rows: (section, start, end)."""
        ends = [s.start for s in self.sections[1:]] + [len(self.rows)]
        return [(s, s.start, end) for s, end in zip(self.sections, ends)]

    def section_totals_row(self, section: Section) -> tuple | None:
        """A section's totals as a row ("小计" in the first column unless given)."""
        if not section.totals:
            return None
        row = [section.totals.get(c.key) for c in self.columns]
        if row[0] is None:
            row[0] = SUBTOTAL_LABEL
        return tuple(row)

    @property
    def totals_row(self) -> tuple | None:
        """The totals as a row ("合计" in the first column), or None when there are none."""
        if not self.totals:
            return None
        row = [self.totals.get(c.key) for c in self.columns]
        if row[0] is None:
            row[0] = TOTAL_LABEL
        return tuple(row)

    @property
    def info_line(self) -> str:
        """The line under the title: period and the date the table was made."""
        parts = [f"统计期间：{self.period}" if self.period else "", f"制表日期：{format_date(self.made_on)}"]
        return "　　".join(p for p in parts if p)


def _kind(columns: Sequence[Column], key: str) -> str:
    return next((c.kind for c in columns if c.key == key), "text")


def _clean_rows(columns: tuple[Column, ...], rows: Sequence[tuple], full_id: bool) -> tuple[tuple, ...]:
    """Mask and normalise only the columns that need it, so 10,000 rows stay cheap."""
    width = len(columns)
    fixes = [(i, _fixer(c.kind, full_id)) for i, c in enumerate(columns)]
    fixes = [(i, f) for i, f in fixes if f is not None]
    out = []
    for row in rows:
        if len(row) != width:
            raise ValueError(f"row has {len(row)} values for {width} columns: {row!r}")
        if fixes:
            row = list(row)
            for i, fix in fixes:
                row[i] = fix(row[i])
        out.append(tuple(row))
    return tuple(out)


def _fixer(kind: str, full_id: bool):
    if kind in _MASKS and not full_id:
        mask = _MASKS[kind]
        return lambda v: mask(v) if v else v
    if kind == "money":
        return _money
    return None


def _money(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool) or isinstance(value, float):
        raise TypeError(f"money must be int fen or Decimal yuan, not {value!r}")
    if isinstance(value, int):
        return (Decimal(value) / 100).quantize(CENT)
    if isinstance(value, Decimal):
        return value.quantize(CENT)
    raise TypeError(f"money must be int fen or Decimal yuan, not {value!r}")


def _sum_totals(columns: tuple[Column, ...], rows: tuple[tuple, ...]) -> dict[str, Any]:
    totals = {}
    for i, col in enumerate(columns):
        if col.summed:
            values = [r[i] for r in rows if r[i] is not None]
            totals[col.key] = sum(values, Decimal("0.00") if col.kind == "money" else 0)
    return totals


# ---------------------------------------------------------------- text of a cell


def format_money(value: Decimal | None, grouped: bool = True) -> str:
    """ "1,234.50" for display; "1234.50" (grouped=False) for CSV, so Excel reads a number."""
    if value is None:
        return ""
    return f"{value:,.2f}" if grouped else f"{value:.2f}"


def cell_text(column: Column, value: Any, grouped: bool = True) -> str:
    """How a value is shown in PDF, on paper and in CSV."""
    if value is None:
        return ""
    kind = column.kind
    if kind == "date" and isinstance(value, date):
        return format_date(value)
    if kind == "money" and isinstance(value, Decimal):
        return format_money(value, grouped)
    if kind == "percent" and isinstance(value, (int, Decimal)):
        return f"{Decimal(value) * 100:.1f}%"
    return str(value)


def display_width(text: str) -> int:
    """Width in character cells: CJK (wide) characters count 2."""
    if text.isascii():
        return len(text)
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


# ---------------------------------------------------------------- page orientation

PORTRAIT_WIDTH_PT = 595.3 - 2 * 42.5  # A4 less 15 mm margins
CHAR_PT = 9 * 0.55  # a half-width character at the 9 pt body size
CELL_PADDING_PT = 6


def is_landscape(report: Report) -> bool:
    """ "auto" turns the page when the columns' width hints do not fit an upright A4."""
    if report.orientation != "auto":
        return report.orientation == "landscape"
    needed = sum(c.width for c in report.columns) * CHAR_PT + CELL_PADDING_PT * len(report.columns)
    return needed > PORTRAIT_WIDTH_PT
