"""Report -> PDF with reportlab's canvas: A4, the bundled CJK font embedded as a subset,
title on the first page, the header row on every page, "第 i 页 共 N 页", totals,
notes and signature lines at the end. Layout is in pdf_layout; this module draws.
"""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from unionapp.gc_pause import gc_paused

from . import fonts
from .files import Cancelled, Progress, Ticker, atomic_path
from .model import Report
from .pdf_layout import (
    BODY_SIZE,
    CHART_AIR,
    CHART_MIN,
    FOOTER_BLOCK,
    LEADING,
    MARGIN,
    PAD_X,
    PAD_Y,
    SIGNATURE_BLOCK,
    Layout,
    Page,
    Row,
    layout,
)

HEADER_GREY = 0.85
MISSING_MARK = "□"
GRID_WIDTH = 0.5
_BOLD_STROKE = 0.25  # WenQuanYi has no bold face: fill and stroke the glyphs instead
CHART_GAP = 18  # points between two charts side by side
CHART_MAX = 300  # taller charts only look emptier
_UNSEEN = object()


def write_pdf(
    report: Report, path: str | Path, cancelled: Cancelled | None = None, progress: Progress | None = None
) -> set[str]:
    """Write `report` to `path` atomically. Returns the characters no installed font can
    draw (shown as boxes), so the caller can warn; raises ExportCancelled / ExportError.
    The cycle collector waits meanwhile: a 10,000-row roster allocates millions of lines,
    operators and cache entries, whose collections found next to nothing in a quarter of
    the time."""
    if not isinstance(report, Report):  # a reports.bundle.Bundle (several reports) writes itself
        return report.write_pdf(path, cancelled, progress)
    with gc_paused():
        return _write(report, path, Ticker(2 * len(report.rows), cancelled, progress))


def _write(report: Report, path: str | Path, ticker: Ticker) -> set[str]:
    font = fonts.main_font()
    plan = layout(report, ticker)
    with atomic_path(path) as tmp:
        canvas = Canvas(str(tmp), pagesize=plan.page_size, initialFontName=font, initialFontSize=BODY_SIZE)
        canvas.setTitle(report.title)
        canvas.setAuthor(report.union_name)
        canvas.setCreator("工会助手")
        canvas.setSubject(report.info_line)
        painter = _Painter(canvas, report, plan)
        for number, page in enumerate(plan.pages, start=1):
            painter.page(page, number)
            ticker.step(sum(1 for r in page.rows if r.kind == "body"))
            canvas.showPage()
        ticker.check()
        canvas.save()
    return painter.missing


