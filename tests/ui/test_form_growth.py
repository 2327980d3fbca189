"""An open form grows when a problem line appears under a field or wraps over more lines,
so its 保存/取消 row is never pushed off the bottom; never beyond the screen."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QLineEdit

from unionapp.ui.widgets import forms
from unionapp.ui.widgets.forms import FormDialog

LONG = "这个值不对，请按“2026-03-01”这样的格式重新填写，或者留空表示以后再填，" * 3


class ThreeFields(FormDialog):
    def __init__(self):
        super().__init__(None, "测试")
        for key in "abc":
            self.add_field(key, f"字段{key}", QLineEdit())
        self.finish_layout()

    def read(self, problems):
        problems.update({key: LONG for key in "abc" if self.fields[key].text()})


def open_form(qtbot) -> ThreeFields:
    dialog = ThreeFields()
    qtbot.addWidget(dialog)
    dialog.adjustSize()  # as small as it asks to be, as a dialog opens
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def all_in_view(dialog: ThreeFields) -> None:
    for label in [*dialog.errors.labels.values(), dialog.problems]:
        if label.isVisible():
            assert label.height() >= label.heightForWidth(label.width())  # every wrapped line shows
    assert dialog.buttons.geometry().bottom() < dialog.height()


def test_the_form_grows_to_show_wrapped_problem_lines(qtbot):
    dialog = open_form(qtbot)
    before = dialog.height()
    show_problems(dialog)
    assert dialog.height() > before
    all_in_view(dialog)


def show_problems(dialog: ThreeFields) -> None:
    for key in "abc":
        dialog.fields[key].setText("x")
        dialog._edited(key)


def test_it_never_grows_beyond_the_screen(qtbot, monkeypatch):
    free = open_form(qtbot)
    show_problems(free)
    full, one_line = free.height(), free.minimumSizeHint().height()  # Qt's own floor
    assert full > one_line
    limit = (full + one_line) // 2
    monkeypatch.setattr(forms, "room", lambda _w: QSize(2000, limit))
    dialog = open_form(qtbot)
    show_problems(dialog)
    assert dialog.height() == limit
