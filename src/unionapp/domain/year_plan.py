"""The union's year (年度工作计划): a template year of recurring items taken from the seed
work plans, copied into each new year, each item with its month, owner and the area whose
record settles it; items are marked done with a date and a note, or linked to that record.
The inspecting union asks for the plan and, at year end, the 台账 of what was done."""

from __future__ import annotations

from dataclasses import dataclass

from unionapp.domain.errors import DomainError
from unionapp.domain.text import NOTE_LIMIT

# The area whose record settles an item, and what kind of record links to it.
AREA_LABELS = {
    "": "其他",
    "visits": "五必访",
    "handouts": "发放",
    "activities": "活动",
    "checkups": "体检",
    "congress": "教代会",
    "funds": "经费",
    "hardship": "困难帮扶",
    "members": "会员",
}
# A linked record's kind (the table it lives in) by area; areas without one are marked by hand.
LINK_KINDS = {
    "handouts": "handout",
    "activities": "activity",
    "checkups": "checkup_campaign",
    "congress": "congress_session",
}

ITEM_TEXTS = {
    "title": ("工作内容", 100, False),
    "owner": ("负责人", 50, False),
    "note": ("完成情况", NOTE_LIMIT, True),
}


@dataclass(frozen=True)
class TemplateItem:
    """One recurring item: in `month` (1–12), or every month when `monthly`."""

    month: int
    title: str
    owner: str = ""
    area: str = ""
    monthly: bool = False


def check_month(month: object) -> int:
    """The month as 1–12; DomainError (in Chinese) otherwise — "13月" is a typing slip."""
    if isinstance(month, bool) or not isinstance(month, int) or not 1 <= month <= 12:
        raise DomainError(f"月份应是 1 到 12 之间的整数，这里是“{month}”")
    return month


# The seed work plans' year; migration 0009 seeds its own frozen copy
# (tests/db/test_seed_rows.py keeps the two equal).
DEFAULT_TEMPLATE: list[TemplateItem] = [
    TemplateItem(1, "春节送温暖：走访慰问困难职工、退休教职工", "工会主席", "visits"),
    TemplateItem(1, "春节慰问品发放", "生活委员", "handouts"),
    TemplateItem(2, "制定本年度工会工作计划和经费预算", "工会主席", "funds"),
    TemplateItem(3, "三八妇女节慰问及女教职工活动", "女工委员", "handouts"),
    TemplateItem(3, "召开教代会（春季学期）", "工会主席", "congress"),
    TemplateItem(4, "职工互助保险续保", "生活委员", ""),
    TemplateItem(5, "春季教职工文体活动", "文体委员", "activities"),
    TemplateItem(7, "防暑降温慰问品发放", "生活委员", "handouts"),
    TemplateItem(8, "工会档案整理，迎接上级检查", "工会主席", ""),
    TemplateItem(9, "教师节慰问与庆教龄活动", "工会主席", "activities"),
    TemplateItem(9, "召开教代会（秋季学期）", "工会主席", "congress"),
    TemplateItem(10, "重阳节退休教师座谈及慰问", "生活委员", "handouts"),
    TemplateItem(10, "女教职工健康体检", "女工委员", "checkups"),
    TemplateItem(11, "困难职工档案复核", "生活委员", "hardship"),
    TemplateItem(12, "评优评先与年度工作总结", "工会主席", ""),
    TemplateItem(12, "经费年终结账与收支公开", "经审委员", "funds"),
    TemplateItem(1, "会员生日祝福", "生活委员", "handouts", monthly=True),
    TemplateItem(1, "工会小组（小家）活动", "各小组长", "activities", monthly=True),
]
