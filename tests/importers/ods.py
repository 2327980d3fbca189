"""Write small OpenDocument spreadsheets (.ods) by hand, as LibreOffice and WPS save them:
a zip of an uncompressed `mimetype` first, content.xml and META-INF/manifest.xml. No
library writes .ods in the test environment, and crafted files need the raw XML anyway."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

MIMETYPE = "application/vnd.oasis.opendocument.spreadsheet"
NAMESPACES = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
)
# A table's visibility is a property of its style, as LibreOffice writes it.
STYLES = (
    "<office:automatic-styles>"
    '<style:style style:name="shown" style:family="table"><style:table-properties table:display="true"/></style:style>'
    '<style:style style:name="hidden" style:family="table"><style:table-properties table:display="false"/></style:style>'
    "</office:automatic-styles>"
)
MANIFEST = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
    f'<manifest:file-entry manifest:full-path="/" manifest:media-type="{MIMETYPE}"/>'
    '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
    "</manifest:manifest>"
)
# What LibreOffice writes after the last row: the rest of the sheet, empty, as repeats.
LIBREOFFICE_TAIL = (
    '<table:table-row table:number-rows-repeated="1048000">'
    '<table:table-cell table:number-columns-repeated="1024"/></table:table-row>'
)


@dataclass
class Table:
    """A sheet: rows of values (None is an empty cell); `merges` are (row, column, rows,
    columns) ranges, 1-based, whose top-left cell holds the value and the rest are covered."""

    name: str
    rows: Sequence[Sequence[object]]
    merges: Sequence[tuple[int, int, int, int]] = ()
    hidden: bool = False
    tail: str = field(default=LIBREOFFICE_TAIL)


def write_ods(path: Path, tables: Sequence[Table]) -> Path:
    return write_raw_ods(path, tables_xml(tables))


def write_raw_ods(path: Path, spreadsheet_xml: str) -> Path:
    """An .ods whose <office:spreadsheet> holds exactly `spreadsheet_xml`."""
    path.write_bytes(ods_bytes(content_xml(spreadsheet_xml)))
    return path


def content_xml(spreadsheet_xml: str) -> bytes:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {NAMESPACES} office:version="1.2">'
        f"{STYLES}<office:body><office:spreadsheet>{spreadsheet_xml}</office:spreadsheet></office:body>"
        "</office:document-content>"
    ).encode()


def tables_xml(tables: Sequence[Table]) -> str:
    return "".join(_table(t) for t in tables)


def ods_bytes(content: bytes) -> bytes:
    """The zip around a content.xml, as any byte string."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), MIMETYPE)  # stored, first: the ODF rule
        archive.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
        archive.writestr("META-INF/manifest.xml", MANIFEST, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def _table(table: Table) -> str:
    starts = {(r, c): (rows, cols) for r, c, rows, cols in table.merges}
    covered = {
        (r + dr, c + dc) for r, c, rows, cols in table.merges for dr in range(rows) for dc in range(cols) if dr or dc
    }
    body = []
    for r, row in enumerate(table.rows, start=1):
        width = max([len(row)] + [c for rr, c in covered if rr == r])
        cells = []
        for c in range(1, width + 1):
            if (r, c) in covered:
                cells.append("<table:covered-table-cell/>")
            else:
                cells.append(cell(row[c - 1] if c <= len(row) else None, *starts.get((r, c), (1, 1))))
        body.append(f"<table:table-row>{''.join(cells)}</table:table-row>")
    style = "hidden" if table.hidden else "shown"
    return f'<table:table table:name={quoteattr(table.name)} table:style-name="{style}">{"".join(body)}{table.tail}</table:table>'


def cell(value: object, rows: int = 1, columns: int = 1) -> str:
    """One <table:table-cell> as LibreOffice writes it: typed value and its shown text."""
    span = ""
    if rows > 1:
        span += f' table:number-rows-spanned="{rows}"'
    if columns > 1:
        span += f' table:number-columns-spanned="{columns}"'
    if value is None:
        return f"<table:table-cell{span}/>"
    if isinstance(value, datetime):
        typed = f'office:value-type="date" office:date-value="{value.isoformat()}"'
    elif isinstance(value, date):
        typed = f'office:value-type="date" office:date-value="{value.isoformat()}"'
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        typed = f'office:value-type="float" office:value="{value!r}"'
    else:
        typed = 'office:value-type="string"'
    return f"<table:table-cell {typed}{span}><text:p>{escape(str(value))}</text:p></table:table-cell>"
