"""Forms that behave: a problem shows directly under the field it is about (and no empty
line waits under a field that is fine); closing a changed form asks 放弃修改？, closing an
unchanged one does not."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QPoint, Qt

from unionapp.domain.idcard import make_id_number
from unionapp.services import members
from unionapp.ui.members.dialog import MemberDialog
from unionapp.ui.widgets.reason_dialog import ReasonDialog

from .helpers import DEMO_MEMBERS, type_text

GOOD_ID = make_id_number("340102", date(1986, 4, 23), 37, "F")
WRONG_ID = GOOD_ID[:17] + ("0" if GOOD_ID[-1] != "0" else "1")


def _top(widget, dialog) -> int:
    return widget.mapTo(dialog, QPoint(0, 0)).y()


def _bottom(widget, dialog) -> int:
    return _top(widget, dialog) + widget.height()


def test_id_error_sits_right_under_the_id_field(tab, modal, qtbot):
    def fill(dialog: MemberDialog):
        id_error = dialog.errors.labels["id_number"]
        gap_before = _top(dialog.gender, dialog) - _bottom(dialog.id_number, dialog)
        # Nothing to say yet: no line (error or hint) is reserved under the ID field.
        assert id_error.isHidden() and dialog.id_hint.isHidden()
        assert gap_before < id_error.fontMetrics().height()
        type_text(qtbot, dialog.name, "林晓测")
        type_text(qtbot, dialog.id_number, WRONG_ID)
        qtbot.waitUntil(lambda: id_error.isVisible())
        assert f"身份证号校验位不正确（应为 {GOOD_ID[-1]}）" in id_error.text()
        # Under the ID field and above the next one (性别), not at the bottom of the dialog.
        assert _bottom(dialog.id_number, dialog) <= _top(id_error, dialog) < _top(dialog.gender, dialog)
        assert dialog.problems.isHidden() and dialog.problems.text() == ""
        # Corrected: the line goes away and takes no room.
        dialog.id_number.setFocus()
        qtbot.keyClick(dialog.id_number, Qt.Key.Key_Backspace)
        type_text(qtbot, dialog.id_number, GOOD_ID[-1])
        assert id_error.isHidden()
        assert not dialog.id_hint.isHidden() and "1986-04-23" in dialog.id_hint.text()

    modal.run(MemberDialog, fill, tab.add_action.trigger)


def test_a_refusal_about_no_field_shows_at_the_bottom(tab, modal, qtbot):
    other = members.list_members(tab.db)[0]

    def fill(dialog: MemberDialog):
        assert dialog.problems.isHidden()
        type_text(qtbot, dialog.name, "林晓测")
        type_text(qtbot, dialog.id_number, other.id_number)  # someone else's number: the service refuses
        qtbot.mouseClick(dialog.buttons.buttons()[0], Qt.MouseButton.LeftButton)
        assert dialog.isVisible() and not dialog.problems.isHidden()
        assert f"已属于会员 {other.name}" in dialog.problems.text()

    modal.run(MemberDialog, fill, tab.add_action.trigger)


def test_closing_a_changed_member_form_asks_first(tab, modal, qtbot, messages):
    def fill(dialog: MemberDialog):
        type_text(qtbot, dialog.name, "林晓测")
        messages.discard_answer = False  # 继续编辑
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
        assert messages.discard_questions == 1 and dialog.isVisible()
        dialog.close()  # the window's close button
        assert messages.discard_questions == 2 and dialog.isVisible()
        messages.discard_answer = True  # 放弃修改
        qtbot.mouseClick(dialog.buttons.buttons()[1], Qt.MouseButton.LeftButton)  # 取消
        assert messages.discard_questions == 3 and not dialog.isVisible()

    modal.run(MemberDialog, fill, tab.add_action.trigger)
    assert members.count_members(tab.db) == DEMO_MEMBERS


def test_an_unchanged_form_closes_without_asking(tab, modal, qtbot, messages):
    def look(dialog: MemberDialog):
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
        assert not dialog.isVisible()

    tab.select_member(members.list_members(tab.db)[0].id)
    modal.run(MemberDialog, look, tab.edit_action.trigger)
    assert messages.discard_questions == 0


def test_every_helper_form_asks_too(qtbot, messages):
    """The question lives in the shared form helper: a reason form asks it as well."""
    dialog = ReasonDialog(None, "红字冲销", "冲销这笔记账", lambda _reason: None)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible() and messages.discard_questions == 0
    dialog.show()
    dialog.reason.setFocus()
    type_text(qtbot, dialog.reason, "金额录错")
    messages.discard_answer = False
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.isVisible() and messages.discard_questions == 1
    # An error under the reason field, none at the bottom.
    dialog.reason.clear()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not dialog.errors.labels["reason"].isHidden() and dialog.problems.isHidden()
    messages.discard_answer = True
    dialog.reject()
    assert not dialog.isVisible()
