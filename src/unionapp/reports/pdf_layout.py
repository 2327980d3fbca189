"""Measuring and paginating a report for the PDF, without platypus.

platypus splits one long Table again and again (6 s for a 10,000-row roster); here each
row is measured once (wrapped by characters, as Chinese text is set) and rows are
dealt onto pages. A row taller than a page continues on the next one.
"""

from __future__ import annotations

import heapq
import re
from dataclasses import dataclass, field

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm

from . import fonts
from .files import Ticker
from .model import CHAR_PT, EMPTY_TEXT, Report, cell_text, is_landscape

MARGIN = 15 * mm
BODY_SIZE = 9
HEADER_SIZE = 9.5
LEADING = 1.28  # line height as a multiple of the font size
PAD_X, PAD_Y = 3, 2.5
TITLE_BLOCK = 52  # title, info line and gap above the table on the first page
CONT_BLOCK = 22  # the "（续表）" line on later pages
SECTION_LINE = 20  # a section's heading line above the table (Report.sections)
FOOTER_BLOCK = 20
SIGNATURE_BLOCK = 46
CHART_BLOCK = 230  # a row of charts below the table (see pdf._Painter._charts)
CHART_MIN = 150  # the least height charts are squeezed to, to stay on the table's page
CHART_AIR = 16  # gaps above and below the charts
NO_LINE_START = set("，。、；：？！）》」』】〕…—,.;:?!)%")
_WORD = re.compile(r"[0-9A-Za-z.,%]+$")  # a number or Latin word at a line's end: kept whole
RIGID = ("int", "money", "percent", "date", "id", "phone")  # never wrapped
SAMPLE_ROWS = 2000  # text columns: rows measured to size the column
LONGEST_EXTRA = 5  # and this many of the longest values (by characters) beyond them
RIGID_AIR = 6  # points added to a number or date column when the page has room
KEEP_ROWS = 3  # body rows that go with the totals row and signatures to their page
SLACK = 0.5  # points: column edges are sums of floats, keep exact fits from wrapping


@dataclass
class Row:
    """A row as drawn: each cell's lines, and its kind (body, header, total, empty)."""

    lines: list[list[str]]
    kind: str = "body"
    size: float = BODY_SIZE
    min_height: float = 0  # Report.row_height, for body rows
    height: float = field(init=False)  # asked for again and again while paging: computed once

    def __post_init__(self) -> None:  # lines are not changed after (a split makes new rows)
        self.height = max(max(map(len, self.lines), default=1) * self.size * LEADING + 2 * PAD_Y, self.min_height)


@dataclass
class Page:
    rows: list[Row] = field(default_factory=list)
    top: float = 0.0  # y of the table's top edge
    tail: bool = False  # notes and signatures go below this page's table
    section: int = -1  # the index of the report's section on this page; -1: no sections
    heading: str = ""  # that section's heading line, "（续）" added on its later pages


@dataclass
class Layout:
    page_size: tuple[float, float]
    col_x: list[float]  # column edges, len(columns) + 1
    header: Row
    pages: list[Page]
    notes: list[str]


def wrap(text: str, width: float, size: float) -> list[str]:
    """Greedy wrap by characters (Chinese breaks anywhere); keeps explicit newlines.
    A closing mark (，。）…) never starts a line: it takes the previous character along."""
    if "\n" not in text and fonts.text_width(text, size) <= width:
        return [text]
    lines: list[str] = []
    for para in text.split("\n"):
        line = ""
        for ch in para:
            if line and fonts.text_width(line + ch, size) > width:
                carry = _carry(line, ch)
                lines.append(line[: len(line) - len(carry)])
                line = carry
            line += ch
        lines.append(line)
    return lines


def _carry(line: str, ch: str) -> str:
    """What moves to the next line with `ch`: the end of a number ("500.00" is not split
    as "50|0.00"), or the last character before a closing mark; never the whole line."""
    word = _WORD.search(line) if _WORD.match(ch) else None
    if word and word.start() > 0:
        return word.group()
    return line[-1] if ch in NO_LINE_START and len(line) > 1 else ""


