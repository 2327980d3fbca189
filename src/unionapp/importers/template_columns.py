"""What each import template says about its columns: the kind of cell, the example value,
how to fill it, and the values a drop-down offers (taken from the database when they are
the school's own: groups, ledger categories, visit types).

The example values are fictitious but valid: each template's example row, copied under
its header, imports without a refusal (tests/importers/test_templates.py proves it).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from unionapp.domain.checkups import PERSON_STATUS_LABELS
from unionapp.domain.handouts import HANDOUT_KIND_LABELS
from unionapp.domain.hardship import CAUSE_LABELS, LEVEL_LABELS, RELATIONS
from unionapp.domain.idcard import make_id_number
from unionapp.domain.labels import (
    ETHNICITY_CHOICES,
    GENDER_LABELS,
    HARDSHIP_LABELS,
    MEMBER_STATUS_LABELS,
    POLITICAL_STATUS_CHOICES,
)
from unionapp.domain.visits import STATUS_LABELS as VISIT_STATUS_LABELS
from unionapp.importers.headers import HOUSEHOLD_COLUMNS
from unionapp.services import Database, ledger, visits
from unionapp.services.groups import list_groups

YES_NO = ("是", "否")
EXAMPLE_NAME = "李明"
EXAMPLE_BIRTH = date(1985, 3, 7)
# A made-up number with a valid check character: the example must pass the importer.
EXAMPLE_ID = make_id_number("110101", EXAMPLE_BIRTH, 1, "M")
EXAMPLE_PHONE = "13800138000"  # the number every Chinese form uses as its example
EXAMPLE_GROUP = "语文组"


@dataclass(frozen=True)
class Col:
    """One template column. `kind`: text | id | phone | date | money | choice.
    `strict`: a drop-down that refuses other values (else it only warns). `own`: the
    choices are the school's own (groups, categories, types), a list that can grow."""

    kind: str = "text"
    example: object = None
    hint: str = ""
    choices: tuple[str, ...] = ()
    strict: bool = True
    required: bool = False
    width: int = 10
    own: bool = False


def _groups(db: Database) -> tuple[str, ...]:
    return tuple(g.name for g in list_groups(db))


def _group_col(db: Database, hint: str) -> Col:
    groups = _groups(db)
    return Col(
        "choice",
        groups[0] if groups else EXAMPLE_GROUP,
        hint,
        groups,
        strict=False,  # a new group is welcome: the import creates it
        width=14,
        own=True,
    )


def member_columns(db: Database, today: date) -> dict[str, Col]:
    del today  # the example member's dates are fixed in the past
    return {
        "name": Col(example=EXAMPLE_NAME, hint="必填，每行一人。", required=True, width=10),
        "gender": Col("choice", "男", "可不填：有身份证号时按身份证号判断。", tuple(GENDER_LABELS.values())),
        "id_number": Col("id", EXAMPLE_ID, "18 位身份证号，本列已设为文本格式，请直接输入完整号码。", width=22),
        "birth_date": Col("date", EXAMPLE_BIRTH, "有身份证号时可不填。", width=12),
        "phone": Col("phone", EXAMPLE_PHONE, "11 位手机号。", width=14),
        "group_name": _group_col(db, "从下拉列表中选择；写了新的小组名，导入时会新建这个小组。"),
        "department": Col(example="语文教研组", width=14),
        "title": Col(example="中学一级教师", width=14),
        "join_union_date": Col("date", date(2008, 9, 1), width=12),
        "work_start_date": Col("date", date(2007, 8, 1), width=12),
        "status": Col("choice", "在职", "不填即为在职。", tuple(MEMBER_STATUS_LABELS.values())),
        "ethnicity": Col("choice", "汉族", choices=tuple(ETHNICITY_CHOICES)),
        "political_status": Col("choice", "中共党员", choices=tuple(POLITICAL_STATUS_CHOICES), width=14),
        "native_province": Col(example="江苏"),
        "is_union_member": Col("choice", "是", "不填即为会员。", YES_NO),
        "hardship_level": Col(
            "choice",
            "否",
            "困难职工填“特困”“困难”或“一般”：还没有困难职工档案的，导入时新建档案；已有档案的不改动（级别请在“困难帮扶”中复核）。",
            tuple(HARDSHIP_LABELS.values()),
        ),
        "hardship_since": Col("date", None, "新建档案的建档日期，只对困难职工填写；不填即为导入当天。", width=12),
        "base_pay_fen": Col("money", Decimal("5600.00"), "单位：元，最多两位小数。", width=12),
        "notes": Col(width=20),
    }


