"""Small helpers that drive the members tab the way a user does."""

from __future__ import annotations

import time

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QLineEdit,
    QStyle,
    QStyleOptionButton,
    QWidget,
)

from unionapp.ui.members.tab import MembersTab

DEMO_MEMBERS = 200  # the size of the demo roster most tests open


def type_text(qtbot, widget: QWidget, text: str) -> None:
    """Type like a user: ASCII as key presses, Chinese as an input method commits it
    (QTest can only press keys that exist on a keyboard)."""
    run = ""
    for char in text + "\0":
        if char != "\0" and not char.isascii():
            run += char
            continue
        if run:
            event = QInputMethodEvent()
            event.setCommitString(run)
            QApplication.sendEvent(widget, event)
            run = ""
        if char != "\0":
            qtbot.keyClicks(widget, char)


def choose(qtbot, combo: QComboBox, label: str) -> None:
    """Pick an item of a non-editable combo box with the keyboard (Home, then Down)."""
    index = combo.findText(label)
    assert index >= 0, f"{label!r} not in {[combo.itemText(i) for i in range(combo.count())]}"
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Home)
    for _ in range(index):
        qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert combo.currentIndex() == index


def click_checkbox(qtbot, box: QCheckBox) -> None:
    """Click a check box where a user would: on its box and label, not on the empty
    space a layout may have stretched it over (such a click does nothing)."""
    option = QStyleOptionButton()
    box.initStyleOption(option)
    rect = box.style().subElementRect(QStyle.SubElement.SE_CheckBoxClickRect, option, box)
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=rect.center())


def retype(qtbot, edit: QLineEdit, text: str) -> None:
    """Select everything in a line edit and type over it (textEdited fires, as for a user)."""
    edit.setFocus()
    qtbot.keyClick(edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    if text:
        type_text(qtbot, edit, text)
    else:
        qtbot.keyClick(edit, Qt.Key.Key_Delete)
    assert edit.text() == text


def shown_ids(tab: MembersTab) -> list[int]:
    return [tab.model.row_at(r).id for r in range(tab.model.rowCount())]


def row_point(tab: MembersTab, member_id: int, column: int = 0) -> QPoint:
    """Where a member's cell is on screen (scrolled into view first)."""
    row = tab.model.row_of_member(member_id)
    assert row is not None, f"member {member_id} not shown"
    index = tab.model.index(row, column)
    tab.table.scrollTo(index)
    rect = tab.table.visualRect(index)
    assert rect.isValid() and not rect.isEmpty()
    return rect.center()


def click_row(qtbot, tab: MembersTab, member_id: int, ctrl: bool = False) -> None:
    modifier = Qt.KeyboardModifier.ControlModifier if ctrl else Qt.KeyboardModifier.NoModifier
    qtbot.mouseClick(tab.table.viewport(), Qt.MouseButton.LeftButton, modifier, row_point(tab, member_id))


def double_click_row(qtbot, tab: MembersTab, member_id: int) -> None:
    """A real double-click is press, release, double-click: QTest's mouseDClick on a widget
    sends only the last part, which an item view ignores without the press before it."""
    point = row_point(tab, member_id)
    qtbot.mouseClick(tab.table.viewport(), Qt.MouseButton.LeftButton, pos=point)
    qtbot.mouseDClick(tab.table.viewport(), Qt.MouseButton.LeftButton, pos=point)


def wait_loaded(qtbot, funds_tab) -> None:
    """The 经费 tab reads a year on a worker thread: wait until it has shown it."""
    qtbot.waitUntil(lambda: not funds_tab.loading and funds_tab.data is not None)


def choose_data(qtbot, combo: QComboBox, value) -> None:
    """Pick the item holding `value` with the keyboard; Down skips headings that can't be chosen."""
    assert combo.findData(value) >= 0, f"{value!r} not in the combo box"
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Home)
    for _ in range(combo.count()):
        if combo.currentData() == value:
            return
        qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert combo.currentData() == value


def wait_visits(qtbot, visits_tab) -> None:
    """The 五必访 tab reads on worker threads: wait until what it asked for is shown."""
    qtbot.waitUntil(lambda: not visits_tab.loading and visits_tab.rows_loaded and visits_tab.context is not None)


def choose_mapping(combo: QComboBox, value: object) -> None:
    """Pick `value` (the item's data) in an import preview's mapping drop-down, as the user
    would, and wait while the file is planned again off the GUI thread."""
    from PySide6.QtWidgets import QApplication

    index = combo.findData(value)
    assert index >= 0, f"{value!r} not offered"
    dialog = combo.window()
    combo.setCurrentIndex(index)
    deadline = time.monotonic() + 30
    while not dialog.isEnabled() and time.monotonic() < deadline:
        QApplication.processEvents()
        time.sleep(0.005)
    assert dialog.isEnabled(), "the preview was not planned again"
