from datetime import date, timedelta

import pytest

from unionapp.domain.errors import DomainError
from unionapp.domain.retirement import (
    born_too_late_to_retire_by,
    default_category,
    flexible_range,
    retirement_age_text,
    retirement_rule_text,
    statutory_age_months,
    statutory_retirement_date,
)

# Rows of the official table attached to the 2024 NPC Standing Committee decision:
# (category, birth month, statutory age, retirement month)
OFFICIAL_ROWS = [
    ("M60", (1964, 12), "60岁", (2024, 12)),
    ("M60", (1965, 1), "60岁1个月", (2025, 2)),
    ("M60", (1965, 4), "60岁1个月", (2025, 5)),
    ("M60", (1965, 5), "60岁2个月", (2025, 7)),
    ("M60", (1976, 8), "62岁11个月", (2039, 7)),
    ("M60", (1976, 9), "63岁", (2039, 9)),
    ("M60", (1990, 6), "63岁", (2053, 6)),
    ("F55", (1969, 12), "55岁", (2024, 12)),
    ("F55", (1970, 1), "55岁1个月", (2025, 2)),
    ("F55", (1970, 5), "55岁2个月", (2025, 7)),
    ("F55", (1981, 9), "58岁", (2039, 9)),
    ("F55", (1985, 1), "58岁", (2043, 1)),
    ("F50", (1974, 12), "50岁", (2024, 12)),
    ("F50", (1975, 1), "50岁1个月", (2025, 2)),
    ("F50", (1975, 2), "50岁1个月", (2025, 3)),
    ("F50", (1975, 3), "50岁2个月", (2025, 5)),
    ("F50", (1984, 10), "54岁11个月", (2039, 9)),
    ("F50", (1984, 11), "55岁", (2039, 11)),
    ("F50", (1990, 1), "55岁", (2045, 1)),
]


@pytest.mark.parametrize("category, born, age, retires", OFFICIAL_ROWS)
def test_official_table(category, born, age, retires):
    birth = date(*born, 15)
    assert retirement_age_text(birth, category) == age
    assert statutory_retirement_date(birth, category) == date(*retires, 15)


@pytest.mark.parametrize(
    "birth, category, months",
    [
        (date(1960, 6, 1), "M60", 720),
        (date(1965, 1, 1), "M60", 721),
        (date(1976, 9, 1), "M60", 756),
        (date(1970, 1, 1), "F55", 661),
        (date(1975, 1, 1), "F50", 601),
        (date(1984, 11, 1), "F50", 660),
    ],
)
def test_statutory_age_months(birth, category, months):
    assert statutory_age_months(birth, category) == months


def test_retirement_date_clamps_to_month_end():
    # 60 years 1 month after 1965-01-31 is 2025-02-31, which does not exist
    assert statutory_retirement_date(date(1965, 1, 31), "M60") == date(2025, 2, 28)


@pytest.mark.parametrize("gender, category", [("M", "M60"), ("F", "F55"), (None, "M60"), ("", "M60")])
def test_default_category(gender, category):
    assert default_category(gender) == category


@pytest.mark.parametrize(
    "birth, category, earliest, latest",
    [
        # statutory 60岁1个月: earliest is the original age 60, not 57岁1个月
        (date(1965, 1, 15), "M60", date(2025, 1, 15), date(2028, 2, 15)),
        # statutory 63: three years earlier is exactly 60
        (date(1976, 9, 1), "M60", date(2036, 9, 1), date(2042, 9, 1)),
        (date(1985, 1, 1), "F55", date(2040, 1, 1), date(2046, 1, 1)),
        # statutory 55 for women workers: earliest 52
        (date(1990, 1, 1), "F50", date(2042, 1, 1), date(2048, 1, 1)),
        # before the reform: no earlier retirement than the base age
        (date(1960, 5, 1), "M60", date(2020, 5, 1), date(2023, 5, 1)),
    ],
)
def test_flexible_range(birth, category, earliest, latest):
    assert flexible_range(birth, category) == (earliest, latest)


def test_unknown_category():
    with pytest.raises(DomainError, match="退休类别“X70”无法识别"):
        statutory_age_months(date(1970, 1, 1), "X70")


@pytest.mark.parametrize(
    ("birth", "category", "sentence"),
    [
        (date(1990, 3, 7), "M60", "原退休年龄 60 岁，按 2025 年起渐进式延迟退休规定为 63 岁，即 2053-03-07"),
        (date(1966, 1, 15), "M60", "原退休年龄 60 岁，按 2025 年起渐进式延迟退休规定为 60 岁 4 个月，即 2026-05-15"),
        (date(1975, 6, 1), "F55", "原退休年龄 55 岁，按 2025 年起渐进式延迟退休规定为 56 岁 5 个月，即 2031-11-01"),
        (date(1960, 5, 1), "M60", "法定退休年龄 60 岁，即 2020-05-01"),  # born before the reform reaches
    ],
)
def test_rule_sentence_says_original_age_new_age_and_date(birth, category, sentence):
    assert retirement_rule_text(birth, category) == sentence


def test_no_one_born_after_the_cutoff_reaches_retirement_age_by_the_day():
    """The roster's younger members skip the computation (care list, 五必访): the cutoff
    must never skip someone who does retire by the day, in any category."""
    day = date(2027, 3, 4)
    cutoff = born_too_late_to_retire_by(day)
    assert cutoff == date(1977, 3, 4)  # fifty years: the youngest statutory age (F50)
    births = [date(1960, 1, 1) + timedelta(days=d) for d in range(0, 365 * 30, 3)]
    for category in ("M60", "F55", "F50"):
        retiring = [b for b in births if statutory_retirement_date(b, category) <= day]
        assert retiring and all(b <= cutoff for b in retiring)
