"""Opening a workbook file and reading raw cell values, for .xlsx/.xlsm and .xls.

The file's content decides the reader, not its extension: a legacy .xls renamed
to .xlsx still opens. Every way a file can't be read becomes an ImportFileError
whose message tells a non-technical user what to do.
"""

from __future__ import annotations

import codecs
from collections.abc import Iterator
from pathlib import Path

import xlrd
import xlrd.compdoc

from unionapp.importers.book import MAX_CELL_TEXT, MAX_COLUMN, Book, Merge, Overflow, Row, keep_merge
from unionapp.importers.errors import ImportFileError
from unionapp.importers.xlsx import TooLarge, XlsxBook

__all__ = ["SUPPORTED_SUFFIXES", "Book", "Row", "open_book"]

SUPPORTED_SUFFIXES = (".xlsx", ".xlsm", ".xls")
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_SAVE_AS = "请用 Excel 或 WPS 打开它，另存为“Excel 工作簿（*.xlsx）”后再导入。"
_HEAD_BYTES = 512  # enough to tell a web page, a PDF or a picture from a workbook
# xlrd reads a whole .xls into memory, about ten times its size for a sheet of distinct
# texts (a 120 MB file peaked at 1.2 GB); a school's .xls roster is a few MB.
MAX_OLE_FILE = 20 * 2**20


class _Discard:
    """Where xlrd writes its English warnings ("WARNING *** file size ... not 512 + ..."):
    by default that is stdout, mixing them into what the command line prints."""

    def write(self, text: str) -> int:
        return len(text)

    def flush(self) -> None:
        pass


_XLRD_GET_STREAM = xlrd.compdoc.CompDoc._get_stream


def _bounded_get_stream(self, mem, base, sat, sec_size, start_sid, size=None, name="", seen_id=None):
    """xlrd's CompDoc._get_stream, after checking that the sector chain ends. xlrd follows
    a short stream's chain without looking for a loop, so a damaged .xls made it append
    sectors until memory ran out (a fuzzed 7 KB file: 24 GB, then the OOM killer). A chain
    can't hold more sectors than the data it points into."""
    most = len(mem) // sec_size + 1
    sid, length = start_sid, 0
    while 0 <= sid < len(sat):
        length += 1
        if length > most:
            raise xlrd.compdoc.CompDocError(f"OLE2 stream {name!r}: the sector chain loops")
        sid = sat[sid]
    return _XLRD_GET_STREAM(self, mem, base, sat, sec_size, start_sid, size, name, seen_id)


xlrd.compdoc.CompDoc._get_stream = _bounded_get_stream  # xlrd 2.0 is no longer maintained


class XlsBook(Book):
    def __init__(self, path: Path):
        # formatting_info: xlrd keeps the merged ranges only with it.
        self._book = xlrd.open_workbook(str(path), on_demand=True, formatting_info=True, logfile=_Discard())

    def sheet_names(self) -> list[str]:
        return self._book.sheet_names()

    def is_hidden(self, index: int) -> bool:
        return self._book.sheet_by_index(index).visibility != 0

    def rows(
        self, index: int, start: int = 1, stop: int | None = None, overflow: Overflow | None = None
    ) -> Iterator[tuple[int, Row]]:
        sheet = self._book.sheet_by_index(index)
        last = sheet.nrows if stop is None else min(stop, sheet.nrows)
        for number in range(start, last + 1):
            cells = sheet.row(number - 1)
            if overflow is not None and len(cells) > MAX_COLUMN:
                far = next(
                    (
                        c
                        for c, cell in enumerate(cells[MAX_COLUMN:], MAX_COLUMN + 1)
                        if cell.ctype not in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK)
                    ),
                    None,
                )
                if far is not None:
                    overflow.cell(number, far)
            yield number, [self._value(cell) for cell in cells[:MAX_COLUMN]]

    def merges(self, index: int) -> list[Merge]:
        found: list[Merge] = []
        for rlo, rhi, clo, chi in self._book.sheet_by_index(index).merged_cells:  # 0-based, ends excluded
            keep_merge(found, Merge(rlo + 1, clo + 1, rhi, chi))
        return found

    def _value(self, cell: xlrd.sheet.Cell) -> object:
        kind, value = cell.ctype, cell.value
        if kind == xlrd.XL_CELL_DATE:
            try:
                return xlrd.xldate_as_datetime(value, self._book.datemode)
            except (xlrd.xldate.XLDateError, ValueError, OverflowError):
                return value  # let the date parser explain the odd number
        if kind == xlrd.XL_CELL_NUMBER:
            # xlrd gives every number as float; openpyxl gives whole numbers as int.
            return int(value) if value.is_integer() and abs(value) < 1e15 else value
        if kind == xlrd.XL_CELL_BOOLEAN:
            return bool(value)
        if kind == xlrd.XL_CELL_ERROR:
            return xlrd.error_text_from_code.get(value, "#ERROR")
        if kind in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
            return None
        return value[:MAX_CELL_TEXT] if isinstance(value, str) else value

    def close(self) -> None:
        self._book.release_resources()


