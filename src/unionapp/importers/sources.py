"""Opening a workbook or table file and reading raw cell values: .xlsx/.xlsm, .xls, .ods,
and text tables (.csv/.tsv/.txt, and ".xls" files that are really a web page or text).

The file's content decides the reader, not its extension: a legacy .xls renamed to .xlsx
still opens. .xls, .ods and most .xlsx are read by python-calamine; an .xlsx whose sheets
could make calamine's whole-sheet grid large is streamed instead (see `prescan`). Every
way a file can't be read becomes an ImportFileError whose message tells a non-technical
user what to do.
"""

from __future__ import annotations

import codecs
import zipfile
from collections.abc import Callable
from pathlib import Path

from python_calamine import PasswordError

from unionapp.importers.book import Book, Row
from unionapp.importers.calamine_book import CalamineBook
from unionapp.importers.errors import ImportFileError
from unionapp.importers.prescan import ods_merges, xlsx_fits
from unionapp.importers.xls_prescan import XlsTooBig, check_xls
from unionapp.importers.zipcheck import TooLarge, check_members

__all__ = ["SUPPORTED_SUFFIXES", "Book", "Row", "open_book"]

TEXT_SUFFIXES = (".csv", ".tsv", ".txt")
SUPPORTED_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods", *TEXT_SUFFIXES)
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ODS_TYPE = b"application/vnd.oasis.opendocument.spreadsheet"
_SAVE_AS = "请用 Excel 或 WPS 打开它，另存为“Excel 工作簿（*.xlsx）”后再导入。"
_HEAD_BYTES = 512  # enough to tell a web page, a PDF or a picture from a workbook
# calamine reads a whole .xls into memory; a school's .xls roster is a few MB. (The
# format itself bounds a sheet to 65,536 rows × 256 columns.)
MAX_OLE_FILE = 20 * 2**20
_MARKUP = (b"<!doctype html", b"<html", b"<table", b"<meta", b"<?xml", b"<head", b"<body", b"<style")


def open_book(path: str | Path) -> Book:
    """Open a workbook or text table for reading, or raise ImportFileError saying what to do."""
    path = Path(path)
    shown = path.name
    _check_name(path, shown)
    head = _read_head(path, shown)
    if head.startswith(_ZIP_MAGIC):
        return _open_zip(path, shown)
    if head.startswith(_OLE_MAGIC):
        return _open_ole(path, shown)
    refusal = _what_it_is(head)
    if refusal is None and (path.suffix.lower() in TEXT_SUFFIXES or _is_markup(head) or _looks_like_text(head)):
        from unionapp.importers.text_book import open_text_book  # csv and html: only when met

        return open_text_book(path, head, shown)
    raise ImportFileError(f"“{shown}”不是有效的 Excel 工作簿{refusal or _damaged()}")


def _what_it_is(head: bytes) -> str | None:
    """What a file that is neither a workbook nor a table seems to be, and what to do:
    the rest of the sentence; None for what may be a text or web-page table."""
    if not head:
        return "：它是空文件（0 字节），可能没有保存完整。请找到原来的文件。"
    if head.startswith(b"%PDF"):
        return "：它是 PDF 文件。请找到原来的 Excel 文件再导入。"
    if head.startswith((b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"BM")):
        return "：它是一张图片。请找到原来的 Excel 文件再导入。"
    if head.startswith((b"Rar!", b"7z\xbc\xaf", b"\x1f\x8b")):
        return "：它是压缩包。请先解压，再选择其中的 Excel 文件。"
    return None


def _damaged() -> str:
    return "（文件可能已损坏，或只是改了扩展名）。" + _SAVE_AS


def _is_markup(head: bytes) -> bool:
    return head.lstrip(b"\xef\xbb\xbf \t\r\n").lower().startswith(_MARKUP)


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
        raise ImportFileError(
            f"不能导入{kind}文件“{shown}”，只能导入 Excel 工作簿（.xlsx、.xlsm、.xls）、"
            "OpenDocument 表格（.ods）或文本表格（.csv、.tsv、.txt）。" + _SAVE_AS
        )


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


