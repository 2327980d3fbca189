"""Resident ID numbers (居民身份证号, GB 11643-1999)."""

from __future__ import annotations

import math
import operator
import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from .dates import format_date
from .errors import DomainError
from .text import excel_error, shown

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK_CHARS = "10X98765432"
# ASCII digits only: \d would also take Arabic-Indic digits, which no ID card has.
_SCIENTIFIC = re.compile(r"^\d+(\.\d+)?E[+-]?\d+$", re.ASCII)
_ID18 = re.compile(r"^\d{17}[\dX]$", re.ASCII)
_DIGITS = frozenset("0123456789")
_TEXT_HINT = "请把该列设置为“文本”格式，重新填写正确的身份证号。"
# Excel keeps 15 significant digits, so a number of 16 or more digits lost its last ones,
# even when what is left happens to pass the checksum (310101199003070000).
_LOST_DIGITS = "Excel 只保留 15 位有效数字，即使校验位碰巧正确，这个号码也不可信。"


class IdNumberError(DomainError):
    """The ID number is malformed or was damaged by Excel."""


@dataclass(frozen=True)
class IdInfo:
    number: str  # always the 18-character form, upper-case X
    birth_date: date
    gender: str  # "M"/"F"


def _excel_display(value: float) -> str:
    """Show a number the way Excel does (15 significant digits)."""
    if abs(value) < 1e11:
        return f"{value:.15g}"
    mantissa, exponent = f"{value:.14E}".split("E")
    mantissa = mantissa.rstrip("0").rstrip(".")
    return f"{mantissa}E{exponent[0]}{int(exponent[1:]):02d}"


def _from_number(value: int | float) -> str:
    """An ID cell the workbook stored as a number: only an old 15-digit ID survives that;
    16 or more digits are refused as lost, whatever their checksum says."""
    # A 15-digit integer is exact in a float: a first-generation ID number.
    try:
        number = float(value)
    except OverflowError:  # an integer too large for a float: no ID number either
        number = math.inf
    if not math.isfinite(number):
        raise IdNumberError("身份证号被存成了一个无法识别的数字。" + _TEXT_HINT)
    if number.is_integer() and 10**14 <= number < 10**15:
        return str(int(number))
    shown_number = _excel_display(number)
    if abs(number) >= 10**15:
        raise IdNumberError(
            f"身份证号被 Excel 存成了数字，后几位已经丢失（显示为 {shown_number}）。" + _LOST_DIGITS + _TEXT_HINT
        )
    raise IdNumberError(f"身份证号被 Excel 存成了数字（显示为 {shown_number}），位数不对。" + _TEXT_HINT)


def normalize_id_number(raw: str | int | float | None) -> str:
    """Clean a typed or imported ID number; "" when blank.

    Raises IdNumberError when Excel turned it into a number and digits were lost.
    """
    if raw is None:
        return ""
    if type(raw) is str and raw.isascii() and (raw.isdigit() or (raw[:-1].isdigit() and raw[-1] in "xX")):
        # Most cells: ASCII digits (and an X), which NFKC, the spaces rule and the tests
        # below leave as they are (no "E": not scientific notation; no "#": no Excel error).
        return raw.upper()
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        return _from_number(raw)
    if error := excel_error(raw):
        raise IdNumberError("身份证号" + error)
    # NFKC turns full-width digits, Ｘ and the ideographic space into ASCII.
    text = "".join(unicodedata.normalize("NFKC", str(raw)).split()).upper()
    if _SCIENTIFIC.match(text):
        raise IdNumberError(
            f"身份证号被 Excel 存成了数字，后几位已经丢失（显示为 {shown(text)}）。" + _LOST_DIGITS + _TEXT_HINT
        )
    return text


def check_char(first17: str) -> str:
    """The check character for the first 17 digits."""
    total = sum(map(operator.mul, map(int, first17), _WEIGHTS))
    return _CHECK_CHARS[total % 11]


def _upgrade15(number: str) -> str:
    if not _DIGITS.issuperset(number):
        raise IdNumberError("15 位的老身份证号只能由数字组成，请核对原件")
    first17 = number[:6] + "19" + number[6:]
    return first17 + check_char(first17)


def _birth_date(number: str, today: date) -> date:
    digits = number[6:14]
    try:
        birth = date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
    except ValueError:
        raise IdNumberError(f"身份证号中的出生日期 {digits} 不存在，请核对原件") from None
    if birth > today:
        raise IdNumberError(f"身份证号中的出生日期 {format_date(birth)} 晚于今天，请核对原件")
    if birth.year < 1900:
        raise IdNumberError(f"身份证号中的出生日期 {format_date(birth)} 早于 1900 年，请核对原件")
    return birth


def parse_id_number(raw: str | int | float | None, today: date | None = None) -> IdInfo:
    """Validate an ID number and read birth date and gender from it.

    A 15-digit first-generation number is upgraded to 18 characters.
    """
    number = normalize_id_number(raw)
    if not number:
        raise IdNumberError("身份证号不能为空")
    if len(number) == 15:
        number = _upgrade15(number)
    if len(number) != 18:
        raise IdNumberError(f"身份证号应为 18 位，这里是 {len(number)} 位")
    if not _ID18.match(number):
        bad = "".join(dict.fromkeys(c for c in number[:17] if c not in _DIGITS))
        if number[17] not in _DIGITS and number[17] != "X":
            bad += number[17]
        raise IdNumberError(f"身份证号只能是数字，最后一位可以是 X，这里有“{shown(bad)}”")
    birth = _birth_date(number, today or date.today())
    expected = check_char(number[:17])
    if number[17] != expected:
        raise IdNumberError(f"身份证号校验位不正确（应为 {expected}），请核对原件")
    gender = "M" if int(number[16]) % 2 else "F"
    return IdInfo(number=number, birth_date=birth, gender=gender)


def id_mismatches(info: IdInfo, birth_date: date | None, gender: str | None) -> list[str]:
    """Messages for a given birth date or gender that disagrees with the ID."""
    problems = []
    if birth_date is not None and birth_date != info.birth_date:
        problems.append(f"出生日期与身份证号不一致（身份证号为 {format_date(info.birth_date)}）")
    if gender and gender != info.gender:
        shown = "男" if info.gender == "M" else "女"
        problems.append(f"性别与身份证号不一致（身份证号为{shown}）")
    return problems


def make_id_number(area: str, birth: date, seq: int, gender: str) -> str:
    """A valid 18-character number, for tests and demo data."""
    if len(area) != 6 or not area.isdigit() or not 0 <= seq <= 99 or gender not in ("M", "F"):
        raise ValueError("area must be 6 digits, seq 0-99, gender 'M' or 'F'")
    first17 = f"{area}{birth:%Y%m%d}{seq:02d}{'1' if gender == 'M' else '2'}"
    return first17 + check_char(first17)
