"""关于工会助手: the version, where this database is and where the log is, with a
button that opens the folder. The status bar names only the place ("本机数据" or the
shared server); the full paths are shown here, wrapped to the dialog's width."""

from __future__ import annotations

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from unionapp import APP_TITLE, __version__, config
from unionapp.db import shared
from unionapp.db.engine import Database

TEXT_WIDTH = 440  # the paths wrap within this many pixels, however long they are
_BREAK = "\u200b"  # zero-width space: a place where a long path may wrap


def database_place(db: Database) -> str:
    """What the status bar says about where the data is: never a path, user or password."""
    server = shared.parse(db.url.render_as_string(hide_password=True))
    if server is None:
        return "本机数据"
    host = server.host if server.port == shared.DEFAULT_PORT else f"{server.host}:{server.port}"
    return f"共享数据库 {host}/{server.database}"


def breakable(path: str) -> str:
    """The path with a wrap point after each folder separator; Qt wraps a label only where
    the text allows it, and a path has no spaces. Shown only: copying uses the real text."""
    return path.replace("\\", "\\" + _BREAK).replace("/", "/" + _BREAK)


def _wrapped(text: str) -> QLabel:
    label = QLabel(breakable(text))
    label.setWordWrap(True)
    label.setFixedWidth(TEXT_WIDTH)
    return label


class AboutDialog(QDialog):
    def __init__(self, db: Database, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(f"关于{APP_TITLE}")
        self.folder = db.sqlite_path.parent if db.sqlite_path is not None else config.data_dir()
        server = shared.parse(db.url.render_as_string(hide_password=True))
        where = str(db.sqlite_path) if server is None else f"{database_place(db)}（{server.shown()}）"
        self.places = {"数据库": where, "数据文件夹": str(config.data_dir()), "日志文件": str(config.log_path())}
        title = QLabel(f"<b>{APP_TITLE} {__version__}</b>")
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(QLabel("学校工会的会员、经费、五必访、体检、活动与发放和教代会管理。"))
        form = QFormLayout()
        self.path_labels = {}
        for name, text in self.places.items():
            self.path_labels[name] = _wrapped(text)
            form.addRow(f"{name}：", self.path_labels[name])
        layout.addLayout(form)
        layout.addWidget(self._buttons())

    def _buttons(self) -> QDialogButtonBox:
        buttons = QDialogButtonBox()
        self.open_button = QPushButton("打开所在文件夹")
        self.copy_button = QPushButton("复制位置")
        self.close_button = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.close_button.setText("关闭")
        buttons.addButton(self.open_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.open_button.clicked.connect(self.open_folder)
        self.copy_button.clicked.connect(self.copy_places)
        buttons.rejected.connect(self.reject)
        return buttons

    def open_folder(self) -> None:
        """The folder of the database file (of the log, for a shared database) in Explorer."""
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.folder))):
            QMessageBox.warning(self, self.windowTitle(), f"无法打开文件夹“{self.folder}”。请在资源管理器中手动打开。")

    def copy_places(self) -> None:
        """The paths as they are (the wrapped labels carry invisible wrap points)."""
        QGuiApplication.clipboard().setText("\n".join(f"{k}：{v}" for k, v in self.places.items()))
