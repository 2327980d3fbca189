"""连接共享数据库: the server, database and user of a shared PostgreSQL database, a test of
the connection, and the password kept in the system's keyring if the user wishes."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QWidget,
)

from unionapp.db import shared
from unionapp.db.errors import DatabaseOpenError
from unionapp.db.shared import PasswordStoreError, SharedDatabase


class SharedDatabaseDialog(QDialog):
    def __init__(self, parent: QWidget | None = None, current: SharedDatabase | None = None, note: str = ""):
        super().__init__(parent)
        self.setWindowTitle("连接共享数据库")
        self.setMinimumWidth(460)
        form = QFormLayout(self)
        intro = QLabel(
            note
            or "几位工会委员在不同的电脑上共用一个数据库时使用。服务器地址、数据库名、用户名和密码"
            "请向管理服务器的老师索取。"
        )
        intro.setWordWrap(True)
        form.addRow(intro)
        self.host = QLineEdit(current.host if current else "", placeholderText="如：192.168.1.20 或 union-server")
        self.port = QSpinBox(minimum=1, maximum=65535, value=current.port if current else shared.DEFAULT_PORT)
        self.database = QLineEdit(current.database if current else "", placeholderText="如：yangguang_union")
        self.user = QLineEdit(current.user if current else "", placeholderText="如：chair")
        self.password = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
        self.remember = QCheckBox("记住密码（保存在本机系统的密码保管处，不写入设置文件）", checked=True)
        for label, widget in (
            ("服务器地址", self.host),
            ("端口", self.port),
            ("数据库名", self.database),
            ("用户名", self.user),
            ("密码", self.password),
        ):
            form.addRow(label, widget)
        form.addRow(self.remember)
        self.status = QLabel(wordWrap=True, textInteractionFlags=Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addRow(self.status)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("连接")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        self.test_button = QPushButton("测试连接")
        buttons.addButton(self.test_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.test_button.clicked.connect(self.test_connection)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        if current:
            saved = shared.load_password(current)
            self.password.setText(saved or "")
            (self.password if not saved else self.host).setFocus()

    def target(self) -> SharedDatabase:
        return SharedDatabase(
            self.host.text().strip(), self.port.value(), self.database.text().strip(), self.user.text().strip()
        )

    def url(self) -> str:
        """The full address, password included: for opening now, never for remembering."""
        return self.target().url(self.password.text())

    def _missing(self) -> str:
        target = self.target()
        labels = [
            label
            for label, value in (("服务器地址", target.host), ("数据库名", target.database), ("用户名", target.user))
            if not value
        ]
        return "请填写：" + "、".join(labels) if labels else ""

    def test_connection(self) -> bool:
        """Show what is there; True when the app can use it."""
        problem = self._missing()
        if problem:
            self._say(problem)
            return False
        self._say("正在连接…")
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self._say(shared.describe(self.url()))
            return True
        except DatabaseOpenError as exc:
            self._say(str(exc))
            return False
        finally:
            QGuiApplication.restoreOverrideCursor()

    def _say(self, text: str) -> None:
        self.status.setText(text)
        self.adjustSize()  # a long reason wraps onto more lines: make room rather than clip it

    def accept(self) -> None:
        if not self.test_connection():
            return
        target = self.target()
        if self.remember.isChecked():
            try:
                shared.save_password(target, self.password.text())
            except PasswordStoreError as exc:
                QMessageBox.information(self, "密码没有保存", str(exc))
        else:
            shared.forget_password(target)
        super().accept()
