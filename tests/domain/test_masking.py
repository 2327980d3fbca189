import pytest

from unionapp.domain.masking import mask_id_number, mask_phone


@pytest.mark.parametrize(
    "s, expected",
    [
        ("110101199003071234", "110101********1234"),
        ("11010519491231002X", "110105********002X"),
        ("110101900307401", "110101*****7401"),
        ("", ""),
        (None, ""),
        ("1234", "****"),
        ("12345678", "********"),
        ("1234567890", "**********"),
        ("12345678901", "123456*8901"),
    ],
)
def test_mask_id_number(s, expected):
    assert mask_id_number(s) == expected


@pytest.mark.parametrize("length", range(0, 25))
def test_mask_id_never_reveals_more_than_6_and_4(length):
    text = "".join(str(i % 10) for i in range(length))
    masked = mask_id_number(text)
    assert len(masked) == length
    revealed = [i for i, c in enumerate(masked) if c != "*"]
    assert all(i < 6 or i >= length - 4 for i in revealed)
    assert len(revealed) < length or length == 0


@pytest.mark.parametrize(
    "s, expected",
    [
        ("13812345678", "138****5678"),
        ("01065123456", "010****3456"),
        ("65123456", "651*3456"),
        ("6512345", "*******"),
        ("", ""),
        (None, ""),
    ],
)
def test_mask_phone(s, expected):
    assert mask_phone(s) == expected
