"""The month's care list (本月关爱提醒): the people and things the union owes attention this
month, gathered from every area. Pure rules: which teaching ages are celebrated, how long
after a hospital visit a follow-up is due, when the women's checkup window is near, who
counts as from out of province."""

from __future__ import annotations

from datetime import date
from functools import lru_cache

# What a line of the care list is about; dict order is the page's and the printout's order.
CARE_KINDS = {
    "birthday": "本月生日",
    "hospital": "住院未回访",
    "recheck": "体检需复查",
    "womens_checkup": "未参加女职工体检",
    "hardship": "困难职工本年未走访",
    "hardship_review": "困难职工档案待复核",
    "retiring": "即将退休未走访",
    "teaching_age": "教龄纪念",
    "far_from_home": "外省籍教职工（春节走访）",
    "budget": "预算科目支出超过90%",
    "plan": "年度计划逾期未完成",
    "proposal": "提案逾期未答复",
}

HOSPITAL_DAYS = 60  # a hospital visit this recent, with nothing after it, wants a follow-up
RETIRING_MONTHS = 3
TEACHING_AGE_MILESTONES = (20, 30, 40)  # 庆教龄 at 教师节
WOMENS_CHECKUP_FROM = 9  # from September the October–December women's checkup is near
SPRING_FESTIVAL_MONTHS = (12, 1)
BUDGET_SHARE = 90  # percent of a category's budget spent


def teaching_age(work_start: date | None, year: int) -> int | None:
    """Years since 参加工作, counted by calendar year (as schools count 教龄 at 教师节)."""
    return None if work_start is None else year - work_start.year


def teaching_milestone(work_start: date | None, year: int) -> int | None:
    """20, 30 or 40 when this year completes that many years of work, else None."""
    age = teaching_age(work_start, year)
    return age if age in TEACHING_AGE_MILESTONES else None


@lru_cache(maxsize=1024)  # a roster names a few dozen places: 7,500 members ask at every start
def from_out_of_province(native_province: str, school_province: str) -> bool:
    """籍贯 outside the school's province; unknown either way counts as not."""
    native, school = _province(native_province), _province(school_province)
    return bool(native and school) and native != school


def _province(name: str) -> str:
    """ "安徽省", "安徽" → "安徽"; "广西壮族自治区" → "广西" (the first two characters name
    every province but 黑龙江 and 内蒙古)."""
    name = (name or "").strip()
    for long in ("黑龙江", "内蒙古"):
        if name.startswith(long):
            return long
    return name[:2]


def month_bounds(year: int, month: int) -> tuple[date, date]:
    """The first and the last day of a month."""
    first = date(year, month, 1)
    following = date(year + (month == 12), month % 12 + 1, 1)
    return first, date.fromordinal(following.toordinal() - 1)
