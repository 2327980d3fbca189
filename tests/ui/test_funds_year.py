"""Year end (opening balance, 结账) and the 科目设置 dialog."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog

from unionapp.domain.money import format_fen
from unionapp.services import ledger
from unionapp.services.ledger import EntryInput, LedgerFilter
from unionapp.ui.funds.categories_dialog import CategoriesDialog
from unionapp.ui.funds.entry_dialog import OpeningBalanceDialog
from unionapp.ui.widgets.categories import leaf_categories

from .helpers import choose, retype, wait_loaded

YEAR = date.today().year


def category(db, code: str):
    return next(c for c in ledger.list_categories(db) if c.code == code)


def test_opening_balance_and_closing_the_year(new_books, qtbot, modal, messages):
    tab, db = new_books, new_books.db
    window = tab.window()
    assert tab.opening_action.isEnabled()  # the first year of the books

    def fill(dialog: OpeningBalanceDialog):
        retype(qtbot, dialog.amount, "12,345.67")
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        assert not dialog.isVisible()

    modal.run(OpeningBalanceDialog, fill, tab.opening_action.trigger)
    wait_loaded(qtbot, tab)
    assert ledger.year_summary(db, YEAR).opening_fen == 1_234_567
    assert "期初余额 12,345.67 元" in tab.summary.text()
    ledger.add_entry(db, EntryInput(date(YEAR, 1, 5), category(db, "other_income").id, 100_000, "利息"))
    ledger.add_entry(db, EntryInput(date(YEAR, 1, 6), category(db, "sports").id, 30_000, "奖品"))
    tab.refresh()
    wait_loaded(qtbot, tab)
    closing = 1_234_567 + 100_000 - 30_000
    assert f"结余 {format_fen(closing)} 元" in tab.summary.text()
    # "No" leaves the year open.
    messages.confirm_answer = False
    tab.close_action.trigger()
    assert not ledger.year_summary(db, YEAR).closed
    messages.confirm_answer = True
    tab.close_action.trigger()
    assert f"结余 {format_fen(closing)} 元，将结转为 {YEAR + 1} 年的期初余额" in messages.confirmations[-1]
    wait_loaded(qtbot, tab)
    assert ledger.year_summary(db, YEAR).closed
    assert ledger.year_summary(db, YEAR + 1).opening_fen == closing
    assert tab.banner.isVisible() and tab.banner.text().startswith(f"{YEAR} 年已结账")
    for action in (window.commands["new"], tab.close_action, tab.opening_action, tab.dues_view.post_action):
        assert not action.isEnabled(), action.text()
    assert not tab.budget_view.model.editable
    # The next year opens with the balance carried in, and can't be typed over.
    choose(qtbot, tab.year_box, f"{YEAR + 1} 年")
    qtbot.waitUntil(lambda: tab.data.year == YEAR + 1)
    wait_loaded(qtbot, tab)
    assert f"期初余额 {format_fen(closing)} 元" in tab.summary.text()
    assert not tab.opening_action.isEnabled()
    assert not tab.banner.isVisible()


def _run_categories(modal, funds, handler):
    modal.run(CategoriesDialog, handler, funds.categories_action.trigger)


def _answers(monkeypatch, items=None, texts=None):
    """What the user types into QInputDialog, in order."""
    items, texts = list(items or []), list(texts or [])
    monkeypatch.setattr(QInputDialog, "getItem", staticmethod(lambda *_a, **_k: (items.pop(0), True)))
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *_a, **_k: (texts.pop(0), True)))


def test_categories_dialog_refusals(window, funds, qtbot, modal, messages, monkeypatch):
    db = window.db
    sports = category(db, "sports")
    assert ledger.list_entries(db, LedgerFilter(category_id=sports.id))  # used by the demo ledger
    messages.confirm_answer = True

    def refuse(dialog: CategoriesDialog):
        dialog.select(sports.id)
        qtbot.mouseClick(dialog.buttons["remove"], Qt.MouseButton.LeftButton)
        _answers(monkeypatch, items=["支出"], texts=["其他支出", "新明细"])
        qtbot.mouseClick(dialog.buttons["add_top"], Qt.MouseButton.LeftButton)
        dialog.select(sports.id)
        qtbot.mouseClick(dialog.buttons["add_child"], Qt.MouseButton.LeftButton)

    _run_categories(modal, funds, refuse)
    warnings = messages.texts("warning")
    assert len(warnings) == 3
    assert "文体活动支出" in warnings[0] and "不能删除" in warnings[0] and "停用" in warnings[0]
    assert warnings[1] == "已有名为“其他支出”的科目。"
    assert warnings[2].startswith("科目最多两级")
    assert category(db, "sports").active


def test_add_rename_retire_and_delete_a_category(window, funds, qtbot, modal, messages, monkeypatch):
    db = window.db
    activity = category(db, "activity")
    messages.confirm_answer = True

    def manage(dialog: CategoriesDialog):
        dialog.select(activity.id)
        _answers(monkeypatch, texts=["工会活动专项", "劳模疗休养"])
        qtbot.mouseClick(dialog.buttons["add_child"], Qt.MouseButton.LeftButton)
        new = dialog.current()
        assert (new.name, new.parent_id) == ("工会活动专项", activity.id)
        qtbot.mouseClick(dialog.buttons["rename"], Qt.MouseButton.LeftButton)
        assert dialog.current().name == "劳模疗休养"
        qtbot.mouseClick(dialog.buttons["toggle"], Qt.MouseButton.LeftButton)
        assert not dialog.current().active and dialog.buttons["toggle"].text() == "启用"
        index = dialog.tree.currentIndex()
        assert index.siblingAtColumn(2).data() == "已停用"

    _run_categories(modal, funds, manage)
    wait_loaded(qtbot, funds)
    retired = next(c for c in funds.data.categories if c.name == "劳模疗休养")
    assert not retired.active and messages.texts("warning") == []
    # A retired category is not offered for new entries.
    assert retired.id not in {c.id for c in leaf_categories(funds.data.categories)}

    def remove(dialog: CategoriesDialog):
        dialog.select(retired.id)
        qtbot.mouseClick(dialog.buttons["remove"], Qt.MouseButton.LeftButton)
        assert retired.id not in dialog.rows

    _run_categories(modal, funds, remove)
    assert retired.id not in {c.id for c in ledger.list_categories(db)}
