"""The 困难帮扶 tab after a walk through it: what it says to do first with no file (and
with no member), why a read-only copy opens no file's details, why a closed file's 复核
is greyed, a search box wide enough for its hint, and Tab leaving the forms' text boxes."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt

from unionapp.domain.members import MemberInput
from unionapp.services import hardship, members
from unionapp.services.hardship import FileInput, HouseholdInput
from unionapp.ui.hardship.detail_dialog import FileDetailDialog
from unionapp.ui.hardship.file_dialog import FileDialog
from unionapp.ui.hardship.review_dialog import ReviewDialog
from unionapp.ui.hardship.tab import READ_ONLY_HINT, HardshipTab


def _tab(db, qtbot, closed: bool = False) -> HardshipTab:
    tab = HardshipTab(db)
    qtbot.addWidget(tab)
    tab.resize(1200, 600)
    tab.show()
    if closed:
        tab.closed_box.setChecked(True)
    qtbot.waitUntil(lambda: not tab.loading)
    return tab


def test_with_no_member_the_tab_says_the_roster_comes_first(db, qtbot):
    tab = _tab(db, qtbot)
    assert tab.hint.isVisible()
    assert "还没有会员" in tab.hint.text() and "导入花名册" in tab.hint.text()


def test_with_no_file_the_tab_says_how_to_start(db, qtbot):
    members.add_member(db, MemberInput(name="甄困难", group_name="高中组"))
    tab = _tab(db, qtbot)
    assert tab.hint.isVisible() and "新建档案" in tab.hint.text()
    assert ("导入困难职工档案" in tab.hint.text()) == (tab.import_action is not None)


def test_the_hint_goes_once_there_is_a_file(db, qtbot):
    member_id = members.add_member(db, MemberInput(name="甄困难", group_name="高中组"))
    hardship.open_file(db, FileInput(member_id, "hardship", date(2024, 3, 1), household=(HouseholdInput("本人"),)))
    tab = _tab(db, qtbot)
    assert not tab.hint.isVisible() and tab.model.rowCount() == 1


def test_a_read_only_copy_says_in_words_why_no_file_opens(read_only_db, qtbot):
    tab = _tab(read_only_db, qtbot)
    assert tab.model.rowCount() > 0 and not tab.view_action.isEnabled()
    assert tab.hint.isVisible() and tab.hint.text() == READ_ONLY_HINT
    assert "只读" in READ_ONLY_HINT and "修改日志" in READ_ONLY_HINT  # the reason, not just a grey button
    assert "只读" in tab.view_action.toolTip()


def test_a_closed_files_review_says_when_it_was_closed(demo_db, qtbot):
    member = next(m for m in members.list_members(demo_db) if m.status == "active" and not m.hardship_level)
    file_id = hardship.open_file(demo_db, FileInput(member.id, "hardship", date(2024, 3, 1)))
    hardship.review_file(demo_db, file_id, date(2024, 11, 20), "close", close_reason="其他")
    tab = _tab(demo_db, qtbot, closed=True)
    tab.reload(file_id)
    qtbot.waitUntil(lambda: tab.selected() is not None and tab.selected().id == file_id)
    assert not tab.review_action.isEnabled()
    assert "2024-11-20 销档" in tab.review_action.toolTip()


def test_the_search_box_shows_its_whole_hint(demo_db, qtbot):
    tab = _tab(demo_db, qtbot)
    box = tab.search
    assert box.fontMetrics().horizontalAdvance(box.placeholderText()) + 24 <= box.width()


def test_tab_leaves_the_text_boxes_of_the_file_and_review_forms(demo_db, qtbot, modal):
    """帮扶措施, 备注 and 复核意见 took a Tab as text: the keyboard user was stuck in them."""
    tab = _tab(demo_db, qtbot)
    seen: dict = {}

    def walk_file(form: FileDialog) -> None:
        form.plan_edit.setFocus()
        qtbot.waitUntil(form.plan_edit.hasFocus)
        qtbot.keyClick(form.plan_edit, Qt.Key.Key_Tab)
        seen["file"] = (form.plan_edit.toPlainText(), form.focusWidget() is form.notes_edit)
        form.reject()

    def walk_review(review: ReviewDialog) -> None:
        review.note_edit.setFocus()
        qtbot.waitUntil(review.note_edit.hasFocus)
        qtbot.keyClick(review.note_edit, Qt.Key.Key_Tab)
        seen["review"] = (review.note_edit.toPlainText(), review.focusWidget() is not review.note_edit)
        review.reject()

    modal.run(FileDialog, walk_file, tab.new_action.trigger)
    modal.run(ReviewDialog, walk_review, tab.review_action.trigger)
    assert seen == {"file": ("", True), "review": ("", True)}


def test_enter_on_a_file_opens_its_details(demo_db, qtbot, modal):
    """Only a double-click opened a file: the keyboard user had no way but the button."""
    tab = _tab(demo_db, qtbot)
    row = tab.selected()
    assert row is not None
    seen: list[int] = []

    def look(dialog: FileDetailDialog) -> None:
        seen.append(dialog.detail.row.id)

    def press() -> None:
        tab.table.setFocus()
        qtbot.keyClick(tab.table, Qt.Key.Key_Return)

    modal.run(FileDetailDialog, look, press)
    assert seen == [row.id]
