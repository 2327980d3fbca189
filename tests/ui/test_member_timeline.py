"""The member's history as one timeline (会员履历) and the member dialog's hardship fields:
a new member's visits and hardship file appear newest first with the year's totals, a
方面 choice narrows the list, no household income ever shows; the dialog shows the
file's level read-only, and its 困难职工档案… button opens the file (or a new one) in
the 困难帮扶 tab."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QTimer

from unionapp.domain.members import MemberInput
from unionapp.services import audit_search, hardship, members, visits
from unionapp.services.hardship import FileInput, HouseholdInput
from unionapp.services.visits import VisitInput
from unionapp.ui.hardship.detail_dialog import FileDetailDialog
from unionapp.ui.hardship.file_dialog import FileDialog
from unionapp.ui.members.dialog import MemberDialog
from unionapp.ui.members.history import MemberHistoryDialog

from .conftest import visible_windows

THIS = date.today().year  # money only this year (the demo's past years are closed), on its 1 January
LAST = THIS - 1
SECRET_INCOME = 432_100  # 4,321.00 a month: never in the timeline


def cells(model) -> list[list[str]]:
    return [[model.index(r, c).data() for c in range(model.columnCount())] for r in range(model.rowCount())]


@pytest.fixture
def person(demo_db):
    """A member new to the demo school: two visits, a planned one, a file opened and reviewed."""
    db = demo_db
    member_id = members.add_member(db, MemberInput(name="甄时间", gender="F", birth_date=date(1980, 4, 2)))
    types = {t.code: t.id for t in visits.list_types(db)}
    visits.add_visit(db, VisitInput(member_id, types["hospital"], date(THIS, 1, 1), reason="骨折", money_fen=30_000))
    visits.add_visit(db, VisitInput(member_id, types["mood"], date(LAST, 5, 6)))
    visits.add_visit(db, VisitInput(member_id, types["hospital"], date(THIS + 1, 1, 5), status="planned"))
    household = (HouseholdInput("本人", "甄时间", SECRET_INCOME), HouseholdInput("子女", "", 0))
    file_id = hardship.open_file(db, FileInput(member_id, "hardship", date(LAST, 3, 1), household=household))
    hardship.review_file(db, file_id, date(LAST, 11, 20), "change", "extreme", "病情加重")
    return members.get_member(db, member_id), file_id


def test_the_history_is_one_timeline_newest_first_with_year_totals(demo_db, person, qtbot):
    member, _file_id = person
    dialog = MemberHistoryDialog(None, demo_db, member)
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "会员履历：甄时间"
    assert cells(dialog.timeline_model) == [
        [f"{THIS}-01-01", "五必访", "生病住院慰问，骨折", "300.00", ""],
        [f"{LAST}-11-20", "困难帮扶", "困难职工复核：困难 → 特困", "", ""],
        [f"{LAST}-05-06", "五必访", "思想情绪波动慰问", "", ""],
        [f"{LAST}-03-01", "困难帮扶", "困难职工建档（困难）", "", ""],
    ]
    # Per year: the visits and 慰问金 as the visits-only history gave them, then everything.
    assert cells(dialog.years_model) == [
        [f"{THIS} 年", "1", "300.00", "1", "300.00", ""],
        [f"{LAST} 年", "1", "0.00", "3", "0.00", ""],
    ]
    assert "已访 2 次，共收到慰问金 300.00 元" in dialog.summary.text()
    assert f"另有待访 1 次（{THIS + 1}-01-05）" in dialog.summary.text()
    shown = " ".join(c for row in cells(dialog.timeline_model) for c in row) + dialog.summary.text()
    assert "4,321.00" not in shown and "4321" not in shown  # the household's income never shows


def test_one_area_of_the_timeline_is_chosen(demo_db, person, qtbot):
    member, _file_id = person
    dialog = MemberHistoryDialog(None, demo_db, member)
    qtbot.addWidget(dialog)
    assert [dialog.area_box.itemText(i) for i in range(dialog.area_box.count())] == ["全部", "五必访", "困难帮扶"]
    dialog.area_box.setCurrentIndex(dialog.area_box.findText("五必访"))
    assert [row[1] for row in cells(dialog.timeline_model)] == ["五必访", "五必访"]
    assert dialog.shown_line.text() == "显示 2 项，现金 300.00 元"
    dialog.area_box.setCurrentIndex(0)
    assert dialog.timeline_model.rowCount() == 4


def close_when_shown(cls, seen: dict) -> None:
    """Record and close the next window of `cls` that opens (it may open inside another
    dialog's event loop, after the one a test drives has closed)."""

    def poll() -> None:
        found = visible_windows(cls)
        if not found:
            QTimer.singleShot(20, poll)
            return
        seen["dialog"] = found[-1].windowTitle()
        seen["member"] = getattr(getattr(found[-1], "member_edit", None), "member", None)
        found[-1].reject()

    QTimer.singleShot(0, poll)


def test_the_dialog_shows_the_file_read_only_and_opens_it(window, person, modal, qtbot):
    member, file_id = person
    members_tab = window.members_tab
    members_tab.reload()
    qtbot.waitUntil(lambda: members_tab.model.row_of(member.id) is not None)
    members_tab.select_member(member.id)
    shown, seen = {}, {}

    def look(dialog: MemberDialog):
        shown["level"] = (dialog.hardship_level.text(), dialog.hardship_level.isReadOnly())
        shown["since"] = (dialog.hardship_since.text(), dialog.hardship_since.isReadOnly())
        close_when_shown(FileDetailDialog, seen)
        dialog.hardship_button.click()
        shown["closed"] = not dialog.isVisible()

    modal.run(MemberDialog, look, members_tab.edit_action.trigger)
    assert shown == {"level": ("特困", True), "since": (f"{LAST}-03-01", True), "closed": True}
    qtbot.waitUntil(lambda: "dialog" in seen)
    assert seen["dialog"] == "困难职工档案：甄时间"
    assert window.tabs.currentWidget() is window.area_tab("hardship")
    views = [r for r in audit_search.list_entries(window.db, "hardship_file", file_id) if r.action == "view"]
    assert len(views) == 1


def test_a_member_without_a_file_gets_a_new_one_and_saving_keeps_the_mark(window, demo_db, modal, qtbot):
    member_id = members.add_member(demo_db, MemberInput(name="甄无档", gender="M", birth_date=date(1975, 6, 1)))
    members_tab = window.members_tab
    members_tab.reload()
    qtbot.waitUntil(lambda: members_tab.model.row_of(member_id) is not None)
    members_tab.select_member(member_id)
    shown, seen = {}, {}

    def save(dialog: MemberDialog):
        shown["level"] = dialog.hardship_level.text()
        dialog.phone.setText("13912345678")
        dialog.buttons.accepted.emit()
        shown["closed"] = not dialog.isVisible()

    modal.run(MemberDialog, save, members_tab.edit_action.trigger)
    assert shown == {"level": "否", "closed": True}
    saved = members.get_member(demo_db, member_id)
    assert (saved.phone, saved.hardship_level, saved.hardship_since) == ("13912345678", "", None)

    def ask(dialog: MemberDialog):
        close_when_shown(FileDialog, seen)
        dialog.hardship_button.click()

    qtbot.waitUntil(lambda: members_tab.model.row_of(member_id) is not None)
    members_tab.select_member(member_id)
    modal.run(MemberDialog, ask, members_tab.edit_action.trigger)
    qtbot.waitUntil(lambda: "dialog" in seen)
    assert seen["dialog"] == "新建困难职工档案"
    assert seen["member"] is not None and seen["member"].id == member_id  # the member chosen already


def test_a_new_member_has_no_file_to_open(tab, modal):
    shown = {}

    def look(dialog: MemberDialog):
        shown["button"] = dialog.hardship_button.isEnabled()
        shown["level"] = dialog.hardship_level.text()

    modal.run(MemberDialog, look, tab.add_member)
    assert shown == {"button": False, "level": "否"}
