"""A bundle (reports.bundle) as one PDF: the cover, the contents running on to as many
pages as they need, then each report drawn as it would be alone (reports.pdf), numbered
through the whole file, each part and nested part bookmarked, and with
`Bundle.running_header` each page naming its part in a small line above its title.

The pages of the cover and contents are counted before anything is drawn (the number of
contents lines is known from the bundle's tree), so every contents line carries the real
page its part starts on, and links to it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from unionapp.gc_pause import gc_paused

from . import fonts
from .files import Cancelled, Progress, Ticker, atomic_path
from .pdf import GRID_WIDTH, _Painter
from .pdf_layout import BODY_SIZE, MARGIN, layout

if TYPE_CHECKING:  # reports.bundle loads this module when a bundle is written
    from .bundle import Bundle, Entry

LINE_STEP = 22  # points between two contents lines
CONTENTS_SIZE = 11.5
INDENT = 2 * CONTENTS_SIZE  # a sub-part's contents line: two characters in
NUMBER_X = MARGIN + 40  # the page numbers' right edge, from the page's right edge
BOTTOM = MARGIN + 30  # the lowest contents line, above the page number
HEADER_SEP = "　／　"  # between a part's and its sub-part's names in the running header


@dataclass(frozen=True)
class _Line:
    level: int
    text: str
    key: str  # the bookmark the line links to
    report: int  # the index of its part's first report


def write(bundle: Bundle, path: str | Path, cancelled: Cancelled | None = None, progress: Progress | None = None):
    """See the module. Returns the characters no font could draw, as write_pdf does."""
    reports = bundle.reports()
    entries = bundle.entries()
    ticker = Ticker(2 * sum(len(r.rows) for _n, r in reports), cancelled, progress)
    missing: set[str] = set()
    with gc_paused():
        plans = [layout(r, ticker) for _n, r in reports]
        front = _front_pages(bundle, entries)
        firsts, page = [], len(front) + 1
        for plan in plans:
            firsts.append(page)
            page += len(plan.pages)
        total = page - 1
        heads = _running_headers(bundle, entries, len(reports))
        starting: dict[int, list[int]] = {}  # report index -> the entries that start there
        for k, entry in enumerate(entries):
            starting.setdefault(entry.first, []).append(k)
        with atomic_path(path) as tmp:
            canvas = Canvas(str(tmp), pagesize=A4, initialFontName=fonts.main_font(), initialFontSize=BODY_SIZE)
            canvas.setTitle(bundle.title)
            canvas.setCreator("工会助手")
            if bundle.cover:
                missing |= _draw_front(canvas, bundle, front, firsts, total, ticker)
            for i, ((_name, report), plan, first) in enumerate(zip(reports, plans, firsts)):
                canvas.setPageSize(plan.page_size)
                painter = _Painter(canvas, report, plan, first, total, running=heads[i])
                for number, one in enumerate(plan.pages, start=1):
                    if number == 1:
                        _bookmark(canvas, entries, starting.get(i, ()))
                    painter.page(one, number)
                    ticker.step(sum(1 for r in one.rows if r.kind == "body"))
                    canvas.showPage()
                missing |= painter.missing
            ticker.check()
            canvas.showOutline()
            canvas.save()
    return missing


# ---------------------------------------------------------------- bookmarks and headers


def _key(k: int) -> str:
    return f"part{k}"


def _bookmark(canvas: Canvas, entries: list[Entry], indices) -> None:
    """Bookmarks for the parts starting on this page, in the tree's order. The outline
    opens at the first level: the parts and their sub-parts show, deeper levels are folded."""
    for k in indices:
        entry = entries[k]
        canvas.bookmarkPage(_key(k))
        canvas.addOutlineEntry(entry.name, _key(k), level=entry.level, closed=entry.level >= 1)


def _running_headers(bundle: Bundle, entries: list[Entry], count: int) -> list[tuple[str, str] | None]:
    """Per report: (its part's name, with its sub-part's after it; the bundle's title)."""
    if not bundle.running_header:
        return [None] * count
    heads: list[list[str]] = [[] for _ in range(count)]
    for entry in entries:
        if entry.level <= 1:
            for i in range(entry.first, entry.first + entry.count):
                heads[i].append(entry.name)
    return [(HEADER_SEP.join(names), bundle.title) for names in heads]


# ---------------------------------------------------------------- cover and contents


def _contents_lines(bundle: Bundle, entries: list[Entry]) -> list[_Line]:
    if not bundle.cover or not bundle.cover.contents:
        return []
    lines, number = [], 0
    for k, entry in enumerate(entries):
        if entry.level > bundle.cover.depth:
            continue
        if entry.level == 0:
            number += 1
        text = f"{number}．{entry.name}" if entry.level == 0 else entry.name
        lines.append(_Line(entry.level, text, _key(k), entry.first))
    return lines


def _first_line_y(bundle: Bundle, on_cover: bool) -> float:
    """The y of the first contents line on the cover (after its facts) or a contents page."""
    if on_cover:
        return A4[1] * 0.70 - 50 - 24 * len(bundle.cover.facts) - 20 - 28
    return A4[1] - MARGIN - 70


def _room(first_y: float) -> int:
    return max(int((first_y - BOTTOM) // LINE_STEP) + 1, 0)


def _front_pages(bundle: Bundle, entries: list[Entry]) -> list[list[_Line]]:
    """The cover and contents pages, each with its contents lines (the cover's first)."""
    if not bundle.cover:
        return []
    lines = _contents_lines(bundle, entries)
    on_cover = 0 if bundle.cover.contents_page else _room(_first_line_y(bundle, True))
    pages = [lines[:on_cover]]
    rest, step = lines[on_cover:], _room(_first_line_y(bundle, False))
    while rest:
        pages.append(rest[:step])
        rest = rest[step:]
    return pages


def _draw_front(canvas: Canvas, bundle: Bundle, pages: list[list[_Line]], firsts, total: int, ticker) -> set[str]:
    report = bundle.cover.as_report(bundle.made_on)
    painter = _Painter(canvas, report, layout(report, ticker))
    canvas.bookmarkPage("cover")
    canvas.addOutlineEntry("封面", "cover", level=0)
    _draw_cover(painter, bundle)
    y = _first_line_y(bundle, True) + 28
    if pages[0]:
        painter._text("目　　录", painter.width / 2, y, 14, "center", bold=True)
        canvas.addOutlineEntry("目录", "cover", level=0)
        _draw_lines(painter, pages[0], firsts, y - 28)
    canvas.showPage()
    for number, lines in enumerate(pages[1:], start=2):
        heading = "目　　录" if number == 2 and not pages[0] else "目录（续）"
        if number == 2:
            canvas.bookmarkPage("contents")
            if not pages[0]:
                canvas.addOutlineEntry("目录", "contents", level=0)
        top = painter.height - MARGIN - 30
        painter._text(heading, painter.width / 2, top, 14, "center", bold=True)
        _draw_lines(painter, lines, firsts, _first_line_y(bundle, False))
        painter._text(f"第 {number} 页 共 {total} 页", painter.width / 2, MARGIN - 4, 9, "center")
        canvas.showPage()
    return painter.missing


def _draw_cover(painter: _Painter, bundle: Bundle) -> None:
    """Title a third down the page, the facts under it."""
    width, height = painter.width, painter.height
    y = height * 0.70
    painter._text(bundle.cover.title, width / 2, y, painter._fit(bundle.cover.title, 22), "center", bold=True)
    y -= 50
    facts = list(bundle.cover.facts)
    label_w = max((fonts.text_width(f"{k}：", 12) for k, _v in facts), default=0)
    left = _left(width)
    for label, text in facts:
        painter._text(f"{label}：", left + label_w, y, 12, "right")
        room = width - MARGIN - (left + label_w + 4)
        painter._text(text, left + label_w + 4, y, min(12, 12 * room / max(fonts.text_width(text, 12), 1)), "left")
        y -= 24


def _left(width: float) -> float:
    return max(MARGIN + 40, width / 2 - 170)


def _draw_lines(painter: _Painter, lines: list[_Line], firsts: list[int], y: float) -> None:
    """Contents lines: the name (a sub-part indented), a dotted leader, the first page;
    the whole line links to the part's bookmark."""
    c = painter.c
    left, right = _left(painter.width), painter.width - NUMBER_X
    for line in lines:
        x = left + INDENT * line.level
        number = f"第 {firsts[line.report]} 页"
        room = right - fonts.text_width(number, CONTENTS_SIZE) - 12 - x
        size = min(CONTENTS_SIZE, CONTENTS_SIZE * room / max(fonts.text_width(line.text, CONTENTS_SIZE), 1))
        painter._text(line.text, x, y, size, "left")
        painter._text(number, right, y, CONTENTS_SIZE, "right")
        start = x + fonts.text_width(line.text, size) + 4
        end = right - fonts.text_width(number, CONTENTS_SIZE) - 4
        if end > start:
            c.setLineWidth(GRID_WIDTH)
            c.setDash(1, 2)
            c.line(start, y + 1, end, y + 1)
            c.setDash()
        c.linkAbsolute("", line.key, (x, y - 4, right, y + CONTENTS_SIZE))
        y -= LINE_STEP
