"""The window's side of opening a file safely: 备份到…, the 从备份恢复 dialog and the
backups folder setting, the offer of the newest good backup for a damaged file, and the
prompt when another copy of the app (a real second process) has the file open."""

from __future__ import annotations

import json
import os
import re
import sqlite3
from contextlib import closing
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from opening_helpers import Holder, damage_table_pages
from unionapp import config
from unionapp.db.lock import current_holder
from unionapp.db.opening import close_database
from unionapp.domain.members import MemberInput
from unionapp.services import backup, members
from unionapp.ui.shell import restore_dialog
from unionapp.ui.shell.backup_dialogs import open_for_window
from unionapp.ui.shell.main_window import READ_ONLY_BANNER
from unionapp.ui.shell.restore_dialog import RestoreDialog

from .helpers import DEMO_MEMBERS, wait_loaded


def menu_action(window, text: str):
    return next(a for menu in window.menuBar().actions() for a in menu.menu().actions() if a.text() == text)


def member_count(path: Path) -> int:
    with closing(sqlite3.connect(path)) as conn:
        return conn.execute("SELECT count(*) FROM members").fetchone()[0]


def click(box: QMessageBox, text: str) -> None:
    button = next((b for b in box.buttons() if b.text() == text), None)
    assert button is not None, f"no button {text!r} in {[b.text() for b in box.buttons()]}"
    button.click()


@pytest.fixture
def confirmations(monkeypatch) -> list[str]:
    """The restore dialog's confirmation, answered yes; its text kept for the test."""
    asked: list[str] = []

    def answer(_parent, _title, text):
        asked.append(text)
        return True

    monkeypatch.setattr(restore_dialog, "confirm", answer)
    return asked


@pytest.fixture
def locked_window(window, db_path):
    """The demo window re-opened through the menu path, so it holds the file's writer lock."""
    window.switch_database(str(db_path))
    assert current_holder(db_path).pid == os.getpid() and window.db.writer_lock is not None
    yield window
    close_database(window.db)


# ---------------------------------------------------------------- 备份到…
def test_backup_to_a_usb_stick_says_where_and_how_big(window, qtbot, tmp_path, monkeypatch, messages):
    offered = []
    stick = tmp_path / "U盘"
    stick.mkdir()

    def save_as(_parent, _title, default, _filter, *_args, **_kwargs):
        offered.append(default)
        if len(offered) > 1:
            return "", ""  # cancelled
        return str(stick / "工会备份"), ""  # typed without the extension

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(save_as))
    menu_action(window, "备份到…").trigger()
    qtbot.waitUntil(lambda: bool(messages.texts("information")), timeout=20000)
    assert re.fullmatch(r"工会数据-\d{8}-\d{4}\.db", Path(offered[0]).name)
    made = stick / "工会备份.db"
    text = messages.texts("information")[0]
    assert "已备份并校验通过" in text and str(made) in text
    assert re.search(r"大小：\d+(\.\d)? (KB|MB)", text)
    assert member_count(made) == DEMO_MEMBERS and backup.integrity_problems(made) == []
    # The next time the dialog starts where the last backup went; cancelling writes nothing.
    menu_action(window, "备份到…").trigger()
    assert Path(offered[1]).parent == stick
    assert [p.name for p in stick.iterdir()] == ["工会备份.db"]


def test_backup_to_a_place_that_cannot_be_written(window, qtbot, tmp_path, monkeypatch, messages):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    target = blocker / "工会数据.db"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *_a, **_k: (str(target), "")))
    menu_action(window, "备份到…").trigger()
    qtbot.waitUntil(lambda: bool(messages.texts("warning")), timeout=20000)
    assert messages.shown[0][1] == "备份没有完成" and "数据库本身没有受影响" in messages.texts("warning")[0]
    assert not list(blocker.parent.glob("*.partial"))
    assert not messages.texts("information")
    assert members.count_members(window.db) == DEMO_MEMBERS


