"""Validation and cleaning of member data from forms and imports."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from .dates import format_date
from .errors import DomainError
from .idcard import IdInfo, IdNumberError, id_mismatches, normalize_id_number, parse_id_number
from .labels import (
    ETHNICITY_CHOICES,
    GENDER_LABELS,
    HARDSHIP_LABELS,
    MEMBER_STATUS_LABELS,
    RETIREMENT_CATEGORY_LABELS,
    code_for_label,
)
from .money import MoneyError, check_fen
from .phone import is_mobile, normalize_mobile
from .retirement import default_category
from .text import NOTE_LIMIT, TextError, clean_fields, clean_text, empty_message, shown, strip_unsafe

MAX_NAME_LENGTH = 50
# The free-text fields: label and longest text (the database columns' sizes; a note is
# Text, but a 1 MB one would not export: Excel keeps 32,767 characters of a cell).
TEXT_FIELDS = {
    "ethnicity": ("民族", 20, False),
    "political_status": ("政治面貌", 20, False),
    "group_name": ("工会小组", 50, False),
    "department": ("部门/岗位", 100, False),
    "title": ("职称", 50, False),
    "native_province": ("籍贯省份", 20, False),
    "notes": ("备注", NOTE_LIMIT, True),
}
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


class MemberError(DomainError):
    """All problems found in one member's data; ``problems`` lists them."""

    def __init__(self, problems: list[str]):
        self.problems = list(problems)
        super().__init__("；".join(self.problems))

    def __str__(self) -> str:
        return "；".join(self.problems)


@dataclass
class MemberInput:  # what a form or an import row provides; all optional except name
    name: str = ""
    gender: str | None = None  # "M"/"F"
    id_number: str = ""
    birth_date: date | None = None
    ethnicity: str = ""
    political_status: str = ""
    phone: str = ""
    group_name: str = ""  # 工会小组 name; "" = none
    department: str = ""
    title: str = ""
    work_start_date: date | None = None
    join_union_date: date | None = None
    status: str = "active"
    is_union_member: bool = True
    native_province: str = ""
    hardship_level: str = ""  # "", "hardship", "extreme"
    hardship_since: date | None = None
    retirement_category: str = ""  # "" = derive from gender
    retirement_date: date | None = None  # user's override of the statutory date
    notes: str = ""
    base_pay_fen: int | None = None  # monthly base pay, for dues charged as a rate on pay


def _clean_name(raw: str) -> str:
    name = clean_text(raw, "姓名", limit=None)
    if _CJK.search(name):
        return "".join(name.split())  # "张 三" was spaced out for alignment
    return " ".join(name.split())


def _check_name(clean: MemberInput, raw: str, problems: list[str], memo: dict | None) -> None:
    name, problem = _remembered(memo, ("name", type(raw), raw), lambda: _named(raw, clean.name))
    clean.name = name
    if problem:
        problems.append(problem)


def _named(raw: str, unchanged: str) -> tuple[str, str | None]:
    """(the cleaned name, its problem or None); `unchanged` is kept when it can't be cleaned."""
    try:
        name = _clean_name(raw)
    except TextError as err:
        return unchanged, str(err)
    if not name:
        return name, empty_message("姓名", str(raw or ""))
    if len(name) > MAX_NAME_LENGTH:
        return name, f"姓名太长（最多 {MAX_NAME_LENGTH} 个字）"
    return name, None


_REMEMBERED_LIMIT = 30_000  # answers a memo keeps (emptied when full): 10,000 rows' names, IDs, phones


def _remembered(memo: dict | None, key: object, answer):
    """memo[key], asked of `answer()` the first time (each time without a memo); an
    unhashable key is not kept. A key holds the value's type too: 1, 1.0 and True are
    equal keys, and read differently."""
    if memo is None:
        return answer()
    try:
        found = memo.get(key)
    except TypeError:
        return answer()
    if found is None:
        if len(memo) >= _REMEMBERED_LIMIT:
            memo.clear()
        found = memo[key] = answer()
    return found


def _check_texts(data: MemberInput, clean: MemberInput, problems: list[str]) -> None:
    """Plain text fields: the one cleaning rule; "汉" is a common short form of "汉族"."""
    values = clean_fields(data, TEXT_FIELDS, problems)
    for field in TEXT_FIELDS:
        setattr(clean, field, values.get(field, ""))
    if clean.ethnicity and clean.ethnicity + "族" in ETHNICITY_CHOICES:
        clean.ethnicity += "族"


def _check_base_pay(clean: MemberInput, problems: list[str]) -> None:
    if clean.base_pay_fen is None:
        return
    try:
        clean.base_pay_fen = check_fen(clean.base_pay_fen, "月基本工资")
    except MoneyError as err:
        problems.append(str(err))


def _visible(value: object) -> object:
    """An ID number or phone as typed, without invisible characters (they are checked digit by digit)."""
    return strip_unsafe(value) if isinstance(value, str) else value


