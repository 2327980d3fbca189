"""A cell's value as the parsers get it (`clean_cell`) and as text (`as_text`)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime

from unionapp.domain.text import strip_unsafe

CLEANED_LIMIT = 10_000  # distinct texts kept per sheet, emptied when full (names and IDs never repeat)


def joined(text: str) -> str:
    return "".join(text.split())


def clean_cell(value: object) -> object:
    """A raw cell for the parsers: text without control, bidi and zero-width characters
    (stored, they would garble what the user sees and break exports), stripped; blank
    text is None; a midnight datetime is a date."""
    if isinstance(value, str):
        value = strip_unsafe(value).strip()
        return value or None
    if isinstance(value, datetime) and value.time() == datetime.min.time():
        return value.date()
    return value


class CellCleaner:
    """clean_cell for a sheet's rows, each distinct text cleaned once: groups, titles and
    statuses repeat down thousands of rows."""

    def __init__(self) -> None:
        self._cleaned: dict[str, object] = {}
        self._columns: Mapping | None = None  # the columns `_where` was made for (fixed once a header is found)
        self._where: list[tuple[str, int]] = []  # (field, index) of each of them

    def values(self, raw: list, columns: Mapping) -> dict[str, object]:
        """field → cleaned cell of `raw`, for `columns` (field → Column)."""
        if columns is not self._columns:
            self._columns, self._where = columns, [(f, c.index) for f, c in columns.items()]
        width, cleaned, values = len(raw), self._cleaned, {}
        for f, index in self._where:
            value = raw[index] if index < width else None
            if type(value) is str:
                found = cleaned.get(value, _MISSING)
                if found is _MISSING:
                    if len(cleaned) >= CLEANED_LIMIT:
                        cleaned.clear()
                    found = cleaned[value] = clean_cell(value)
                values[f] = found
            elif value is None:
                values[f] = None
            else:
                values[f] = clean_cell(value)
        return values


_MISSING = object()


def as_text(value: object) -> str:
    """A cell as text: whole numbers without ".0", dates as 1985-03-12."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return str(value).strip()
