"""Report -> .xlsx with openpyxl, in write-only (streaming) mode for speed.

Write-only still supports what a printed table needs, all set before the first row:
column widths, merged title rows, frozen header, print titles, A4 page setup with
fit-to-width and a "第 &P 页 共 &N 页" footer. Dates and numbers are real cell values;
ID numbers and phones are text, so Excel never turns them into 1.1E+17.
"""

from __future__ import annotations

from contextlib import suppress
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from zipfile import ZIP_DEFLATED, ZipFile

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.styles.numbers import is_date_format
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import IllegalCharacterError
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.writer.excel import ExcelWriter

from .charts import add_xlsx_charts
from .files import Cancelled, Progress, Ticker, atomic_path
from .model import EMPTY_TEXT, Column, Report, display_width, is_landscape

MAX_WIDTH = 50  # wider text wraps instead of making one huge column
SAMPLE_ROWS = 2000  # rows measured for column widths: enough to see typical lengths
NUMBER_FORMATS = {
    "date": "yyyy-mm-dd",
    "int": "0",
    "money": "#,##0.00",
    "percent": "0.0%",
    "id": "@",
    "phone": "@",
    "text": "@",
}
CM_PER_CHAR = 0.2  # a column width unit on the printed page, roughly
NOTE_LINE_PT = 14  # one wrapped line of the 10 pt note
LINE_PT = 15  # one line of the 11 pt table text
FONT_NAME = "宋体"  # what Chinese offices print with; Excel/WPS substitute if missing
_THIN = Side(style="thin", color="000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEADER_FILL = PatternFill("solid", fgColor="D9D9D9")
_CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)
CELL_LIMIT = 32_767  # the most characters (UTF-16 units) Excel keeps in a cell; openpyxl cuts silently
CUT_MARK = "…（已截断）"


def write_xlsx(
    report: Report, path: str | Path, cancelled: Cancelled | None = None, progress: Progress | None = None
) -> int:
    """Write `report` to `path` atomically; raises ExportCancelled / ExportError. Returns
    how many cells were cut to Excel's limit (each ends with CUT_MARK)."""
    ticker = Ticker(len(report.rows), cancelled, progress)
    with atomic_path(path) as tmp:
        wb = Workbook(write_only=True)
        sheet = _Sheet(wb.create_sheet(_sheet_title(report.title)), len(report.columns))
        _set_columns(sheet.ws, report)
        top = [(report.title, "title"), (report.info_line, "info")]
        if report.subtitle:
            top.append((report.subtitle, "info"))
        _page_setup(sheet.ws, report, header_row=len(top) + 1)
        for text, style in top:
            sheet.merged(text, style)
        sheet.append([c.header for c in report.columns], ["header"] * len(report.columns))
        try:
            _write_body(sheet, report, ticker)
            ticker.check()
            if report.charts:
                add_xlsx_charts(wb, sheet.ws, report.charts, sheet.row + 2, _table_width_cm(report))
        except BaseException:
            _discard(sheet.ws)
            raise
        _save(wb, tmp)
        ticker.check()
    return sheet.cut


def _save(wb: Workbook, path: Path) -> None:
    """Workbook.save, but the zip file is closed when writing fails (a full disk): left
    to the garbage collector it fails again and prints a traceback on the console."""
    archive = ZipFile(path, "w", ZIP_DEFLATED, allowZip64=True)
    wb.properties.modified = datetime.now(UTC).replace(tzinfo=None)  # as save_workbook does
    try:
        ExcelWriter(wb, archive).save()
    except BaseException:
        with suppress(OSError):
            archive.close()
        raise


def _discard(ws) -> None:
    """After a cancel: close openpyxl's own temporary sheet file (in the system temp
    folder) and delete it, rather than leave it until the program exits."""
    try:
        ws.close()
        ws._writer.cleanup()
    except Exception:  # noqa: BLE001 - best effort; the original error matters more
        pass


def _sheet_title(title: str) -> str:
    """Excel allows 31 characters and none of []:*?/\\ in a sheet name."""
    clean = "".join("_" if ch in "[]:*?/\\" else ch for ch in title).strip("'")
    return clean[:31] or "报表"


