"""A legacy .xls is walked before python-calamine opens it: calamine builds every sheet's
grid at once, from its first to its last cell, and copies a shared text into every cell
naming it, so a few bytes moved in a 30 KB file asked for a gigabyte."""

from __future__ import annotations

import re
import struct
from pathlib import Path

import pytest

from unionapp.importers.errors import ImportFileError
from unionapp.importers.members import plan_member_import
from unionapp.importers.xls_prescan import MAX_COPIED_TEXT, XlsTooBig, _shared_lengths, _walk, check_xls

from . import test_hostile_scale as scale
from .hostile import assert_chinese

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
LEGACY = (FIXTURES / "roster_legacy.xls").read_bytes()


def _moved_cell(row: int, column: int) -> bytes:
    """roster_legacy.xls with its last shared-text cell moved to (row, column), 0-based."""
    data = bytearray(LEGACY)
    last = [m.start() for m in re.finditer(rb"\xfd\x00\x0a\x00", data)][-1]  # LABELSST, 10 bytes
    struct.pack_into("<HH", data, last + 4, row, column)
    return bytes(data)


def test_a_cell_at_iv65536_is_refused_before_calamine_builds_the_grid(tmp_path):
    """Measured without the walk: 523 MB when opened, 1 GB once the sheet was read."""
    path = tmp_path / "花名册.xls"
    path.write_bytes(_moved_cell(65_535, 255))
    outcome = scale.plan_in_child(path, tmp_path)
    assert outcome.get("error") == "ImportFileError", outcome
    assert "表格范围过大" in outcome["message"] and "没有导入任何数据" in outcome["message"]
    assert outcome["seconds"] < 10 and outcome["peak_mb"] < 250, outcome


def test_the_refusal_is_chinese_and_a_near_cell_is_read(db, tmp_path):
    path = tmp_path / "花名册.xls"
    path.write_bytes(_moved_cell(65_535, 255))
    with pytest.raises(ImportFileError) as caught:
        plan_member_import(db, path)
    assert_chinese(caught.value)
    path.write_bytes(_moved_cell(200, 20))  # far from the table, but a small grid
    assert plan_member_import(db, path).adds


@pytest.mark.parametrize("name", sorted(p.name for p in FIXTURES.glob("*.xls")) + ["roster_encrypted.xlsx"])
def test_every_fixture_passes_the_walk(name):
    check_xls((FIXTURES / name).read_bytes())  # an encrypted one is left to calamine


# ---------------------------------------------------------------- BIFF records


def record(kind: int, body: bytes) -> bytes:
    return struct.pack("<HH", kind, len(body)) + body


BOF = record(0x0809, bytes(16))


def shared_texts(length: int) -> bytes:
    """An SST of two texts, the first `length` wide characters split over CONTINUE
    records (each continuing the characters after an options byte), then "工会组"."""
    chars = "会" * length
    head = struct.pack("<IIHB", 2, 2, length, 0x01)
    first = chars[:1000].encode("utf-16-le")
    out = record(0x00FC, head + first)
    for start in range(1000, length, 4000):
        out += record(0x003C, b"\x01" + chars[start : start + 4000].encode("utf-16-le"))
    return out + record(0x003C, struct.pack("<HB", 3, 1) + "工会组".encode("utf-16-le"))


def sst_cell(row: int, column: int, index: int) -> bytes:
    return record(0x00FD, struct.pack("<HHHI", row, column, 15, index))


def number_cell(row: int, column: int) -> bytes:
    return record(0x0203, struct.pack("<HHHd", row, column, 15, 1.0))


def test_shared_text_lengths_read_across_continue_records():
    stream = shared_texts(30_000)
    assert _shared_lengths(stream, 4, struct.unpack_from("<H", stream, 2)[0]) == [30_000, 3]


def test_a_long_shared_text_in_too_many_cells_is_refused():
    per_cell = 30_000
    fits = MAX_COPIED_TEXT // per_cell
    globals_ = BOF + shared_texts(per_cell)
    cells = b"".join(sst_cell(row, 0, 0) for row in range(fits))
    _walk(globals_ + BOF + cells)  # 16 million characters copied: the most allowed
    with pytest.raises(XlsTooBig):
        _walk(globals_ + BOF + cells + sst_cell(fits, 0, 0))
    _walk(globals_ + BOF + cells + sst_cell(fits, 0, 1))  # a short text still fits


def test_the_grids_of_all_sheets_count_together():
    sheet = BOF + number_cell(0, 0) + number_cell(58_999, 29)  # 59,000 × 30 cells
    _walk(BOF + sheet)
    with pytest.raises(XlsTooBig):
        _walk(BOF + sheet + sheet)


def test_a_mulrk_record_reaches_its_last_column():
    mulrk = record(0x00BD, struct.pack("<HH", 0, 0) + bytes(6 * 3) + struct.pack("<H", 60_000))
    with pytest.raises(XlsTooBig):
        _walk(BOF + mulrk + number_cell(100, 0))
