"""The common office laptop, 1366×768 at 125 %: about 1093×574 logical pixels free. The
main window and every dialog fit that; a long form scrolls with its buttons in view; a
toolbar too narrow for its buttons keeps the rest in a 更多 menu."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLineEdit, QScrollArea, QToolButton

from unionapp.ui.widgets import screen_fit

LAPTOP = QRect(0, 0, 1093, 574)  # 1366×768 at 125 %, less a 40 px taskbar


@pytest.fixture
def laptop(monkeypatch):
    monkeypatch.setattr(screen_fit, "free_area", lambda _widget: QRect(LAPTOP))
    return screen_fit.room(None)


def long_form(fields: int) -> QDialog:
    dialog = QDialog()
    form = QFormLayout(dialog)
    for n in range(fields):
        form.addRow(f"第 {n + 1} 项", QLineEdit())
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
    form.addRow(buttons)
    return dialog


def test_a_long_form_scrolls_and_keeps_its_buttons_in_view(app, qtbot, laptop):
    dialog = long_form(40)
    qtbot.addWidget(dialog)
    assert dialog.minimumSizeHint().height() > laptop.height()  # it would not fit as it is
    screen_fit.fit_dialog(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.height() <= laptop.height() and dialog.width() <= laptop.width()
    assert dialog.minimumSizeHint().height() <= laptop.height()
    area = dialog.findChild(QScrollArea)
    assert area is not None and area.verticalScrollBar().maximum() > 0
    fields = dialog.findChildren(QLineEdit)
    assert len(fields) == 40 and all(area.widget().isAncestorOf(f) for f in fields)
    buttons = dialog.findChild(QDialogButtonBox)
    assert not area.isAncestorOf(buttons) and buttons.isVisible()
    assert dialog.rect().contains(buttons.geometry())
    # Only the height scrolls: the fields are as wide as without the scroll area.
    assert area.horizontalScrollBar().maximum() == 0
    # The last field can be reached: scrolling to it shows it.
    area.ensureWidgetVisible(fields[-1])
    assert fields[-1].visibleRegion().isEmpty() is False


def test_a_short_form_is_left_as_it_is(app, qtbot, laptop):
    dialog = long_form(3)
    qtbot.addWidget(dialog)
    screen_fit.fit_dialog(dialog)
    assert dialog.findChild(QScrollArea) is None
    assert isinstance(dialog.layout(), QFormLayout)


def test_a_window_asked_bigger_than_the_screen_is_cut_to_it(app, qtbot, laptop):
    dialog = QDialog()
    qtbot.addWidget(dialog)
    dialog.move(900, 500)
    screen_fit.fit_window(dialog, dialog.size().expandedTo(screen_fit.QSize(1200, 760)))
    assert dialog.width() <= laptop.width() and dialog.height() <= laptop.height()
    assert LAPTOP.contains(QRect(dialog.pos(), dialog.size()))


def test_main_window_fits_the_laptop(app, laptop, demo_db, open_window):
    window = open_window(demo_db)
    assert window.width() <= laptop.width() and window.height() <= laptop.height()
    for index in range(window.tabs.count()):
        window.tabs.setCurrentIndex(index)
        hint = window.minimumSizeHint()
        assert hint.width() <= laptop.width() and hint.height() <= laptop.height(), window.tabs.tabText(index)


def test_toolbar_buttons_that_do_not_fit_are_under_more(app, qtbot, laptop, demo_db, open_window):
    window = open_window(demo_db)
    window.tabs.setCurrentWidget(window.checkups_tab)  # the longest toolbar
    window.resize(window.minimumSizeHint().width(), window.height())
    qtbot.waitUntil(lambda: window.width() == window.minimumSizeHint().width())
    toolbar = window.toolbar
    actions = [a for a in toolbar.actions() if not a.isSeparator()]
    hidden = [a for a in actions if not toolbar.widgetForAction(a).isVisible()]
    more = toolbar.findChild(QToolButton, "qt_toolbar_ext_button")
    assert hidden, "the toolbar should be too narrow for this test"
    assert more.isVisible() and more.toolTip() == "更多"
    more.click()  # the hidden buttons show in a menu under 更多
    qtbot.waitUntil(lambda: all(toolbar.widgetForAction(a).isVisible() for a in hidden))


def test_the_big_dialogs_fit_the_laptop(app, qtbot, laptop, demo_db):
    from unionapp.ui.funds.categories_dialog import CategoriesDialog
    from unionapp.ui.shell.audit_dialog import AuditDialog
    from unionapp.ui.visits.types_dialog import TypesDialog

    for dialog in (AuditDialog(demo_db), TypesDialog(demo_db), CategoriesDialog(demo_db)):
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        assert dialog.width() <= laptop.width() and dialog.height() <= laptop.height(), type(dialog).__name__
        dialog.close()
