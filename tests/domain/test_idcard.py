from datetime import date

import pytest

from unionapp.domain.errors import DomainError
from unionapp.domain.idcard import (
    IdInfo,
    IdNumberError,
    check_char,
    id_mismatches,
    make_id_number,
    normalize_id_number,
    parse_id_number,
)

TODAY = date(2025, 6, 1)
KNOWN_VALID = "11010519491231002X"  # the sample number of GB 11643-1999


@pytest.mark.parametrize(
    "first17, expected",
    [
        ("11010519491231002", "X"),
        ("44052418800101001", "4"),
        ("11010119900307123", "3"),
        ("11010120000101001", "0"),
    ],
)
def test_check_char(first17, expected):
    assert check_char(first17) == expected


@pytest.mark.parametrize(
    "raw, expected",
    [
        (None, ""),
        ("", ""),
        ("   ", ""),
        (" 11010519491231002x ", KNOWN_VALID),
        ("110105 19491231 002X", KNOWN_VALID),
        ("１１０１０５１９４９１２３１００２Ｘ", KNOWN_VALID),
        ("\u3000110105194912310 02x\u3000", KNOWN_VALID),
        (110101900307401.0, "110101900307401"),
        (110101900307401, "110101900307401"),
    ],
)
def test_normalize_id_number(raw, expected):
    assert normalize_id_number(raw) == expected


@pytest.mark.parametrize(
    "raw, shown",
    [
        (1.10101199003074e17, "1.10101199003074E+17"),
        (110101199003071234, "1.10101199003071E+17"),
        ("1.10101199003074E+17", "1.10101199003074E+17"),
        ("1.10101199003074e+17", "1.10101199003074E+17"),
    ],
)
def test_excel_numbers_lost_digits(raw, shown):
    with pytest.raises(IdNumberError) as caught:
        normalize_id_number(raw)
    message = str(caught.value)
    assert "后几位已经丢失" in message
    assert f"显示为 {shown}" in message
    assert "“文本”格式" in message


# 310101199003070000 passes the checksum, but as a number its last digits are Excel's zeros.
CHECKSUM_LUCK = 310101199003070000


def test_lucky_checksum_number_is_valid_as_text():
    assert parse_id_number(str(CHECKSUM_LUCK), date(2026, 3, 1)).number == str(CHECKSUM_LUCK)


@pytest.mark.parametrize(
    "raw",
    [CHECKSUM_LUCK, float(CHECKSUM_LUCK), 1101011990030712, 1.101011990030712e15, 11010119900307123, 10**15],
)
def test_a_number_of_16_or_more_digits_is_refused_whatever_its_checksum(raw):
    with pytest.raises(IdNumberError) as caught:
        parse_id_number(raw, date(2026, 3, 1))
    message = str(caught.value)
    assert "后几位已经丢失" in message
    assert "Excel 只保留 15 位有效数字" in message
    assert "“文本”格式" in message and "重新填写" in message


@pytest.mark.parametrize("raw", [110101900307401, 110101900307401.0])
def test_an_old_15_digit_id_may_arrive_as_a_number(raw):
    info = parse_id_number(raw, date(2026, 3, 1))
    assert info == parse_id_number("110101900307401", date(2026, 3, 1))
    assert info.number.startswith("11010119900307401")


@pytest.mark.parametrize("raw", [12345, 12.5, 11010519491231.0])
def test_other_numbers_are_refused(raw):
    with pytest.raises(IdNumberError, match="存成了数字"):
        normalize_id_number(raw)


def test_id_number_error_is_a_domain_error():
    assert issubclass(IdNumberError, DomainError)


@pytest.mark.parametrize(
    "raw, number, birth, gender",
    [
        (KNOWN_VALID, KNOWN_VALID, date(1949, 12, 31), "F"),
        ("11010519491231002x", KNOWN_VALID, date(1949, 12, 31), "F"),
        ("110101199003071233", "110101199003071233", date(1990, 3, 7), "M"),
        ("110101200001010029", "110101200001010029", date(2000, 1, 1), "F"),
        # 15-digit first generation number: "19" inserted, check char appended
        ("110101900307401", "110101199003074012", date(1990, 3, 7), "M"),
        (110101900307401.0, "110101199003074012", date(1990, 3, 7), "M"),
    ],
)
def test_parse_valid(raw, number, birth, gender):
    assert parse_id_number(raw, today=TODAY) == IdInfo(number, birth, gender)


