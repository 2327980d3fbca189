"""Several reports in one file: a bundle (a session's archive, a proposal form per page).

    bundle = Bundle("教代会会议档案", [agenda, signin, resolutions], cover=Cover(...))
    export(bundle, "档案.pdf")   # reports.output.export takes a Bundle as it takes a Report

In the PDF each part starts on a new page, drawn exactly as it would be alone, and the pages
are numbered through the whole file; the cover (optional) is a page of its own listing
its key facts and the parts with the page each starts on. In the xlsx each part is a sheet
(the cover first). A part may itself be a bundle (its reports are laid out in turn, and the
cover's contents name it once). CSV holds one table, so a bundle is refused there.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from .files import Cancelled, ExportError, Progress, Ticker, atomic_path
from .model import Column, Report

COVER_COLUMNS = (Column("item", "项目", "text", 10, "center"), Column("value", "内容", "text", 40, wrap=True))


@dataclass(frozen=True)
class Cover:
    """A cover page: a large title, key facts as (label, text) and, in the PDF, the
    contents with page numbers."""

    title: str
    facts: Sequence[tuple[str, str]] = ()
    contents: bool = True

    def as_report(self, made_on: date) -> Report:
        return Report(self.title, COVER_COLUMNS, list(self.facts), made_on=made_on, totals={}, header_row=False)


@dataclass(frozen=True)
class Bundle:
    """Reports (or bundles) in order; `names` are their names in the contents and the
    xlsx's sheet names (default: each report's title)."""

    title: str
    parts: Sequence[Report | Bundle]
    names: Sequence[str] = ()
    cover: Cover | None = None
    made_on: date = field(default_factory=date.today)

    def __post_init__(self) -> None:
        object.__setattr__(self, "parts", tuple(self.parts))
        names = tuple(self.names) or tuple(p.title for p in self.parts)
        if len(names) != len(self.parts):
            raise ValueError("a bundle needs one name per part")
        object.__setattr__(self, "names", names)

    def reports(self) -> list[tuple[str, Report]]:
        """Every report in order with its name (a nested bundle's own names)."""
        out: list[tuple[str, Report]] = []
        for name, part in zip(self.names, self.parts):
            out.extend(part.reports() if isinstance(part, Bundle) else [(name, part)])
        return out

    @property
    def columns(self) -> tuple[Column, ...]:
        """Every part's columns: whether the bundle holds ID numbers or phones is asked of these."""
        return tuple(c for _name, r in self.reports() for c in r.columns)

    @property
    def rows(self) -> tuple[tuple, ...]:
        return tuple(row for _name, r in self.reports() for row in r.rows)

    def write_pdf(self, path: str | Path, cancelled: Cancelled | None = None, progress: Progress | None = None):
        """What reports.pdf.write_pdf does for a bundle (the print preview calls that)."""
        return write_bundle_pdf(self, path, cancelled, progress)


# ---------------------------------------------------------------- PDF


def write_bundle_pdf(
    bundle: Bundle, path: str | Path, cancelled: Cancelled | None = None, progress: Progress | None = None
) -> set[str]:
    """The bundle's parts one after another in one PDF (see the module). Returns the
    characters no font could draw, as write_pdf does."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    from unionapp.gc_pause import gc_paused

    from . import fonts
    from .pdf import _Painter
    from .pdf_layout import BODY_SIZE, layout

    reports = bundle.reports()
    ticker = Ticker(2 * sum(len(r.rows) for _n, r in reports), cancelled, progress)
    missing: set[str] = set()
    with gc_paused():
        plans = [layout(r, ticker) for _n, r in reports]
        cover = 1 if bundle.cover else 0
        firsts, page = [], cover + 1
        for plan in plans:
            firsts.append(page)
            page += len(plan.pages)
        total = page - 1
        with atomic_path(path) as tmp:
            canvas = Canvas(str(tmp), pagesize=A4, initialFontName=fonts.main_font(), initialFontSize=BODY_SIZE)
            canvas.setTitle(bundle.title)
            canvas.setCreator("工会助手")
            if bundle.cover:
                painter = _Painter(canvas, *_cover_plan(bundle, layout, ticker))
                _draw_cover(painter, bundle, _starts(bundle, firsts))
                missing |= painter.missing
                canvas.showPage()
            for (_name, report), plan, first in zip(reports, plans, firsts):
                canvas.setPageSize(plan.page_size)
                painter = _Painter(canvas, report, plan, first, total)
                for number, one in enumerate(plan.pages, start=1):
                    painter.page(one, number)
                    ticker.step(sum(1 for r in one.rows if r.kind == "body"))
                    canvas.showPage()
                missing |= painter.missing
            ticker.check()
            canvas.save()
    return missing


def _cover_plan(bundle: Bundle, layout, ticker):
    report = bundle.cover.as_report(bundle.made_on)
    return report, layout(report, ticker)


def _starts(bundle: Bundle, firsts: list[int]) -> list[tuple[str, int]]:
    """Each top-level part's name and first page (a nested bundle's first report's page)."""
    out, index = [], 0
    for name, part in zip(bundle.names, bundle.parts):
        out.append((name, firsts[index] if index < len(firsts) else 0))
        index += len(part.reports()) if isinstance(part, Bundle) else 1
    return out


def _draw_cover(painter, bundle: Bundle, starts: list[tuple[str, int]]) -> None:
    """Title a third down the page, the facts under it, then the contents."""
    from . import fonts
    from .pdf_layout import MARGIN

    width, height = painter.width, painter.height
    y = height * 0.70
    painter._text(bundle.cover.title, width / 2, y, painter._fit(bundle.cover.title, 22), "center", bold=True)
    y -= 50
    facts = list(bundle.cover.facts)
    label_w = max((fonts.text_width(f"{k}：", 12) for k, _v in facts), default=0)
    left = max(MARGIN + 40, width / 2 - 170)
    for label, text in facts:
        painter._text(f"{label}：", left + label_w, y, 12, "right")
        room = width - MARGIN - (left + label_w + 4)
        painter._text(text, left + label_w + 4, y, min(12, 12 * room / max(fonts.text_width(text, 12), 1)), "left")
        y -= 24
    if bundle.cover.contents and starts:
        y -= 20
        painter._text("目　　录", width / 2, y, 14, "center", bold=True)
        y -= 28
        for index, (name, first) in enumerate(starts, start=1):
            painter._text(f"{index}．{name}", left, y, 11.5, "left")
            painter._text(f"第 {first} 页", width - MARGIN - 40, y, 11.5, "right")
            y -= 22


# ---------------------------------------------------------------- xlsx


def write_bundle_xlsx(
    bundle: Bundle, path: str | Path, cancelled: Cancelled | None = None, progress: Progress | None = None
) -> int:
    """One sheet per report (the cover first); returns the cells cut to Excel's limit."""
    from openpyxl import Workbook

    from .xlsx import _discard, _save, _sheet_title, write_sheet

    reports = bundle.reports()
    if bundle.cover:
        reports.insert(0, ("封面", bundle.cover.as_report(bundle.made_on)))
    ticker = Ticker(sum(len(r.rows) for _n, r in reports), cancelled, progress)
    sheets = []
    with atomic_path(path) as tmp:
        wb = Workbook(write_only=True)
        used: set[str] = set()
        try:
            for name, report in reports:
                sheets.append(write_sheet(wb, report, ticker, _unique(_sheet_title(name), used)))
        except BaseException:
            for sheet in sheets:
                _discard(sheet)
            raise
        _save(wb, tmp, sheets)
        ticker.check()
    return sum(s.cut for s in sheets)


def _unique(title: str, used: set[str]) -> str:
    """Excel refuses two sheets of one name (compared without case)."""
    name, n = title, 1
    while name.lower() in used:
        n += 1
        suffix = f"（{n}）"
        name = title[: 31 - len(suffix)] + suffix
    used.add(name.lower())
    return name


def refuse_csv(bundle: Bundle) -> None:
    raise ExportError(f"“{bundle.title}”由多张表组成，不能导出为 CSV，请导出为 PDF 或 Excel 文件。")
