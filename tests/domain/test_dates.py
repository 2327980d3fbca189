from datetime import date, datetime

import pytest

from unionapp.domain.dates import DateError, add_months, format_date, months_between, parse_date
from unionapp.domain.errors import DomainError


@pytest.mark.parametrize(
    "value, expected",
    [
        (None, None),
        ("", None),
        ("  ", None),
        (date(1985, 3, 12), date(1985, 3, 12)),
        (datetime(1985, 3, 12, 8, 30), date(1985, 3, 12)),
        # Excel serial numbers (1900 date system)
        (31118, date(1985, 3, 12)),
        (31118.0, date(1985, 3, 12)),
        (31118.75, date(1985, 3, 12)),
        (61, date(1900, 3, 1)),
        (45658, date(2025, 1, 1)),
        # year.month numbers; Excel drops the trailing 0 of 1985.10
        (1985.03, date(1985, 3, 1)),
        (1985.1, date(1985, 10, 1)),
        (1985.12, date(1985, 12, 1)),
        (1985.3, date(1985, 3, 1)),
        # digits as numbers
        (19850312, date(1985, 3, 12)),
        (198503, date(1985, 3, 1)),
        # text
        ("1985-03-12", date(1985, 3, 12)),
        ("1985.3.12", date(1985, 3, 12)),
        ("1985/03/12", date(1985, 3, 12)),
        ("1985年3月12日", date(1985, 3, 12)),
        ("1985年3月12", date(1985, 3, 12)),
        ("1985年3月", date(1985, 3, 1)),
        ("1985-3", date(1985, 3, 1)),
        ("1985.03", date(1985, 3, 1)),
        ("1985.1", date(1985, 1, 1)),  # typed text keeps its meaning: January
        ("198503", date(1985, 3, 1)),
        ("19850312", date(1985, 3, 12)),
        (" 1985 - 03 - 12 ", date(1985, 3, 12)),
        ("１９８５年３月１２日", date(1985, 3, 12)),
        ("\u30001985．03．12\u3000", date(1985, 3, 12)),
        ("1985-03-12 00:00:00", date(1985, 3, 12)),
        ("1985-03-12T08:30", date(1985, 3, 12)),
    ],
)
def test_parse_date(value, expected):
    assert parse_date(value) == expected


@pytest.mark.parametrize(
    "value, message",
    [
        ("abc", "无法识别的日期“abc”，请写成 1985-03-12 这样的格式"),
        ("1985-02-30", "日期 1985-02-30 不存在"),
        ("1985-03-00", "日期 1985-03-00 不存在"),
        ("1985-13", "日期 1985-13 不存在"),
        ("198513", "日期 1985-13 不存在"),
        (19850230, "日期 1985-02-30 不存在"),
        (1985.13, "日期 1985-13 不存在"),
        (1985, "只有年份"),
        ("0985-03-12", "年份不合理"),
        ("31118", "无法识别的日期“31118”"),
        (-5, "无法识别的日期"),
        (123456789, "无法识别的日期"),
        (True, "无法识别的日期"),
        ("85-3-12", "无法识别的日期"),
    ],
)
def test_parse_date_errors(value, message):
    with pytest.raises(DateError) as caught:
        parse_date(value)
    assert message in str(caught.value)
    assert isinstance(caught.value, DomainError)


@pytest.mark.parametrize(
    "d, n, expected",
    [
        (date(2025, 1, 31), 1, date(2025, 2, 28)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2024, 2, 29), 12, date(2025, 2, 28)),
        (date(2025, 3, 31), -1, date(2025, 2, 28)),
        (date(1965, 1, 15), 721, date(2025, 2, 15)),
        (date(2025, 12, 15), 1, date(2026, 1, 15)),
        (date(2025, 1, 15), -13, date(2023, 12, 15)),
        (date(2025, 5, 10), 0, date(2025, 5, 10)),
    ],
)
def test_add_months(d, n, expected):
    assert add_months(d, n) == expected


@pytest.mark.parametrize(
    "a, b, expected",
    [
        (date(2025, 1, 15), date(2025, 2, 15), 1),
        (date(2025, 1, 15), date(2025, 2, 14), 0),
        (date(2025, 1, 31), date(2025, 2, 28), 1),
        (date(1965, 1, 15), date(2025, 2, 15), 721),
        (date(2025, 2, 15), date(2025, 1, 15), -1),
        (date(2025, 1, 1), date(2025, 1, 1), 0),
    ],
)
def test_months_between(a, b, expected):
    assert months_between(a, b) == expected


@pytest.mark.parametrize(
    "d, expected",
    [(date(1985, 3, 12), "1985-03-12"), (datetime(1985, 3, 12, 9), "1985-03-12"), (None, "")],
)
def test_format_date(d, expected):
    assert format_date(d) == expected
