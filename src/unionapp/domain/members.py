"""Validation and cleaning of member data from forms and imports."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date

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
from .phone import is_mobile, normalize_mobile
from .retirement import default_category
from .text import shown

MAX_NAME_LENGTH = 50
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
    name = (raw or "").strip()
    if _CJK.search(name):
        return "".join(name.split())  # "张 三" was spaced out for alignment
    return " ".join(name.split())


def _code(labels: dict[str, str], value: str | None, field: str, problems: list[str]) -> str | None:
    code = code_for_label(labels, value or "")
    if code is None:
        choices = "、".join(label for label in labels.values())
        problems.append(f"{field}“{shown(value)}”无法识别，应为 {choices} 之一")
    return code


def _check_id(data: MemberInput, today: date, problems: list[str]) -> IdInfo | None:
    try:
        data.id_number = normalize_id_number(data.id_number)
        if not data.id_number:
            return None
        info = parse_id_number(data.id_number, today=today)
    except IdNumberError as err:
        problems.append(str(err))
        return None
    data.id_number = info.number
    return info


def _check_dates(data: MemberInput, today: date, problems: list[str]) -> None:
    birth = data.birth_date
    if birth and birth > today:
        problems.append("出生日期不能晚于今天")
    if birth and birth.year < 1900:
        problems.append(f"出生日期 {birth.isoformat()} 早于 1900 年，请核对")
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
        problems.append(
            f"退休类别“{RETIREMENT_CATEGORY_LABELS[code]}”与性别“{GENDER_LABELS[data.gender]}”不符"
        )


def validate_member(data: MemberInput, today: date) -> MemberInput:
    """A cleaned copy of ``data``, or MemberError listing every problem."""
    clean = replace(data)
    problems: list[str] = []

    clean.name = _clean_name(data.name)
    if not clean.name:
        problems.append("姓名不能为空")
    elif len(clean.name) > MAX_NAME_LENGTH:
        problems.append(f"姓名太长（最多 {MAX_NAME_LENGTH} 个字）")

    if data.gender not in (None, ""):
        clean.gender = _code(GENDER_LABELS, data.gender, "性别", problems)
    else:
        clean.gender = None

    info = _check_id(clean, today, problems)
    if info:
        problems += id_mismatches(info, clean.birth_date, clean.gender)
        clean.birth_date = clean.birth_date or info.birth_date
        clean.gender = clean.gender or info.gender

    clean.phone = normalize_mobile(data.phone)
    if clean.phone and not is_mobile(clean.phone):
        problems.append(f"手机号应为以 1 开头的 11 位数字，这里是“{shown(clean.phone)}”")

    status = data.status or "active"  # a blank import cell means still working
    clean.status = _code(MEMBER_STATUS_LABELS, status, "人员状态", problems) or status
    clean.hardship_level = (
        _code(HARDSHIP_LABELS, data.hardship_level, "困难职工级别", problems) or ""
    )
    if clean.hardship_since and not clean.hardship_level:
        problems.append("建档立卡日期只对困难职工填写：请选择困难级别，或清空该日期")

    _check_retirement_category(clean, problems)
    _check_dates(clean, today, problems)

    # Plain text fields: trimmed only; "汉" is a common short form of "汉族".
    for field in ("ethnicity", "political_status", "group_name", "department",
                  "title", "native_province", "notes"):
        setattr(clean, field, (getattr(data, field) or "").strip())
    if clean.ethnicity and clean.ethnicity + "族" in ETHNICITY_CHOICES:
        clean.ethnicity += "族"
    clean.is_union_member = bool(data.is_union_member)
    if clean.base_pay_fen is not None and clean.base_pay_fen < 0:
        problems.append("月基本工资不能是负数")

    if problems:
        raise MemberError(problems)
    return clean
