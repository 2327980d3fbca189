"""Statutory retirement age (法定退休年龄).

Rules of the NPC Standing Committee decision of 2024-09-13 on gradually
raising the retirement age, effective 2025-01-01: from a start birth month,
every 4 months of birth (every 2 for women workers) add one month, up to a cap.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .dates import add_months, format_date
from .errors import DomainError
from .labels import RETIREMENT_CATEGORY_LABELS

FLEXIBLE_MONTHS = 36  # flexible retirement: up to 3 years earlier or later


@dataclass(frozen=True)
class _Schedule:
    base_age: int
    first_birth: date  # first birth month affected by the reform
    step: int  # months of birth per added month
    max_extra: int


_SCHEDULES = {
    "M60": _Schedule(60, date(1965, 1, 1), 4, 36),
    "F55": _Schedule(55, date(1970, 1, 1), 4, 36),
    "F50": _Schedule(50, date(1975, 1, 1), 2, 60),
}


def _schedule(category: str) -> _Schedule:
    try:
        return _SCHEDULES[category]
    except KeyError:
        choices = "、".join(RETIREMENT_CATEGORY_LABELS.values())
        raise DomainError(f"退休类别“{category}”无法识别，应为 {choices} 之一") from None


def born_too_late_to_retire_by(day: date) -> date:
    """Whoever is born after the returned date reaches no statutory retirement age by
    `day` (the youngest age is 50): the roster's younger members skip the computation."""
    youngest = min(rule.base_age for rule in _SCHEDULES.values())
    return add_months(day, -12 * youngest)


def default_category(gender: str | None) -> str:
    """Women default to F55: teachers are professional staff, not workers."""
    return "F55" if gender == "F" else "M60"


def statutory_age_months(birth: date, category: str) -> int:
    """Statutory retirement age in months (e.g. 60岁1个月 -> 721)."""
    rule = _schedule(category)
    base = rule.base_age * 12
    since = (birth.year - rule.first_birth.year) * 12 + birth.month - rule.first_birth.month
    if since < 0:
        return base
    return base + min(since // rule.step + 1, rule.max_extra)


def statutory_retirement_date(birth: date, category: str) -> date:
    """The day the person reaches the statutory age."""
    return add_months(birth, statutory_age_months(birth, category))


def retirement_age_text(birth: date, category: str) -> str:
    """ "60岁1个月" or "63岁"."""
    years, months = divmod(statutory_age_months(birth, category), 12)
    return f"{years}岁{months}个月" if months else f"{years}岁"


def _age_words(months: int) -> str:
    years, rest = divmod(months, 12)
    return f"{years} 岁 {rest} 个月" if rest else f"{years} 岁"


def retirement_rule_text(birth: date, category: str) -> str:
    """The statutory date with the rule that gives it, in one plain sentence:
    "原退休年龄 60 岁，按 2025 年起渐进式延迟退休规定为 63 岁，即 2053-03-07"; for someone
    born before the reform reaches: "法定退休年龄 60 岁，即 2024-05-01"."""
    base = _schedule(category).base_age
    months = statutory_age_months(birth, category)
    day = format_date(statutory_retirement_date(birth, category))
    if months == base * 12:
        return f"法定退休年龄 {base} 岁，即 {day}"
    return f"原退休年龄 {base} 岁，按 2025 年起渐进式延迟退休规定为 {_age_words(months)}，即 {day}"


def flexible_range(birth: date, category: str) -> tuple[date, date]:
    """Earliest and latest dates of flexible retirement.

    Earlier by up to 3 years but never below the original base age; later by
    up to 3 years.
    """
    months = statutory_age_months(birth, category)
    earliest = max(months - FLEXIBLE_MONTHS, _schedule(category).base_age * 12)
    return add_months(birth, earliest), add_months(birth, months + FLEXIBLE_MONTHS)