# ---------------------------------------------------------------- 从备份恢复…
def wait_contents(qtbot, dialog: RestoreDialog) -> None:
    qtbot.waitUntil(lambda: all(str(e.path) in dialog.contents for e in dialog.entries), timeout=20000)


def row_texts(dialog: RestoreDialog, row: int) -> list[str]:
    return [dialog.table.item(row, c).text() for c in range(dialog.table.columnCount())]


def test_restore_dialog_lists_checks_and_restores(
    locked_window, db_path, qtbot, modal, messages, confirmations, data_dir
):
    window = locked_window
    good = backup.backup_now(db_path, "auto")
    members.add_member(window.db, MemberInput(name="备份之后新来的"))
    damaged = good.with_name(backup.snapshot_name(db_path, "manual", datetime.now() + timedelta(minutes=5)))
    damaged.write_bytes(good.read_bytes())
    damage_table_pages(damaged)

    def choose(dialog: RestoreDialog):
        assert dialog.folder_label.text() == f"备份文件夹：{data_dir / 'backups'}"
        assert [dialog.table.horizontalHeaderItem(c).text() for c in range(dialog.table.columnCount())] == [
            "时间",
            "类型",
            "大小",
            "会员",
            "走访",
            "记账",
            "体检",
            "状态",
        ]
        wait_contents(qtbot, dialog)
        newest, older = row_texts(dialog, 0), row_texts(dialog, 1)
        assert newest[1] == "手动" and newest[7] == "不能使用" and newest[3] == "—"
        assert older[1] == "自动" and older[7] == "完好" and older[3] == str(DEMO_MEMBERS)
        dialog.table.selectRow(0)
        assert not dialog.restore_button.isEnabled()
        assert "损坏" in dialog.details.text()
        dialog.table.selectRow(1)
        assert dialog.restore_button.isEnabled()
        assert f"会员 {DEMO_MEMBERS} 人" in dialog.details.text()
        qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)

    modal.run(RestoreDialog, choose, menu_action(window, "从备份恢复…").trigger)
    assert len(confirmations) == 1
    assert "全部数据将被这个备份替换" in confirmations[0] and str(data_dir / "backups") in confirmations[0]
    # The window shows the restored data and still holds the file's lock.
    assert members.count_members(window.db) == DEMO_MEMBERS
    assert window.members_tab.model.total_count == DEMO_MEMBERS
    assert current_holder(db_path).pid == os.getpid() and window.db.writer_lock.held
    done = messages.texts("information")[-1]
    assert "已用" in done and "恢复前的数据已备份到" in done
    safety = next((data_dir / "backups").glob("union-before-restore-*.db"))
    assert member_count(safety) == DEMO_MEMBERS + 1  # what was replaced is kept
    assert str(safety) in done


def test_restore_dialog_other_file(
    locked_window, qtbot, tmp_path, modal, monkeypatch, messages, confirmations, db_path
):
    stick = tmp_path / "U盘"
    good = backup.backup_now(db_path, "manual", stick)
    foreign = stick / "别的程序.db"
    with closing(sqlite3.connect(foreign)) as conn:
        conn.execute("CREATE TABLE orders (id INTEGER)")
    picked = iter([str(foreign), str(good)])
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *_a, **_k: (next(picked), "")))

    def choose(dialog: RestoreDialog):
        assert dialog.table.rowCount() == 0
        qtbot.mouseClick(dialog.other_button, Qt.MouseButton.LeftButton)
        assert messages.texts("warning") == ["这个文件不是工会助手的备份。"]
        assert not dialog.restore_button.isEnabled()
        qtbot.mouseClick(dialog.other_button, Qt.MouseButton.LeftButton)
        assert row_texts(dialog, 0)[1] == "其他文件" and row_texts(dialog, 0)[7] == "完好"
        assert dialog.restore_button.isEnabled()
        dialog.reject()

    modal.run(RestoreDialog, choose, menu_action(locked_window, "从备份恢复…").trigger)
    assert not confirmations


