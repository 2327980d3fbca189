"""文件 → 新建数据库 / 打开数据库 / 连接共享数据库: choosing the database the window shows;
the window then switches to it (MainWindow.switch_database)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFileDialog, QMessageBox

from unionapp import config
from unionapp.db import shared

if TYPE_CHECKING:
    from unionapp.ui.shell.main_window import MainWindow


def new_database(window: MainWindow) -> None:
    path, _ = QFileDialog.getSaveFileName(
        window, "新建数据库", str(config.data_dir() / "新数据库.db"), "工会助手数据库 (*.db)"
    )
    if path:
        if Path(path).exists():
            QMessageBox.warning(window, "新建数据库", "这个文件已经存在。要使用它，请选“打开数据库”。")
            return
        window.switch_database(path)


def open_database_file(window: MainWindow) -> None:
    path, _ = QFileDialog.getOpenFileName(
        window, "打开数据库", str(config.data_dir()), "工会助手数据库 (*.db);;所有文件 (*)"
    )
    if path:
        window.switch_database(path)


def connect_shared_database(window: MainWindow) -> None:
    """Several officers on one PostgreSQL server: connect to it (the password goes to the keyring)."""
    from unionapp.ui.shell.shared_db_dialog import SharedDatabaseDialog

    current = shared.parse(window.db.url.render_as_string(hide_password=False))
    dialog = SharedDatabaseDialog(window, current)
    if dialog.exec():
        window.switch_database(dialog.url())
