"""Text from outside (form fields, workbook cells, pasted values): the one rule for what
is stored (`clean_text`, `clean_name`, `clean_note`), and how a value is quoted back in
a message."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping

from .errors import DomainError

# Removed from text we store: control characters (tab, newline and carriage return stay,
# notes have lines), bidi marks, overrides and isolates ("\u202e三张" shows as "张三"),
# zero-width and other invisible format characters (soft hyphen, word joiners, tags,
# Hangul fillers) and the BOM, lone surrogates (SQLite can't encode them) and the two
# non-characters XML forbids (an .xlsx export could not be written).
_UNSAFE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\xad\u061c\u115f\u1160\u180e\u200b-\u200f\u202a-\u202e"
    "\u2060-\u2064\u2066-\u206f\u3164\ufeff\uffa0\ufff9-\ufffb\ud800-\udfff\ufffe\uffff"
    "\U000e0000-\U000e007f]"
)
_SURROGATE = re.compile("[\ud800-\udfff]")  # half of a pair: no character at all
_LINE_BREAKS = re.compile("\r\n?|[\u2028\u2029]")
_ONE_LINE = re.compile("[\t\n]+")
SHOWN_LIMIT = 30  # characters of a value quoted in a message
NAME_LIMIT = 50  # a person's, group's or category's name (the columns' size)
LINE_LIMIT = 200  # one line of free text (a summary, who visited)
NOTE_LIMIT = 2000  # a note: Text in the database, but Excel keeps 32,767 characters of a cell


class TextError(DomainError):
    """Typed text that can't be stored as it is; the message names the field."""


def strip_unsafe(text: str) -> str:
    """`text` without the characters that break storage, exports or what the user sees."""
    return _UNSAFE.sub("", text)


def clean_text(
    value: object, field: str, limit: int | None = LINE_LIMIT, *, multiline: bool = False, required: bool = False
) -> str:
    """The one rule for text a user enters, by form or by import: NFC, without control,
    bidi and invisible characters, trimmed, on one line unless `multiline` (notes keep
    their line breaks and tabs). Refuses (TextError) a lone surrogate, text longer than
    `limit`, and with `required` text that is empty once cleaned."""
    raw = "" if value is None else str(value)
    if _SURROGATE.search(raw):
        raise TextError(f"{field}中有无法保存的残缺字符（常见于从别处复制来的损坏文字），请删除后重新输入")
    text = strip_unsafe(_LINE_BREAKS.sub("\n", unicodedata.normalize("NFC", raw)))
    if not multiline:
        text = _ONE_LINE.sub(" ", text)
    text = text.strip()
    if required and not text:
        raise TextError(empty_message(field, raw))
    if limit is not None and len(text) > limit:
        raise TextError(too_long_message(field, limit, len(text)))
    return text


def clean_name(value: object, field: str, limit: int | None = NAME_LIMIT) -> str:
    """A name (of a group, category, campaign ...): one line, required."""
    return clean_text(value, field, limit, required=True)


def clean_note(value: object, field: str = "备注", limit: int = NOTE_LIMIT) -> str:
    """A note: lines and tabs kept, at most `limit` characters."""
    return clean_text(value, field, limit, multiline=True)


def clean_fields(source: object, spec: Mapping[str, tuple[str, int | None, bool]], problems: list[str]) -> dict:
    """The text attributes of `source` named in `spec` (attribute → label, limit, multiline),
    cleaned; what can't be stored is added to `problems` and left out."""
    values = {}
    for key, (label, limit, multiline) in spec.items():
        try:
            values[key] = clean_text(getattr(source, key), label, limit, multiline=multiline)
        except TextError as err:
            problems.append(str(err))
    return values


def empty_message(field: str, raw: str) -> str:
    """ "姓名不能为空", saying so when what was typed is only invisible characters."""
    if raw.strip():
        return f"{field}不能为空（填写的内容只有看不见的字符）"
    return f"{field}不能为空"


def too_long_message(field: str, limit: int, length: int) -> str:
    return f"{field}太长（最多 {limit:,} 个字，这里有 {length:,} 个字），请删减后再保存"


def shown(value: object, limit: int = SHOWN_LIMIT) -> str:
    """A value quoted back in a message: safe characters, one line, at most `limit` characters."""
    try:
        text = str(value)
    except ValueError:  # an integer with more digits than Python will print
        return "（位数过多的数字）"
    text = " ".join(strip_unsafe(text[: limit * 4]).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


# What a cell shows when its formula failed (openpyxl and xlrd hand these over as text).
EXCEL_ERRORS = frozenset(
    {"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#SPILL!", "#CALC!", "#GETTING_DATA"}
)


def excel_error(value: object) -> str | None:
    """For a cell holding an Excel error value, the rest of a sentence saying so; else None."""
    if isinstance(value, str) and value.strip().upper() in EXCEL_ERRORS:
        return f"是 Excel 的错误值“{value.strip()}”（单元格中的公式出错），请在 Excel 中改正后再导入"
    return None
