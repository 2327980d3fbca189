"""A sheet's cells cleaned once per distinct text give what clean_cell gives; the quick
test for a totals row says what the full comparison says."""

from __future__ import annotations

from datetime import datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from unionapp.importers import cells, workbook
from unionapp.importers.workbook import Column

CELL = st.one_of(
    st.none(),
    st.integers(),
    st.floats(allow_nan=False),
    st.datetimes(),
    st.text(alphabet=st.characters(codec=None), max_size=8),
    st.sampled_from(["合计", " 合 计：", "\u200b总计", "小学组", "  ", "张三\u202e", "\ufeff小计"]),
)


@given(st.lists(st.lists(CELL, max_size=5), max_size=8))
@settings(max_examples=500, deadline=None)
def test_cleaned_values_are_clean_cell_of_each_cell(rows):
    columns = {f"f{i}": Column(i, f"h{i}") for i in range(4)}
    cleaner = cells.CellCleaner()
    for raw in rows + rows:  # the second pass answers from what was kept
        expected = {f: cells.clean_cell(raw[c.index]) if c.index < len(raw) else None for f, c in columns.items()}
        assert cleaner.values(raw, columns) == expected


def test_the_kept_texts_are_bounded(monkeypatch):
    monkeypatch.setattr(cells, "CLEANED_LIMIT", 2)
    cleaner = cells.CellCleaner()
    columns = {"name": Column(0, "姓名")}
    for name in ("甲", "乙", "丙", " 丁 "):
        assert cleaner.values([name], columns) == {"name": name.strip()}
    assert len(cleaner._cleaned) <= 2
    assert cleaner.values([datetime(2020, 1, 2)], columns) == {"name": datetime(2020, 1, 2).date()}


@given(st.text(alphabet=st.sampled_from(" \u3000\t合计总小计一\u200b"), max_size=6) | st.text(max_size=6))
@settings(max_examples=2000, deadline=None)
def test_the_quick_totals_test_agrees_with_the_full_one(text):
    full = cells.joined(text).startswith(workbook._TOTAL_WORDS)
    quick = text.lstrip()[:1] in workbook._TOTAL_FIRST and full
    assert quick == full


@given(
    st.lists(
        st.one_of(
            st.just(""),
            st.text(max_size=3),
            st.text(min_size=1).map(lambda t: t * 40_000),
            st.floats(),
            st.integers(),
            st.booleans(),
            st.dates(),
            st.datetimes(),
        ),
        max_size=6,
    )
)
@settings(max_examples=300, deadline=None)
def test_a_calamine_row_s_values_are_each_cell_s_value(row):
    from unionapp.importers import calamine_book

    got = calamine_book._values(row)
    expected = [calamine_book._value(v) for v in row]
    assert [(type(v), v) for v in got] == [(type(v), v) for v in expected]
