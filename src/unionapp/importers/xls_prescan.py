"""Bounds checked before python-calamine opens a legacy .xls.

calamine reads every sheet of an .xls when it opens it, each as a dense grid from its
first to its last cell, and copies a shared text into every cell that names it.
Measured: a 30 KB roster with one cell moved to IV65536 took 523 MB when opened and
1 GB once its sheet was handed over; a few such sheets, or many cells naming one long
text, end the process. So the file's records are walked first (the OLE2 container,
then the BIFF records of the Workbook stream): the grids of all sheets together must
fit the bound of `prescan`, and so must the shared texts copied into cells.
"""

from __future__ import annotations

import struct

from unionapp.importers.prescan import FAST_COLUMNS, FAST_ROWS

MAX_GRID = FAST_ROWS * FAST_COLUMNS  # cells of all sheets' grids together
MAX_COPIED_TEXT = 16 * 2**20  # characters of shared texts copied into cells
_END = 0xFFFFFFFE  # end of a sector chain
_FREE = 0xFFFFFFFF
_STREAMS = ("workbook", "book")  # BIFF8, BIFF5
# Records whose first four bytes are the cell's row and column.
_CELLS = frozenset({0x0006, 0x00D6, 0x00FD, 0x0203, 0x0204, 0x0205, 0x027E})
_MULRK, _LABELSST, _SST, _CONTINUE, _BOF, _FILEPASS = 0x00BD, 0x00FD, 0x00FC, 0x003C, 0x0809, 0x002F


class XlsDamaged(Exception):
    """The container or its records can't be walked: a damaged file."""


class XlsTooBig(Exception):
    """The grids or the copied texts would be past the bounds."""


def check_xls(data: bytes) -> None:
    """Raise XlsTooBig or XlsDamaged; return if calamine may open the file. A file without
    a workbook stream (an encrypted .xlsx) or an encrypted one is left to calamine, which
    says what it is."""
    try:
        stream = _workbook_stream(data)
        if stream is not None:
            _walk(stream)
    except (struct.error, IndexError, ValueError) as exc:
        raise XlsDamaged(str(exc)) from None


# ---------------------------------------------------------------- OLE2 container


def _workbook_stream(data: bytes) -> bytes | None:
    shift, mini_shift = struct.unpack_from("<HH", data, 0x1E)
    if shift not in (9, 12) or mini_shift != 6:
        raise ValueError("sector sizes")
    size = 1 << shift
    count = len(data) // size - 1  # sectors after the header

    def sector(index: int) -> bytes:
        if index >= count:
            raise ValueError("sector past the end")
        return data[(index + 1) * size : (index + 2) * size]

    fat = _fat(data, size, count, sector)
    directory = b"".join(sector(s) for s in _chain(struct.unpack_from("<I", data, 0x30)[0], fat))
    root_start, root_size = struct.unpack_from("<II", directory, 0x74)
    for offset in range(0, len(directory) - 127, 128):
        length, kind = struct.unpack_from("<HB", directory, offset + 0x40)
        name = directory[offset : offset + min(length, 64)].decode("utf-16-le", "replace").rstrip("\0").lower()
        if kind == 2 and name in _STREAMS:
            start, stream_size = struct.unpack_from("<II", directory, offset + 0x74)
            if stream_size >= struct.unpack_from("<I", data, 0x38)[0]:
                stream = b"".join(sector(s) for s in _chain(start, fat))
            else:  # a small stream lives in 64-byte pieces of the root's stream
                mini_fat = _table(b"".join(sector(s) for s in _chain(struct.unpack_from("<I", data, 0x3C)[0], fat)))
                mini = b"".join(sector(s) for s in _chain(root_start, fat))[:root_size]
                stream = b"".join(mini[s * 64 : s * 64 + 64] for s in _chain(start, mini_fat))
            if len(stream) < stream_size:
                raise ValueError("stream shorter than its size")
            return stream[:stream_size]
    return None


def _fat(data: bytes, size: int, count: int, sector) -> list[int]:
    """The sector allocation table, from the header's 109 entries and the DIFAT chain."""
    places = list(struct.unpack_from("<109I", data, 0x4C))
    following, seen = struct.unpack_from("<I", data, 0x44)[0], 0
    while following not in (_END, _FREE):
        seen += 1
        if seen > count:
            raise ValueError("a looping DIFAT chain")
        entries = _table(sector(following))
        places += entries[:-1]
        following = entries[-1]
    wanted = struct.unpack_from("<I", data, 0x2C)[0]
    if wanted > count or wanted > len(places):
        raise ValueError("FAT sectors")
    return _table(b"".join(sector(s) for s in places[:wanted]))


