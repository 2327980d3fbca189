"""What the chair met walking through a session at the real screen size, held by tests:
keys that would have written a half-made list, words that pointed at a button not on
the page, a read-only database still inviting edits."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics

from unionapp.services import congress
from unionapp.services.congress import ResolutionInput, SessionInput
from unionapp.ui.congress import proposal_steps
from unionapp.ui.congress.delegate_dialogs import AddDelegatesDialog, DelegateDialog
from unionapp.ui.congress.proposal_dialog import ProposalDialog
from unionapp.ui.congress.session_dialog import SessionDialog, lines_edit

from . import congress_staff
from .congress_staff import SESSION_DAY, make_term, settle
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


def test_a_delegate_not_a_teacher_opens_in_the_form_and_changes_category(tab, modal, qtbot):
    make_term(tab.db, ["赵一", "冯九"])  # 冯九 of 总务处: 教辅/工勤, not the box's first item
    page = tab.page("delegates")
    page.refresh()
    settle(qtbot, tab)
    row = next(r for r in range(page.model.rowCount()) if page.model.row_at(r).name == "冯九")
    page.table.selectRow(row)

    def change(dialog: DelegateDialog) -> None:
        assert dialog.category.currentText() == "教辅/工勤"
        assert not dialog.is_changed()  # opening it is not a change to ask about
        dialog.category.setCurrentIndex(dialog.category.findData("admin"))
        dialog.note_edit.setText("兼任仓库管理")
        dialog.save_button.click()
        assert not dialog.isVisible(), dialog.shown_problems()

    modal.run(DelegateDialog, change, page.edit_item)
    settle(qtbot, tab)
    fengjiu = next(d for d in page.data.delegates if d.name == "冯九")
    assert (fengjiu.category, fengjiu.note) == ("admin", "兼任仓库管理")


def test_tab_leaves_the_agenda_box_for_the_next_field(tab, modal, qtbot):
    make_term(tab.db, ["赵一", "钱二"])
    tab.pages.setCurrentIndex(1)
    page = tab.page("sessions")
    page.refresh()
    settle(qtbot, tab)
    seen: dict = {}

    def walk(dialog: SessionDialog) -> None:
        agenda, documents = dialog.fields["agenda"], dialog.fields["documents"]
        agenda.setFocus()
        qtbot.waitUntil(agenda.hasFocus)
        qtbot.keyClick(agenda, Qt.Key.Key_Tab)
        seen["after agenda"] = dialog.focusWidget() is documents
        seen["agenda"] = agenda.toPlainText()
        dialog.reject()

    modal.run(SessionDialog, walk, page.new_item)
    assert seen == {"after agenda": True, "agenda": ""}
    # the proposal forms' text boxes are made the same way
    boxes = [lines_edit("", ""), proposal_steps._text_box(""), ProposalDialog._text_box("")]
    assert all(box.tabChangesFocus() for box in boxes)


LONG_RESOLUTION = "关于通过《学校教职工绩效工资分配方案（修订稿）》及其实施细则补充说明的决议"


def test_a_long_resolution_title_is_shown_whole(tab, qtbot):
    db = tab.db
    term_id = make_term(db, ["赵一", "钱二", "孙三"])
    session_id = congress.create_session(db, SessionInput(term_id, 1, "第一届教职工代表大会第一次会议", SESSION_DAY))
    congress.set_attendance(db, session_id, [d.id for d in congress.list_delegates(db, term_id)], "present")
    congress.add_resolution(db, session_id, ResolutionInput(LONG_RESOLUTION, 3, 0, 0))
    tab.resize(1366, 700)
    tab.pages.setCurrentIndex(1)
    page = tab.page("sessions")
    page.refresh()
    settle(qtbot, tab)
    view = page.resolutions
    page.views.setCurrentWidget(view)
    qtbot.waitUntil(lambda: view.model.rowCount() == 1)
    needed = QFontMetrics(view.table.font()).horizontalAdvance(LONG_RESOLUTION)
    assert view.table.columnWidth(1) > needed


def test_the_term_chooser_shows_the_whole_term_on_every_page(tab, qtbot):
    make_term(tab.db, ["赵一"])
    tab.resize(1366, 700)
    for index, key in enumerate(("delegates", "sessions", "proposals")):
        tab.pages.setCurrentIndex(index)
        page = tab.page(key)
        page.refresh()
        settle(qtbot, tab)
        box = page.term_bar.box if key == "proposals" else page.terms.box
        qtbot.waitUntil(lambda box=box: box.currentIndex() >= 0)
        text = box.currentText()
        assert text.endswith("（2024—2029）")
        assert box.width() > QFontMetrics(box.font()).horizontalAdvance(text) + 20, key


def test_with_no_term_each_page_says_where_to_start(tab, qtbot):
    said = {}
    for index, key in enumerate(("delegates", "sessions", "proposals")):
        tab.pages.setCurrentIndex(index)
        page = tab.page(key)
        settle(qtbot, tab)
        bar = page.term_bar if key == "proposals" else page.terms
        said[key] = (bar.box.placeholderText(), page.status_text())
    assert said["delegates"] == ("还没有届次，请先点“新建届…”", "还没有教代会届次")
    # 新建届 is on the 代表 page only: the others send the chair there
    assert said["sessions"] == ("还没有届次，请先在“代表”页新建届", "还没有教代会届次")
    assert said["proposals"] == ("还没有届次，请先在“代表”页新建届", "还没有教代会届次")


def test_a_read_only_database_signs_nobody_in_and_the_search_box_does_not_offer_it(tab, qtbot):
    db = tab.db
    term_id = make_term(db, ["赵一", "钱二", "孙三"])
    congress.create_session(db, SessionInput(term_id, 1, "第一届教职工代表大会第一次会议", SESSION_DAY))
    db.read_only = True
    tab.pages.setCurrentIndex(1)
    page = tab.page("sessions")
    page.refresh()
    settle(qtbot, tab)
    signin = page.attendance
    assert "回车标为出席" not in signin.search.placeholderText()
    type_text(qtbot, signin.search, "赵一")
    qtbot.keyClick(signin.search, Qt.Key.Key_Return)
    settle(qtbot, tab)
    assert page.session.present == 0
    assert not any(button.isEnabled() for button in signin.buttons.values())
    assert not page.resolutions.buttons["add"].isEnabled()
