import pytest

from unionapp.domain.masking import mask_id_number, mask_phone, mask_text


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


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("电话 138 1234 5678。", "电话 138****5678。"),
        ("电话 138-1234-5678", "电话 138****5678"),
        ("身份证 110101 19900307 1234", "身份证 110101********1234"),
        ("身份证 １１０１０１１９９００３０７１２３Ｘ", "身份证 110101********123X"),
        ("13812345678 3人", "138****5678 3人"),
        ("a 13812345678-110101199003071234 b", "a 138****5678-110101********1234 b"),
        ("2026-12-03 16:37:54 1 000 000", "2026-12-03 16:37:54 1 000 000"),
    ],
)
def test_mask_text_finds_numbers_written_with_separators_or_full_width(text, expected):
    assert mask_text(text) == expected


def test_mask_text_finishes_on_a_long_run_of_short_groups():
    # Each stretch is searched over at most 18 digits, so 200,000 groups take no time;
    # fifteen "1"s in a row make an ID-like number and are masked.
    masked = mask_text("1 " * 200_000)
    assert "*" in masked and set(masked) <= set("1 *")
