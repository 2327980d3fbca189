"""Activities (活动): sports days, festival events, lectures, visits and group (小家)
activities; who signed up and came, results and places, prizes, costs, and the share of
members who took part (the charter asks that two thirds find something to join)."""

from __future__ import annotations

from fractions import Fraction

from unionapp.domain.text import NOTE_LIMIT

ACTIVITY_KIND_LABELS = {
    "sports": "文体活动",
    "festival": "节日活动",
    "lecture": "讲座培训",
    "tour": "参观",
    "group": "小家活动",
}
# The fund category suggested for an activity of each kind (the chart's code).
DEFAULT_CATEGORY = {
    "sports": "sports",
    "festival": "sports",
    "lecture": "education",
    "tour": "sports",
    "group": "sports",
}
PRIZE_KIND_LABELS = {"money": "奖金", "goods": "奖品"}
COST_ITEMS = ("场地费", "器材费", "服装费", "交通费", "餐费", "材料费", "其他")
# The charter: 让三分之二以上的会员能够有适合自己参加的项目.
PARTICIPATION_GOAL = Fraction(2, 3)

ACTIVITY_TEXTS = {
    "name": ("活动名称", 100, False),
    "place": ("地点", 100, False),
    "organiser": ("组织者", 50, False),
    "approver": ("审批人", 50, False),
    "approval_no": ("审批编号", 50, False),
    "warning_reason": ("超出标准的说明", NOTE_LIMIT, True),
    "notes": ("备注", NOTE_LIMIT, True),
}
ENTRY_TEXTS = {
    "event": ("项目", 50, False),
    "team": ("队伍", 50, False),
    "result": ("成绩", 50, False),
    "place": ("名次", 20, False),
    "note": ("备注", 200, False),
}
PRIZE_TEXTS = {
    "award": ("奖项", 50, False),
    "team": ("队伍", 50, False),
    "item": ("奖品", 100, False),
}
COST_TEXTS = {"item": ("费用项目", 50, False), "note": ("说明", 200, False)}


def rate_text(part: int, whole: int) -> str:
    """ "37/52（71.2%）", or "—" when there is nobody to count."""
    if whole <= 0:
        return "—"
    return f"{part}/{whole}（{part * 100 / whole:.1f}%）"
