"""The window's 打开数据库 / 新建数据库 with a `#`, `?` or `%` in the path, and its banner
on a database whose folder can't be written (see tests/safety for the command line)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog

from read_only_helpers import unwritable_places
from unionapp import config
from unionapp.db.opening import open_database
from unionapp.services import members
from unionapp.services import settings as settings_service
from unionapp.ui.shell.main_window import READ_ONLY_BANNER

from .helpers import DEMO_MEMBERS


def menu_action(window, text: str):
    return next(a for menu in window.menuBar().actions() for a in menu.menu().actions() if a.text() == text)


@pytest.mark.parametrize("name", ["工会#2.db", "a?b.db", "pct%41.db"])
def test_open_database_menu_opens_that_very_file(window, demo_db, db_path, tmp_path, monkeypatch, name):
    demo_db.dispose()
    odd = tmp_path / "资料#2024" / name
    odd.parent.mkdir()
    shutil.copyfile(db_path, odd)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *_a, **_k: (str(odd), "")))
    monkeypatch.setattr(
        "unionapp.ui.shell.first_run.first_run", lambda _window: None
    )  # were an empty file opened instead
    menu_action(window, "打开数据库…").trigger()
    assert window.db.sqlite_path == odd
    assert members.count_members(window.db) == DEMO_MEMBERS
    assert sorted(p.name for p in odd.parent.iterdir() if not p.name.endswith(("-wal", "-shm", ".lock"))) == [name]
    window.db.dispose()


def test_new_database_menu_makes_that_very_file(window, tmp_path, monkeypatch):
    new = tmp_path / "资料#2024" / "新建?100%.db"
    new.parent.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *_a, **_k: (str(new), "")))
    monkeypatch.setattr("unionapp.ui.shell.first_run.first_run", lambda _window: None)
    menu_action(window, "新建数据库…").trigger()
    assert window.db.sqlite_path == new and new.exists()
    assert not settings_service.is_configured(window.db)
    assert sorted(p.name for p in new.parent.iterdir() if not p.name.endswith(("-wal", "-shm", ".lock"))) == [new.name]
    window.db.dispose()


def test_read_only_folder_banner_says_why(demo_db, db_path, tmp_path, open_window):
    demo_db.dispose()
    shared = tmp_path / "只读的共享文件夹"
    shared.mkdir()
    path = Path(shutil.copyfile(db_path, shared / "工会.db"))
    with unwritable_places() as lock_down:
        lock_down(shared)
        db = open_database(config.database_url(str(path)), lock=True)
        try:
            window = open_window(db)
            assert window.banner.isVisible()
            text = window.banner.text()
            assert text != READ_ONLY_BANNER and "文件夹不能写入" in text and "复制到可以写入的文件夹" in text
            assert not menu_action(window, "从备份恢复…").isEnabled()
            assert menu_action(window, "备份到…").isEnabled()
        finally:
            db.dispose()