def column_edges(report: Report, page_width: float) -> list[float]:
    """Column edges filling the printable width. Numbers, dates, names and other short
    text get the room their longest value needs, so they never wrap; free text
    (Column.wrap) takes the rest and wraps. A page too narrow takes from free text first."""
    usable = page_width - 2 * MARGIN
    widths = [_natural_width(report, i, c) for i, c in enumerate(report.columns)]
    grow = _growing(report.columns)
    spare = usable - sum(widths)
    if spare > 0:  # a little air around the fixed columns first
        extra = min(RIGID_AIR, spare / len(widths))
        widths = [w if g else w + extra for w, g in zip(widths, grow)]
        spare = usable - sum(widths)
    if spare >= 0:  # widen the growing columns in proportion
        room = sum(w for w, g in zip(widths, grow) if g)
        widths = [w + spare * w / room if g else w for w, g in zip(widths, grow)]
    else:
        widths = _shrink(report.columns, widths, -spare)
    edges = [MARGIN]
    for w in widths:
        edges.append(edges[-1] + w)
    return edges


def _growing(columns) -> list[bool]:
    """The columns that take the spare width: free text, else any text, else all."""
    for takes in (lambda c: c.wrap, lambda c: c.kind not in RIGID, lambda c: True):
        found = [takes(c) for c in columns]
        if any(found):
            return found
    return []


def _natural_width(report: Report, index: int, col) -> float:
    """Header and content width: every row for numbers and dates; for text a sample, plus
    the few longest values of the whole column (so a long name on row 9,000 fits too).
    Distinct texts are measured once (names, groups and dates repeat a lot)."""
    rows = report.rows if col.kind in RIGID else report.rows[:SAMPLE_ROWS]
    texts = {cell_text(col, r[index]) for r in rows}
    if col.kind not in RIGID and not col.wrap and len(report.rows) > SAMPLE_ROWS:
        rest = {cell_text(col, r[index]) for r in report.rows[SAMPLE_ROWS:]}
        texts.update(heapq.nlargest(LONGEST_EXTRA, rest, key=len))
    sums = [report.totals_row, *(report.section_totals_row(s) for s in report.sections)]
    texts.update(cell_text(col, row[index]) for row in sums if row is not None)
    content = max((fonts.text_width(t, BODY_SIZE) for t in texts), default=0)
    header = fonts.text_width(col.header, HEADER_SIZE)
    if col.wrap:  # long notes wrap: prefer the hint, up to 3 times it
        hint = col.width * CHAR_PT
        content = max(min(content, 3 * hint), hint)
    return max(content, header) + 2 * PAD_X + SLACK


def _cells(chars: int) -> float:
    """The width of `chars` Chinese characters in a cell."""
    return chars * BODY_SIZE + 2 * PAD_X


def _shrink(columns, widths: list[float], excess: float) -> list[float]:
    """Take `excess` points: from free text down to its hint, then to four characters;
    only then from other text (a name may wrap) down to its hint, then to two
    characters; last from every column alike."""
    text = [c.kind not in RIGID for c in columns]
    hints = [max(c.width * CHAR_PT + 2 * PAD_X, _cells(2)) for c in columns]
    stages = (
        [max(h, _cells(4)) if c.wrap else None for c, h in zip(columns, hints)],
        [_cells(4) if c.wrap else None for c in columns],
        [h if t else None for t, h in zip(text, hints)],
        [_cells(2) if t else None for t in text],
    )
    for limits in stages:
        give = [max(w - lim, 0) if lim is not None else 0 for w, lim in zip(widths, limits)]
        if sum(give) >= excess:
            return [w - excess * g / sum(give) for w, g in zip(widths, give)]
        widths = [w - g for w, g in zip(widths, give)]
        excess -= sum(give)
    return [w * (sum(widths) - excess) / sum(widths) for w in widths]


def measure(report: Report, col_x: list[float], values: tuple, kind: str, size: float = BODY_SIZE) -> Row:
    texts = values if kind == "header" else map(cell_text, report.columns, values)
    return Row(_lines(texts, _rooms(col_x), size), kind, size, report.row_height if kind == "body" else 0)


def _rooms(col_x: list[float]) -> list[float]:
    """The width text has in each column."""
    return [right - left - 2 * PAD_X for left, right in zip(col_x, col_x[1:])]


def _lines(texts, rooms: list[float], size: float) -> list[list[str]]:
    """Each cell's lines; a text that fits (most do) is taken whole without calling wrap."""
    out = []
    known = fonts.known_width  # most texts were measured already, when sizing the columns
    for text, room in zip(texts, rooms):
        if not text:
            out.append([""])
        elif "\n" not in text and (known(text, size) or fonts.text_width(text, size)) <= room:
            out.append([text])
        else:
            out.append(wrap(text, room, size))
    return out


