"""Opening a workbook file and reading raw cell values, for .xlsx/.xlsm and .xls.

The file's content decides the reader, not its extension: a legacy .xls renamed
to .xlsx still opens. Every way a file can't be read becomes an ImportFileError
whose message tells a non-technical user what to do.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator, Sequence
from pathlib import Path

import openpyxl
import xlrd

from unionapp.importers.errors import ImportFileError

SUPPORTED_SUFFIXES = (".xlsx", ".xlsm", ".xls")
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_SAVE_AS = "请用 Excel 或 WPS 打开它，另存为“Excel 工作簿（*.xlsx）”后再导入。"

Row = Sequence[object]


class Book:
    """An open workbook: sheet names and lazily read rows of raw values."""

    def sheet_names(self) -> list[str]:
        raise NotImplementedError

    def is_hidden(self, index: int) -> bool:
        return False

    def rows(self, index: int, start: int = 1, stop: int | None = None) -> Iterator[tuple[int, Row]]:
        """(row number as Excel shows it, values) from row `start` to `stop` (inclusive)."""
        raise NotImplementedError

    def close(self) -> None:
        pass


class XlsxBook(Book):
    def __init__(self, path: Path):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "data validation extension not supported" etc.
            self._wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
        self._sheets = self._wb.worksheets
        for sheet in self._sheets:
            sheet.reset_dimensions()  # other programs often write a wrong "used range"

    def sheet_names(self) -> list[str]:
        return [sheet.title for sheet in self._sheets]

    def is_hidden(self, index: int) -> bool:
        return self._sheets[index].sheet_state != "visible"

    def rows(self, index: int, start: int = 1, stop: int | None = None) -> Iterator[tuple[int, Row]]:
        # Read-only iter_rows yields an empty tuple for missing rows, so counting is exact.
        rows = self._sheets[index].iter_rows(min_row=start, max_row=stop, values_only=True)
        yield from enumerate(rows, start)

    def close(self) -> None:
        self._wb.close()


class XlsBook(Book):
    def __init__(self, path: Path):
        self._book = xlrd.open_workbook(str(path), on_demand=True)

    def sheet_names(self) -> list[str]:
        return self._book.sheet_names()

    def is_hidden(self, index: int) -> bool:
        return self._book.sheet_by_index(index).visibility != 0

    def rows(self, index: int, start: int = 1, stop: int | None = None) -> Iterator[tuple[int, Row]]:
        sheet = self._book.sheet_by_index(index)
        last = sheet.nrows if stop is None else min(stop, sheet.nrows)
        for number in range(start, last + 1):
            yield number, [self._value(cell) for cell in sheet.row(number - 1)]

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
        return value

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
    raise ImportFileError(f"“{shown}”不是有效的 Excel 工作簿（文件可能已损坏，或只是改了扩展名）。" + _SAVE_AS)


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
            return f.read(8)
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
    except Exception as exc:  # zip, XML and xlrd errors of a damaged or fake file
        raise ImportFileError(f"“{shown}”不是有效的 Excel 工作簿，或者文件已损坏。" + _SAVE_AS) from exc


def _open_ole(path: Path, shown: str) -> Book:
    """An OLE2 file is a legacy .xls, or an encrypted (password-protected) workbook."""
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