def _example_category(categories) -> str:
    leaves = [c for c in categories if c.active and not c.has_children]
    chosen = next((c for c in leaves if c.code == "sports"), None)
    chosen = chosen or next((c for c in leaves if c.direction == "expense"), None) or (leaves or [None])[0]
    return chosen.full_name if chosen else ""


def ledger_columns(db: Database, today: date) -> dict[str, Col]:
    categories = ledger.list_categories(db, include_inactive=False)
    leaves = tuple(c.full_name for c in categories if not c.has_children)
    return {
        "summary": Col(example="教职工趣味运动会奖品", hint="必填。", required=True, width=24),
        "date": Col("date", today, "必填，不能晚于今天。", required=True, width=12),
        "voucher": Col(example="记-001", hint="原凭证号，可不填；导入后保留在摘要里。"),
        "category": Col(
            "choice",
            _example_category(categories),
            "必填，从下拉列表中选择明细科目。",
            leaves,
            required=True,
            width=28,
            own=True,
        ),
        "income": Col("money", None, "收入和支出每行只填一个，单位：元。", width=12),
        "expense": Col("money", Decimal("1280.00"), "收入和支出每行只填一个，单位：元。", width=12),
        "balance": Col("money", None, "可不填；只在摘要为“上年结转”的行填写期初余额。", width=12),
        "handler": Col(example="王芳"),
        "approver": Col(example="张华"),
        "notes": Col(width=20),
    }


def _example_type(types):
    """A type with money, so the example shows the 慰问金 column in use."""
    with_money = [t for t in types if t.standard.money_kind in ("fixed", "range")]
    return (with_money or types or [None])[0]


def visit_columns(db: Database, today: date) -> dict[str, Col]:
    types = visits.list_types(db, include_inactive=False, on=today)
    example = _example_type(types)
    standard = example.standard if example else None
    money = Decimal(standard.amount_fen) / 100 if standard and standard.money_kind != "gift" else None
    gift_cap = standard.gift_cap_fen if standard else 0
    gift_value = Decimal(min(gift_cap, 10_000) if gift_cap else 10_000) / 100
    return {
        "name": Col(example=EXAMPLE_NAME, hint="必填，须是“会员”中已有的人。", required=True),
        "date": Col("date", today, "必填。", required=True, width=12),
        "group": _group_col(db, "会员重名时用来区分，可不填。"),
        "id_number": Col("id", EXAMPLE_ID, "会员重名时用来区分，可不填；本列为文本格式。", width=22),
        "type": Col(
            "choice",
            example.name if example else "",
            "必填，从下拉列表中选择。",
            tuple(t.name for t in types),
            required=True,
            width=14,
            own=True,
        ),
        "reason": Col(example="阑尾炎手术住院", width=18),
        "money": Col("money", money or None, "单位：元。", width=10),
        "gift": Col(example="水果、牛奶", width=14),
        "gift_value": Col("money", gift_value, "单位：元。", width=12),
        "visitors": Col(example="王芳、赵强", width=14),
        "approver": Col(example="张华"),
        "approval_no": Col(example=f"工慰〔{today.year}〕1号", width=16),
        "status": Col("choice", "已访", "不填即为已访。", tuple(VISIT_STATUS_LABELS[s] for s in ("done", "planned"))),
        "for_family": Col("choice", "否", "慰问的是会员家属时填“是”。", YES_NO),
        "notes": Col(width=20),
    }


def checkup_columns(db: Database, today: date) -> dict[str, Col]:
    del db  # nothing of the school's own: the people are the campaign's list
    return {
        "name": Col(example=EXAMPLE_NAME, hint="必填，须在本次体检名单中。", required=True),
        "id_number": Col("id", EXAMPLE_ID, "名单中有重名时必填；本列为文本格式。", width=22),
        "date": Col("date", today, "已体检的填写，须在本次体检的日期范围内。", width=12),
        "status": Col("choice", "是", "“是”为已体检，“否”为未参加；不填则按体检日期判断。", YES_NO),
        "followup": Col("choice", "否", f"需要复查的填“是”（{PERSON_STATUS_LABELS['followup']}）。", YES_NO),
        "reason": Col(hint="未参加体检的原因。", width=16),
        "notes": Col(width=20),
    }