def _set_columns(ws, report: Report) -> None:
    for index, col in enumerate(report.columns):
        ws.column_dimensions[get_column_letter(index + 1)].width = _width(report, index, col)


def _width(report: Report, index: int, col: Column) -> float:
    longest = max((_text_width(r[index]) for r in report.rows[:SAMPLE_ROWS]), default=0)
    return min(max(col.width, display_width(col.header), longest) + 2, MAX_WIDTH)


def _table_chars(report: Report) -> int:
    return int(sum(_width(report, i, c) for i, c in enumerate(report.columns)))


def _table_width_cm(report: Report) -> float:
    """Charts below the table as wide as the table, so the page's fit-to-width holds."""
    return max(_table_chars(report) * CM_PER_CHAR, 12)


def _text_width(value) -> int:
    if value is None:
        return 0
    if isinstance(value, Decimal):
        return len(f"{value:,.2f}")
    return display_width(value if isinstance(value, str) else str(value))


def _page_setup(ws, report: Report, header_row: int) -> None:
    ws.freeze_panes = f"A{header_row + 1}"
    ws.print_title_rows = f"{header_row}:{header_row}"
    setup = ws.page_setup
    setup.paperSize = 9  # A4
    setup.orientation = "landscape" if is_landscape(report) else "portrait"
    # 0: as many pages tall as needed; a report with charts is a one-page sheet.
    setup.fitToWidth, setup.fitToHeight = 1, (1 if report.charts else 0)
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top = ws.page_margins.bottom = 0.7
    ws.oddFooter.center.text = "第 &P 页 共 &N 页"


def _style(name: str, col: Column | None = None) -> dict:
    """Cell attributes for a style name; "cell"/"total" depend on the column."""
    bold = name in ("title", "header", "total")
    size = {"title": 16, "info": 10, "note": 10}.get(name, 11)
    style = {"font": Font(name=FONT_NAME, size=size, bold=bold)}
    if name in ("title", "info"):
        style["alignment"] = Alignment(horizontal="center", vertical="center")
    elif name == "note":
        style["alignment"] = Alignment(horizontal="left", vertical="top", wrap_text=True)
    else:
        style["border"] = _BORDER
        style["alignment"] = _CENTRE
    if name == "header":
        style["fill"] = _HEADER_FILL
    if col is not None:
        style["alignment"] = Alignment(horizontal=col.alignment, vertical="center", wrap_text=col.kind == "text")
        style["number_format"] = NUMBER_FORMATS[col.kind]
    return style


class _ReusedCell(Cell):
    """A cell reused for one column of every row. Its style is fixed before the first
    row, so its style id is looked up once instead of hashed for each of 130,000 cells;
    and openpyxl's append() formats a cell's repr into an error it then catches, so a
    cheap repr matters too. Together a quarter of the time of a big roster."""

    __slots__ = ("_style_id", "takes_dates")

    def __repr__(self) -> str:
        return "<cell>"

    @property
    def has_style(self) -> bool:
        return True

    @property
    def style_id(self) -> int:
        try:
            return self._style_id
        except AttributeError:
            self._style_id = self.parent.parent._cell_styles.add(self._style)
            return self._style_id


class _Sheet:
    """A write-only sheet that counts its rows (for merging) and reuses one styled cell
    per column: openpyxl writes a row out as soon as it is appended, and building
    130,000 styled cells was most of the cost of a 10,000-row roster."""

    def __init__(self, ws, width: int):
        self.ws = ws
        self.width = width
        self.row = 0
        self.cut = 0  # cells cut to Excel's limit
        self._cells: dict[tuple, list] = {}

    def cells(self, styles: tuple) -> list:
        if styles not in self._cells:
            cells = []
            for style in styles:
                cell = _ReusedCell(self.ws, row=1, column=1)
                name, col = style if isinstance(style, tuple) else (style, None)
                for attr, value in _style(name, col).items():
                    setattr(cell, attr, value)
                cell.takes_dates = is_date_format(cell.number_format)
                cells.append(cell)
            self._cells[styles] = cells
        return self._cells[styles]

    def append(self, values, styles) -> None:
        cells = self.cells(tuple(styles))
        for cell, value in zip(cells, values):
            if isinstance(value, str) and len(value) > CELL_LIMIT // 2:
                value, cut = fit_cell(value)
                self.cut += cut
            _set_value(cell, value)
        self.ws.append(cells)
        self.row += 1

    def merged(self, text: str, style: str, height: float | None = None) -> None:
        if height:
            self.ws.row_dimensions[self.row + 1].height = height
        self.append([text] + [None] * (self.width - 1), [style] * self.width)
        if self.width > 1:
            self.ws.merged_cells.add(f"A{self.row}:{get_column_letter(self.width)}{self.row}")

    def blank(self) -> None:
        self.ws.append([])
        self.row += 1


