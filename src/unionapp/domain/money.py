"""Money: integer fen (分) everywhere; parsing what people type or Excel stores, and display."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation

from unionapp.domain.errors import DomainError
from unionapp.domain.text import excel_error, shown

MAX_FEN = 10**10  # 1 亿元: more than a school union ever handles at once, so a typing error
MAX_TEXT = "1 亿元"
# One stored amount -- a handout's or prize's value, a cost, and the sum a handout or an
# activity's prizes post as one ledger entry --: PostgreSQL's amount columns are 32-bit
# (at most 21,474,836.47 元), so a larger figure is refused in words before it fails there.
MAX_RECORD_FEN = 2 * 10**9
MAX_RECORD_TEXT = "2000 万元"
# Excel stores numbers as binary floats, so a formula's 7.00 can arrive as 7.000000000000001:
# an amount this close to a whole fen is that fen; anything further is a real third decimal.
FEN_NOISE = Decimal("0.000001")
_FEN = Decimal("0.01")
_MAX_TEXT = 40  # "¥ 1,234,567,890.12 元" fits; longer text is not an amount


class MoneyError(DomainError):
    pass


def parse_amount(value: object, field: str = "金额") -> int:
    """ "1,234.50", "１２３", "¥12", "12元", 12.5 (an Excel number), Decimal → fen.
    Refuses a real third decimal rather than rounding someone's money; float noise within
    FEN_NOISE of a whole fen (0.30000000000000004) is that fen."""
    if value is None or (isinstance(value, str) and not value.strip()):
        raise MoneyError(f"{field}不能为空")
    if isinstance(value, bool):
        raise MoneyError(f"{field}“{value}”不是金额")
    if error := excel_error(value):
        raise MoneyError(field + error)
    if isinstance(value, int):
        amount = Decimal(value)
    elif isinstance(value, float):
        amount = Decimal(repr(value))  # the shortest decimal that round-trips: 0.1 stays 0.1
    elif isinstance(value, Decimal):
        amount = value
    else:
        amount = _parse_text(str(value), field)
    # Infinity and NaN ("inf", an Excel overflow) are no amount; size is checked before
    # rounding, which can't represent 1E+100 to the fen.
    if not amount.is_finite():
        raise MoneyError(_not_amount(field, value))
    if abs(amount) > Decimal(MAX_FEN) / 100:
        raise MoneyError(f"{field}“{shown(value)}”太大（不能超过 {MAX_TEXT}），请核对")
    fen = amount.quantize(_FEN)
    if abs(amount - fen) > FEN_NOISE:
        raise MoneyError(f"{field}“{shown(value)}”最多只能有两位小数（到分）")
    return int(fen * 100)


def check_fen(fen: object, field: str = "金额", *, negative: bool = False) -> int:
    """An amount in fen handed to a service, as an int: a whole number within ±MAX_FEN
    (non-negative unless `negative`). The database column is 64-bit and an xlsx cell a
    float, so a larger number would fail to store or export wrong; refused in Chinese."""
    if isinstance(fen, float) and fen.is_integer():
        fen = int(fen)
    if isinstance(fen, bool) or not isinstance(fen, int):
        raise MoneyError(f"{field}“{shown(fen)}”不是以分计的整数金额")
    if abs(fen) > MAX_FEN:
        raise MoneyError(f"{field}太大（不能超过 {MAX_TEXT}），请核对")
    if fen < 0 and not negative:
        raise MoneyError(f"{field}不能是负数")
    return fen


def _not_amount(field: str, value: object) -> str:
    return f"{field}“{shown(value)}”不是有效的金额，请写成 1234.50 这样的数字"


_NUMBER = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]{1,3})?\Z")


def _parse_text(text: str, field: str) -> Decimal:
    if len(text) > _MAX_TEXT:
        raise MoneyError(_not_amount(field, text))
    cleaned = unicodedata.normalize("NFKC", text).strip()
    for junk in (",", "，", " ", "¥", "￥", "元", "RMB", "rmb"):
        cleaned = cleaned.replace(junk, "")
    if not _NUMBER.match(cleaned):  # Decimal would also take "1_000", "NaN", "Infinity"
        raise MoneyError(_not_amount(field, text))
    try:
        return Decimal(cleaned)
    except InvalidOperation:
        raise MoneyError(_not_amount(field, text)) from None


def parse_positive_amount(value: object, field: str = "金额") -> int:
    fen = parse_amount(value, field)
    if fen <= 0:
        raise MoneyError(f"{field}必须大于 0（冲销请用“红字冲销”，不要填负数）")
    return fen


def format_fen(fen: int | None, blank_zero: bool = False) -> str:
    """12345 → "123.45"; 123456789 → "1,234,567.89"."""
    if fen is None or (blank_zero and fen == 0):
        return ""
    sign = "-" if fen < 0 else ""
    yuan, cents = divmod(abs(fen), 100)
    return f"{sign}{yuan:,}.{cents:02d}"


def to_decimal(fen: int) -> Decimal:
    """Fen as Decimal yuan, for the report engine."""
    return (Decimal(fen) / 100).quantize(Decimal("0.01"))


def percent_of(part: int, whole: int) -> Decimal | None:
    """part/whole as a percentage with one decimal, None when whole is 0."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"))


def share_of(fen: int, percent: Decimal | int) -> int:
    """`percent`% of an amount, rounded half-up to the fen."""
    return int((Decimal(fen) * Decimal(percent) / 100).quantize(Decimal("1"), rounding="ROUND_HALF_UP"))
