"""Mobile phone numbers (手机号)."""

from __future__ import annotations

import re
import unicodedata

from .errors import DomainError
from .text import shown

# ASCII digits only: \d would also take Arabic-Indic digits, which no phone dials.
_MOBILE = re.compile(r"1\d{10}", re.ASCII)
_COUNTRY_CODE = re.compile(r"(?:\+86|0086|86)(1\d{10})", re.ASCII)
_SEPARATORS = re.compile(r"[\s\-()（）—]+")


class PhoneError(DomainError):
    """The value is not a usable mobile number."""


def normalize_mobile(raw: str | int | float | None) -> str:
    """Clean a typed or imported phone number; "" when blank.

    Drops spaces, dashes and a leading +86/0086/86 country code. Numeric
    Excel cells (13812345678.0) are fine: 11 digits are exact in a float.
    """
    if raw is None:
        return ""
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    text = _SEPARATORS.sub("", unicodedata.normalize("NFKC", str(raw)))
    match = _COUNTRY_CODE.fullmatch(text)
    return match.group(1) if match else text


def is_mobile(s: str) -> bool:
    """True for 11 digits starting with 1 (already normalized)."""
    return bool(_MOBILE.fullmatch(s or ""))


def validate_mobile(raw: str | int | float | None) -> str:
    """The normalized mobile number, or PhoneError."""
    number = normalize_mobile(raw)
    if not is_mobile(number):
        where = f"，这里是“{shown(number)}”" if shown(number) else "，这里是空的"
        raise PhoneError(f"手机号应为以 1 开头的 11 位数字{where}")
    return number
