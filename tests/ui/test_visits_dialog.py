"""The visit dialog of the 五必访 tab: the chair's hospital visit in a few keystrokes, the
standard's warning that needs a reason, and what the service refuses, shown as typed."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from unionapp.services import ledger, members, visits
from unionapp.services.ledger import LedgerFilter
from unionapp.services.visits import VisitFilter
from unionapp.ui.members.history import MemberHistoryDialog
from unionapp.ui.visits.dialog import VisitDialog
from unionapp.ui.visits.model import REMARK_COLUMN

from .helpers import choose, retype, type_text, wait_visits

TODAY = date.today()


@pytest.fixture(autouse=True)
def _today_at_test_start():
    """TODAY as the test starts, not as the module was collected: a run may cross midnight."""
    global TODAY
    TODAY = date.today()


def unvisited_member(db, skip: int = 0):
    """An active demo member with no visit at all, so no repeat rule applies."""
    visited = {v.member_id for v in visits.list_visits(db)}
    found = [m for m in members.list_members(db) if m.status == "active" and m.id not in visited]
    return found[skip]


def initials(member) -> str:
    return member.search_text.split("|")[2]  # "|zhangsan|zs|..." → "zs"


def pick(qtbot, dialog: VisitDialog, member) -> None:
    """Type the initials, move down to the member in the list, Enter."""
    picker = dialog.member_edit
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    assert QApplication.focusWidget() is picker  # a new visit starts at the member
    type_text(qtbot, picker, initials(member))
    assert picker.list.isVisible()
    labels = picker.shown_labels()
    wanted = picker.labels[member.id]
    assert wanted in labels and wanted.startswith(f"{member.name}（{member.group_name}")
    for _ in range(labels.index(wanted)):
        qtbot.keyClick(picker, Qt.Key.Key_Down)
    qtbot.keyClick(picker, Qt.Key.Key_Return)
    assert picker.member is not None and picker.member.id == member.id
    assert picker.text() == wanted and not picker.list.isVisible()


def choose_type(qtbot, dialog: VisitDialog, name: str) -> None:
    """Choose the visit type; the facts it is judged against arrive from a worker."""
    choose(qtbot, dialog.type_box, name)
    qtbot.waitUntil(dialog.is_judged)


def visit_entries(db, visit_id: int):
    return [e for e in ledger.list_entries(db, LedgerFilter(source="visit")) if e.source_id == visit_id]


def test_chair_records_a_hospital_visit_in_a_few_keys(window, visits_tab, qtbot, modal):
    db = window.db
    member = unvisited_member(db)
    seen = {}

    def record(dialog: VisitDialog):
        assert dialog.approver_edit.text() == "王建国"  # the chair, by default
        pick(qtbot, dialog, member)
        assert QApplication.focusWidget() is dialog.type_box  # Enter moved on to the type
        choose_type(qtbot, dialog, "生病住院")
        assert dialog.money_edit.text() == "300.00"  # the standard's amount, pre-filled
        seen["standard"] = dialog.standard_label.text()
        assert dialog.save_button.isEnabled()
        qtbot.keyClick(dialog.type_box, Qt.Key.Key_Return)  # Enter saves
        assert not dialog.isVisible()

    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    modal.run(
        VisitDialog,
        record,
        lambda: qtbot.keyClick(visits_tab.register.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier),
    )
    assert seen["standard"] == "标准：300.00 元，同一事由每年一次（本会默认标准）"
    [visit] = visits.list_visits(db, VisitFilter(member_id=member.id))
    assert (visit.type_name, visit.money_fen, visit.status, visit.visit_date) == ("生病住院", 30000, "done", TODAY)
    entries = visit_entries(db, visit.id)
    assert [e.amount_fen for e in entries] == [30000]
    # The register shows it, selected; the totals count it.
    wait_visits(qtbot, visits_tab)
    assert visits_tab.register.selected_visit().id == visit.id
    assert "慰问金" in window.count_label.text()
    # The members tab shows the member's history.
    members_tab = window.members_tab
    window.tabs.setCurrentWidget(members_tab)
    members_tab.select_member(member.id)
    shown = {}

    def look(dialog: MemberHistoryDialog):
        shown["years"] = [dialog.years_model.index(0, c).data() for c in range(3)]  # this year's
        dialog.area_box.setCurrentIndex(dialog.area_box.findText("五必访"))  # the visits of the timeline
        shown["visits"] = [dialog.timeline_model.index(0, c).data() for c in range(4)]

    modal.run(MemberHistoryDialog, look, members_tab.history_action.trigger)
    assert shown["years"] == [f"{TODAY.year} 年", "1", "300.00"]  # visits and 慰问金 of the year
    assert shown["visits"] == [TODAY.isoformat(), "五必访", "生病住院慰问", "300.00"]


def test_an_amount_off_standard_needs_a_reason(visits_tab, qtbot, modal):
    db = visits_tab.db
    member = unvisited_member(db, 1)

    def record(dialog: VisitDialog):
        pick(qtbot, dialog, member)
        choose_type(qtbot, dialog, "生病住院")
        type_text(qtbot, dialog.reason_edit, "骨折住院")
        retype(qtbot, dialog.money_edit, "500")
        assert "慰问金 500.00 元与标准 300.00 元不同" in dialog.warnings_label.text()
        assert dialog.why_edit.isVisible()
        assert not dialog.save_button.isEnabled()
        qtbot.keyClick(dialog.money_edit, Qt.Key.Key_Return)  # nothing happens without a reason
        assert dialog.isVisible()
        type_text(qtbot, dialog.why_edit, "手术住院时间长")
        assert dialog.save_button.isEnabled()
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        assert not dialog.isVisible()

    modal.run(VisitDialog, record, visits_tab.new_item)
    [visit] = visits.list_visits(db, VisitFilter(member_id=member.id))
    assert visit.money_fen == 50000 and "与标准 300.00 元不同" in visit.warnings
    assert visit.warning_reason == "手术住院时间长"
    # The register marks the accepted warning and shows the reason on hover.
    wait_visits(qtbot, visits_tab)
    model = visits_tab.register.model
    index = model.index(model.row_of_visit(visit.id), REMARK_COLUMN)
    assert index.data().startswith("※超标准")
    assert "理由：手术住院时间长" in index.data(Qt.ItemDataRole.ToolTipRole)


def test_money_on_a_type_without_money_is_refused(visits_tab, qtbot, modal):
    db = visits_tab.db
    member = unvisited_member(db, 2)

    def record(dialog: VisitDialog):
        pick(qtbot, dialog, member)
        choose_type(qtbot, dialog, "家庭纠纷")
        assert dialog.money_edit.text() == ""  # no money by the standard
        assert "不发慰问金" in dialog.standard_label.text()
        type_text(qtbot, dialog.money_edit, "200")
        assert "“家庭纠纷”按标准不发慰问金，不能填写慰问金" in dialog.errors_label.text()
        assert not dialog.save_button.isEnabled()
        retype(qtbot, dialog.money_edit, "")
        assert dialog.errors_label.text() == "" and dialog.save_button.isEnabled()

    modal.run(VisitDialog, record, visits_tab.new_item)
    assert visits.list_visits(db, VisitFilter(member_id=member.id)) == []  # the handler saved nothing


def test_a_future_date_is_planned_not_done(visits_tab, qtbot, modal):
    db = visits_tab.db
    member = unvisited_member(db, 3)
    later = TODAY + timedelta(days=10)

    def record(dialog: VisitDialog):
        pick(qtbot, dialog, member)
        choose_type(qtbot, dialog, "生病住院")
        retype(qtbot, dialog.date_edit, later.isoformat())
        assert f"走访日期 {later} 还没到，不能标为“已访”" in dialog.errors_label.text()
        assert not dialog.save_button.isEnabled()
        choose(qtbot, dialog.status_box, "待访")
        assert dialog.errors_label.text() == ""
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        assert not dialog.isVisible()

    modal.run(VisitDialog, record, visits_tab.new_item)
    [visit] = visits.list_visits(db, VisitFilter(member_id=member.id))
    assert (visit.status, visit.visit_date) == ("planned", later)
    assert visit_entries(db, visit.id) == []  # nothing is paid before the visit
