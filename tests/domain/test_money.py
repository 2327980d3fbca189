from decimal import Decimal

import pytest

from unionapp.domain.money import (
    MoneyError,
    format_fen,
    parse_amount,
    parse_positive_amount,
    percent_of,
    share_of,
    to_decimal,
)


@pytest.mark.parametrize(
    "raw, fen",
    [
        ("1,234.50", 123_450),
        ("１２３", 12_300),
        ("¥12", 1_200),
        ("12元", 1_200),
        (" 0.1 ", 10),
        (12.5, 1_250),
        (0.1, 10),
        (1234.56, 123_456),
        (300, 30_000),
        (Decimal("7.07"), 707),
        ("-5", -500),
    ],
)
def test_parse_amount(raw, fen):
    assert parse_amount(raw) == fen


@pytest.mark.parametrize(
    "raw, message",
    [
        ("", "不能为空"),
        (None, "不能为空"),
        ("12.345", "两位小数"),
        (12.345, "两位小数"),
        ("abc", "不是有效的金额"),
        ("1_000", "不是有效的金额"),
        ("NaN", "不是有效的金额"),
        ("1.2.3", "不是有效的金额"),
        ("1e20", "太大"),
        (True, "不是金额"),
    ],
)
def test_parse_amount_refusals(raw, message):
    with pytest.raises(MoneyError, match=message):
        parse_amount(raw)


@pytest.mark.parametrize(
    "raw, fen",
    [
        (7.000000000000001, 700),
        (0.1 + 0.2, 30),  # 0.30000000000000004
        (6.999999999999999, 700),
        (1234.5600000000002, 123_456),
        (-0.30000000000000004, -30),
        ("0.30000000000000004", 30),  # the same noise written out by a CSV export
        (Decimal("12.3400000001"), 1_234),
    ],
)
def test_float_noise_within_a_millionth_is_the_whole_fen(raw, fen):
    assert parse_amount(raw) == fen


@pytest.mark.parametrize("raw", [7.005, "7.005", 12.345000000000001, 0.001, 7.00001, Decimal("3.141")])
def test_a_real_third_decimal_is_still_refused(raw):
    with pytest.raises(MoneyError, match="最多只能有两位小数（到分）"):
        parse_amount(raw)


@pytest.mark.parametrize("raw", ["0", "-1", 0])
def test_positive_amount(raw):
    with pytest.raises(MoneyError, match="大于 0"):
        parse_positive_amount(raw)


@pytest.mark.parametrize("fen, text", [(0, "0.00"), (5, "0.05"), (123_456_789, "1,234,567.89"), (-150, "-1.50")])
def test_format_fen(fen, text):
    assert format_fen(fen) == text


def test_shares_and_percentages_round_half_up_to_the_fen():
    assert share_of(1_776_000, 20) == 355_200
    assert share_of(5, 50) == 3  # 2.5 fen rounds up
    assert share_of(520_000, Decimal("0.5")) == 2_600
    assert percent_of(1, 3) == Decimal("33.3") and percent_of(1, 0) is None
    assert to_decimal(12_345) == Decimal("123.45")
