"""A confirmation quotes what the user typed (a proposal's or resolution's title, a
name): text that looks like HTML is shown as typed, never drawn as rich text."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from unionapp.ui.widgets import common


def test_a_title_typed_as_html_is_shown_as_typed(qtbot, monkeypatch):
    seen = []

    def answer(box):
        seen.append((box.textFormat(), box.text()))
        return QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "exec", answer)
    text = "删除决议“<b>粗</b><img src=x>”及其表决结果？"
    assert common.confirm(None, "删除决议", text) is False
    assert seen == [(Qt.TextFormat.PlainText, text)]
