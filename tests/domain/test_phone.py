import pytest

from unionapp.domain.errors import DomainError
from unionapp.domain.phone import PhoneError, is_mobile, normalize_mobile, validate_mobile


@pytest.mark.parametrize(
    "raw, expected",
    [
        (None, ""),
        ("", ""),
        ("  ", ""),
        ("13812345678", "13812345678"),
        (" 138 1234 5678 ", "13812345678"),
        ("138-1234-5678", "13812345678"),
        ("１３８１２３４５６７８", "13812345678"),
        ("+86 138 1234 5678", "13812345678"),
        ("+86-13812345678", "13812345678"),
        ("8613812345678", "13812345678"),
        ("008613812345678", "13812345678"),
        (13812345678, "13812345678"),
        (13812345678.0, "13812345678"),
        ("010-6512 3456", "01065123456"),  # a landline stays as typed, minus separators
        ("861234", "861234"),  # "86" is only a prefix in front of a mobile number
    ],
)
def test_normalize_mobile(raw, expected):
    assert normalize_mobile(raw) == expected


@pytest.mark.parametrize(
    "s, expected",
    [
        ("13812345678", True),
        ("19912345678", True),
        ("23812345678", False),
        ("1381234567", False),
        ("138123456789", False),
        ("1381234567X", False),
        ("", False),
    ],
)
def test_is_mobile(s, expected):
    assert is_mobile(s) is expected


def test_validate_mobile_returns_normalized():
    assert validate_mobile("+86 138-1234-5678") == "13812345678"


@pytest.mark.parametrize(
    "raw, shown",
    [("1381234567", "这里是“1381234567”"), ("010-65123456", "这里是“01065123456”"), ("", "这里是空的")],
)
def test_validate_mobile_errors(raw, shown):
    with pytest.raises(PhoneError) as caught:
        validate_mobile(raw)
    assert "手机号应为以 1 开头的 11 位数字" in str(caught.value)
    assert shown in str(caught.value)
    assert isinstance(caught.value, DomainError)
