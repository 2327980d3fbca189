"""An .xlsx written part by part, for what openpyxl won't write: a sheet without
<dimension>, rows numbered past Excel's last, shared strings under another name.
Each part is streamed into the zip, so a 100 MB sheet takes a second or two."""

from __future__ import annotations

import zipfile
from collections.abc import Iterable
from itertools import chain
from pathlib import Path
from xml.sax.saxutils import escape

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_PACKAGE = "http://schemas.openxmlformats.org/package/2006"
_RELATIONS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_SPREADSHEET = "application/vnd.openxmlformats-officedocument.spreadsheetml"


def row_xml(number: int, cells: Iterable[tuple[str, object]]) -> bytes:
    """<row r="5"> with cells (column letters, value): text inline, numbers as numbers."""
    parts = [f'<row r="{number}">']
    for column, value in cells:
        ref = f"{column}{number}"
        if isinstance(value, str):
            parts.append(f'<c r="{ref}" t="inlineStr"><is><t>{escape(value)}</t></is></c>')
        else:
            parts.append(f'<c r="{ref}"><v>{value}</v></c>')
    parts.append("</row>")
    return "".join(parts).encode()


def write_raw_xlsx(
    path: Path,
    rows: Iterable[bytes],
    *,
    strings: Iterable[str] = (),
    strings_part: str = "xl/sharedStrings.xml",
    merges: Iterable[str] = (),
) -> Path:
    """A one-sheet workbook, "花名册", with no <dimension>; `strings` (if any) are the
    shared-strings table, stored as `strings_part` and found through [Content_Types].xml."""
    strings = iter(strings)
    first = next(strings, None)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        override = (
            f'<Override PartName="/{strings_part}" ContentType="{_SPREADSHEET}.sharedStrings+xml"/>'
            if first is not None
            else ""
        )
        z.writestr(
            "[Content_Types].xml",
            f'<Types xmlns="{_PACKAGE}/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{_SPREADSHEET}.sheet.main+xml"/>'
            f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{_SPREADSHEET}.worksheet+xml"/>'
            f"{override}</Types>",
        )
        z.writestr(
            "_rels/.rels",
            f'<Relationships xmlns="{_PACKAGE}/relationships"><Relationship Id="r1" '
            f'Type="{_RELATIONS}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
        z.writestr(
            "xl/workbook.xml",
            f'<workbook xmlns="{_MAIN}" xmlns:r="{_RELATIONS}"><sheets>'
            '<sheet name="花名册" sheetId="1" r:id="r1"/></sheets></workbook>',
        )
        z.writestr(
            "xl/_rels/workbook.xml.rels",
            f'<Relationships xmlns="{_PACKAGE}/relationships">'
            f'<Relationship Id="r1" Type="{_RELATIONS}/worksheet" Target="worksheets/sheet1.xml"/>'
            "</Relationships>",
        )
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as f:
            f.write(f'<worksheet xmlns="{_MAIN}"><sheetData>'.encode())
            _write_buffered(f, rows)
            f.write(b"</sheetData>")
            merges = list(merges)
            if merges:
                f.write(f'<mergeCells count="{len(merges)}">'.encode())
                _write_buffered(f, (f'<mergeCell ref="{m}"/>'.encode() for m in merges))
                f.write(b"</mergeCells>")
            f.write(b"</worksheet>")
        if first is not None:
            with z.open(strings_part, "w", force_zip64=True) as f:
                f.write(f'<sst xmlns="{_MAIN}">'.encode())
                _write_buffered(f, (f"<si><t>{escape(s)}</t></si>".encode() for s in chain([first], strings)))
                f.write(b"</sst>")
    return path


def _write_buffered(f, pieces: Iterable[bytes]) -> None:
    buffer: list[bytes] = []
    size = 0
    for piece in pieces:
        buffer.append(piece)
        size += len(piece)
        if size > 2**20:
            f.write(b"".join(buffer))
            buffer, size = [], 0
    f.write(b"".join(buffer))
