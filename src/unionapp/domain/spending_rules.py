"""Spending rules (经费开支标准) for handouts and activities: dated rows, each naming the
document it comes from. A figure outside a rule is a warning that needs a written reason,
never a block; the warning names the rule that applied. Pure rules: the service feeds them
the rules in force and the figures."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from unionapp.domain.errors import DomainError
from unionapp.domain.money import check_fen, format_fen
from unionapp.domain.text import clean_text

# What a rule limits; dict order is display order. "range" rules have a minimum and a
# maximum, "cap" rules a maximum, "share" rules a percentage of the year's income.
RULE_KINDS = {
    "activity_prizes": ("每次活动奖金或纪念品总额", "range"),
    "prize_per_person": ("每人奖品或奖金上限", "cap"),
    "festival_per_person_year": ("节日慰问每人每年上限", "cap"),
    "birthday_gift": ("生日慰问每人上限", "cap"),
    "festival_income_share": ("节日慰问占年度收入比例上限", "share"),
}
RULE_KIND_LABELS = {code: label for code, (label, _shape) in RULE_KINDS.items()}
SOURCE_DOC_LIMIT = 100

# The seed charter's rule (学校工会章程, 文体部): migration 0007 seeds its own frozen copy
# (tests/db/test_seed_rows.py keeps the two equal). The others start empty: the chair
# fills them in from the province's current document.
DEFAULT_RULES: list[tuple[str, date, int, int, int, str]] = [
    # (kind, effective from, min fen, max fen, share in basis points, source document)
    (
        "activity_prizes",
        date(2000, 1, 1),
        150_000,
        300_000,
        0,
        "学校工会章程（文体部：每次活动奖金总额或纪念品总值1500—3000元）",
    ),
]


@dataclass(frozen=True)
class SpendingRule:
    """One rule from a date on. Money in fen; `share_bp` in basis points (1% = 100)."""

    kind: str
    effective_from: date
    min_fen: int = 0
    max_fen: int = 0
    share_bp: int = 0
    source_doc: str = ""
    id: int | None = None

    @property
    def label(self) -> str:
        return RULE_KIND_LABELS[self.kind]

    def describe(self) -> str:
        shape = RULE_KINDS[self.kind][1]
        if shape == "range":
            limit = f"{format_fen(self.min_fen)}–{format_fen(self.max_fen)} 元"
        elif shape == "cap":
            limit = f"不超过 {format_fen(self.max_fen)} 元"
        else:
            limit = f"不超过 {self.share_bp / 100:g}%"
        return f"{self.label} {limit}"

    def named(self) -> str:
        """How a warning names the rule: what it says, where from, since when."""
        source = f"，依据{self.source_doc}" if self.source_doc else ""
        return f"（标准：{self.describe()}{source}，{self.effective_from} 起执行）"


def clean_rule(rule: SpendingRule) -> SpendingRule:
    """The rule with its document name cleaned; DomainError says what is wrong with it."""
    if rule.kind not in RULE_KINDS:
        raise ValueError(rule.kind)
    shape = RULE_KINDS[rule.kind][1]
    for fen, label in ((rule.min_fen, "下限"), (rule.max_fen, "上限")):
        check_fen(fen, label)
    if shape == "range" and not 0 <= rule.min_fen <= rule.max_fen:
        raise DomainError("下限不能超过上限。")
    if shape in ("range", "cap") and rule.max_fen <= 0:
        raise DomainError("请填写上限金额（大于 0）。")
    if shape == "share" and not 0 < rule.share_bp <= 10_000:
        raise DomainError("比例应大于 0% 且不超过 100%。")
    return replace(rule, source_doc=clean_text(rule.source_doc, "依据文件", SOURCE_DOC_LIMIT))


def rule_on(rules: list[SpendingRule] | tuple[SpendingRule, ...], kind: str, day: date) -> SpendingRule | None:
    """The rule of `kind` in force on `day`: the latest one that started on or before it."""
    found = None
    for rule in rules:
        if (
            rule.kind == kind
            and rule.effective_from <= day
            and (found is None or rule.effective_from >= found.effective_from)
        ):
            found = rule
    return found


def over_cap(rule: SpendingRule | None, fen: int, what: str) -> list[str]:
    """A warning when `fen` is above a cap rule's maximum."""
    if rule is None or fen <= rule.max_fen:
        return []
    return [f"{what} {format_fen(fen)} 元，超过上限 {format_fen(rule.max_fen)} 元{rule.named()}"]


def outside_range(rule: SpendingRule | None, fen: int, what: str) -> list[str]:
    """A warning when `fen` is outside a range rule (0 is no spending: nothing to judge)."""
    if rule is None or fen == 0 or rule.min_fen <= fen <= rule.max_fen:
        return []
    side = "低于" if fen < rule.min_fen else "超过"
    return [f"{what} {format_fen(fen)} 元，{side}标准范围{rule.named()}"]


def over_share(rule: SpendingRule | None, fen: int, income_fen: int, what: str) -> list[str]:
    """A warning when `fen` is more than the rule's share of the year's income."""
    if rule is None or income_fen <= 0 or fen * 10_000 <= income_fen * rule.share_bp:
        return []
    share = fen * 100 / income_fen
    return [f"{what} {format_fen(fen)} 元，占年度收入 {format_fen(income_fen)} 元的 {share:.1f}%{rule.named()}"]
