"""The encoding of a text table, found rather than asked, and its delimiter.

A BOM decides (UTF-8, or UTF-16: Excel's "Unicode 文本"); else UTF-8 when the whole file
is valid UTF-8; else GB18030, a superset of GBK and GB2312 and what "CSV (逗号分隔)"
writes on a Chinese Windows. A file whose lines mix the two is refused naming the row,
rather than read with that row turned into garbage; so is a byte neither encoding knows.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections import Counter

from unionapp.importers.errors import ImportFileError

_DELIMITERS = (",", "\t", ";")
_SAMPLE_CHARS = 64 * 1024  # the delimiter is counted on the first lines of this much text
_SAMPLE_LINES = 50
_QUOTED = re.compile(r'"[^"]*"')
# A UTF-8 line of a Chinese table holds CJK characters (3 bytes each), full-width forms and
# the middle dot of minority names; GBK text that happens to be valid UTF-8 decodes to
# Latin, Greek, Cyrillic or Arabic letters (U+0080–U+07FF) instead.
_NOT_CJK = re.compile("[\u0080-\u00b6\u00b8-\u1fff]")
_FOREIGN = re.compile("[\u0370-\u07ff]")  # Greek to NKo: what GBK read as UTF-8 looks like
SAVE_AS = "请用 Excel 或 WPS 打开它，另存为“CSV UTF-8（逗号分隔）”或“Excel 工作簿（*.xlsx）”后再导入。"
_UTF8, _GB = "UTF-8", "GBK"


def decode_text(data: bytes, shown: str, web: bool = False) -> str:
    """The file's text in the encoding it was written in; ImportFileError when its rows mix
    encodings or hold bytes no encoding of a Chinese spreadsheet has. `web`: a web page,
    whose lines are no rows (its <meta charset> is not trusted: systems write GB2312 pages
    that declare UTF-8, and the reverse)."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise ImportFileError(
                f"“{shown}”是 Unicode 文本，但有一部分已损坏，无法读取。" + SAVE_AS.replace("它", "原文件")
            ) from None
    bom = data.startswith(codecs.BOM_UTF8)
    body = data[3:] if bom else data
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        text = None
    if text is not None and not _FOREIGN.search(text):
        return text
    utf8, gb, bad = _line_kinds(body)
    if bad is not None:
        where = "中" if web else f"第 {record_number(data, bad)} 行"
        raise ImportFileError(
            f"“{shown}”{where}有无法识别的字符（既不是 UTF-8 也不是 GBK 编码），文件可能已损坏或不是表格。" + SAVE_AS
        )
    if gb and (utf8 or bom):
        # The kind with fewer lines is the stray one; with a UTF-8 BOM, the file's own is UTF-8.
        stray, other = (gb, _UTF8) if bom or len(gb) < len(utf8) else (utf8, _GB)
        if web:
            raise ImportFileError(_mixed_web(shown, other))
        raise ImportFileError(_mixed_message(shown, record_number(data, stray[0]), other))
    if gb or text is None:
        return body.decode("gb18030")
    return text


def _line_kinds(data: bytes) -> tuple[list[int], list[int], int | None]:
    """The numbers (1-based) of the physical lines written in UTF-8 and in GBK, and the
    first line that is neither. A newline byte never occurs inside a UTF-8 or GBK character."""
    utf8: list[int] = []
    gb: list[int] = []
    for number, line in enumerate(data.split(b"\n"), 1):
        if line.isascii():
            continue
        try:
            text = line.decode("utf-8")
        except UnicodeDecodeError:
            text = None
        if text is not None and not _NOT_CJK.search(text):
            utf8.append(number)
            continue
        try:
            chinese = line.decode("gb18030")
        except UnicodeDecodeError:
            if text is None:
                return utf8, gb, number
            utf8.append(number)  # UTF-8 with other letters (José), no GBK
            continue
        if text is None or (_FOREIGN.search(text) and not _NOT_CJK.search(chinese)):
            gb.append(number)
        else:
            utf8.append(number)
    return utf8, gb, None


def _mixed_message(shown: str, row: int, other: str) -> str:
    this = _UTF8 if other == _GB else _GB
    return (
        f"“{shown}”的第 {row} 行与其他行的文字编码不同（这一行是 {this}，其他行是 {other}），"
        "可能是从别的文件复制粘贴进来的；照常读取，这一行会变成乱码，所以没有导入任何数据。"
        f"请用 Excel 或 WPS 打开它，核对并改正第 {row} 行（它可能显示为乱码），"
        "再另存为“CSV UTF-8（逗号分隔）”或“Excel 工作簿（*.xlsx）”后导入。"
    )


def _mixed_web(shown: str, other: str) -> str:
    this = _UTF8 if other == _GB else _GB
    return (
        f"“{shown}”是网页格式的表格，其中有一部分文字是 {this} 编码，其他是 {other} 编码，"
        "照常读取会有乱码，所以没有导入任何数据。请用 Excel 或 WPS 打开它，核对显示为乱码的内容，"
        "再另存为“Excel 工作簿（*.xlsx）”后导入。"
    )


def record_number(data: bytes, line: int) -> int:
    """The row (as Excel would number it) that holds physical line `line`: a quoted cell
    may span lines. Delimiters and quotes are ASCII, so the bytes parse as Latin-1."""
    text = data.decode("latin-1")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=find_delimiter(text), strict=False)
    number = 0
    try:
        for number, _ in enumerate(reader, 1):
            if reader.line_num >= line:
                return number
    except csv.Error:
        return number + 1
    return max(number, 1)


def find_delimiter(text: str) -> str:
    """Comma, tab or semicolon: the one found the same number of times on most of the first
    lines, quoted text left out (csv.Sniffer guesses wrong on Chinese text). A title line
    and a totals line don't change that count."""
    sample = _QUOTED.sub("", text[:_SAMPLE_CHARS])
    lines = [line for line in sample.splitlines()[:_SAMPLE_LINES] if line.strip()]
    best, score = ",", (0, 0)
    for delimiter in _DELIMITERS:
        counts = Counter(line.count(delimiter) for line in lines if delimiter in line)
        if counts:
            count, times = max(counts.items(), key=lambda item: (item[1], item[0]))
            if (times, count) > score:
                best, score = delimiter, (times, count)
    return best
