"""The 预算与执行 view: the budget typed in cells, its execution recomputed from the
ledger, over-budget rows marked, copying last year's budget."""

from __future__ import annotations

from datetime import date

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from unionapp.domain.money import format_fen
from unionapp.services import budget, ledger
from unionapp.services.ledger import LedgerFilter
from unionapp.ui.funds.budget_model import OVER_BACKGROUND, OVER_TEXT

from .helpers import choose, type_text, wait_loaded

YEAR = date.today().year


def categories(db) -> dict[str, ledger.CategoryRow]:
    return {c.code: c for c in ledger.list_categories(db)}


def open_budget(funds):
    funds.views.setCurrentWidget(funds.budget_view)
    return funds.budget_view


def budget_row(view, category_id: int) -> int:
    row = view.model.row_of(category_id)
    assert row is not None
    return row


def type_in_cell(qtbot, view, category_id: int, text: str) -> None:
    """F2 on the amount cell, type over it, Enter — as the chair would."""
    table = view.table
    index = view.model.index(budget_row(view, category_id), 1)
    table.scrollTo(index)
    table.setCurrentIndex(index)
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_F2)
    editors = [e for e in table.viewport().findChildren(QLineEdit) if e.isVisible()]  # closed ones linger
    assert len(editors) == 1, "no cell editor opened"
    editors[0].selectAll()
    type_text(qtbot, editors[0], text)
    qtbot.keyClick(editors[0], Qt.Key.Key_Return)
    # The delegate commits on a queued call, then deletes the editor.
    qtbot.waitUntil(lambda: not shiboken6.isValid(editors[0]) or not editors[0].isVisible())


def amount_text(view, category_id: int) -> str:
    return view.model.index(budget_row(view, category_id), 1).data()


def execution_row(view, name: str):
    model = view.execution_model
    return next(n for n, r in enumerate(model.rows) if r.name == name)


def test_budget_typed_in_cells_is_saved_and_execution_matches_the_ledger(window, funds, qtbot):
    db, cats = window.db, categories(window.db)
    view = open_budget(funds)
    assert not view.save_button.isEnabled()
    type_in_cell(qtbot, view, cats["sports"].id, "3,000")
    type_in_cell(qtbot, view, cats["welfare"].id, "1234.5")
    assert amount_text(view, cats["sports"].id) == "3,000.00"
    # The first-level row is the sum of its children, shown at once.
    children = [c.id for c in cats.values() if c.parent_id == cats["activity"].id]
    parent_row = next(n for n, r in enumerate(view.model.rows) if r.name == "职工活动支出")
    expected_parent = sum(view.model.amounts.get(i, 0) for i in children)
    assert view.model.index(parent_row, 1).data() == format_fen(expected_parent)
    assert view.save_button.isEnabled()
    qtbot.mouseClick(view.save_button, Qt.MouseButton.LeftButton)
    wait_loaded(qtbot, funds)
    saved = budget.get_budget(db, YEAR)
    assert saved[cats["sports"].id] == 300_000 and saved[cats["welfare"].id] == 123_450
    assert not view.save_button.isEnabled()
    # Every execution figure is a sum of this year's ledger entries.
    entries = ledger.list_entries(db, LedgerFilter(year=YEAR))
    rows = {r.name: r for r in view.execution_model.rows}
    sports = rows["文体活动支出"]
    assert sports.budget_fen == 300_000
    assert sports.actual_fen == sum(e.amount_fen for e in entries if e.category_id == cats["sports"].id)
    activity = rows["职工活动支出"]
    assert activity.actual_fen == sum(e.amount_fen for e in entries if e.category_id in children)
    assert activity.budget_fen == sum(saved.get(i, 0) for i in children)
    assert rows["支出合计"].actual_fen == sum(e.expense_fen for e in entries)
    assert rows["收入合计"].actual_fen == sum(e.income_fen for e in entries)
    n = execution_row(view, "文体活动支出")
    model = view.execution_model
    remaining = sports.budget_fen - sports.actual_fen
    assert model.index(n, 3).data() == format_fen(remaining)
    assert model.index(n, 4).data() == f"{sports.percent}%"


