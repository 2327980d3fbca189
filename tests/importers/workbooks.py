"""Make small test workbooks on the fly: title rows, merged cells, blank rows, any values."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

import openpyxl

from unionapp.domain.idcard import make_id_number


def write_xlsx(
    path: Path,
    header: Sequence[object],
    rows: Sequence[Sequence[object]] = (),
    *,
    titles: Sequence[str] = (),
    sheet: str = "花名册",
    sheets_before: Sequence[tuple[str, Sequence[Sequence[object]]]] = (),
) -> Path:
    """A workbook whose sheet `sheet` has merged title rows, the header, then `rows`
    (an empty row is a blank row). `sheets_before` come first, as (name, rows)."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, content in sheets_before:
        other = wb.create_sheet(name)
        for row in content:
            other.append(list(row))
    ws = wb.create_sheet(sheet)
    for title in titles:
        ws.append([title])
        ws.merge_cells(start_row=ws.max_row, start_column=1, end_row=ws.max_row, end_column=max(len(header), 2))
    ws.append(list(header))
    for row in rows:
        ws.append(list(row))
    wb.save(path)
    return path


def id_for(birth: date, seq: int = 1, gender: str = "M", area: str = "340102") -> str:
    """A valid 18-character ID number."""
    return make_id_number(area, birth, seq, gender)
