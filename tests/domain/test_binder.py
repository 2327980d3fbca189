"""The binder's sections, periods and section lists: binder order, terms' days and labels,
unknown codes refused naming the known ones."""

from datetime import date

import pytest

from unionapp.domain.binder import DEFAULT_SECTIONS, SECTIONS, BinderError, parse_sections, period


def test_periods_and_labels():
    assert period(2026, None) == (date(2026, 1, 1), date(2026, 12, 31), "2026年")
    assert period(2026, 1) == (date(2026, 1, 1), date(2026, 7, 31), "2026年春季学期")
    assert period(2026, 2) == (date(2026, 8, 1), date(2026, 12, 31), "2026年秋季学期")
    with pytest.raises(BinderError, match="1 表示春季学期"):
        period(2026, 3)
    with pytest.raises(BinderError, match="四位数"):
        period(26, None)


def test_section_lists_keep_binder_order_and_refuse_unknown_codes():
    assert parse_sections("audit, dues，BUDGET,dues") == ("dues", "budget", "audit")
    assert parse_sections("") == DEFAULT_SECTIONS and "hardship" not in DEFAULT_SECTIONS
    assert list(SECTIONS)[0] == "basic" and list(SECTIONS)[-1] == "audit"
    with pytest.raises(BinderError, match=r"不认识的台账部分：money。可选的有：basic（基本情况）"):
        parse_sections("dues,money")