class _Painter:
    def __init__(
        self,
        canvas: Canvas,
        report: Report,
        plan: Layout,
        first: int = 1,
        total: int = 0,
        running: tuple[str, str] | None = None,
    ):
        """`first` and `total`: the page numbers shown when the report is part of a
        longer document (reports.bundle); by default its own. `running`: that document's
        running header, (the part's name, the document's title)."""
        self.first, self.total = first, total or len(plan.pages)
        self.running = running
        self.c = canvas
        self.report = report
        self.plan = plan
        self.width, self.height = plan.page_size
        self.aligns = [c.alignment for c in report.columns]
        self.missing: set[str] = set()
        self._font: tuple[str, float] | None = None  # the text object's current font
        self._main = pdfmetrics.getFont(fonts.MAIN)
        # text -> its "(...) Tj" operators by font subset, for this document: the subset
        # codes a character gets are fixed once given, and most cells repeat (groups,
        # titles, genders, dates), so each distinct text is encoded once, not per cell.
        self._shown: dict[str, list[tuple[int, str]]] = {}
        self._tf: dict[tuple[int, float, float], str] = {}  # the subset-switching operator
        self._ascii: frozenset[str] | None = None  # characters that are their own code
        self._plain: frozenset[str] = frozenset()  # and need no escaping
        self._prepared: dict[float, dict[str, tuple[float, list] | None]] = {}  # size -> text -> _ready
        # Body cells: (anchor, how much of the text's width to step back, alignment).
        edges = plan.col_x
        self._body_cols = [
            {
                "left": (edges[i] + PAD_X, 0, "left"),
                "right": (edges[i + 1] - PAD_X, 1, "right"),
            }.get(align, ((edges[i] + edges[i + 1]) / 2, 0.5, "center"))
            for i, align in enumerate(self.aligns)
        ]

    # ------------------------------------------------------------ page furniture

    def page(self, page: Page, number: int) -> None:
        if self.running:
            self._running_header()
        if number == 1:
            self._title_block()
        else:
            self._text(f"{self.report.title}（续表）", self.width / 2, self.height - MARGIN - 12, 10, "center")
        if page.heading:  # a section's heading line, just above its table
            self._text(page.heading, MARGIN, page.top + 6, self._fit(page.heading, 10.5), "left", bold=True)
        bottom = self._table(page)
        if page.tail:
            self._tail(bottom)
        shown = self.first + number - 1
        self._text(f"第 {shown} 页 共 {self.total} 页", self.width / 2, MARGIN - 4, 9, "center")

    def _running_header(self) -> None:
        """A small line in the top margin, above the title area, ruled off from it."""
        part, title = self.running
        y = self.height - MARGIN + 14
        room = self.width - 2 * MARGIN - fonts.text_width(title, 8) - 24
        self._text(part, MARGIN, y, min(8, 8 * room / max(fonts.text_width(part, 8), 1)), "left")
        self._text(title, self.width - MARGIN, y, 8, "right")
        self.c.setLineWidth(GRID_WIDTH)
        self.c.line(MARGIN, y - 4, self.width - MARGIN, y - 4)

    def _title_block(self) -> None:
        top = self.height - MARGIN
        self._text(self.report.title, self.width / 2, top - 18, self._fit(self.report.title, 16), "center", bold=True)
        info = self.report.info_line
        if self.report.subtitle:
            info = f"{info}　　{self.report.subtitle}"
        self._text(info, self.width / 2, top - 38, self._fit(info, 9.5), "center")

    def _fit(self, line: str, size: float) -> float:
        """A smaller size for a line that would run past the margins (a long hospital or
        union name): these lines are drawn once, not wrapped, so they shrink instead."""
        wide = fonts.text_width(line, size)
        room = self.width - 2 * MARGIN
        return size if wide <= room else size * room / wide

    def _tail(self, y: float) -> None:
        y -= 6
        if self.report.charts:
            y = self._charts(y)
        for line in self.plan.notes:
            y -= BODY_SIZE * LEADING
            self._text(line, MARGIN, y, BODY_SIZE, "left")
        labels = self.report.signatures
        if not labels:
            return
        y -= SIGNATURE_BLOCK - 16
        slot = (self.width - 2 * MARGIN) / len(labels)
        self.c.setLineWidth(GRID_WIDTH)
        for i, label in enumerate(labels):
            x = MARGIN + i * slot + 10
            text = f"{label}："
            self._text(text, x, y, 10.5, "left")
            start = x + fonts.text_width(text, 10.5) + 2
            self.c.line(start, y - 2, min(start + 100, x + slot - 20), y - 2)

    def _charts(self, y: float) -> float:
        """The report's charts side by side in a band below the table; returns its bottom.
        The layout reserved room for it (CHART_MIN or more); the band takes what the page has."""
        charts = self.report.charts
        below = len(self.plan.notes) * BODY_SIZE * LEADING + (SIGNATURE_BLOCK if self.report.signatures else 0)
        band = min(max(CHART_MIN, y - MARGIN - FOOTER_BLOCK - below - CHART_AIR), CHART_MAX)
        width = (self.width - 2 * MARGIN - CHART_GAP * (len(charts) - 1)) / len(charts)
        height = band - 14
        from reportlab.graphics import renderPDF  # only reports with charts pay for these imports

        from .charts import drawing

        for i, chart in enumerate(charts):
            renderPDF.draw(drawing(chart, width, height), self.c, MARGIN + i * (width + CHART_GAP), y - 8 - height)
        return y - band

    # ------------------------------------------------------------ the table

    def _table(self, page: Page) -> float:
        """Draw the header and this page's rows; returns the y of the table's bottom."""
        x = self.plan.col_x
        rows = [self.plan.header, *page.rows] if self.report.header_row else list(page.rows)
        tops = [page.top]
        for row in rows:
            tops.append(tops[-1] - row.height)
        if self.report.header_row:
            self.c.setFillGray(HEADER_GREY)
            self.c.rect(x[0], tops[1], x[-1] - x[0], self.plan.header.height, stroke=0, fill=1)
            self.c.setFillGray(0)
        text = self.c.beginText()
        self._font = None
        for row, top in zip(rows, tops):
            self._row_text(text, row, top)
        self.c.setLineWidth(_BOLD_STROKE)
        self.c.drawText(text)
        self._grid(rows, tops)
        return tops[-1]

    def _row_text(self, text, row: Row, top: float) -> None:
        x = self.plan.col_x
        bold = row.kind in ("header", "total")
        text.setTextRenderMode(2 if bold else 0)
        if row.kind == "empty":
            self._line(text, row.lines[0][0], (x[0] + x[-1]) / 2, top - PAD_Y - row.size, row.size, "center")
            return
        if row.kind == "body":
            self._body_text(text, row, top)
            text.setTextRenderMode(0)
            return
        leading = row.size * LEADING
        for i, lines in enumerate(row.lines):
            # The header, and the "合计" label of the totals row, are centred.
            align = "center" if row.kind == "header" or (row.kind == "total" and i == 0) else self.aligns[i]
            anchor = {"left": x[i] + PAD_X, "right": x[i + 1] - PAD_X}.get(align, (x[i] + x[i + 1]) / 2)
            # Centre the cell's lines vertically in the row, as printed tables do.
            y = top - (row.height - len(lines) * leading) / 2 - row.size * 0.95
            for line in lines:
                if line:
                    self._line(text, line, anchor, y, row.size, align)
                y -= leading
        text.setTextRenderMode(0)

    def _body_text(self, text, row: Row, top: float) -> None:
        """A body row: the same operators `_line` writes, with single-line cells (nearly
        all of a roster) drawn from the per-text cache in one loop, without a call per cell."""
        size = row.size
        leading = size * LEADING
        font = (fonts.MAIN, size)
        code = text._code
        single = top - (row.height - leading) / 2 - size * 0.95  # as in _row_text, one line
        prepared = self._prepared.setdefault(size, {})
        for (anchor, shift, align), lines in zip(self._body_cols, row.lines):
            ready = prepared.get(lines[0], _UNSEEN) if len(lines) == 1 else None
            if ready is _UNSEEN:
                ready = self._ready(lines[0], size)
            if ready is None:  # a wrapped cell, or a character the bundled font lacks
                y = top - (row.height - len(lines) * leading) / 2 - size * 0.95
                for line in lines:
                    if line:
                        self._line(text, line, anchor, y, size, align)
                    y -= leading
                continue
            width, shown = ready
            if not shown:  # an empty cell
                continue
            code.append(f"1 0 0 1 {fp_str(anchor - width * shift, single)} Tm")
            if font != self._font:
                self._font = font
                text.setFont(*font)
            for subset, op in shown:
                if subset != text._curSubset:
                    code.append(self._switch(subset, text._fontsize, text._leading))
                    text._curSubset = subset
                code.append(op)

    def _ready(self, line: str, size: float) -> tuple[float, list[tuple[int, str]]] | None:
        """(width, operators) of a line the bundled font draws whole; None otherwise."""
        prepared = self._prepared.setdefault(size, {})
        ready = prepared.get(line, _UNSEEN)
        if ready is _UNSEEN:
            ready = None
            width = fonts.known_width(line, size)  # known: the bundled font draws it whole
            if not line:
                ready = (0.0, [])
            elif width is not None or fonts.has_all(line):
                ready = (fonts.text_width(line, size) if width is None else width, self._encode(line))
            prepared[line] = ready
        return ready

    def _grid(self, rows: list[Row], tops: list[float]) -> None:
        x = self.plan.col_x
        path = self.c.beginPath()
        for y in tops:
            path.moveTo(x[0], y)
            path.lineTo(x[-1], y)
        # Inner verticals stop above a spanning "（无数据）" row; the outer ones do not.
        inner_bottom = next((tops[i] for i, r in enumerate(rows) if r.kind == "empty"), tops[-1])
        for i, edge in enumerate(x):
            path.moveTo(edge, tops[0])
            path.lineTo(edge, tops[-1] if i in (0, len(x) - 1) else inner_bottom)
        self.c.setLineWidth(GRID_WIDTH)
        self.c.drawPath(path, stroke=1, fill=0)

    # ------------------------------------------------------------ text

    def _line(self, text, line: str, anchor: float, y: float, size: float, align: str) -> None:
        """One line into the page's text object, switching fonts for rare characters."""
        if fonts.has_all(line):
            parts = [(line, fonts.MAIN)]
        else:
            parts = fonts.runs(line)
            self.missing.update(ch for t, f in parts if f is None for ch in t)
            # No font has it: print the 缺字 mark □ rather than an invisible blank.
            parts = [(t, f) if f else (MISSING_MARK * len(t), fonts.MAIN) for t, f in parts]
            line = "".join(t for t, _ in parts)
        width = fonts.text_width(line, size) if align != "left" else 0
        x = anchor - (width if align == "right" else width / 2 if align == "center" else 0)
        text._code.append(f"1 0 0 1 {fp_str(x, y)} Tm")  # setTextOrigin's operator, minus its call
        for part, font in parts:
            if (font or fonts.MAIN, size) != self._font:  # each setFont costs bytes on the page
                self._font = (font or fonts.MAIN, size)
                text.setFont(*self._font)
            if font == fonts.MAIN:
                self._show(text, part)
            else:
                text.textOut(part)

    def _show(self, text, part: str) -> None:
        """What `text.textOut(part)` writes for the bundled font, from the per-document
        cache: the same operators, the same subset switches. The PDF cursor moves by
        itself; the text object's own x is not kept, as every line sets its origin."""
        shown = self._shown.get(part)
        if shown is None:
            shown = self._shown[part] = self._encode(part)
        code = text._code
        if not shown:
            code.append("")  # as textOut does for an empty string
        for subset, op in shown:
            if subset != text._curSubset:
                code.append(self._switch(subset, text._fontsize, text._leading))
                text._curSubset = subset
            code.append(op)

    def _encode(self, part: str) -> list[tuple[int, str]]:
        escape = self.c._escape
        if self._ascii is None:  # the font's subset state exists once something is split
            self._main.splitString(" ", self.c._doc)
            codes = self._main.state[self.c._doc].assignments
            self._ascii = frozenset(chr(n) for n in range(32, 128) if codes.get(n) == n)
            self._plain = self._ascii - set("\\()\x7f")  # what PDF strings take unescaped
        if part and set(part) <= self._ascii:
            # IDs, phones, dates and amounts: reportlab keeps printable ASCII at its own
            # code in subset 0 ("ASCII readable"), so the text is its own encoding.
            if set(part) <= self._plain:
                return [(0, f"({part}) Tj")]
            return [(0, f"({escape(part.encode('ascii'))}) Tj")]
        return [(subset, f"({escape(t)}) Tj") for subset, t in self._main.splitString(part, self.c._doc)]

    def _switch(self, subset: int, size: float, leading: float) -> str:
        key = (subset, size, leading)
        op = self._tf.get(key)
        if op is None:
            name = self._main.getSubsetInternalName(subset, self.c._doc)
            op = self._tf[key] = f"{name} {fp_str(size)} Tf {fp_str(leading)} TL"
        return op

    def _text(self, line: str, x: float, y: float, size: float, align: str, bold: bool = False) -> None:
        text = self.c.beginText()
        self._font = None
        self.c.setLineWidth(_BOLD_STROKE)
        text.setTextRenderMode(2 if bold else 0)
        self._line(text, line, x, y, size, align)
        text.setTextRenderMode(0)  # the mode outlives the text object in the PDF's state
        self.c.drawText(text)
