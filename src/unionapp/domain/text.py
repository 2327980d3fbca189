"""Text from outside (form fields, workbook cells, pasted values): the one rule for what
is stored (`clean_text`, `clean_name`, `clean_note`), and how a value is quoted back in
a message."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping

from .errors import DomainError

# Removed from text we store: control characters (tab, newline and carriage return stay,
# notes have lines), lone surrogates (SQLite can't encode them), the two non-characters
# XML forbids (an .xlsx export could not be written), every format character (category
# Cf: bidi marks, overrides and isolates -- "\u202e三张" shows as "张三" --, zero-width
# joiners and spaces, the soft hyphen, the BOM, tags, Arabic and Syriac number signs,
# Egyptian format controls ...), and the invisible characters of other categories: the
# variation selectors ("张\ufe0f三" looks like 张三), the combining grapheme joiner,
# the Khmer inherent vowels, the Hangul fillers and the braille blank. Private-use
# characters stay: Chinese systems map rare characters of names there.
_INVISIBLE_EXTRA = (
    (0x034F, 0x034F),
    (0x115F, 0x1160),
    (0x17B4, 0x17B5),
    (0x2800, 0x2800),
    (0x3164, 0x3164),
    (0xFE00, 0xFE0F),
    (0xFFA0, 0xFFA0),
    (0xE0100, 0xE01EF),
)
# Every format character (category Cf) of Unicode 14, Python 3.11's tables, and the few
# newer ones. Listed rather than found by scanning all 1.1 million code points at import
# (60 ms of every start); tests/domain/test_text.py checks this against the running
# Python's own tables, so a newer Python with new format characters fails that test.
_FORMAT = (
    (0x00AD, 0x00AD),
    (0x0600, 0x0605),
    (0x061C, 0x061C),
    (0x06DD, 0x06DD),
    (0x070F, 0x070F),
    (0x0890, 0x0891),
    (0x08E2, 0x08E2),
    (0x180E, 0x180E),
    (0x200B, 0x200F),
    (0x202A, 0x202E),
    (0x2060, 0x2064),
    (0x2066, 0x206F),
    (0xFEFF, 0xFEFF),
    (0xFFF9, 0xFFFB),
    (0x110BD, 0x110BD),
    (0x110CD, 0x110CD),
    (0x13430, 0x1343F),
    (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A),
    (0xE0000, 0xE007F),  # the tags block, unassigned ones too
)


def _unsafe_class() -> str:
    """A regex character class of everything `strip_unsafe` removes, built once."""
    points = set()
    for start, end in ((0x0, 0x1F), (0x7F, 0x9F), (0xD800, 0xDFFF), (0xFFFE, 0xFFFF), *_INVISIBLE_EXTRA, *_FORMAT):
        points.update(range(start, end + 1))
    points.difference_update((0x09, 0x0A, 0x0D))
    ranges: list[list[int]] = []
    for cp in sorted(points):
        if ranges and ranges[-1][1] == cp - 1:
            ranges[-1][1] = cp
        else:
            ranges.append([cp, cp])
    return "".join(re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in ranges)


_UNSAFE = re.compile(f"[{_unsafe_class()}]")
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
    if type(value) is str and len(value) <= _CLEANED_LENGTH:
        # An import asks for the same group, title or status thousands of times: the
        # answer for a short text is kept (refusals are not, they raise again).
        key = (value, field, limit, multiline, required)
        text = _CLEANED.get(key)
        if text is None:
            text = _clean_text(value, field, limit, multiline, required)
            if len(_CLEANED) >= _CLEANED_LIMIT:
                _CLEANED.clear()
            _CLEANED[key] = text
        return text
    return _clean_text(value, field, limit, multiline, required)


_CLEANED: dict[tuple, str] = {}
_CLEANED_LIMIT = 10_000  # texts kept, emptied when full: a roster's repeated words and its names
_CLEANED_LENGTH = 100  # longer texts (notes) are cleaned each time: the memo stays a few MB


def _clean_text(value: object, field: str, limit: int | None, multiline: bool, required: bool) -> str:
    raw = "" if value is None else str(value)
    if raw.isprintable() and unicodedata.is_normalized("NFC", raw):
        # Most cells: no line break, tab, control, format character or lone surrogate
        # (none is printable) and already NFC, so only the printable invisibles remain.
        text = strip_unsafe(raw).strip()
    else:
        text = _clean_unusual(raw, field, multiline)
    if required and not text:
        raise TextError(empty_message(field, raw))
    if limit is not None and len(text) > limit:
        raise TextError(too_long_message(field, limit, len(text)))
    return text


def _clean_unusual(raw: str, field: str, multiline: bool) -> str:
    if _SURROGATE.search(raw):
        raise TextError(f"{field}中有无法保存的残缺字符（常见于从别处复制来的损坏文字），请删除后重新输入")
    text = strip_unsafe(_LINE_BREAKS.sub("\n", unicodedata.normalize("NFC", raw)))
    if not multiline:
        text = _ONE_LINE.sub(" ", text)
    return text.strip()


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
