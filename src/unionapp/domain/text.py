"""Text from outside (workbook cells, pasted values): what is safe to store, and how a
value is quoted back in a message."""

from __future__ import annotations

import re

# Removed from text we store: control characters (tab, newline and carriage return stay,
# notes have lines), bidi marks, overrides and isolates ("\u202e三张" shows as "张三"),
# zero-width characters and the BOM, lone surrogates (SQLite can't encode them) and the
# two non-characters XML forbids (an .xlsx export could not be written).
_UNSAFE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069"
    "\ufeff\ud800-\udfff\ufffe\uffff]"
)
SHOWN_LIMIT = 30  # characters of a value quoted in a message


def strip_unsafe(text: str) -> str:
    """`text` without the characters that break storage, exports or what the user sees."""
    return _UNSAFE.sub("", text)


def shown(value: object, limit: int = SHOWN_LIMIT) -> str:
    """A value quoted back in a message: safe characters, one line, at most `limit` characters."""
    try:
        text = str(value)
    except ValueError:  # an integer with more digits than Python will print
        return "（位数过多的数字）"
    text = " ".join(strip_unsafe(text[: limit * 4]).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


# What a cell shows when its formula failed (openpyxl and xlrd hand these over as text).
EXCEL_ERRORS = frozenset({"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#SPILL!", "#CALC!",
                          "#GETTING_DATA"})


def excel_error(value: object) -> str | None:
    """For a cell holding an Excel error value, the rest of a sentence saying so; else None."""
    if isinstance(value, str) and value.strip().upper() in EXCEL_ERRORS:
        return f"是 Excel 的错误值“{value.strip()}”（单元格中的公式出错），请在 Excel 中改正后再导入"
    return None