def layout(report: Report, ticker: Ticker) -> Layout:
    fonts.main_font()  # measuring needs the font registered
    size = landscape(A4) if is_landscape(report) else A4
    col_x = column_edges(report, size[0])
    header = measure(report, col_x, tuple(c.header for c in report.columns), "header", HEADER_SIZE)
    if not report.header_row:  # a form page: its rows label themselves
        header.height = 0
    pager = _Pager(size[1], header.height, bool(report.sections))
    rooms, columns = _rooms(col_x), report.columns
    spans = report.spans() or [(None, 0, len(report.rows))]
    for index, (section, start, end) in enumerate(spans):
        if section is not None:
            pager.start_section(index, section.heading)
        for index in range(start, end):  # measure() inlined: called 10,000 times for a roster
            values = report.rows[index]
            least = report.least_height(index)
            pager.place(Row(_lines(map(cell_text, columns, values), rooms, BODY_SIZE), "body", BODY_SIZE, least))
            ticker.step()
        subtotal = report.section_totals_row(section) if section is not None else None
        if subtotal is not None:
            pager.place(measure(report, col_x, subtotal, "total"))
    if not report.rows:
        pager.place(Row([[EMPTY_TEXT]], "empty"))
    if report.totals_row is not None:
        pager.place(measure(report, col_x, report.totals_row, "total"))
    notes = wrap(f"说明：{report.notes}", size[0] - 2 * MARGIN, BODY_SIZE) if report.notes else []
    tail = len(notes) * BODY_SIZE * LEADING + (SIGNATURE_BLOCK if report.signatures else 0)
    if report.charts:  # shorter charts rather than a second page for the charts alone
        tail += CHART_AIR
        tail += CHART_BLOCK if pager.free >= tail + CHART_BLOCK or pager.free < tail + CHART_MIN else CHART_MIN
    pager.finish(tail, min(KEEP_ROWS, len(report.rows)) if report.totals_row is not None or tail else 0)
    return Layout(size, col_x, header, pager.pages, notes)


class _Pager:
    """Deals rows onto pages, leaving room for the header row on each."""

    def __init__(self, page_height: float, header_height: float, sectioned: bool = False):
        self.page_height = page_height
        self.header_height = header_height
        self.line = SECTION_LINE if sectioned else 0  # each page's section heading
        self.section, self.heading = -1, ""
        self.pages: list[Page] = []
        self._new_page()

    def _new_page(self, heading: str = "") -> None:
        block = (TITLE_BLOCK if not self.pages else CONT_BLOCK) + self.line
        top = self.page_height - MARGIN - block
        self.pages.append(Page(top=top, section=self.section, heading=heading or self._continued()))
        self.free = top - self.header_height - (MARGIN + FOOTER_BLOCK)

    def _continued(self) -> str:
        return f"{self.heading}（续）" if self.heading else ""

    def start_section(self, index: int, heading: str) -> None:
        """A section starts a page of its own (the first one starts the first page)."""
        self.section, self.heading = index, heading
        if self.pages[-1].rows:
            self._new_page(heading)
        else:
            self.pages[-1].section, self.pages[-1].heading = index, heading

    @property
    def body_height(self) -> float:
        """Room for rows on a continuation page."""
        return self.page_height - 2 * MARGIN - CONT_BLOCK - self.line - FOOTER_BLOCK - self.header_height

    def place(self, row: Row) -> None:
        while row.height > self.free:
            if row.height <= self.body_height or self.free < self.body_height / 4:
                if self.pages[-1].rows:
                    self._new_page()
                    continue
            row = self._split(row)  # taller than a page: fill this one, carry the rest
        self.pages[-1].rows.append(row)
        self.free -= row.height

    def _split(self, row: Row) -> Row:
        fit = max(int((self.free - 2 * PAD_Y) // (row.size * LEADING)), 1)
        self.pages[-1].rows.append(Row([cell[:fit] for cell in row.lines], row.kind, row.size))
        self._new_page()
        return Row([cell[fit:] or [""] for cell in row.lines], row.kind, row.size)

    def finish(self, tail: float, keep: int) -> None:
        """Notes and signatures go below the last row, on its page or a new one; then
        that page takes rows back from the one before until it holds `keep` body rows,
        so a totals row or the signatures never stand alone."""
        if tail > self.free:
            self._new_page()
        self.free -= tail
        last, before = self.pages[-1], self.pages[-2] if len(self.pages) > 1 else None
        body = sum(r.kind == "body" for r in last.rows)
        while (
            before is not None
            and before.section == last.section  # never pull another section's rows onto this page
            and body < keep
            and len(before.rows) > 1
            and before.rows[-1].height <= self.free
        ):
            row = before.rows.pop()
            last.rows.insert(0, row)
            self.free -= row.height
            body += row.kind == "body"
        last.tail = True