@pytest.mark.parametrize(
    "raw, message",
    [
        ("", "身份证号不能为空"),
        ("11010519491231002", "身份证号应为 18 位，这里是 17 位"),
        ("1101051949123100211", "身份证号应为 18 位，这里是 19 位"),
        ("11010519491231A02X", "这里有“A”"),
        ("11010519491231002Y", "这里有“Y”"),
        ("11010119901332123X", "身份证号中的出生日期 19901332 不存在"),
        ("110101199002301234", "身份证号中的出生日期 19900230 不存在"),
        ("110101209001011234", "晚于今天"),
        ("440524188001010014", "早于 1900 年"),  # valid sample of the standard
        ("110105194912310021", "身份证号校验位不正确（应为 X），请核对原件"),
        ("110101199003071234", "身份证号校验位不正确（应为 3）"),
        ("11010190030740A", "15 位的老身份证号只能由数字组成"),
    ],
)
def test_parse_invalid(raw, message):
    with pytest.raises(IdNumberError) as caught:
        parse_id_number(raw, today=TODAY)
    assert message in str(caught.value)


def test_parse_uses_today_by_default():
    assert parse_id_number(KNOWN_VALID).birth_date == date(1949, 12, 31)


@pytest.mark.parametrize(
    "birth, gender, expected",
    [
        (None, None, []),
        (date(1949, 12, 31), "F", []),
        (date(1949, 12, 30), None, ["出生日期与身份证号不一致（身份证号为 1949-12-31）"]),
        (None, "M", ["性别与身份证号不一致（身份证号为女）"]),
        (
            date(1950, 1, 1),
            "M",
            ["出生日期与身份证号不一致（身份证号为 1949-12-31）", "性别与身份证号不一致（身份证号为女）"],
        ),
    ],
)
def test_id_mismatches(birth, gender, expected):
    info = parse_id_number(KNOWN_VALID, today=TODAY)
    assert id_mismatches(info, birth, gender) == expected


@pytest.mark.parametrize(
    "area, birth, seq, gender",
    [
        ("110101", date(1990, 3, 7), 0, "M"),
        ("440305", date(1975, 12, 31), 99, "F"),
        ("510107", date(2000, 2, 29), 42, "F"),
    ],
)
def test_make_id_number_round_trips(area, birth, seq, gender):
    number = make_id_number(area, birth, seq, gender)
    assert len(number) == 18 and number.startswith(area)
    assert parse_id_number(number, today=TODAY) == IdInfo(number, birth, gender)


def test_make_id_number_rejects_bad_arguments():
    with pytest.raises(ValueError):
        make_id_number("1101", date(1990, 1, 1), 1, "M")
    with pytest.raises(ValueError):
        make_id_number("110101", date(1990, 1, 1), 100, "M")


@pytest.mark.parametrize("days_after_today, accepted", [(-1, True), (0, True), (1, False)])
def test_a_birth_date_up_to_today_is_accepted_a_later_one_refused(days_after_today, accepted):
    """The rule is "not later than today" (晚于今天 is refused): a child born today already
    has a valid number. Pins both sides of the boundary, whatever the comparison is written as."""
    birth = date.fromordinal(TODAY.toordinal() + days_after_today)
    number = make_id_number("110101", birth, 1, "F")
    if accepted:
        assert parse_id_number(number, today=TODAY).birth_date == birth
    else:
        with pytest.raises(IdNumberError, match=f"出生日期 {birth.isoformat()} 晚于今天"):
            parse_id_number(number, today=TODAY)


@pytest.mark.parametrize("birth, accepted", [(date(1899, 12, 31), False), (date(1900, 1, 1), True)])
def test_the_earliest_birth_date_accepted_is_1900_01_01(birth, accepted):
    number = make_id_number("110101", birth, 1, "M")
    if accepted:
        assert parse_id_number(number, today=TODAY).birth_date == birth
    else:
        with pytest.raises(IdNumberError, match="早于 1900 年"):
            parse_id_number(number, today=TODAY)
