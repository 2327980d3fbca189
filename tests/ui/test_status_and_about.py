"""The status bar names the union and where the data is, in words (no path, no password);
帮助 → 关于 shows the full paths, wrapped, and opens the database's folder."""

from __future__ import annotations

from types import SimpleNamespace

from PySide6.QtCore import Qt
from PySide6.QtGui import QDesktopServices, QGuiApplication
from sqlalchemy.engine import make_url

from unionapp import config
from unionapp.ui.shell import about_dialog
from unionapp.ui.shell.about_dialog import AboutDialog, database_place


def test_status_bar_names_the_union_and_this_computer(window):
    text = window.db_label.text()
    assert text == "阳光中学工会委员会　｜　本机数据"
    assert str(window.db.sqlite_path.parent) not in text and ".db" not in text


def test_a_shared_database_is_named_by_server_and_name_only():
    url = make_url("postgresql+psycopg://lihua:s3cret-pw@db.school.local/union_data")
    place = database_place(SimpleNamespace(url=url))
    assert place == "共享数据库 db.school.local/union_data"
    other_port = make_url("postgresql://lihua:s3cret-pw@10.0.0.5:6543/union_data")
    assert database_place(SimpleNamespace(url=other_port)) == "共享数据库 10.0.0.5:6543/union_data"
    assert "s3cret" not in place and "lihua" not in place


def test_about_shows_the_paths_wrapped_and_opens_the_folder(window, qtbot, monkeypatch, tmp_path):
    deep = tmp_path.joinpath(*(["一个很长很长的文件夹名称_for_the_union_archive"] * 6))
    monkeypatch.setenv(config.DATA_DIR_ENV, str(deep))
    dialog = AboutDialog(window.db, window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    shown = {name: label.text().replace(about_dialog._BREAK, "") for name, label in dialog.path_labels.items()}
    assert shown == {
        "数据库": str(window.db.sqlite_path),
        "数据文件夹": str(deep),
        "日志文件": str(deep / "unionapp.log"),
    }
    # However long the path, no line runs past the dialog's edge.
    assert dialog.width() < 700
    for label in dialog.path_labels.values():
        assert label.wordWrap() and label.geometry().right() <= dialog.width()
        assert label.heightForWidth(label.width()) <= label.height()
    assert dialog.path_labels["日志文件"].height() > dialog.fontMetrics().height() * 2  # it did wrap
    assert [b.text() for b in (dialog.open_button, dialog.copy_button, dialog.close_button)] == [
        "打开所在文件夹",
        "复制位置",
        "关闭",
    ]
    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(lambda url: opened.append(url) or True))
    qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
    assert [url.toLocalFile() for url in opened] == [str(window.db.sqlite_path.parent)]
    qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
    copied = QGuiApplication.clipboard().text()
    assert f"日志文件：{deep / 'unionapp.log'}" in copied and about_dialog._BREAK not in copied


def test_about_says_so_when_the_folder_cannot_be_opened(window, qtbot, monkeypatch, messages):
    dialog = AboutDialog(window.db, window)
    qtbot.addWidget(dialog)
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(lambda _url: False))
    dialog.open_folder()
    assert messages.texts("warning") == [f"无法打开文件夹“{window.db.sqlite_path.parent}”。请在资源管理器中手动打开。"]


def test_help_menu_opens_the_about_dialog(window, modal):
    seen = []

    def look(dialog: AboutDialog):
        seen.append(dialog.windowTitle())
        dialog.reject()

    help_menu = next(a.menu() for a in window.menuBar().actions() if a.text().startswith("帮助"))
    about = next(a for a in help_menu.actions() if a.text() == "关于工会助手")
    modal.run(AboutDialog, look, about.trigger)
    assert seen == ["关于工会助手"]