def _units(text: str) -> int:
    """Length as Excel counts it: a character beyond the BMP (a rare CJK one) is two."""
    return len(text.encode("utf-16-le")) // 2


def fit_cell(text: str) -> tuple[str, bool]:
    """(text as a cell can hold it, whether it was cut): a longer text ends with CUT_MARK
    instead of being cut silently where the reader can't see it."""
    if _units(text) <= CELL_LIMIT:
        return text, False
    room = CELL_LIMIT - len(CUT_MARK)
    cut = text[:room]
    while (excess := _units(cut) - room) > 0:
        cut = cut[: len(cut) - excess]
    return cut + CUT_MARK, True


def _set_value(cell, value) -> None:
    if isinstance(value, date) and not cell.takes_dates:
        value = value.isoformat()  # a date in a text column must not restyle the shared cell
    try:
        cell.value = value
    except IllegalCharacterError:  # control characters pasted into a note
        cell.value = ILLEGAL_CHARACTERS_RE.sub("", value)
    if cell.data_type == "f":  # a note that starts with "=" is text, never a formula
        cell.data_type = "s"


def _write_body(sheet: _Sheet, report: Report, ticker: Ticker) -> None:
    styles = [("cell", c) for c in report.columns]
    widths = [_width(report, i, c) if c.kind == "text" else 0 for i, c in enumerate(report.columns)]
    for row in report.rows:
        height = max(report.row_height, _wrapped_height(row, widths))
        if height:  # Excel's row height is in points too
            sheet.ws.row_dimensions[sheet.row + 1].height = height
        sheet.append(row, styles)
        ticker.step()
    if not report.rows:
        sheet.merged(EMPTY_TEXT, "total")
    if report.totals_row is not None:
        label = ["total"]  # the "合计" label is centred, the sums keep their column's format
        sheet.append(report.totals_row, label + [("total", c) for c in report.columns[1:]])
    width = _table_chars(report)
    if report.notes:
        sheet.blank()
        note = f"说明：{report.notes}"
        # Excel does not grow a merged row to fit wrapped text: size it ourselves.
        lines = -(-display_width(note) // max(width - 4, 10))
        sheet.merged(note, "note", height=lines * NOTE_LINE_PT + 4 if lines > 1 else None)
    if report.signatures:
        sheet.blank()
        for labels in _signature_rows(report.signatures, width):
            sheet.merged(signature_line(labels), "info")


def _wrapped_height(row: tuple, widths: list[float]) -> float:
    """The height a row of wrapped text needs, or 0 for one line. Neither Excel nor
    LibreOffice grows a row to fit its text when opening a file, so a long 备注 would
    spill over the next row. Short text is let through on its length alone (a CJK
    character is at most 2 units wide), so a 10,000-row roster stays fast."""
    lines = 1
    for value, width in zip(row, widths):
        if width and isinstance(value, str) and (len(value) * 2 > width - 2 or "\n" in value):
            room = max(width - 2, 2)  # the cell's padding
            lines = max(lines, sum(max(1, -(-display_width(p) // room)) for p in value.split("\n")))
    return lines * LINE_PT if lines > 1 else 0


def signature_line(labels) -> str:
    return "　　　　".join(f"{label}：____________" for label in labels)


def _signature_rows(labels, width: int) -> list[list[str]]:
    """The signature labels on as few rows as fit the table's width (a narrow table
    would otherwise cut the last ones off)."""
    rows: list[list[str]] = [[]]
    for label in labels:
        if rows[-1] and display_width(signature_line([*rows[-1], label])) > width:
            rows.append([])
        rows[-1].append(label)
    return rows
