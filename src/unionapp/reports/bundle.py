"""Several reports in one file: a bundle (a session's archive, a proposal form per page).

    bundle = Bundle("教代会会议档案", [agenda, signin, resolutions], cover=Cover(...))
    export(bundle, "档案.pdf")   # reports.output.export takes a Bundle as it takes a Report

In the PDF each part starts on a new page, drawn exactly as it would be alone, and the pages
are numbered through the whole file (the cover counted, so the viewer's page is the printed
one); the cover (optional) is a page of its own listing its key facts and the contents: the
parts (and, to `Cover.depth`, their parts, indented) with the page each starts on, running
on to as many pages as they need. Every part and nested part has a PDF bookmark; with
`running_header` each page names its part above the report's own title. In the xlsx each
report is a sheet (the cover first, unless `Cover.sheet` is off). A part may itself be a
bundle. CSV holds one table, so a bundle is refused there.
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
    depth: int = 0  # the contents list parts to this nesting level (0: the top-level parts)
    contents_page: bool = False  # the contents start on a page of their own after the cover
    sheet: bool = True  # the xlsx's first sheet is the cover

    def as_report(self, made_on: date) -> Report:
        return Report(self.title, COVER_COLUMNS, list(self.facts), made_on=made_on, totals={}, header_row=False)


@dataclass(frozen=True)
class Entry:
    """A part in the bundle's tree: its nesting level, name, and its reports as the range
    [first, first + count) of Bundle.reports()."""

    level: int
    name: str
    first: int
    count: int


@dataclass(frozen=True)
class Bundle:
    """Reports (or bundles) in order; `names` are their names in the contents and the
    xlsx's sheet names (default: each report's title)."""

    title: str
    parts: Sequence[Report | Bundle]
    names: Sequence[str] = ()
    cover: Cover | None = None
    made_on: date = field(default_factory=date.today)
    running_header: bool = False  # each page names its part (and sub-part) above the title

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

    def entries(self, level: int = 0, start: int = 0) -> list[Entry]:
        """Every part and nested part in order (a tree walked depth first), each with the
        index in reports() of its first report; a nested bundle with no reports is left out."""
        out: list[Entry] = []
        index = start
        for name, part in zip(self.names, self.parts):
            count = len(part.reports()) if isinstance(part, Bundle) else 1
            if count:
                out.append(Entry(level, name, index, count))
                if isinstance(part, Bundle):
                    out.extend(part.entries(level + 1, index))
            index += count
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
    """The bundle's parts one after another in one PDF (reports.bundle_pdf, loaded here:
    it needs reportlab). Returns the characters no font could draw, as write_pdf does."""
    from .bundle_pdf import write

    return write(bundle, path, cancelled, progress)


# ---------------------------------------------------------------- xlsx


def write_bundle_xlsx(
    bundle: Bundle, path: str | Path, cancelled: Cancelled | None = None, progress: Progress | None = None
) -> int:
    """One sheet per report (the cover first); returns the cells cut to Excel's limit."""
    from openpyxl import Workbook

    from .xlsx import _discard, _save, _sheet_title, write_sheet

    reports = bundle.reports()
    if bundle.cover and bundle.cover.sheet:
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