def test_over_budget_rows_are_highlighted(window, funds, qtbot):
    db, cats = window.db, categories(window.db)
    entries = ledger.list_entries(db, LedgerFilter(year=YEAR))
    spent = {
        code: sum(e.amount_fen for e in entries if e.category_id == cats[code].id) for code in ("sports", "welfare")
    }
    assert spent["sports"] > 100 and spent["welfare"] > 0
    view = open_budget(funds)
    over = spent["sports"] - 100  # one yuan short
    type_in_cell(qtbot, view, cats["sports"].id, f"{over // 100}.{over % 100:02d}")
    type_in_cell(qtbot, view, cats["welfare"].id, str(spent["welfare"] // 100 + 1000))
    qtbot.mouseClick(view.save_button, Qt.MouseButton.LeftButton)
    wait_loaded(qtbot, funds)
    model = view.execution_model
    sports, welfare = execution_row(view, "文体活动支出"), execution_row(view, "职工集体福利支出")
    assert model.rows[sports].over_budget and not model.rows[welfare].over_budget
    for column in range(model.columnCount()):
        assert model.index(sports, column).data(Qt.ItemDataRole.BackgroundRole).color() == OVER_BACKGROUND
        assert model.index(sports, column).data(Qt.ItemDataRole.ForegroundRole) == OVER_TEXT
        assert model.index(welfare, column).data(Qt.ItemDataRole.ForegroundRole) is None
    assert model.index(sports, 3).data() == "-1.00"
    assert model.index(sports, 0).data(Qt.ItemDataRole.ToolTipRole) == "超出预算 1.00 元"


def test_bad_budget_amounts_are_refused(window, funds, qtbot):
    cats = categories(window.db)
    view = open_budget(funds)
    before = amount_text(view, cats["sports"].id)
    type_in_cell(qtbot, view, cats["sports"].id, "3000.123")
    assert "最多只能有两位小数" in view.problem.text()
    type_in_cell(qtbot, view, cats["sports"].id, "-5")
    assert "不能是负数" in view.problem.text()
    assert amount_text(view, cats["sports"].id) == before
    assert not view.dirty and not view.save_button.isEnabled()
    type_in_cell(qtbot, view, cats["sports"].id, "５０００")
    assert view.problem.text() == ""
    assert amount_text(view, cats["sports"].id) == "5,000.00"
    # Parent rows are sums, not typed.
    parent = view.model.index(next(n for n, r in enumerate(view.model.rows) if r.name == "职工活动支出"), 1)
    assert not view.model.flags(parent) & Qt.ItemFlag.ItemIsEditable


def test_copy_last_years_budget(window, funds, qtbot):
    db = window.db
    choose(qtbot, funds.year_box, f"{YEAR + 1} 年")
    qtbot.waitUntil(lambda: funds.data.year == YEAR + 1)
    wait_loaded(qtbot, funds)
    view = open_budget(funds)
    assert budget.get_budget(db, YEAR + 1) == {}
    assert view.copy_button.isEnabled()
    qtbot.mouseClick(view.copy_button, Qt.MouseButton.LeftButton)
    wait_loaded(qtbot, funds)
    assert budget.get_budget(db, YEAR + 1) == budget.get_budget(db, YEAR) != {}
    assert {r.name: r.budget_fen for r in view.execution_model.rows} == {
        r.name: r.budget_fen for r in budget.execution(db, YEAR)
    }
    assert not view.copy_button.isEnabled()  # a budget is there now


def test_unsaved_budget_is_not_dropped_silently(window, funds, qtbot, messages):
    cats = categories(window.db)
    view = open_budget(funds)
    type_in_cell(qtbot, view, cats["sports"].id, "4321")
    # Reloading the year after some other change (an entry, dues) keeps what was typed.
    funds.load(YEAR)
    wait_loaded(qtbot, funds)
    assert amount_text(view, cats["sports"].id) == "4,321.00" and view.dirty and view.save_button.isEnabled()
    messages.confirm_answer = False
    funds.refresh()
    assert len(messages.confirmations) == 1 and "还没有保存" in messages.confirmations[0]
    assert amount_text(view, cats["sports"].id) == "4,321.00" and view.dirty
    messages.confirm_answer = True
    funds.refresh()
    wait_loaded(qtbot, funds)
    assert not view.dirty
    assert amount_text(view, cats["sports"].id) != "4,321.00"