def open_book(path: str | Path) -> Book:
    """Open a workbook for reading, or raise ImportFileError saying what to do."""
    path = Path(path)
    shown = path.name
    _check_name(path, shown)
    head = _read_head(path, shown)
    if head.startswith(_ZIP_MAGIC):
        return _open(XlsxBook, path, shown)
    if head.startswith(_OLE_MAGIC):
        return _open_ole(path, shown)
    raise ImportFileError(f"“{shown}”不是有效的 Excel 工作簿{_what_it_is(head)}")


def _what_it_is(head: bytes) -> str:
    """What a file that is no workbook seems to be, and what to do: the rest of the sentence."""
    if not head:
        return "：它是空文件（0 字节），可能没有保存完整。请找到原来的文件。"
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith((b"<!doctype html", b"<html", b"<table", b"<meta", b"<?xml", b"<head", b"<body", b"<style")):
        return (
            "：它其实是网页（HTML）或 XML 格式的表格，只是扩展名为 Excel（一些系统导出的 .xls 就是这样）。" + _SAVE_AS
        )
    if head.startswith(b"%PDF"):
        return "：它是 PDF 文件。请找到原来的 Excel 文件再导入。"
    if head.startswith((b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"BM")):
        return "：它是一张图片。请找到原来的 Excel 文件再导入。"
    if head.startswith((b"Rar!", b"7z\xbc\xaf", b"\x1f\x8b")):
        return "：它是压缩包。请先解压，再选择其中的 Excel 文件。"
    if _looks_like_text(head):
        return "：它其实是文本（如 CSV）文件，只是扩展名为 Excel。" + _SAVE_AS
    return "（文件可能已损坏，或只是改了扩展名）。" + _SAVE_AS


def _looks_like_text(head: bytes) -> bool:
    """UTF-8, GBK or UTF-16 (with its BOM: Excel's "Unicode text") text without control
    characters; the last character may be cut off."""
    encodings = ("utf-16",) if head.startswith((b"\xff\xfe", b"\xfe\xff")) else ("utf-8", "gb18030")
    head = head.removeprefix(b"\xef\xbb\xbf")
    for encoding in encodings:
        try:
            text = codecs.getincrementaldecoder(encoding)().decode(head, final=False)
        except UnicodeDecodeError:
            continue
        return all(c.isprintable() or c in "\r\n\t" for c in text.removeprefix("\ufeff"))
    return False


def _check_name(path: Path, shown: str) -> None:
    suffix = path.suffix.lower()
    if shown.startswith("~$"):
        raise ImportFileError(f"“{shown}”是 Excel 打开文件时生成的临时文件，请选择不带“~$”的原文件。")
    if suffix not in SUPPORTED_SUFFIXES:
        kind = f" {suffix} " if suffix else "没有扩展名的"
        raise ImportFileError(f"不能导入{kind}文件“{shown}”，只能导入 Excel 文件（.xlsx 或 .xls）。" + _SAVE_AS)


def _read_head(path: Path, shown: str) -> bytes:
    try:
        with path.open("rb") as f:
            return f.read(_HEAD_BYTES)
    except FileNotFoundError:
        raise ImportFileError(f"找不到文件“{path}”，请确认文件还在原来的位置，或重新选择。") from None
    except IsADirectoryError:
        raise ImportFileError(f"“{shown}”是一个文件夹，请选择其中的 Excel 文件。") from None
    except PermissionError:
        raise ImportFileError(_locked(shown)) from None


def _locked(shown: str) -> str:
    return f"无法打开“{shown}”：文件正被其他程序使用或没有读取权限。请先在 Excel 或 WPS 中关闭这个文件，再导入。"


def _open(kind: type[Book], path: Path, shown: str) -> Book:
    try:
        return kind(path)
    except PermissionError:
        raise ImportFileError(_locked(shown)) from None
    except TooLarge as exc:
        raise ImportFileError(str(exc)) from None
    except Exception as exc:  # zip, XML and xlrd errors of a damaged or fake file
        raise ImportFileError(f"“{shown}”不是有效的 Excel 工作簿，或者文件已损坏。" + _SAVE_AS) from exc


def _open_ole(path: Path, shown: str) -> Book:
    """An OLE2 file is a legacy .xls, or an encrypted (password-protected) workbook."""
    if path.stat().st_size > MAX_OLE_FILE:
        raise ImportFileError(
            f"“{shown}”大于 {MAX_OLE_FILE // 2**20} MB，而旧版 .xls 格式只能整个读入内存，无法导入。"
            "请用 Excel 或 WPS 打开它（如设置了打开密码，请一并取消），另存为“Excel 工作簿（*.xlsx）”后再导入。"
        )
    try:
        return XlsBook(path)
    except PermissionError:
        raise ImportFileError(_locked(shown)) from None
    except Exception as exc:
        encrypted = path.suffix.lower() != ".xls" or "encrypted" in str(exc)
        if encrypted:
            raise ImportFileError(
                f"“{shown}”设置了打开密码，无法读取。请在 Excel 中取消密码后另存为再导入"
                "（文件 → 信息 → 保护工作簿 → 用密码进行加密，清空密码后保存）。"
            ) from exc
        raise ImportFileError(f"“{shown}”不是有效的 Excel 工作簿，或者文件已损坏。" + _SAVE_AS) from exc