def handout_columns(db: Database, today: date) -> dict[str, Col]:
    name_hint = "同一发放名称、同一发放日期的各行是一次发放。"
    return {
        "name": Col(example=EXAMPLE_NAME, hint="必填，须是“会员”中已有的人，每次发放每人一行。", required=True),
        "group": _group_col(db, "会员重名时用来区分，可不填。"),
        "id_number": Col("id", EXAMPLE_ID, "会员重名时用来区分，可不填；本列为文本格式。", width=22),
        "handout": Col(example=f"{today.year}年三八节慰问品", hint="必填。" + name_hint, required=True, width=20),
        "date": Col("date", today, "必填，不能晚于今天。", required=True, width=12),
        "kind": Col(
            "choice", HANDOUT_KIND_LABELS["womens_day"], "不填则按发放名称判断。", tuple(HANDOUT_KIND_LABELS.values())
        ),
        "item": Col(example="保温杯", hint="发放现金的不填。", width=14),
        "value": Col("money", Decimal("150.00"), "每人的金额或物品价值，单位：元。", width=12),
        "approver": Col(example="张华"),
        "approval_no": Col(example=f"工福〔{today.year}〕3号", width=16),
        "handler": Col(example="王芳"),
        "notes": Col(width=20),
    }


def activity_columns(db: Database, today: date) -> dict[str, Col]:
    del today
    return {
        "name": Col(example=EXAMPLE_NAME, hint="必填，须是“会员”中已有的人。", required=True),
        "group": _group_col(db, "会员重名时用来区分，可不填。"),
        "id_number": Col("id", EXAMPLE_ID, "会员重名时用来区分，可不填；本列为文本格式。", width=22),
        "event": Col(example="男子100米", hint="报名的比赛项目；一人报多项时每项一行。", width=14),
        "team": Col(example="语文组代表队", width=14),
        "result": Col(example="13.2秒"),
        "place": Col(example="第一名"),
        "attended": Col("choice", "是", "“是”为已签到参加，“否”或不填为未签到。", YES_NO),
        "notes": Col(width=20),
    }


def hardship_columns(db: Database, today: date) -> dict[str, Col]:
    """The example: a member on the roster filed as 困难 with three people listed; the
    totals 家庭人口/家庭月收入 are left blank (either way of giving the household is read)."""
    del today  # the example's dates are fixed in the past
    money = "单位：元，只填阿拉伯数字。"
    people = {
        "member1_name": Col(
            example=EXAMPLE_NAME, hint="家庭成员逐人填写（含本人）；也可只填“家庭人口”和“家庭月收入”。"
        ),
        "member1_relation": Col("choice", "本人", choices=RELATIONS, strict=False),
        "member1_income": Col("money", Decimal("4200.00"), money, width=12),
        "member2_name": Col(example="周兰"),
        "member2_relation": Col("choice", "配偶", choices=RELATIONS, strict=False),
        "member2_income": Col("money", Decimal("0.00"), money, width=12),
        "member3_name": Col(example="李小雨"),
        "member3_relation": Col("choice", "子女", choices=RELATIONS, strict=False),
        "member3_income": Col("money", Decimal("0.00"), money, width=12),
    }
    for n in range(4, HOUSEHOLD_COLUMNS + 1):
        people[f"member{n}_relation"] = Col("choice", None, choices=RELATIONS, strict=False)
        people[f"member{n}_income"] = Col("money", None, money, width=12)
    return {
        "name": Col(example=EXAMPLE_NAME, hint="必填，须是“会员”中已有的人，每人一行。", required=True),
        "id_number": Col("id", EXAMPLE_ID, "会员重名时用来区分，可不填；本列为文本格式。", width=22),
        "birth_date": Col("date", EXAMPLE_BIRTH, "会员重名又没有身份证号时用来区分，可不填。", width=12),
        "group": _group_col(db, "会员重名时用来区分，可不填。"),
        "level": Col("choice", LEVEL_LABELS["hardship"], "必填。", tuple(LEVEL_LABELS.values()), required=True),
        "opened_on": Col("date", date(2023, 11, 20), "不填即为导入当天，不能晚于今天。", width=12),
        "causes": Col(
            example="家属大病、子女上学",
            hint="可填多项，用顿号或逗号分开：" + "、".join(CAUSE_LABELS.values()) + "。",
            width=20,
        ),
        "self_income": Col("money", None, "列出家庭成员时不用填；只填家庭合计时可另填本人月收入。" + money, width=12),
        "people": Col(example=None, hint="家庭人口（含本人），没有逐人列出家庭成员时填写。", width=10),
        "household_income": Col("money", None, "全家每月收入合计，与“家庭人口”一起填写。" + money, width=12),
        **people,
        "plan": Col(example="春节慰问，子女助学金", width=24),
        "notes": Col(width=20),
    }


AREA_COLUMNS = {
    "members": member_columns,
    "ledger": ledger_columns,
    "visits": visit_columns,
    "checkups": checkup_columns,
    "handouts": handout_columns,
    "activity": activity_columns,
    "hardship": hardship_columns,
}
