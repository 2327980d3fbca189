"""What the chair met walking through a session at the real screen size, held by tests:
keys that would have written a half-made list, words that pointed at a button not on
the page, a read-only database still inviting edits."""

from __future__ import annotations

from PySide6.QtCore import Qt

from unionapp.ui.congress.delegate_dialogs import AddDelegatesDialog

from . import congress_staff
from .congress_staff import make_term, settle
from .helpers import type_text

answered, staff_db, tab = congress_staff.answered, congress_staff.staff_db, congress_staff.tab


def test_adding_delegates_enter_on_a_name_found_nowhere_or_twice_keeps_picking(tab, modal, qtbot):
    make_term(tab.db, ["赵一"])
    page = tab.page("delegates")
    page.refresh()
    settle(qtbot, tab)
    seen: dict = {}

    def add(dialog: AddDelegatesDialog) -> None:
        picker = dialog.picker
        type_text(qtbot, picker, "钱二")
        qtbot.keyClick(picker, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: dialog.chosen.count() == 1)
        assert picker.text() == ""
        type_text(qtbot, picker, "钱二")  # the same name again: said, not listed twice
        qtbot.keyClick(picker, Qt.Key.Key_Return)
        assert dialog.chosen.count() == 1 and "钱二 已在名单中" in dialog.said.text()
        assert picker.text() == ""
        qtbot.waitUntil(picker.hasFocus)  # typing goes on in the picker, not in the list
        type_text(qtbot, picker, "无此人")  # found nobody: Enter does not add the half-made list
        qtbot.keyClick(picker, Qt.Key.Key_Return)
        seen["open"] = dialog.isVisible()
        picker.clear()
        qtbot.keyClick(picker, Qt.Key.Key_Return)  # an empty picker: Enter is 添加
        seen["closed"] = not dialog.isVisible()

    modal.run(AddDelegatesDialog, add, page.new_item)
    assert seen == {"open": True, "closed": True}
    settle(qtbot, tab)
    assert sorted(d.name for d in page.data.delegates) == ["赵一", "钱二"]