def _code(labels: dict[str, str], value: str | None, field: str, problems: list[str]) -> str | None:
    code = code_for_label(labels, value or "")
    if code is None:
        choices = "、".join(label for label in labels.values())
        problems.append(f"{field}“{shown(value)}”无法识别，应为 {choices} 之一")
    return code


def _check_id(data: MemberInput, today: date, problems: list[str], memo: dict | None) -> IdInfo | None:
    raw = data.id_number
    data.id_number, info, problem = _remembered(memo, ("id", type(raw), raw, today), lambda: _id_checked(raw, today))
    if problem:
        problems.append(problem)
    return info


def _id_checked(raw: object, today: date) -> tuple[object, IdInfo | None, str | None]:
    """(the ID number as stored, what it says, its problem or None)."""
    number = raw
    try:
        number = normalize_id_number(raw)
        if not number:
            return number, None, None
        info = parse_id_number(number, today=today)
    except IdNumberError as err:
        return number, None, str(err)
    return info.number, info, None


def _check_phone(clean: MemberInput, raw: object, problems: list[str], memo: dict | None) -> None:
    clean.phone, problem = _remembered(memo, ("phone", type(raw), raw), lambda: _phone_checked(raw))
    if problem:
        problems.append(problem)


def _phone_checked(raw: object) -> tuple[str, str | None]:
    phone = normalize_mobile(_visible(raw))
    if phone and not is_mobile(phone):
        return phone, f"手机号应为以 1 开头的 11 位数字，这里是“{shown(phone)}”"
    return phone, None


def _check_dates(data: MemberInput, today: date, problems: list[str]) -> None:
    birth = data.birth_date
    if birth and birth > today:
        problems.append("出生日期不能晚于今天")
    if birth and birth.year < 1900:
        problems.append(f"出生日期 {format_date(birth)} 早于 1900 年，请核对")
    for value, field in (
        (data.work_start_date, "参加工作时间"),
        (data.join_union_date, "入会时间"),
        (data.hardship_since, "建档立卡日期"),
    ):
        if value and value > today:
            problems.append(f"{field}不能晚于今天")
        if value and birth and value < birth:
            problems.append(f"{field}不能早于出生日期")
    if data.retirement_date and birth and data.retirement_date <= birth:
        problems.append("退休日期必须晚于出生日期")


def _check_retirement_category(data: MemberInput, problems: list[str]) -> None:
    if not data.retirement_category:
        data.retirement_category = default_category(data.gender)
        return
    code = _code(RETIREMENT_CATEGORY_LABELS, data.retirement_category, "退休类别", problems)
    if code is None:
        return
    data.retirement_category = code
    if data.gender and code[0] != data.gender:
        problems.append(f"退休类别“{RETIREMENT_CATEGORY_LABELS[code]}”与性别“{GENDER_LABELS[data.gender]}”不符")


def validate_member(data: MemberInput, today: date, memo: dict | None = None) -> MemberInput:
    """A cleaned copy of ``data``, or MemberError listing every problem.

    `memo`: a dict the caller keeps while validating many members (an import's plan): the
    checks of one value (name, ID number, phone) are answered once per distinct value. An
    update is validated twice while planning, the file's row and then the row merged with
    what is stored, and its name, ID number and phone are the same both times."""
    # A shallow copy without copy.copy's reduce protocol (or replace's __init__): the
    # fields are all immutable values, and a MemberInput has no other state.
    clean = object.__new__(type(data))
    clean.__dict__.update(data.__dict__)
    problems: list[str] = []

    _check_name(clean, data.name, problems, memo)

    if data.gender not in (None, ""):
        clean.gender = _code(GENDER_LABELS, data.gender, "性别", problems)
    else:
        clean.gender = None

    clean.id_number = _visible(data.id_number)
    info = _check_id(clean, today, problems, memo)
    if info:
        problems += id_mismatches(info, clean.birth_date, clean.gender)
        clean.birth_date = clean.birth_date or info.birth_date
        clean.gender = clean.gender or info.gender

    _check_phone(clean, data.phone, problems, memo)

    status = data.status or "active"  # a blank import cell means still working
    clean.status = _code(MEMBER_STATUS_LABELS, status, "人员状态", problems) or status
    clean.hardship_level = _code(HARDSHIP_LABELS, data.hardship_level, "困难职工级别", problems) or ""
    if clean.hardship_since and not clean.hardship_level:
        problems.append("建档立卡日期只对困难职工填写：请选择困难级别，或清空该日期")

    _check_retirement_category(clean, problems)
    _check_dates(clean, today, problems)

    _check_texts(data, clean, problems)
    clean.is_union_member = bool(data.is_union_member)
    _check_base_pay(clean, problems)

    if problems:
        raise MemberError(problems)
    return clean
