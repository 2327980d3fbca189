"""Adding and editing members through MemberDialog, opened from the 会员 tab."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from unionapp.domain.dates import format_date
from unionapp.domain.idcard import make_id_number
from unionapp.domain.retirement import statutory_retirement_date
from unionapp.services import audit, members
from unionapp.ui.members.dialog import ERROR_STYLE, MemberDialog

from .helpers import DEMO_MEMBERS, double_click_row, retype, type_text

ERROR_COLOUR = "#d9534f"
BIRTH = date(1986, 4, 23)
GOOD_ID = make_id_number("340102", BIRTH, 37, "F")


def _save(qtbot, dialog: MemberDialog) -> None:
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton)


def _is_red(widget) -> bool:
    return ERROR_COLOUR in widget.styleSheet()


def test_error_style_uses_the_error_colour():
    assert ERROR_COLOUR in ERROR_STYLE


def test_valid_id_number_fills_birth_date_and_gender(tab, modal, qtbot):
    def fill(dialog: MemberDialog):
        assert dialog.windowTitle() == "新增会员"
        assert dialog.birth_date.text() == "" and dialog.gender.currentData() in ("", None)
        type_text(qtbot, dialog.id_number, GOOD_ID)
        assert dialog.birth_date.text() == format_date(BIRTH)
        assert dialog.gender.currentData() == "F"
        assert dialog.gender.currentText() == "女"
        assert "1986" in dialog.id_hint.text() and "女" in dialog.id_hint.text()
        assert not _is_red(dialog.id_number)
        # The retirement hint follows the birth date at once, even before the name is filled in.
        assert dialog.retirement_category.currentData() == "F55"
        assert format_date(statutory_retirement_date(BIRTH, "F55")) in dialog.retirement_hint.text()
        # Another person's number (a man born later) moves everything along, hint included.
        other_birth = date(1990, 11, 2)
        retype(qtbot, dialog.id_number, make_id_number("340102", other_birth, 12, "M"))
        assert dialog.birth_date.text() == format_date(other_birth)
        assert dialog.gender.currentData() == "M"
        assert dialog.retirement_category.currentData() == "M60"
        assert format_date(statutory_retirement_date(other_birth, "M60")) in dialog.retirement_hint.text()

    modal.run(MemberDialog, fill, tab.add_action.trigger)
    assert members.count_members(tab.db) == DEMO_MEMBERS


def test_wrong_checksum_is_red_and_not_saved(tab, modal, qtbot):
    wrong_char = "0" if GOOD_ID[-1] != "0" else "1"
    wrong = GOOD_ID[:17] + wrong_char

    def fill(dialog: MemberDialog):
        type_text(qtbot, dialog.name, "林晓测")
        type_text(qtbot, dialog.id_number, wrong)
        assert _is_red(dialog.id_number)
        assert f"身份证号校验位不正确（应为 {GOOD_ID[-1]}）" in dialog.shown_problems()
        assert dialog.birth_date.text() == ""  # nothing is read from a wrong number
        _save(qtbot, dialog)
        assert dialog.isVisible()
        assert members.count_members(tab.db) == DEMO_MEMBERS
        # Correcting the last character clears the error and fills the birth date.
        qtbot.keyClick(dialog.id_number, Qt.Key.Key_Backspace)
        type_text(qtbot, dialog.id_number, GOOD_ID[-1])
        assert not _is_red(dialog.id_number)
        assert "校验位" not in dialog.shown_problems()
        assert dialog.birth_date.text() == format_date(BIRTH)

    modal.run(MemberDialog, fill, tab.add_action.trigger)
    assert members.count_members(tab.db) == DEMO_MEMBERS


def test_short_id_number_says_how_many_digits(tab, modal, qtbot):
    def fill(dialog: MemberDialog):
        type_text(qtbot, dialog.id_number, GOOD_ID[:12])
        assert _is_red(dialog.id_number)
        assert "身份证号应为 18 位，这里是 12 位" in dialog.shown_problems()

    modal.run(MemberDialog, fill, tab.add_action.trigger)


def test_empty_name_is_refused(tab, modal, qtbot):
    def fill(dialog: MemberDialog):
        type_text(qtbot, dialog.id_number, GOOD_ID)
        assert not _is_red(dialog.name)  # untouched fields stay calm until Save
        _save(qtbot, dialog)
        assert dialog.isVisible()
        assert _is_red(dialog.name)
        assert "姓名不能为空" in dialog.shown_problems()

    modal.run(MemberDialog, fill, tab.add_action.trigger)
    assert members.count_members(tab.db) == DEMO_MEMBERS


def test_invisible_name_long_note_and_huge_pay_are_refused_in_the_form(tab, modal, qtbot):
    def fill(dialog: MemberDialog):
        dialog.name.setText("\u200b\u202e\u2060")  # pasted: only invisible characters
        dialog.notes.setPlainText("备" * 2_001)
        dialog.base_pay.setText("100000001")
        _save(qtbot, dialog)
        assert dialog.isVisible() and _is_red(dialog.name) and _is_red(dialog.base_pay)
        shown = dialog.shown_problems()
        assert "姓名不能为空（填写的内容只有看不见的字符）" in shown
        assert "备注太长（最多 2,000 个字" in shown and "不能超过 1 亿元" in shown
        dialog.reject()

    modal.run(MemberDialog, fill, tab.add_action.trigger)
    assert members.count_members(tab.db) == DEMO_MEMBERS


def test_bad_phone_is_refused(tab, modal, qtbot):
    def fill(dialog: MemberDialog):
        type_text(qtbot, dialog.name, "林晓测")
        type_text(qtbot, dialog.phone, "1381234")
        assert _is_red(dialog.phone)
        assert "手机号应为以 1 开头的 11 位数字" in dialog.shown_problems()
        _save(qtbot, dialog)
        assert dialog.isVisible()

    modal.run(MemberDialog, fill, tab.add_action.trigger)
    assert members.count_members(tab.db) == DEMO_MEMBERS


def test_duplicate_id_number_is_refused_in_the_form(tab, modal, qtbot):
    other = next(r for r in members.list_members(tab.db) if r.id_number)

    def fill(dialog: MemberDialog):
        type_text(qtbot, dialog.name, "林晓测")
        type_text(qtbot, dialog.id_number, other.id_number)
        _save(qtbot, dialog)
        assert dialog.isVisible()
        assert f"已属于会员 {other.name}" in dialog.shown_problems()

    modal.run(MemberDialog, fill, tab.add_action.trigger)
    assert members.count_members(tab.db) == DEMO_MEMBERS


def test_add_member_saves_selects_and_audits(window, tab, modal, qtbot):
    def fill(dialog: MemberDialog):
        type_text(qtbot, dialog.name, "林晓测")
        type_text(qtbot, dialog.id_number, GOOD_ID)
        type_text(qtbot, dialog.phone, "139 1234 5678")
        type_text(qtbot, dialog.group.lineEdit(), "初中组")
        type_text(qtbot, dialog.department, "语文组")
        assert dialog.shown_problems() == ""
        _save(qtbot, dialog)
        assert not dialog.isVisible()

    modal.run(MemberDialog, fill, tab.add_action.trigger)
    assert members.count_members(tab.db) == DEMO_MEMBERS + 1
    added = next(r for r in members.list_members(tab.db) if r.name == "林晓测")
    assert (added.id_number, added.birth_date, added.gender) == (GOOD_ID, BIRTH, "F")
    assert (added.phone, added.group_name, added.department) == ("13912345678", "初中组", "语文组")
    # The table shows it, selected, and the status bar counts it.
    assert tab.selected_ids() == [added.id]
    row = tab.model.row_of_member(added.id)
    assert tab.model.index(row, 0).data() == "林晓测"
    assert window.count_label.text() == f"共 {DEMO_MEMBERS + 1} 人"
    entries = audit.list_entries(tab.db, entity="member", entity_id=added.id)
    assert [e.action for e in entries] == ["create"]
    assert "林晓测" in entries[0].summary
    assert entries[0].details["after"]["id_number"] == GOOD_ID


def test_cancel_writes_nothing(tab, modal, qtbot):
    def fill(dialog: MemberDialog):
        type_text(qtbot, dialog.name, "林晓测")
        qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel), Qt.MouseButton.LeftButton)
        assert not dialog.isVisible()

    modal.run(MemberDialog, fill, tab.add_action.trigger)
    assert members.count_members(tab.db) == DEMO_MEMBERS


def _some_member(tab):
    return next(r for r in members.list_members(tab.db)[40:] if r.id_number and r.phone and r.status == "active")


def test_double_click_edits_member(tab, modal, qtbot):
    member = _some_member(tab)

    def edit(dialog: MemberDialog):
        assert member.name in dialog.windowTitle()
        assert dialog.name.text() == member.name
        assert dialog.id_number.text() == member.id_number
        assert dialog.phone.text() == member.phone
        assert dialog.birth_date.text() == format_date(member.birth_date)
        assert dialog.group.currentText() == member.group_name
        retype(qtbot, dialog.phone, "18600001111")
        _save(qtbot, dialog)
        assert not dialog.isVisible()

    modal.run(MemberDialog, edit, lambda: double_click_row(qtbot, tab, member.id))
    stored = members.get_member(tab.db, member.id)
    assert stored.phone == "18600001111"
    assert stored.name == member.name and stored.id_number == member.id_number
    assert stored.version == member.version + 1
    assert tab.selected_ids() == [member.id]
    entry = audit.list_entries(tab.db, entity="member", entity_id=member.id)[0]
    assert entry.action == "update"
    assert entry.details["after"] == {"phone": "18600001111"}


def test_edit_refused_when_someone_else_saved_meanwhile(tab, modal, qtbot):
    member = _some_member(tab)

    def edit(dialog: MemberDialog):
        # Another copy of the app saves this member while the form is open.
        theirs = replace(members.member_input(tab.db, member.id), notes="别人刚改的")
        members.update_member(tab.db, member.id, theirs)
        retype(qtbot, dialog.phone, "18600002222")
        _save(qtbot, dialog)
        assert dialog.isVisible()
        assert "在你打开之后被" in dialog.shown_problems() and "备注：（空） → 别人刚改的" in dialog.shown_problems()

    modal.run(MemberDialog, edit, lambda: double_click_row(qtbot, tab, member.id))
    stored = members.get_member(tab.db, member.id)
    assert stored.phone == member.phone
    assert stored.notes == "别人刚改的"
