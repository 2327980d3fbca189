"""Report -> CSV: UTF-8 with a BOM (so Excel and WPS show Chinese), Chinese headers, one
row per record and no title or signature lines, since CSV is for other programs.
Dates are ISO (2026-11-21) and money plain (1234.50), so a spreadsheet reads numbers."""

from __future__ import annotations

import csv
from datetime import date
from decimal import Decimal
from pathlib import Path

from .files import Cancelled, Progress, Ticker, atomic_path
from .model import Report, cell_text


def write_csv(
    report: Report, path: str | Path, cancelled: Cancelled | None = None, progress: Progress | None = None
) -> None:
    """Write `report` to `path` atomically; raises ExportCancelled / ExportError."""
    ticker = Ticker(len(report.rows), cancelled, progress)
    columns = report.columns
    with atomic_path(path) as tmp:
        with open(tmp, "w", encoding="utf-8-sig", newline="") as out:
            writer = csv.writer(out)  # "excel" dialect: CRLF line ends, as Excel writes
            writer.writerow([c.header for c in columns])
            for row in report.rows:
                writer.writerow([_text(c, v) for c, v in zip(columns, row)])
                ticker.step()
            if report.totals_row is not None:
                writer.writerow([_text(c, v) for c, v in zip(columns, report.totals_row)])
        ticker.check()


# Excel and WPS read a CSV cell starting with one of these as a formula (tab and CR too,
# after which a formula may follow): `-2+3+cmd|' /C calc'!A0` would run a program.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Values that are numbers or dates are written plain (-12.50 stays a number); any other
# value is text, whatever its column says, and is defused.
_PLAIN = (int, float, Decimal, date)


def _text(column, value) -> str:
    text = cell_text(column, value, grouped=False)
    if not isinstance(value, _PLAIN) and text.startswith(FORMULA_STARTS):
        return "'" + text
    return text
