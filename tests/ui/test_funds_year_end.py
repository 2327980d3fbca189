"""年度结账 with care: before 31 December it warns that the year is not over and asks a
second time; the confirmation states the balance carried forward and into which year."""

from __future__ import annotations

from datetime import date

import pytest

from unionapp.services import ledger
from unionapp.services.ledger import EntryInput
from unionapp.ui.funds import tab as funds_tab

from .helpers import wait_loaded

YEAR = date.today().year
OPENING = 1_234_567_89  # 1,234,567.89 元
CARRIED = f"结余 1,235,267.89 元，将结转为 {YEAR + 1} 年的期初余额"


@pytest.fixture
def books(new_books, qtbot):
    """The current year with an opening balance over a million and two entries."""
    tab, db = new_books, new_books.db
    income = next(c for c in ledger.list_categories(db) if c.code == "other_income")
    sports = next(c for c in ledger.list_categories(db) if c.code == "sports")
    ledger.set_opening_balance(db, YEAR, OPENING)
    ledger.add_entry(db, EntryInput(date(YEAR, 1, 5), income.id, 100_000, "利息"))
    ledger.add_entry(db, EntryInput(date(YEAR, 1, 6), sports.id, 30_000, "奖品"))
    tab.refresh()
    wait_loaded(qtbot, tab)
    return tab


def _answers(monkeypatch, *answers: bool) -> list[str]:
    """The user's answers to the confirmations, in order; returns the texts asked."""
    pending, asked = list(answers), []

    def answer(_parent, _title, text):
        asked.append(text)
        return pending.pop(0)

    monkeypatch.setattr(funds_tab, "confirm", answer)
    return asked


def test_before_year_end_it_warns_and_asks_twice(books, qtbot, monkeypatch):
    monkeypatch.setattr(funds_tab, "today", lambda: date(YEAR, 12, 3))
    # "No" to the warning: nothing else is asked and the year stays open.
    asked = _answers(monkeypatch, False)
    books.close_action.trigger()
    assert len(asked) == 1
    assert asked[0].startswith(f"{YEAR} 年还没有结束（今天是 12 月 3 日）。结账后这一年不能再记账")
    assert not ledger.year_summary(books.db, YEAR).closed
    # "Yes" to the warning, "No" to the carry-forward: still open.
    asked = _answers(monkeypatch, True, False)
    books.close_action.trigger()
    assert len(asked) == 2 and CARRIED in asked[1]
    assert not ledger.year_summary(books.db, YEAR).closed
    # Yes twice closes it.
    asked = _answers(monkeypatch, True, True)
    books.close_action.trigger()
    assert "还没有结束" in asked[0] and CARRIED in asked[1]
    wait_loaded(qtbot, books)
    assert ledger.year_summary(books.db, YEAR).closed
    assert ledger.year_summary(books.db, YEAR + 1).opening_fen == 123_526_789


@pytest.mark.parametrize("day", [date(YEAR, 12, 31), date(YEAR + 1, 1, 5)])
def test_from_31_december_it_asks_once_with_what_is_carried_forward(books, qtbot, monkeypatch, messages, day):
    monkeypatch.setattr(funds_tab, "today", lambda: day)
    asked = _answers(monkeypatch, True)
    books.close_action.trigger()
    assert len(asked) == 1
    assert "还没有结束" not in asked[0] and CARRIED in asked[0]
    wait_loaded(qtbot, books)
    assert ledger.year_summary(books.db, YEAR).closed
    assert f"结余 1,235,267.89 元已结转为 {YEAR + 1} 年的期初余额" in messages.texts("information")[-1]


def test_the_warning_names_the_full_date_when_today_is_in_another_year():
    text = funds_tab.year_not_over_warning(YEAR + 1, date(YEAR, 12, 3))
    assert text is not None and f"今天是 {YEAR} 年 12 月 3 日" in text
    assert funds_tab.year_not_over_warning(YEAR, date(YEAR, 12, 31)) is None