def _open_zip(path: Path, shown: str) -> Book:
    """An .xlsx/.xlsm or .ods: the zip's directory is checked before anything is inflated."""
    try:
        check_members(path)
        ods = _is_ods(path)
    except TooLarge as exc:
        raise ImportFileError(str(exc)) from None
    except PermissionError:
        raise ImportFileError(_locked(shown)) from None
    except Exception as exc:  # no zip, or a damaged one
        raise ImportFileError(_invalid(shown)) from exc
    if ods:
        return _open_ods(path, shown)
    if xlsx_fits(path):
        try:
            by_name = path.suffix.lower() in (".xlsx", ".xlsm")
            return CalamineBook(path, by_name, fallback=lambda: _streaming(path))
        except PermissionError:
            raise ImportFileError(_locked(shown)) from None
        except Exception:
            pass  # the streaming reader reads it, or says what is wrong with it
    return _open(_streaming, path, shown)


def _is_ods(path: Path) -> bool:
    with zipfile.ZipFile(path) as archive:
        if "mimetype" not in archive.NameToInfo or "content.xml" not in archive.NameToInfo:
            return False
        with archive.open("mimetype") as f:
            return f.read(len(_ODS_TYPE)) == _ODS_TYPE


def _open_ods(path: Path, shown: str) -> Book:
    try:
        merges = ods_merges(path, shown)
        return CalamineBook(path, path.suffix.lower() == ".ods", merges=merges)
    except ImportFileError:
        raise
    except Exception as exc:
        raise ImportFileError(
            f"“{shown}”不是有效的 OpenDocument 表格（.ods），或者文件已损坏。"
            "请用 WPS 或 LibreOffice 打开它，另存为“Excel 工作簿（*.xlsx）”后再导入。"
        ) from exc


def _invalid(shown: str) -> str:
    return f"“{shown}”不是有效的 Excel 工作簿，或者文件已损坏。" + _SAVE_AS


def _open(kind: Callable[[Path], Book], path: Path, shown: str) -> Book:
    try:
        return kind(path)
    except PermissionError:
        raise ImportFileError(_locked(shown)) from None
    except TooLarge as exc:
        raise ImportFileError(str(exc)) from None
    except Exception as exc:  # zip and XML errors of a damaged or fake file
        raise ImportFileError(_invalid(shown)) from exc


def _open_ole(path: Path, shown: str) -> Book:
    """An OLE2 file is a legacy .xls, or an encrypted (password-protected) workbook."""
    if path.stat().st_size > MAX_OLE_FILE:
        raise ImportFileError(
            f"“{shown}”大于 {MAX_OLE_FILE // 2**20} MB，而旧版 .xls 格式只能整个读入内存，无法导入。"
            "请用 Excel 或 WPS 打开它（如设置了打开密码，请一并取消），另存为“Excel 工作簿（*.xlsx）”后再导入。"
        )
    try:
        check_xls(path.read_bytes())  # before calamine, which builds every sheet's grid at once
        return CalamineBook(path, path.suffix.lower() == ".xls")
    except PermissionError:
        raise ImportFileError(_locked(shown)) from None
    except XlsTooBig:
        raise ImportFileError(
            f"“{shown}”的表格范围过大（内容远在下方或右侧，或同一段长文字在太多单元格中重复），"
            "远大于一所学校的名册或账目，没有导入任何数据。请用 Excel 或 WPS 打开它，"
            "只把需要导入的内容复制到新的工作簿，另存为“Excel 工作簿（*.xlsx）”后再导入。"
        ) from None
    except Exception as exc:  # a damaged container, calamine's errors, its panics as CalamineFailed
        if isinstance(exc, PasswordError) or path.suffix.lower() != ".xls":
            raise ImportFileError(
                f"“{shown}”设置了打开密码，无法读取。请在 Excel 中取消密码后另存为再导入"
                "（文件 → 信息 → 保护工作簿 → 用密码进行加密，清空密码后保存）。"
            ) from exc
        raise ImportFileError(_invalid(shown)) from exc


def _streaming(path: Path) -> Book:
    """The streaming .xlsx reader, loaded only for the files calamine is not given (it
    imports openpyxl, a tenth of a second)."""
    from unionapp.importers.xlsx import XlsxBook

    return XlsxBook(path)
