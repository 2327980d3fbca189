"""Qt's own texts read Chinese once the application is set up: standard buttons, and the
default locale that dates and numbers in Qt widgets follow."""

from __future__ import annotations

from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox

from unionapp.ui.shell.app import make_application


def test_standard_buttons_read_chinese(app):
    assert make_application() is app  # set up again: the translators are installed once
    assert app.property("unionapp_translators") is True
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    assert box.button(QDialogButtonBox.StandardButton.Ok).text() == "确定"
    assert box.button(QDialogButtonBox.StandardButton.Cancel).text() == "取消"
    question = QMessageBox(
        QMessageBox.Icon.Question, "标题", "正文", QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No
    )
    # Qt's zh_CN catalogue keeps the keyboard accelerators: 是(&Y) shows as 是(Y).
    assert question.button(QMessageBox.StandardButton.Yes).text() == "是(&Y)"
    assert question.button(QMessageBox.StandardButton.No).text() == "否(&N)"
    closing = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Close)
    assert sorted(b.text() for b in closing.buttons()) == sorted(["保存", "关闭"])


def test_default_locale_is_chinese(app):
    assert QLocale().name() == "zh_CN"
    assert QLocale().language() == QLocale.Language.Chinese