def _table(raw: bytes) -> list[int]:
    return list(struct.unpack(f"<{len(raw) // 4}I", raw[: len(raw) // 4 * 4]))


def _chain(start: int, table: list[int]) -> list[int]:
    found, index = [], start
    while index != _END:
        if index >= len(table) or len(found) > len(table):
            raise ValueError("a broken or looping chain")
        found.append(index)
        index = table[index]
    return found


# ---------------------------------------------------------------- BIFF records


def _walk(stream: bytes) -> None:
    """Each substream's grid (from BOF to BOF) and each shared-text cell's length."""
    grids = copied = 0
    lengths: list[int] = []
    corner: list[int] = []  # min row, min column, max row, max column of this substream
    position, end = 0, len(stream)
    while position + 4 <= end:
        kind, length = struct.unpack_from("<HH", stream, position)
        body = position + 4
        position = body + length
        if kind in _CELLS or kind == _MULRK:
            row, column = struct.unpack_from("<HH", stream, body)
            _widen(corner, row, column, struct.unpack_from("<H", stream, position - 2)[0] if kind == _MULRK else column)
            if kind == _LABELSST:
                index = struct.unpack_from("<I", stream, body + 6)[0]
                copied += lengths[index] if index < len(lengths) else 0
        elif kind == _BOF:
            grids += _cells(corner)
            corner = []
        elif kind == _SST:
            lengths = _shared_lengths(stream, body, length)
        elif kind == _FILEPASS:
            return  # what follows is encrypted: calamine asks for the password
    if grids + _cells(corner) > MAX_GRID or copied > MAX_COPIED_TEXT:
        raise XlsTooBig


def _widen(corner: list[int], row: int, first: int, last: int) -> None:
    if not corner:
        corner.extend((row, first, row, last))
        return
    corner[0], corner[1] = min(corner[0], row), min(corner[1], first)
    corner[2], corner[3] = max(corner[2], row), max(corner[3], last)


def _cells(corner: list[int]) -> int:
    return (corner[2] - corner[0] + 1) * (corner[3] - corner[1] + 1) if corner else 0


def _shared_lengths(stream: bytes, body: int, length: int) -> list[int]:
    """Characters of each shared text: the SST record and the CONTINUE records after it,
    where a text's characters go on after a new options byte."""
    pieces = [stream[body : body + length]]
    position = body + length
    while position + 4 <= len(stream) and struct.unpack_from("<H", stream, position)[0] == _CONTINUE:
        size = struct.unpack_from("<H", stream, position + 2)[0]
        pieces.append(stream[position + 4 : position + 4 + size])
        position += 4 + size
    reader = _Pieces(pieces)
    reader.skip(4)
    unique = struct.unpack("<I", reader.take(4))[0]
    lengths: list[int] = []
    while len(lengths) < unique and not reader.done():
        count, options = struct.unpack("<HB", reader.take(3))
        runs = struct.unpack("<H", reader.take(2))[0] if options & 0x08 else 0
        extra = struct.unpack("<I", reader.take(4))[0] if options & 0x04 else 0
        reader.characters(count, options & 0x01)
        reader.skip(4 * runs + extra)
        lengths.append(count)
    return lengths


class _Pieces:
    """Reading across the SST record and its CONTINUE records."""

    def __init__(self, pieces: list[bytes]):
        self.pieces, self.index, self.position = pieces, 0, 0

    def done(self) -> bool:
        return self.index >= len(self.pieces) - 1 and self.position >= len(self.pieces[-1])

    def _next(self) -> None:
        self.index += 1
        self.position = 0
        if self.index >= len(self.pieces):
            raise ValueError("shared texts cut short")

    def take(self, count: int) -> bytes:
        out = b""
        while len(out) < count:
            if self.position >= len(self.pieces[self.index]):
                self._next()
            piece = self.pieces[self.index]
            part = piece[self.position : self.position + count - len(out)]
            out += part
            self.position += len(part)
        return out

    def skip(self, count: int) -> None:
        while count > 0:
            if self.position >= len(self.pieces[self.index]):
                self._next()
            step = min(count, len(self.pieces[self.index]) - self.position)
            self.position += step
            count -= step

    def characters(self, count: int, wide: int) -> None:
        while count > 0:
            if self.position >= len(self.pieces[self.index]):
                self._next()
                wide = self.pieces[self.index][0] & 0x01  # a new options byte
                self.position = 1
                continue
            step = min(count, (len(self.pieces[self.index]) - self.position) // (2 if wide else 1))
            if step == 0:
                raise ValueError("a character cut in two")
            self.position += step * (2 if wide else 1)
            count -= step