def test_backup_folder_is_shown_and_changed_in_the_dialog(
    window, qtbot, tmp_path, modal, monkeypatch, messages, data_dir
):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    folders = iter([str(tmp_path / "U盘" / "工会备份"), str(blocker / "backups")])
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", staticmethod(lambda *_a, **_k: next(folders)))
    chosen = tmp_path / "U盘" / "工会备份"

    def change(dialog: RestoreDialog):
        qtbot.mouseClick(dialog.change_folder_button, Qt.MouseButton.LeftButton)
        assert dialog.folder_label.text() == f"备份文件夹：{chosen}"
        assert str(chosen) in messages.texts("information")[0]
        qtbot.mouseClick(dialog.change_folder_button, Qt.MouseButton.LeftButton)  # a folder that can't be
        assert "备份文件夹没有改变" in messages.texts("warning")[0]
        assert dialog.folder_label.text() == f"备份文件夹：{chosen}"

    modal.run(RestoreDialog, change, menu_action(window, "从备份恢复…").trigger)
    assert json.loads((data_dir / "local.json").read_text(encoding="utf-8"))["backup_dir"] == str(chosen)
    assert backup.backup_folder() == chosen


def test_restore_needs_a_writable_sqlite_file(read_only_db, open_window):
    window = open_window(read_only_db)
    assert not menu_action(window, "从备份恢复…").isEnabled()
    assert menu_action(window, "备份到…").isEnabled()
    assert window.banner.text() == READ_ONLY_BANNER


# ---------------------------------------------------------------- a damaged file
@pytest.fixture
def damaged_with_backup(demo_db, db_path):
    """The demo file with a good automatic backup, then one more member, then damaged."""
    good = backup.backup_now(db_path, "auto")
    members.add_member(demo_db, MemberInput(name="备份之后新来的"))
    demo_db.dispose()
    damage_table_pages(db_path)
    return good


def test_damaged_file_is_offered_the_latest_good_backup(damaged_with_backup, db_path, modal, messages):
    damaged_bytes = db_path.read_bytes()
    opened = []

    def accept(box: QMessageBox):
        assert box.windowTitle() == "数据库文件已损坏"
        assert f"最近的完好备份是 {datetime.now():%Y-%m-%d}" in box.text()
        assert f"会员 {DEMO_MEMBERS} 人" in box.text() and "union-damaged-" in box.text()
        click(box, "用这个备份恢复")

    modal.run(QMessageBox, accept, lambda: opened.append(open_for_window(None, config.database_url(str(db_path)))))
    db = opened[0]
    assert db is not None and members.count_members(db) == DEMO_MEMBERS
    assert db.writer_lock is not None and db.writer_lock.held
    aside = next(db_path.parent.glob("union-damaged-*.db"))
    assert aside.read_bytes() == damaged_bytes
    assert str(aside) in messages.texts("information")[0]
    close_database(db)


def test_a_tampered_file_is_offered_the_latest_good_backup(demo_db, db_path, modal, messages):
    """A trigger planted by another program: at start there is no window whose 从备份恢复
    could be used, so the good backup is offered right there, as for a damaged file."""
    backup.backup_now(db_path, "auto")
    demo_db.dispose()
    with closing(sqlite3.connect(db_path)) as conn, conn:
        conn.execute("CREATE TRIGGER planted AFTER INSERT ON members BEGIN DELETE FROM members; END")
    tampered = db_path.read_bytes()
    opened = []

    def accept(box: QMessageBox):
        assert box.windowTitle() == "数据库文件结构异常"
        assert "结构与工会助手应有的结构不同" in box.text() and "结构异常的文件不会删除" in box.text()
        click(box, "用这个备份恢复")

    modal.run(QMessageBox, accept, lambda: opened.append(open_for_window(None, config.database_url(str(db_path)))))
    db = opened[0]
    assert db is not None and members.count_members(db) == DEMO_MEMBERS
    with closing(sqlite3.connect(db_path)) as conn:
        assert conn.execute("SELECT count(*) FROM sqlite_master WHERE type = 'trigger'").fetchone() == (0,)
    assert next(db_path.parent.glob("union-damaged-*.db")).read_bytes() == tampered
    close_database(db)


