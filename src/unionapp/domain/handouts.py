"""Handouts (发放): a gift or money given to many members at once (三八 gifts, 防暑降温,
the Spring Festival gift, birthday cards). The recipients are picked by a rule, edited
while the handout is a draft, and frozen when it is issued (已发放)."""

from __future__ import annotations

from unionapp.domain.text import LINE_LIMIT, NOTE_LIMIT

HANDOUT_KIND_LABELS = {
    "festival": "节日慰问",
    "birthday": "生日祝福",
    "summer": "防暑降温",
    "womens_day": "三八慰问",
    "other": "其他",
}
# Kinds that count as festival gifts (节日慰问品) under the yearly per-person cap and the
# share-of-income rule.
FESTIVAL_KINDS = frozenset({"festival", "womens_day"})
# The fund category a new handout of each kind is suggested (the chart's code).
DEFAULT_CATEGORY = {
    "festival": "welfare",
    "birthday": "welfare",
    "summer": "labour_protection",
    "womens_day": "welfare",
    "other": "welfare",
}
STATUS_LABELS = {"draft": "待发放", "issued": "已发放"}
VALUE_KIND_LABELS = {"money": "现金", "goods": "实物"}

# How recipients are picked. Every rule but "handout" and "manual" picks active union
# members (退休 picks retired ones) as they are on the handout's date.
RULE_LABELS = {
    "all": "全体在职会员",
    "women": "在职女会员",
    "retirees": "退休会员",
    "birth_month": "当月过生日的在职会员",
    "group": "某个工会小组",
    "handout": "另一次发放的名单",
    "manual": "手工挑选",
}

# A handout's free text: attribute → label, longest text, lines kept.
HANDOUT_TEXTS = {
    "name": ("发放名称", 100, False),
    "item": ("发放物品", 100, False),
    "approver": ("审批人", 50, False),
    "approval_no": ("审批编号", 50, False),
    "handler": ("经办人", 50, False),
    "warning_reason": ("超出标准的说明", NOTE_LIMIT, True),
    "notes": ("备注", NOTE_LIMIT, True),
}
RECIPIENT_NOTE_LIMIT = LINE_LIMIT
# Most recipients one handout holds: the school's whole staff many times over, and a
# bound an imported file can't push past.
MAX_RECIPIENTS = 50_000


def rule_text(rule: str, month: int | None = None, group: str = "", handout: str = "") -> str:
    """How a rule reads on screen and in the audit log: "当月过生日的在职会员（3月）"."""
    label = RULE_LABELS[rule]
    if rule == "birth_month" and month:
        return f"{month}月过生日的在职会员"
    if rule == "group" and group:
        return f"工会小组“{group}”的在职会员"
    if rule == "handout" and handout:
        return f"与“{handout}”相同的名单"
    return label
