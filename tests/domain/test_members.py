from dataclasses import replace
from datetime import date

import pytest

from unionapp.domain.errors import DomainError
from unionapp.domain.idcard import make_id_number
from unionapp.domain.members import MemberError, MemberInput, validate_member

TODAY = date(2025, 6, 1)
ID_F = "11010519491231002X"  # woman born 1949-12-31
ID_M = "110101199003071233"  # man born 1990-03-07


def ok(**fields) -> MemberInput:
    return validate_member(MemberInput(**fields), TODAY)


def problems(**fields) -> list[str]:
    with pytest.raises(MemberError) as caught:
        validate_member(MemberInput(**fields), TODAY)
    return caught.value.problems


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("张三", "张三"),
        (" 张 三 ", "张三"),
        ("张\u3000三", "张三"),
        ("欧阳 修", "欧阳修"),
        ("  Anna   Smith ", "Anna Smith"),
        ("买买提·吐尔逊", "买买提·吐尔逊"),
    ],
)
def test_name_cleaning(raw, expected):
    assert ok(name=raw).name == expected


@pytest.mark.parametrize(
    "name, message", [("", "姓名不能为空"), ("   ", "姓名不能为空"), ("张" * 51, "姓名太长（最多 50 个字）")]
)
def test_name_problems(name, message):
    assert problems(name=name) == [message]


def test_name_of_50_characters_is_fine():
    assert ok(name="张" * 50).name == "张" * 50


def test_birth_date_and_gender_come_from_the_id_number():
    member = ok(name="李四", id_number=" 11010519491231002x ")
    assert member.id_number == ID_F
    assert member.birth_date == date(1949, 12, 31)
    assert member.gender == "F"
    assert member.retirement_category == "F55"


def test_fifteen_digit_id_is_stored_as_eighteen():
    assert ok(name="李四", id_number="110101900307401").id_number == "110101199003074012"


def test_matching_values_are_kept():
    member = ok(name="王五", id_number=ID_M, gender="M", birth_date=date(1990, 3, 7))
    assert (member.gender, member.birth_date, member.retirement_category) == ("M", date(1990, 3, 7), "M60")


@pytest.mark.parametrize(
    "fields, expected",
    [
        ({"id_number": "110105194912310021"}, ["身份证号校验位不正确（应为 X），请核对原件"]),
        ({"id_number": "1101051949123100"}, ["身份证号应为 18 位，这里是 16 位"]),
        ({"id_number": 1.10101199003074e17}, ["后几位已经丢失"]),
        ({"id_number": ID_F, "birth_date": date(1950, 1, 1)}, ["出生日期与身份证号不一致（身份证号为 1949-12-31）"]),
        ({"id_number": ID_F, "gender": "M"}, ["性别与身份证号不一致（身份证号为女）"]),
        ({"gender": "X"}, ["性别“X”无法识别，应为 男、女 之一"]),
        ({"phone": "1381234567"}, ["手机号应为以 1 开头的 11 位数字，这里是“1381234567”"]),
        ({"status": "休假"}, ["人员状态“休假”无法识别，应为 在职、退休、调出、去世 之一"]),
        ({"hardship_level": "很困难"}, ["困难职工级别“很困难”无法识别"]),
        ({"hardship_since": date(2020, 1, 1)}, ["建档立卡日期只对困难职工填写"]),
        ({"birth_date": date(2026, 1, 1)}, ["出生日期不能晚于今天"]),
        ({"birth_date": date(1899, 1, 1)}, ["出生日期 1899-01-01 早于 1900 年"]),
        ({"birth_date": date(1990, 1, 1), "work_start_date": date(1989, 9, 1)}, ["参加工作时间不能早于出生日期"]),
        ({"birth_date": date(1990, 1, 1), "join_union_date": date(1980, 9, 1)}, ["入会时间不能早于出生日期"]),
        ({"join_union_date": date(2025, 7, 1)}, ["入会时间不能晚于今天"]),
        ({"birth_date": date(1990, 1, 1), "retirement_date": date(1980, 1, 1)}, ["退休日期必须晚于出生日期"]),
        ({"retirement_category": "M70"}, ["退休类别“M70”无法识别"]),
        ({"gender": "M", "retirement_category": "F50"}, ["退休类别“女工人（50岁）”与性别“男”不符"]),
    ],
)
def test_problems(fields, expected):
    found = problems(name="张三", **fields)
    assert len(found) == len(expected)
    for message, part in zip(found, expected):
        assert part in message


