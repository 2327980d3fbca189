"""The main window: what it shows on opening, sorting, remembered geometry and column widths,
the read-only mode, and switching to another database."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtCore import QPoint, QSettings, QSize, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDialogButtonBox, QFileDialog
from sqlalchemy.exc import DBAPIError

from unionapp import config
from unionapp.db.opening import open_database
from unionapp.domain.members import MemberInput
from unionapp.services import members
from unionapp.services import settings as settings_service
from unionapp.services.demo import create_demo
from unionapp.ui.members.dialog import MemberDialog
from unionapp.ui.members.groups_dialog import GroupsDialog
from unionapp.ui.members.tab import MembersTab
from unionapp.ui.shell import area_tabs
from unionapp.ui.shell.first_run import FirstRunDialog
from unionapp.ui.shell.main_window import READ_ONLY_BANNER

from .helpers import DEMO_MEMBERS, click_checkbox, click_row, double_click_row, type_text


def test_window_opens_with_members_tab_and_demo_rows(window):
    tab = window.members_tab
    assert [window.tabs.tabText(i) for i in range(window.tabs.count())][:3] == ["首页", "会员", "经费"]
    assert window.tabs.tabText(3).startswith("五必访")
    assert window.tabs.currentWidget() is tab
    assert tab.model.rowCount() == DEMO_MEMBERS
    assert tab.table.model().rowCount() == DEMO_MEMBERS
    assert window.count_label.text() == f"共 {DEMO_MEMBERS} 人"
    assert "阳光中学工会委员会" in window.windowTitle()
    assert not window.banner.isVisible()
    # The first row is a real member in pinyin order, shown with a masked ID number.
    first = members.list_members(window.db)[0]
    assert tab.model.index(0, 0).data() == first.name
    shown_id = tab.model.index(0, 4).data()
    assert first.id_number and shown_id != first.id_number and "*" in shown_id


def test_standard_shortcuts(window):
    tab, commands = window.members_tab, window.commands
    assert commands["new"].shortcut() == QKeySequence(QKeySequence.StandardKey.New)
    assert commands["find"].shortcut() == QKeySequence(QKeySequence.StandardKey.Find)
    assert commands["delete"].shortcut() == QKeySequence(QKeySequence.StandardKey.Delete)
    assert commands["refresh"].shortcut() == QKeySequence(QKeySequence.StandardKey.Refresh)
    assert commands["print"].shortcut() == QKeySequence(QKeySequence.StandardKey.Print)
    assert commands["new"].text() == "新增会员…"
    # The actions are reachable from the window's menus.
    menu_actions = {a for menu in window.menuBar().actions() for a in menu.menu().actions()}
    for action in (
        commands["new"],
        commands["edit"],
        commands["delete"],
        tab.status_action,
        tab.import_action,
        tab.groups_action,
        commands["find"],
        commands["refresh"],
    ):
        assert action in menu_actions


def test_geometry_and_column_widths_are_remembered(demo_db, open_window, qtbot):
    first = open_window(demo_db)
    assert first.height() != 650
    header = first.members_tab.table.horizontalHeader()
    default_name_width = header.sectionSize(0)
    first.resize(1000, 650)
    qtbot.waitUntil(lambda: first.size() == QSize(1000, 650))
    header.resizeSection(0, default_name_width + 57)
    header.resizeSection(4, 222)
    first.close()

    second = open_window(demo_db)
    assert second is not first
    # The offscreen screen is 800 px wide and the window needs 805: a restored width is
    # fitted to the screen, so only the height can be compared exactly here.
    assert second.height() == 650
    header = second.members_tab.table.horizontalHeader()
    assert header.sectionSize(0) == default_name_width + 57
    assert header.sectionSize(4) == 222
    # Reloading the table (F5) keeps the user's widths.
    second.commands["refresh"].trigger()
    assert header.sectionSize(0) == default_name_width + 57
    assert header.sectionSize(4) == 222


def test_read_only_database_shows_banner_and_disables_editing(read_only_db, open_window, modal, qtbot):
    assert read_only_db.read_only
    window = open_window(read_only_db)
    tab = window.members_tab
    assert window.banner.isVisible()
    assert window.banner.text() == READ_ONLY_BANNER
    assert tab.model.rowCount() == DEMO_MEMBERS
    for action in (
        tab.add_action,
        tab.edit_action,
        tab.status_action,
        tab.remove_action,
        tab.import_action,
        window.commands["new"],
        window.commands["edit"],
        window.commands["delete"],
    ):
        assert not action.isEnabled(), action.text()
    settings_action = next(
        a for menu in window.menuBar().actions() for a in menu.menu().actions() if a.text() == "设置…"
    )
    assert not settings_action.isEnabled()
    # Searching still works.
    qtbot.keyClicks(tab.search, "13")
    qtbot.waitUntil(lambda: 0 < tab.model.rowCount() < DEMO_MEMBERS)
    # Double-clicking a member shows the form, but it can't be saved.
    member = tab.model.row_at(0)

    def look(dialog: MemberDialog):
        assert dialog.name.text() == member.name
        assert not dialog.buttons.button(QDialogButtonBox.StandardButton.Save).isEnabled()
        cancel = dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        assert cancel.isEnabled()
        qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
        assert not dialog.isVisible()

    modal.run(MemberDialog, look, lambda: double_click_row(qtbot, tab, member.id))

    # The groups can be looked at, not changed.
    def look_at_groups(dialog: GroupsDialog):
        assert dialog.list.count() == 6  # five groups and 未分组
        assert not any(button.isEnabled() for button in dialog.actions.values())

    modal.run(GroupsDialog, look_at_groups, tab.groups_action.trigger)
    # The engine itself refuses writes: this really is the read-only connection.
    with pytest.raises(DBAPIError):
        members.add_member(read_only_db, MemberInput(name="不该写入"))
    assert members.count_members(read_only_db) == DEMO_MEMBERS


def _menu_action(window, text: str):
    return next(a for menu in window.menuBar().actions() for a in menu.menu().actions() if a.text() == text)


def test_sorting_by_a_column_keeps_the_selected_member(window, qtbot):
    tab = window.members_tab
    member = members.list_members(window.db)[5]
    click_row(qtbot, tab, member.id)
    assert tab.selected_ids() == [member.id]
    header = tab.table.horizontalHeader()
    birth_column = 2
    qtbot.mouseClick(
        header.viewport(),
        Qt.MouseButton.LeftButton,
        pos=QPoint(header.sectionViewportPosition(birth_column) + 10, header.height() // 2),
    )
    shown = tab.model.shown_rows
    assert [r.birth_date for r in shown] == sorted(r.birth_date for r in shown)
    assert tab.selected_ids() == [member.id]
    # The sort stays while searching and after F5.
    qtbot.keyClicks(tab.search, "13")
    qtbot.waitUntil(lambda: tab.model.rowCount() < DEMO_MEMBERS)
    shown = tab.model.shown_rows
    assert [r.birth_date for r in shown] == sorted(r.birth_date for r in shown)
    window.commands["refresh"].trigger()
    shown = tab.model.shown_rows
    assert len(shown) < DEMO_MEMBERS
    assert [r.birth_date for r in shown] == sorted(r.birth_date for r in shown)


def test_show_full_numbers(window, qtbot):
    tab = window.members_tab
    first = tab.model.row_at(0)
    assert tab.model.index(0, 4).data() != first.id_number
    assert tab.model.index(0, 5).data() != first.phone
    click_checkbox(qtbot, tab.show_full)
    assert tab.model.index(0, 4).data() == first.id_number
    assert tab.model.index(0, 5).data() == first.phone
    click_checkbox(qtbot, tab.show_full)
    assert tab.model.index(0, 4).data() != first.id_number


def test_open_another_database(window, qtbot, tmp_path, monkeypatch):
    other_path = tmp_path / "另一个.db"
    other = open_database(config.database_url(str(other_path)))
    create_demo(other, members_count=30, seed=7)
    settings_service.save(other, replace(settings_service.load(other), union_name="第二工会"))
    other.dispose()
    header = window.members_tab.table.horizontalHeader()
    header.resizeSection(0, 171)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *_a, **_k: (str(other_path), "")))
    _menu_action(window, "打开数据库…").trigger()
    tab = window.members_tab
    # The old tab (and the roster it holds) goes away.
    qtbot.waitUntil(lambda: window.findChildren(MembersTab) == [tab])
    assert window.area_tab("members") is tab
    built = [window.area_tab(key) for key in area_tabs.AREAS]  # on access
    assert [window.tabs.widget(i) for i in range(window.tabs.count())] == built
    assert tab.model.total_count == 30
    assert window.count_label.text() == "共 30 人"
    assert "第二工会" in window.windowTitle()
    assert window.db_label.text() == "第二工会　｜　本机数据"  # the path is in 关于, not here
    assert QSettings().value("database/last") == str(other_path)
    # The menus and toolbar act on the new tab.
    assert tab.status_action in {a for m in window.menuBar().actions() for a in m.menu().actions()}
    assert tab.status_action in window.toolbar.actions()
    # The column widths the user chose survive the switch.
    assert tab.table.horizontalHeader().sectionSize(0) == 171
    window.db.dispose()


def test_new_database_asks_for_the_union_name(window, qtbot, tmp_path, monkeypatch, modal, messages):
    new_path = tmp_path / "新数据库.db"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *_a, **_k: (str(new_path), "")))

    def fill(dialog: FirstRunDialog):
        assert dialog.demo.isVisible()
        type_text(qtbot, dialog.union_name, "新学校工会")
        qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Ok), Qt.MouseButton.LeftButton)

    modal.run(FirstRunDialog, fill, _menu_action(window, "新建数据库…").trigger)
    assert window.db.sqlite_path == new_path
    assert window.members_tab.model.total_count == 0
    assert window.count_label.text() == "共 0 人"
    assert window.windowTitle() == "工会助手 - 新学校工会"
    assert settings_service.load(window.db).union_name == "新学校工会"
    # Choosing an existing file for a new database is refused politely.
    _menu_action(window, "新建数据库…").trigger()
    assert messages.texts("warning") == ["这个文件已经存在。要使用它，请选“打开数据库”。"]
    assert window.db.sqlite_path == new_path
    window.db.dispose()


def test_find_shortcut_focuses_search(window, qtbot):
    tab = window.members_tab
    qtbot.keyClicks(tab.search, "abc")
    tab.table.setFocus()
    window.activateWindow()
    qtbot.waitUntil(lambda: window.isActiveWindow())
    qtbot.keyClick(tab.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: tab.search.hasFocus())
    assert tab.search.selectedText() == "abc"


def test_automatic_backup_at_start(demo_db, data_dir):
    import time as _time

    from unionapp.ui.shell.app import start_auto_backup

    start_auto_backup(demo_db)
    folder = data_dir / "backups"
    deadline = _time.monotonic() + 20
    while not list(folder.glob("*-auto-*.db")) and _time.monotonic() < deadline:
        _time.sleep(0.05)
    made = list(folder.glob("*-auto-*.db"))
    assert len(made) == 1
    import sqlite3

    with sqlite3.connect(made[0]) as conn:
        assert conn.execute("SELECT count(*) FROM members").fetchone()[0] > 0
