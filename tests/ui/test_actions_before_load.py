"""Actions that read a tab's loaded data, clicked before it has arrived: the 经费 tab reads
its year on a worker, and until that year is shown its dues, year-end and category actions
are disabled and a queued click or a direct call does nothing (no AttributeError on None)."""

from __future__ import annotations

import threading

import pytest

from unionapp.ui.funds import tab as funds_tab_module

from .helpers import wait_loaded


@pytest.fixture
def held_load(monkeypatch):
    """load_year blocked until the test lets it go: the tab stays "loading"."""
    gate = threading.Event()
    real = funds_tab_module.load_year

    def held(db, year):
        gate.wait(30)
        return real(db, year)

    monkeypatch.setattr(funds_tab_module, "load_year", held)
    yield gate
    gate.set()  # never leave a worker waiting


def data_actions(tab):
    dues = tab.dues_view
    return {
        "记会费": dues.post_action,
        "撤销会费": dues.undo_action,
        "拨缴经费": dues.allocation_action,
        "会费设置": dues.rule_action,
        "科目设置": tab.categories_action,
        "年度结账": tab.close_action,
        "期初余额": tab.opening_action,
    }


def commands(window) -> dict[str, bool]:
    return {key: action.isEnabled() for key, action in window.commands.items()}


def test_funds_actions_wait_for_the_first_load(empty_books_db, open_window, qtbot, held_load):
    window = open_window(empty_books_db)
    window.tabs.setCurrentWidget(window.funds_tab)
    tab = window.funds_tab
    assert tab.loading and tab.data is None
    for name, action in data_actions(tab).items():
        assert not action.isEnabled(), name
        action.trigger()  # a click queued before the data came: nothing happens, nothing raises
    tab.dues_view.post_month()  # called directly (a double-click on the months) as well
    tab.dues_view.post_allocation()
    tab.new_item()  # 记一笔 by its shortcut
    tab.close_year()
    state = commands(window)
    assert not state["new"] and not state["print"] and not state["export_pdf"]

    held_load.set()
    wait_loaded(qtbot, tab)
    actions = data_actions(tab)
    for name in ("记会费", "拨缴经费", "会费设置", "科目设置", "年度结账", "期初余额"):
        assert actions[name].isEnabled(), name
    assert not actions["撤销会费"].isEnabled()  # its own rule still holds: no posted month chosen
    state = commands(window)
    assert state["new"] and state["print"]


def test_reading_another_year_disables_them_again(new_books, qtbot, held_load, monkeypatch):
    tab = new_books
    shown = tab.data
    assert tab.dues_view.post_action.isEnabled()
    tab.load(shown.year + 1)
    assert tab.loading and tab.data is shown  # the old year is still on screen
    assert not any(a.isEnabled() for a in data_actions(tab).values())
    window = tab.window()
    assert not commands(window)["new"]
    held_load.set()
    wait_loaded(qtbot, tab)
    assert tab.data.year == shown.year + 1
    assert tab.dues_view.post_action.isEnabled() and commands(window)["new"]


def test_a_failed_read_gives_back_the_year_shown(new_books, qtbot, monkeypatch):
    tab = new_books

    def broken(db, year):
        raise OSError("disk gone")

    errors: list[str] = []
    monkeypatch.setattr(funds_tab_module, "load_year", broken)
    monkeypatch.setattr(funds_tab_module, "show_error", lambda _w, _e, title: errors.append(title))
    tab.load(tab.year)
    qtbot.waitUntil(lambda: not tab.loading)
    assert errors == ["无法读取经费账"]
    assert tab.dues_view.post_action.isEnabled()  # the year on screen is still there to work on


def test_checkup_list_actions_wait_for_a_campaign(demo_db, qtbot):
    """The 体检 tab reads its campaigns when first shown; its list actions start disabled."""
    from unionapp.ui.checkups.tab import CheckupsTab

    tab = CheckupsTab(demo_db)
    qtbot.addWidget(tab)
    assert not tab.loaded
    a = tab.actions
    assert not any(x.isEnabled() for x in [*a.status_actions, a.add_action, a.import_action, tab.edit_action])
    a.done_action.trigger()  # nothing to mark yet, and nothing raises
