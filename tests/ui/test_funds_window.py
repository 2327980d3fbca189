"""The main window with two tabs: commands act on the current tab, menus and toolbar follow
it, settings are remembered, a read-only database disables funds editing, reports."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QDialog

from unionapp.reports import funds as funds_reports
from unionapp.services import ledger
from unionapp.services.ledger import LedgerFilter
from unionapp.ui.funds import data as funds_data
from unionapp.ui.funds.categories_dialog import CategoriesDialog
from unionapp.ui.funds.dues_dialogs import DuesRuleDialog
from unionapp.ui.funds.entry_dialog import EntryDialog
from unionapp.ui.members.dialog import MemberDialog
from unionapp.ui.widgets import report_export

from .helpers import choose, wait_loaded

YEAR = date.today().year


def press(qtbot, window, widget, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(widget, key, modifier)


def visible_menus(window) -> list[str]:
    return [a.text() for a in window.menuBar().actions() if a.isVisible()]


def test_ctrl_n_acts_on_the_current_tab(window, qtbot, modal):
    ctrl = Qt.KeyboardModifier.ControlModifier
    members_tab = window.members_tab
    opened: list[type] = []
    # Any dialog is caught (and closed), so a wrong one fails the test instead of waiting forever.
    modal.run(
        QDialog, lambda d: opened.append(type(d)), lambda: press(qtbot, window, members_tab.table, Qt.Key.Key_N, ctrl)
    )
    window.tabs.setCurrentWidget(window.funds_tab)
    wait_loaded(qtbot, window.funds_tab)
    table = window.funds_tab.ledger_view.table
    modal.run(QDialog, lambda d: opened.append(type(d)), lambda: press(qtbot, window, table, Qt.Key.Key_N, ctrl))
    assert opened == [MemberDialog, EntryDialog]
    # Ctrl+F finds in the ledger; back on the members tab it finds members.
    press(qtbot, window, table, Qt.Key.Key_F, ctrl)
    qtbot.waitUntil(window.funds_tab.ledger_view.search.hasFocus)
    window.tabs.setCurrentWidget(members_tab)
    press(qtbot, window, members_tab.table, Qt.Key.Key_F, ctrl)
    qtbot.waitUntil(members_tab.search.hasFocus)


def test_menus_toolbar_and_labels_follow_the_tab(window, qtbot, messages):
    members_tab, funds = window.members_tab, window.funds_tab
    assert visible_menus(window) == ["文件(&F)", "编辑(&E)", "会员(&M)", "报表(&R)", "帮助(&H)"]
    assert members_tab.status_action in window.toolbar.actions()
    assert funds.dues_view.post_action not in window.toolbar.actions()
    assert window.commands["new"].text() == "新增会员…"
    window.tabs.setCurrentWidget(funds)
    wait_loaded(qtbot, funds)
    assert visible_menus(window) == ["文件(&F)", "编辑(&E)", "经费(&J)", "报表(&R)", "帮助(&H)"]
    report_menu = next(a for a in window.menuBar().actions() if a.isVisible() and a.text() == "报表(&R)").menu()
    assert report_menu is funds.report_menu
    assert [a.text() for a in report_menu.actions()] == [
        "年度经费预算表",
        "预算执行情况表",
        "收支明细账（当前筛选）",
        "经费收支公开表",
    ]
    toolbar = window.toolbar.actions()
    assert funds.dues_view.post_action in toolbar and funds.close_action in toolbar
    assert members_tab.status_action not in toolbar
    assert [window.commands[k].text() for k in ("new", "edit", "delete")] == ["记一笔…", "查看凭证…", "红字冲销…"]
    # 查看凭证 and 红字冲销 need a selected entry.
    assert not window.commands["edit"].isEnabled() and not window.commands["delete"].isEnabled()
    funds.ledger_view.table.selectRow(0)
    assert window.commands["edit"].isEnabled() and window.commands["delete"].isEnabled()
    window.commands["edit"].trigger()  # 查看凭证: the whole entry, never an edit form
    entry = funds.ledger_view.selected_entry()
    assert messages.texts("information") and messages.texts("information")[-1].startswith(f"凭证号：{entry.voucher}")
    assert window.count_label.text().startswith(f"{YEAR} 年收支明细账")
    window.tabs.setCurrentWidget(members_tab)
    assert window.count_label.text().endswith("人")


def test_current_tab_and_ledger_columns_are_remembered(demo_db, open_window, qtbot):
    first = open_window(demo_db)
    first.tabs.setCurrentWidget(first.funds_tab)
    wait_loaded(qtbot, first.funds_tab)
    first.funds_tab.views.setCurrentWidget(first.funds_tab.budget_view)
    first.funds_tab.ledger_view.table.horizontalHeader().resizeSection(3, 333)
    first.close()
    assert QSettings().value("window/tab") is not None
    second = open_window(demo_db)
    assert second.tabs.currentWidget() is second.funds_tab
    wait_loaded(qtbot, second.funds_tab)
    assert second.funds_tab.views.currentWidget() is second.funds_tab.budget_view
    assert second.funds_tab.ledger_view.table.horizontalHeader().sectionSize(3) == 333


def test_only_the_chosen_year_is_read(window, qtbot, monkeypatch):
    """Ten years of ledger are never loaded at once: the tab asks for one year."""
    asked: list[LedgerFilter] = []
    real = ledger.list_entries

    def spy(db, flt):
        asked.append(flt)
        return real(db, flt)

    monkeypatch.setattr(funds_data.ledger, "list_entries", spy)
    window.tabs.setCurrentWidget(window.funds_tab)
    wait_loaded(qtbot, window.funds_tab)
    choose(qtbot, window.funds_tab.year_box, f"{YEAR - 1} 年")
    qtbot.waitUntil(lambda: window.funds_tab.data.year == YEAR - 1)
    wait_loaded(qtbot, window.funds_tab)
    assert asked and all(f == LedgerFilter(year=f.year) for f in asked)  # the year, nothing else
    # The keyboard passes over other years on the way; their loads may finish in any order.
    assert asked[0].year == YEAR and YEAR - 1 in {f.year for f in asked}


def test_read_only_database_disables_funds_editing(read_only_db, open_window, qtbot, modal, messages):
    window = open_window(read_only_db)
    funds = window.funds_tab
    window.tabs.setCurrentWidget(funds)
    wait_loaded(qtbot, funds)
    assert funds.data.entries and not funds.data.closed
    funds.ledger_view.table.selectRow(0)
    assert window.commands["edit"].isEnabled()  # looking is fine
    for action in (
        window.commands["new"],
        window.commands["delete"],
        funds.dues_view.post_action,
        funds.dues_view.allocation_action,
        funds.close_action,
        funds.opening_action,
    ):
        assert not action.isEnabled(), action.text()
    model = funds.budget_view.model
    assert not model.editable and not funds.budget_view.copy_button.isEnabled()
    looked: list[str] = []

    def look_at_categories(dialog: CategoriesDialog):
        assert not any(button.isEnabled() for button in dialog.buttons.values())
        looked.append("categories")

    def look_at_rule(dialog: DuesRuleDialog):
        assert not dialog.save_button.isEnabled()
        looked.append("rule")

    modal.run(CategoriesDialog, look_at_categories, funds.categories_action.trigger)
    modal.run(DuesRuleDialog, look_at_rule, funds.dues_view.rule_action.trigger)
    assert looked == ["categories", "rule"]
    # A year the read-only file has never seen is still shown (its figures come from the entries).
    choose(qtbot, funds.year_box, f"{YEAR + 1} 年")
    qtbot.waitUntil(lambda: funds.data.year == YEAR + 1)
    wait_loaded(qtbot, funds)
    assert messages.texts() == []
    assert funds.data.summary.opening_fen == 0 and funds.data.entries == []


@pytest.fixture
def fake_reports(monkeypatch):
    """unionapp.reports.funds builders that record what they were asked for."""
    calls: list[tuple[str, object]] = []
    # The tab reads the builders off the module when a command runs (a plain import, so
    # the package attribute, not sys.modules, is what it finds): patch them there.
    for key in ("budget", "execution", "ledger", "disclosure"):
        fake = lambda db, arg, k=key: calls.append((k, arg)) or f"report:{k}"  # noqa: E731
        monkeypatch.setattr(funds_reports, f"{key}_report", fake)
    exports: list[tuple] = []
    monkeypatch.setattr(
        report_export,
        "export_report",
        lambda parent, builder, stem, fmt="xlsx": exports.append((builder(False), stem, fmt)),
    )
    monkeypatch.setattr(
        report_export, "print_report", lambda parent, builder: exports.append((builder(False), "print"))
    )
    return calls, exports


def test_report_commands_use_the_funds_builders(window, qtbot, fake_reports):
    calls, exports = fake_reports
    funds = window.funds_tab
    window.tabs.setCurrentWidget(funds)
    wait_loaded(qtbot, funds)
    choose(qtbot, funds.ledger_view.direction_filter, "支出")
    window.commands["export_xlsx"].trigger()
    assert calls == [("ledger", LedgerFilter(year=YEAR, direction="expense"))]
    assert exports[-1] == ("report:ledger", "收支明细账", "xlsx")
    funds.views.setCurrentWidget(funds.budget_view)
    window.commands["export_pdf"].trigger()
    window.commands["print"].trigger()
    assert calls[1:] == [("execution", YEAR), ("execution", YEAR)]
    assert exports[1:] == [("report:execution", "预算执行情况表", "pdf"), ("report:execution", "print")]
    for title, key, stem in (
        ("年度经费预算表", "budget", "年度经费预算表"),
        ("经费收支公开表", "disclosure", "经费收支公开表"),
    ):
        sub = next(a.menu() for a in funds.report_menu.actions() if a.text() == title)
        next(a for a in sub.actions() if a.text() == "导出Excel…").trigger()
        assert calls[-1] == (key, YEAR) and exports[-1] == (f"report:{key}", stem, "xlsx")


def test_real_funds_reports_build_from_the_tab(window, qtbot):
    funds = window.funds_tab
    window.tabs.setCurrentWidget(funds)
    wait_loaded(qtbot, funds)
    for key in ("budget", "execution", "ledger", "disclosure"):
        report = funds.report_builder(key)(False)
        assert report.rows, key
