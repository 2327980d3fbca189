"""The five must-visits (五必访): visit types, their standards, and the rules a visit is
judged by. Pure rules: the service feeds them the standard in force and the history."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from unionapp.domain.errors import DomainError
from unionapp.domain.money import check_fen, format_fen
from unionapp.domain.text import NOTE_LIMIT, clean_text

STATUS_LABELS = {"planned": "待访", "done": "已访"}
MONEY_KIND_LABELS = {"fixed": "定额", "range": "区间", "gift": "仅慰问品", "none": "不发慰问金"}
REPEAT_LABELS = {
    "": "不限",
    "once": "每人一次",
    "yearly": "每人每年一次",
    "yearly_per_reason": "同一事由每年一次",
}

# (code, name, money kind, amount or min, max, gift cap, repeat, ledger category, synonyms)
# Amounts in fen, from the seed school's charter (docs/domain.md); the chair edits them.
# Migration 0003 seeds its own frozen copy (tests/db/test_seed_rows.py keeps the two
# equal): a change here needs a new migration.
DEFAULT_TYPES: list[tuple[str, str, str, int, int, int, str, str, tuple[str, ...]]] = [
    (
        "hospital",
        "生病住院",
        "fixed",
        30_000,
        0,
        0,
        "yearly_per_reason",
        "warmth",
        ("住院", "生病", "病", "住院慰问", "看望病人", "疾病"),
    ),
    ("childbirth", "生育", "fixed", 30_000, 0, 0, "", "welfare", ("生小孩", "生孩子", "分娩", "生育慰问", "添丁")),
    (
        "bereavement",
        "直系亲属去世",
        "fixed",
        80_000,
        0,
        0,
        "",
        "welfare",
        ("丧事", "去世", "亲属去世", "丧葬", "奔丧", "直系亲属病故"),
    ),
    ("wedding", "结婚", "fixed", 50_000, 0, 0, "once", "welfare", ("办喜事", "结婚", "婚礼", "新婚")),
    ("retirement", "退休", "fixed", 50_000, 0, 0, "once", "welfare", ("退休慰问", "退休欢送", "光荣退休")),
    (
        "major_hardship",
        "重大困难",
        "range",
        100_000,
        1_000_000,
        0,
        "",
        "hardship",
        ("重大疾病", "家庭重大灾难", "大病", "困难帮扶", "重大变故"),
    ),
    (
        "child_hardship",
        "子女残疾或上大学困难",
        "range",
        50_000,
        100_000,
        0,
        "yearly",
        "hardship",
        ("子女上大学", "助学", "子女残疾", "金秋助学"),
    ),
    ("festival_stay", "外省籍留校过年", "gift", 0, 0, 10_000, "yearly", "welfare", ("留校过年", "春节留校", "外省籍")),
    ("birthday", "生日", "gift", 0, 0, 30_000, "yearly", "welfare", ("生日慰问", "过生日")),
    ("family_dispute", "家庭纠纷", "none", 0, 0, 0, "", "welfare", ("家庭矛盾",)),
    ("mood", "思想情绪波动", "none", 0, 0, 0, "", "welfare", ("情绪波动", "谈心", "思想波动")),
]


@dataclass(frozen=True)
class Standard:
    """The rule for one visit type from a date on (e.g. 皖工发〔2025〕18号 from 2025-07-01)."""

    money_kind: str  # fixed / range / gift / none
    amount_fen: int = 0  # fixed amount, or the range's minimum
    max_fen: int = 0  # the range's maximum
    gift_cap_fen: int = 0  # highest gift value; 0 = no cap
    yearly_cap_fen: int = 0  # most money one person may get of this type in a year; 0 = none
    repeat: str = ""
    effective_from: date = date(2000, 1, 1)
    source_doc: str = ""

    def suggested_fen(self) -> int:
        return self.amount_fen if self.money_kind in ("fixed", "range") else 0

    def describe(self) -> str:
        if self.money_kind == "fixed":
            text = f"{format_fen(self.amount_fen)} 元"
        elif self.money_kind == "range":
            text = f"{format_fen(self.amount_fen)}–{format_fen(self.max_fen)} 元"
        elif self.money_kind == "gift":
            text = "慰问品" + (f"（不超过 {format_fen(self.gift_cap_fen)} 元）" if self.gift_cap_fen else "")
        else:
            text = "不发慰问金"
        if self.yearly_cap_fen:
            text += f"，每人每年不超过 {format_fen(self.yearly_cap_fen)} 元"
        if self.repeat:
            text += f"，{REPEAT_LABELS[self.repeat]}"
        return text


# A visit's free text: attribute → label, longest text (the columns' sizes), lines kept.
VISIT_TEXTS = {
    "reason": ("事由", 100, False),
    "visitors": ("走访人", 200, False),
    "gift": ("慰问品", 200, False),
    "approver": ("审批人", 50, False),
    "approval_no": ("审批编号", 50, False),
    "warning_reason": ("超出标准的说明", NOTE_LIMIT, True),
    "notes": ("备注", NOTE_LIMIT, True),
}
_STANDARD_MONEY = {
    "amount_fen": "标准金额",
    "max_fen": "金额上限",
    "gift_cap_fen": "慰问品价值上限",
    "yearly_cap_fen": "每人每年上限",
}


def clean_standard(standard: Standard) -> tuple[Standard, list[str]]:
    """The standard with its document name cleaned, and what is wrong with it."""
    problems = []
    if standard.money_kind == "fixed" and standard.amount_fen <= 0:
        problems.append("定额标准的金额必须大于 0")
    if standard.money_kind == "range" and not 0 < standard.amount_fen <= standard.max_fen:
        problems.append("区间标准的下限必须大于 0 且不超过上限")
    if min(standard.amount_fen, standard.max_fen, standard.gift_cap_fen, standard.yearly_cap_fen) < 0:
        problems.append("金额不能为负数")
    for key, label in _STANDARD_MONEY.items():
        try:
            check_fen(getattr(standard, key), label, negative=True)
        except DomainError as err:
            problems.append(str(err))
    try:
        standard = replace(standard, source_doc=clean_text(standard.source_doc, "依据文件", 100))
    except DomainError as err:
        problems.append(str(err))
    return standard, problems


@dataclass(frozen=True)
class PastVisit:
    visit_date: date
    money_fen: int
    reason: str


def judge(
    standard: Standard,
    visit_date: date,
    money_fen: int,
    gift_value_fen: int,
    reason: str,
    history: list[PastVisit],
    type_name: str,
) -> tuple[list[str], list[str]]:
    """(errors, warnings) for a visit of one type, given the member's other visits of it.
    Errors refuse the visit; warnings need a written reason to go ahead."""
    errors, warnings = [], []
    if money_fen < 0 or gift_value_fen < 0:
        errors.append("金额不能为负数")
    if money_fen and standard.money_kind in ("gift", "none"):
        errors.append(
            f"“{type_name}”按标准{'只送慰问品' if standard.money_kind == 'gift' else '不发慰问金'}，"
            "不能填写慰问金；如确需发放，请先修改该类型的标准"
        )
    if standard.money_kind == "fixed" and money_fen and money_fen != standard.amount_fen:
        warnings.append(f"慰问金 {format_fen(money_fen)} 元与标准 {format_fen(standard.amount_fen)} 元不同")
    if standard.money_kind == "range" and money_fen and not standard.amount_fen <= money_fen <= standard.max_fen:
        warnings.append(f"慰问金 {format_fen(money_fen)} 元超出标准范围 {standard.describe().split('，')[0]}")
    if standard.gift_cap_fen and gift_value_fen > standard.gift_cap_fen:
        warnings.append(f"慰问品价值 {format_fen(gift_value_fen)} 元超过标准 {format_fen(standard.gift_cap_fen)} 元")
    same_year = [v for v in history if v.visit_date.year == visit_date.year]
    if standard.yearly_cap_fen:
        total = sum(v.money_fen for v in same_year) + money_fen
        if total > standard.yearly_cap_fen:
            warnings.append(
                f"本年度此人“{type_name}”慰问金合计 {format_fen(total)} 元，超过每年 "
                f"{format_fen(standard.yearly_cap_fen)} 元的上限"
            )
    warnings += _repeat_warnings(standard.repeat, history, same_year, reason, type_name)
    return errors, warnings


def _repeat_warnings(
    repeat: str, history: list[PastVisit], same_year: list[PastVisit], reason: str, type_name: str
) -> list[str]:
    if repeat == "once" and history:
        return [f"此人已有“{type_name}”记录（{history[0].visit_date}），按规定只慰问一次"]
    if repeat == "yearly" and same_year:
        return [f"此人本年度已有“{type_name}”记录（{same_year[0].visit_date}），按规定每年一次"]
    if repeat == "yearly_per_reason":
        key = "".join(reason.split())
        repeats = [v for v in same_year if "".join(v.reason.split()) == key]
        if repeats:
            what = f"同一事由“{reason}”" if key else "未写事由的"
            return [f"此人本年度已有{what}“{type_name}”记录（{repeats[0].visit_date}），按规定同一事由每年一次"]
    return []