def test_damaged_file_without_a_backup_is_left_alone(demo_db, db_path, modal, messages):
    demo_db.dispose()
    damage_table_pages(db_path)
    before = db_path.read_bytes()
    opened = []

    def cancel(box: QMessageBox):
        assert "没有这个数据库的完好备份" in box.text()
        assert [b.text() for b in box.buttons() if b.text() != "取消"] == ["选择备份文件…"]
        click(box, "取消")

    modal.run(QMessageBox, cancel, lambda: opened.append(open_for_window(None, config.database_url(str(db_path)))))
    assert opened == [None]
    assert db_path.read_bytes() == before and not list(db_path.parent.glob("*-damaged-*"))


def test_file_that_is_no_database_gets_a_clear_message(window, tmp_path, messages):
    junk = tmp_path / "成绩.db"
    junk.write_bytes(bytes(range(256)) * 20)
    old = window.db
    window.switch_database(str(junk))  # most likely the wrong file: said, no backup offered
    assert messages.shown[0][1] == "无法打开数据库"
    assert "不是工会助手的数据库（也不是任何数据库文件）" in messages.texts("warning")[0]
    assert window.db is old and junk.read_bytes() == bytes(range(256)) * 20


# ---------------------------------------------------------------- a second copy of the app
def test_second_copy_opens_read_only_and_says_why(window, db_path, qtbot, modal, messages):
    other = Holder(db_path, operator="李老师")
    try:

        def read_only(box: QMessageBox):
            assert "上的 李老师" in box.text() and "同一时间只能有一个工会助手修改它" in box.text()
            click(box, "以只读方式打开")

        modal.run(QMessageBox, read_only, lambda: window.switch_database(str(db_path)))
        assert window.db.read_only and window.db.writer_lock is None
        assert window.banner.isVisible()
        assert "另一位用户正在使用这个数据库" in window.banner.text() and "李老师" in window.banner.text()
        assert not window.commands["new"].isEnabled()
        assert not menu_action(window, "从备份恢复…").isEnabled()
        assert window.members_tab.model.total_count == DEMO_MEMBERS
    finally:
        other.stop()
    close_database(window.db)


def test_second_copy_can_cancel(window, db_path, modal, messages):
    other = Holder(db_path)
    old = window.db
    try:
        modal.run(QMessageBox, lambda box: click(box, "取消"), lambda: window.switch_database(str(db_path)))
    finally:
        other.stop()
    assert window.db is old and not window.db.read_only


def test_switching_files_moves_the_lock(window, db_path, tmp_path, monkeypatch):
    window.switch_database(str(db_path))
    assert current_holder(db_path) is not None
    other = tmp_path / "另一个.db"
    monkeypatch.setattr("unionapp.ui.shell.first_run.first_run", lambda _window: None)
    window.switch_database(str(other))
    assert current_holder(db_path) is None  # given up with the file it was for
    assert current_holder(other) is not None
    close_database(window.db)
    assert current_holder(other) is None


def test_funds_tab_reloads_after_restore(locked_window, db_path, qtbot, modal, confirmations, messages):
    """The tabs are rebuilt on the restored file: 经费 reads it again without errors."""
    backup.backup_now(db_path, "auto")

    def restore_first(dialog: RestoreDialog):
        wait_contents(qtbot, dialog)
        dialog.table.selectRow(0)
        qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)

    modal.run(RestoreDialog, restore_first, menu_action(locked_window, "从备份恢复…").trigger)
    locked_window.tabs.setCurrentWidget(locked_window.funds_tab)
    wait_loaded(qtbot, locked_window.funds_tab)
    assert not messages.texts("warning")
