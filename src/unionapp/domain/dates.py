"""Dates as they arrive from forms and spreadsheets."""

from __future__ import annotations

import calendar
import re
import unicodedata
from datetime import date, datetime, timedelta

from .errors import DomainError
from .text import excel_error, shown

_EXCEL_EPOCH = date(1899, 12, 30)  # 1900 date system, past Excel's fake 1900-02-29
_MAX_SERIAL = 80000  # 2119: anything larger is not a date someone typed
_TIME_SUFFIX = re.compile(r"[ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?$")
_YEAR_MONTH_DAY = re.compile(r"^(\d{4})[-./年](\d{1,2})(?:[-./月](\d{1,2})日?|月)?$")
_HINT = "请写成 1985-03-12 这样的格式"
_MAX_TEXT = 40  # "2023年12月31日 23:59:59.999999" fits; longer text is not a date


class DateError(DomainError):
    """The value cannot be read as a date."""


def _make(year: int, month: int, day: int | None, original: object) -> date:
    """A checked date; day None means the source gave only year and month."""
    if not 1900 <= year <= 2100:
        raise DateError(f"日期“{shown(original)}”的年份不合理，请核对")
    try:
        return date(year, month, 1 if day is None else day)
    except ValueError:
        given = f"{year}-{month:02d}" + ("" if day is None else f"-{day:02d}")
        raise DateError(f"日期 {given} 不存在，请核对") from None


def _year_dot_month(value: float) -> date:
    """1985.03 -> March; 1985.1 -> October (Excel dropped the 0 of 1985.10)."""
    year = int(value)
    month = round((value - year) * 100)
    if month % 10 == 0 and not 1 <= month <= 12:
        month //= 10  # 1985.3 was typed as "1985.3", i.e. March
    return _make(year, month, None, value)


def _from_number(value: int | float) -> date:
    if isinstance(value, float) and not value.is_integer():
        if 1900 <= value < 2100:
            return _year_dot_month(value)
        if 1 <= value <= _MAX_SERIAL:
            return _EXCEL_EPOCH + timedelta(days=int(value))
        raise DateError(_unreadable(value))
    number = int(value)
    if 19000101 <= number <= 21001231:
        return _make(number // 10000, number // 100 % 100, number % 100, value)
    if 190001 <= number <= 210012:
        return _make(number // 100, number % 100, None, value)
    if 1900 <= number <= 2100:
        raise DateError(f"日期“{number}”只有年份，请补上月份，例如 {number}-03")
    if 1 <= number <= _MAX_SERIAL:
        return _EXCEL_EPOCH + timedelta(days=number)
    raise DateError(_unreadable(value))


def _unreadable(value: object) -> str:
    return f"无法识别的日期“{shown(value)}”，{_HINT}"


def _from_text(text: str) -> date | None:
    if len(text.strip()) > _MAX_TEXT:
        raise DateError(_unreadable(text))
    clean = unicodedata.normalize("NFKC", text).strip()
    clean = "".join(_TIME_SUFFIX.sub("", clean).split())
    if not clean:
        return None
    match = _YEAR_MONTH_DAY.match(clean)
    if match:
        year, month, day = match.groups()
        return _make(int(year), int(month), int(day) if day else None, text)
    if re.fullmatch(r"\d{8}", clean):
        return _make(int(clean[:4]), int(clean[4:6]), int(clean[6:]), text)
    if re.fullmatch(r"\d{6}", clean):
        return _make(int(clean[:4]), int(clean[4:]), None, text)
    raise DateError(_unreadable(text))


def parse_date(value: object) -> date | None:
    """Read a date from a form value or an imported cell; None when blank.

    Handles real dates, Excel serial numbers, numbers like 19850312 / 198503
    / 1985.03, and text such as "1985.3.12", "1985年3月" (day 1 when missing).
    """
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _from_number(value)
    if isinstance(value, str):
        if error := excel_error(value):
            raise DateError("日期" + error)
        return _from_text(value)
    raise DateError(_unreadable(value))


def add_months(d: date, n: int) -> date:
    """Calendar month arithmetic; the 31st becomes the last day of a short month."""
    index = d.year * 12 + d.month - 1 + n
    year, month = divmod(index, 12)
    month += 1
    if d.day <= 28:  # every month has it (the roster's 10,000 retirement dates mostly stop here)
        return date(year, month, d.day)
    return date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def months_between(a: date, b: date) -> int:
    """Whole months completed from a to b (negative when b is earlier)."""
    if b < a:
        return -months_between(b, a)
    months = (b.year - a.year) * 12 + b.month - a.month
    if add_months(a, months) > b:
        months -= 1
    return months


def format_date(d: date | None) -> str:
    """A date as the app shows it everywhere (tables, forms, messages, reports): "1985-03-12";
    "" for None. The same text parse_date reads back."""
    if d is None:
        return ""
    if isinstance(d, datetime):
        d = d.date()
    return d.isoformat()


def format_long_date(d: date) -> str:
    """A date in words, as report titles and periods write it: "2026年3月12日"."""
    return f"{d.year}年{d.month}月{d.day}日"


def age_on(birth: date | None, day: date) -> int | None:
    """Whole years of age on `day` (the birthday itself counts); None without a birth date."""
    if birth is None:
        return None
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))