def test_all_problems_are_collected_and_joined():
    with pytest.raises(MemberError) as caught:
        validate_member(MemberInput(name="", id_number="110105194912310021", phone="123", status="x"), TODAY)
    err = caught.value
    assert isinstance(err, DomainError)
    assert len(err.problems) == 4
    assert err.problems[0] == "姓名不能为空"
    assert str(err) == "；".join(err.problems)


@pytest.mark.parametrize(
    "fields, attribute, expected",
    [
        ({"phone": "+86 138-1234-5678"}, "phone", "13812345678"),
        ({"phone": 13812345678.0}, "phone", "13812345678"),
        ({"status": "退休"}, "status", "retired"),
        ({"status": ""}, "status", "active"),
        ({"gender": "女"}, "gender", "F"),
        ({"gender": ""}, "gender", None),
        ({"hardship_level": "特困", "hardship_since": date(2020, 1, 1)}, "hardship_level", "extreme"),
        ({"hardship_level": "否"}, "hardship_level", ""),
        ({"gender": "F", "retirement_category": "F50"}, "retirement_category", "F50"),
        ({"gender": "F", "retirement_category": "女工人（50岁）"}, "retirement_category", "F50"),
        ({}, "retirement_category", "M60"),
        ({"ethnicity": "汉"}, "ethnicity", "汉族"),
        ({"ethnicity": " 回族 "}, "ethnicity", "回族"),
        ({"group_name": " 高中组 "}, "group_name", "高中组"),
        ({"notes": " 外省籍 "}, "notes", "外省籍"),
        ({"is_union_member": 0}, "is_union_member", False),
    ],
)
def test_cleaning(fields, attribute, expected):
    assert getattr(ok(name="张三", **fields), attribute) == expected


def test_input_is_not_modified():
    data = MemberInput(name=" 张 三 ", id_number=ID_F.lower(), phone="138 1234 5678")
    before = replace(data)
    validate_member(data, TODAY)
    assert data == before


def test_validating_again_with_a_memo_gives_the_same_answers():
    """Name, ID number and phone checks are kept by value in the caller's memo: the second
    answer equals the first, and equals the answer without a memo."""
    today, memo = date(2024, 6, 1), {}
    number = make_id_number("110105", date(1980, 5, 6), 3, "F")
    good = MemberInput(name=" 张 三 ", id_number=number.lower(), phone="138 1234 5678")
    first, second = validate_member(good, today, memo), validate_member(good, today, memo)
    assert first == second == validate_member(good, today)
    assert (first.name, first.id_number, first.phone, first.gender) == ("张三", number, "13812345678", "F")
    assert memo  # the answers were kept
    bad = MemberInput(name="", id_number=number[:-1] + "0", phone="12345")
    for _ in range(2):
        with pytest.raises(MemberError) as err:
            validate_member(bad, today, memo)
        assert err.value.problems[0] == "姓名不能为空"
        assert any("校验位" in p for p in err.value.problems)
        assert any("手机号应为" in p for p in err.value.problems)


def test_a_memo_does_not_confuse_a_number_with_its_text():
    """1, 1.0 and True are equal keys in a dict; each is judged as what it is."""
    today, memo = date(2024, 6, 1), {}
    for phone in (13812345678, 13812345678.0, "13812345678"):
        assert validate_member(MemberInput(name="李四", phone=phone), today, memo).phone == "13812345678"
    for phone, shown in ((1, "“1”"), (True, "“True”"), (1.0, "“1”")):
        with pytest.raises(MemberError) as err:
            validate_member(MemberInput(name="李四", phone=phone), today, memo)
        assert any(shown in p for p in err.value.problems)
