"""The rows of a write-only sheet, serialised straight to the sheet's XML.

openpyxl's own write-only append binds every value to a cell object and streams each
cell through lxml one element at a time: about 15 µs a cell, most of the time of a
10,000-member roster. A report's cells are only text, numbers, dates and blanks in a
style fixed per column, so they are written here as text, the way openpyxl writes them
(inline strings, dates as serial numbers, the same escaping), into a temporary file that
`splice` puts inside the sheet openpyxl wrote for everything else (columns, frozen panes,
merged cells, page setup, charts).
"""

from __future__ import annotations

import re
import shutil
from datetime import date
from decimal import Decimal
from math import isinf, isnan
from tempfile import TemporaryFile

from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE
from openpyxl.utils.datetime import WINDOWS_EPOCH, to_excel

# What a text needs done before it goes between tags: escaping or dropping characters.
_SPECIAL = re.compile(r"[&<>\r\x00-\x08\x0b\x0c\x0e-\x1f]")
_ERRORS = frozenset(ERROR_CODES)
_EMPTY_SHEET_DATA = (b"<sheetData/>", b"<sheetData></sheetData>")
FLUSH_BYTES = 1 << 20  # rows are joined in memory up to this much, then written
CELL_LIMIT = 32_767  # the most characters (UTF-16 units) Excel keeps in a cell; openpyxl cuts silently
CUT_MARK = "…（已截断）"
_LONG = CELL_LIMIT // 2  # a shorter text fits whatever its characters
_DAY_ZERO = date(1899, 12, 30).toordinal()  # Excel's day 0 (Windows epoch)


def escape(text: str) -> str:
    """As lxml escapes element text (it writes a carriage return as a reference, so it
    survives reading); control characters Excel refuses are dropped, as before."""
    if not _SPECIAL.search(text):
        return text
    text = ILLEGAL_CHARACTERS_RE.sub("", text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")


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


def _number(value) -> str:
    """openpyxl's safe_string for a number: as a float to 16 significant digits (a
    Decimal too, so 1.50 is "1.5"), NaN/infinity blank. An int below 10^16 prints the same."""
    if type(value) is int and -(10**16) < value < 10**16:
        return str(value)
    value = float(value)
    return "" if isnan(value) or isinf(value) else f"{value:.16g}"


def _serial(value: date, epoch) -> str:
    """A date as Excel's day number, as openpyxl's to_excel has it (a plain date after
    Excel's phantom 1900-02-29 computed directly: a roster holds 20,000 of them)."""
    if type(value) is date and epoch == WINDOWS_EPOCH and (days := value.toordinal() - _DAY_ZERO) > 60:
        return str(days)
    return _number(to_excel(value, epoch))


def _text_cell(ref: str, style: int, text: str) -> str:
    if not text:
        return f'<c r="{ref}" s="{style}" t="inlineStr"></c>'
    if text in _ERRORS:  # "#N/A" typed in a note: an error value, as openpyxl has it
        return f'<c r="{ref}" s="{style}" t="e"><v>{escape(text)}</v></c>'
    space = ' xml:space="preserve"' if text != text.strip() else ""
    return f'<c r="{ref}" s="{style}" t="inlineStr"><is><t{space}>{escape(text)}</t></is></c>'


def cell_xml(ref: str, style: int, value, takes_dates: bool, epoch) -> str:
    """One <c> element. Text starting with "=" stays text (never a formula); a date in a
    column without a date format is written as its ISO text."""
    kind = type(value)
    if kind is str:
        return _text_cell(ref, style, value)
    if value is None:
        return f'<c r="{ref}" s="{style}" t="n"></c>'
    if kind is int or kind is float or kind is Decimal:
        return f'<c r="{ref}" s="{style}" t="n"><v>{_number(value)}</v></c>'
    if kind is bool:
        return f'<c r="{ref}" s="{style}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, date):  # datetime too
        if not takes_dates:
            return _text_cell(ref, style, value.isoformat())
        return f'<c r="{ref}" s="{style}" t="n"><v>{_serial(value, epoch)}</v></c>'
    if isinstance(value, int | float | Decimal):  # a subclass (an IntEnum)
        return cell_xml(ref, style, float(value) if isinstance(value, float) else int(value), takes_dates, epoch)
    return _text_cell(ref, style, str(value))


class RowWriter:
    """Rows into a temporary file (deleted when closed), joined in memory a megabyte at
    a time: one write per row would cost more than building it."""

    def __init__(self, epoch=None):
        self.file = TemporaryFile()
        self.epoch = epoch
        self.cut = 0  # cells cut to Excel's limit
        self._chunk: list[bytes] = []
        self._size = 0

    def row(self, index: int, columns, values, attrs: str = "") -> None:
        """`columns`: (letter, style id, takes dates) per cell; `attrs`: the row
        element's extra attributes (a height) as text. A text too long for a cell is
        cut (counted in `cut`)."""
        epoch, text = self.epoch, f'<row r="{index}"{attrs}>'
        for (letter, style, dates), value in zip(columns, values):
            if type(value) is str and len(value) > _LONG:
                value, cut = fit_cell(value)
                self.cut += cut
            # The common case inline: plain text that needs no escaping.
            if type(value) is str and value and not _SPECIAL.search(value) and value.strip() == value:
                if value not in _ERRORS:
                    text += f'<c r="{letter}{index}" s="{style}" t="inlineStr"><is><t>{value}</t></is></c>'
                    continue
            text += cell_xml(f"{letter}{index}", style, value, dates, epoch)
        data = (text + "</row>").encode()
        self._chunk.append(data)
        self._size += len(data)
        if self._size > FLUSH_BYTES:
            self.flush()

    def flush(self) -> None:
        self.file.write(b"".join(self._chunk))
        self._chunk, self._size = [], 0

    def splice(self, sheet_path: str) -> None:
        """Put the rows inside the empty <sheetData/> of the sheet file openpyxl wrote."""
        self.flush()
        with open(sheet_path, "rb") as src:
            sheet = src.read()
        for empty in _EMPTY_SHEET_DATA:
            head, found, tail = sheet.partition(empty)
            if found:
                break
        else:
            raise ValueError("no empty sheetData in the sheet openpyxl wrote")
        self.file.seek(0)
        with open(sheet_path, "wb") as dst:
            dst.write(head + b"<sheetData>")
            shutil.copyfileobj(self.file, dst, FLUSH_BYTES)
            dst.write(b"</sheetData>" + tail)

    def close(self) -> None:
        self.file.close()
