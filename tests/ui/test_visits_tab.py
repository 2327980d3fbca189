"""The 五必访 tab: editing and removing keep the ledger consistent, the filters agree with
the service, what needs attention is one double-click away, a read-only file, reports."""

from __future__ import annotations

from datetime import date, timedelta

import openpyxl
import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from unionapp.domain.members import MemberInput
from unionapp.services import ledger, members, visits
from unionapp.services.ledger import LedgerFilter
from unionapp.services.visits import VisitFilter, VisitInput
from unionapp.ui.visits.data import month_period
from unionapp.ui.visits.dialog import VisitDialog
from unionapp.ui.widgets import report_export
from unionapp.ui.widgets.reason_dialog import ReasonDialog
from unionapp.ui.widgets.report_export import ExportDialog

from .helpers import choose, choose_data, retype, type_text, wait_loaded, wait_visits

TODAY = date.today()


@pytest.fixture(autouse=True)
def _today_at_test_start():
    """TODAY as the test starts, not as the module was collected: a run may cross midnight."""
    global TODAY
    TODAY = date.today()


def type_id(db, code: str) -> int:
    return next(t.id for t in visits.list_types(db) if t.code == code)


def fresh_member(db, name: str, **kwargs) -> int:
    return members.add_member(db, MemberInput(name=name, group_name="高中组", **kwargs))


def add_hospital_visit(tab, name: str = "甄试访") -> int:
    """A hospital visit today for a new member, shown and selected in the register."""
    db = tab.db
    visit_id = visits.add_visit(
        db,
        VisitInput(
            fresh_member(db, name),
            type_id(db, "hospital"),
            TODAY,
            money_fen=30000,
            reason="阑尾炎手术住院",
            approver="王建国",
        ),
    )
    tab.refresh()
    return visit_id


def money_posted(db, visit_id: int) -> int:
    return sum(e.amount_fen for e in ledger.list_entries(db, LedgerFilter(source="visit")) if e.source_id == visit_id)


def double_click(qtbot, view, rect) -> None:
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def double_click_visit(qtbot, tab, visit_id: int) -> None:
    model, table = tab.register.model, tab.register.table
    index = model.index(model.row_of_visit(visit_id), 1)
    table.scrollTo(index)
    double_click(qtbot, table, table.visualRect(index))


def shown_ids(tab) -> list[int]:
    return [r.id for r in tab.register.model.shown_rows]


def test_editing_the_amount_reposts_the_money(window, visits_tab, qtbot, modal):
    db = visits_tab.db
    window.tabs.setCurrentWidget(window.funds_tab)  # the 经费 tab has read this year's ledger
    wait_loaded(qtbot, window.funds_tab)
    window.tabs.setCurrentWidget(visits_tab)
    visit_id = add_hospital_visit(visits_tab)
    wait_visits(qtbot, visits_tab)
    assert money_posted(db, visit_id) == 30000

    def edit(dialog: VisitDialog):
        qtbot.waitUntil(dialog.is_judged)  # the facts it is judged against come from a worker
        assert dialog.windowTitle() == "修改走访记录：甄试访"
        assert dialog.money_edit.text() == "300.00"
        retype(qtbot, dialog.money_edit, "400")
        assert not dialog.save_button.isEnabled()  # off the standard: a reason first
        type_text(qtbot, dialog.why_edit, "住院两周")
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        assert not dialog.isVisible()

    modal.run(VisitDialog, edit, lambda: double_click_visit(qtbot, visits_tab, visit_id))
    row = next(r for r in visits.list_visits(db) if r.id == visit_id)
    assert row.money_fen == 40000 and row.version == 2
    assert money_posted(db, visit_id) == 40000  # the old entry reversed, the new one posted
    # The 经费 tab reads the ledger again: the re-posted money is there without F5.
    wait_loaded(qtbot, window.funds_tab)
    shown = [e.amount_fen for e in window.funds_tab.data.entries if e.source == "visit" and e.source_id == visit_id]
    assert sum(shown) == 40000 and len(shown) == 3


def test_remove_with_a_reason_reverses_the_money(window, visits_tab, qtbot, modal):
    db = visits_tab.db
    visit_id = add_hospital_visit(visits_tab)
    wait_visits(qtbot, visits_tab)
    visits_tab.register.select_visit(visit_id)
    assert window.commands["delete"].isEnabled() and window.commands["delete"].text() == "删除走访…"

    def remove(dialog: ReasonDialog):
        assert not dialog.isHidden()
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)  # no reason yet
        assert dialog.isVisible() and "请写明原因" in dialog.shown_problems()
        type_text(qtbot, dialog.reason, "重复登记")
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        assert not dialog.isVisible()

    modal.run(ReasonDialog, remove, window.commands["delete"].trigger)
    assert visit_id not in {v.id for v in visits.list_visits(db)}
    assert money_posted(db, visit_id) == 0  # reversed in red, the original entry kept
    assert len([e for e in ledger.list_entries(db, LedgerFilter(source="visit")) if e.source_id == visit_id]) == 2
    wait_visits(qtbot, visits_tab)
    assert visit_id not in shown_ids(visits_tab)


def test_filters_agree_with_the_service(window, visits_tab, qtbot):
    db, register = visits_tab.db, visits_tab.register
    start, end = month_period(TODAY.year, TODAY.month)
    assert register.current_filter() == VisitFilter(date_from=start, date_to=end)  # this month by default
    assert shown_ids(visits_tab) == [v.id for v in visits.list_visits(db, VisitFilter(start, end))]
    choose(qtbot, register.mode_box, "按年")
    wait_visits(qtbot, visits_tab)
    year = VisitFilter(date(TODAY.year, 1, 1), date(TODAY.year, 12, 31))
    every = visits.list_visits(db, year)
    assert len(every) > 10 and shown_ids(visits_tab) == [v.id for v in every]
    hardship = type_id(db, "major_hardship")
    choose_data(qtbot, register.type_filter, hardship)
    choose(qtbot, register.status_filter, "已访")
    wait_visits(qtbot, visits_tab)
    flt = register.current_filter()
    assert (flt.type_id, flt.status) == (hardship, "done")
    expected = visits.list_visits(db, flt)
    assert expected and shown_ids(visits_tab) == [v.id for v in expected]
    group = next(v.group_name for v in expected)
    choose(qtbot, register.group_filter, group)
    wait_visits(qtbot, visits_tab)
    expected = visits.list_visits(db, register.current_filter())
    assert expected and shown_ids(visits_tab) == [v.id for v in expected]
    assert {v.group_name for v in expected} == {group}
    # Text as the service matches it (reason, name, visitors), then a member's initials.
    choose(qtbot, register.type_filter, "全部类型")
    choose(qtbot, register.group_filter, "全部小组")
    wait_visits(qtbot, visits_tab)
    type_text(qtbot, register.search, "住院")
    qtbot.waitUntil(lambda: shown_ids(visits_tab) == [v.id for v in visits.list_visits(db, register.current_filter())])
    assert shown_ids(visits_tab)
    someone = visits.list_visits(db, VisitFilter(year.date_from, year.date_to, status="done"))[0]
    keys = next(m.search_text for m in members.list_members(db) if m.id == someone.member_id)
    retype(qtbot, register.search, keys.split("|")[2])
    qtbot.waitUntil(lambda: someone.id in shown_ids(visits_tab))
    assert window.count_label.text().startswith(f"{TODAY.year}年五必访：显示 ")


def test_attention_lists_overdue_and_retiring_and_opens_them(window, visits_tab, qtbot, modal):
    db = visits_tab.db
    late_member = fresh_member(db, "过期访")
    late = visits.add_visit(
        db, VisitInput(late_member, type_id(db, "hospital"), TODAY - timedelta(days=5), status="planned", reason="住院")
    )
    retiring_on = TODAY + timedelta(days=40)
    retiring = fresh_member(
        db, "将退休", birth_date=date(TODAY.year - 60, 1, 1), gender="M", retirement_date=retiring_on
    )
    visits_tab.refresh()
    wait_visits(qtbot, visits_tab)
    items = {(i.kind, i.member_id) for i in visits_tab.attention.items}
    assert {("overdue", late_member), ("retiring", retiring)} <= items
    count = len(visits_tab.attention.items)
    assert window.tabs.tabText(window.tabs.indexOf(visits_tab)) == f"五必访（{count}）"
    assert visits_tab.attention.title() == f"需要关注（{count}）"

    def item_rect(member_id: int):
        panel = visits_tab.attention
        row = next(n for n, i in enumerate(panel.items) if i.member_id == member_id)
        panel.list.scrollToItem(panel.list.item(row))
        return panel.list.visualItemRect(panel.list.item(row))

    def mark_done(dialog: VisitDialog):
        qtbot.waitUntil(dialog.is_judged)  # the facts it is judged against come from a worker
        assert dialog.windowTitle() == "标为已访：过期访"
        assert dialog.status_box.currentData() == "done" and dialog.date_edit.text() == TODAY.isoformat()
        assert dialog.money_edit.text() == "300.00"
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        assert not dialog.isVisible()

    modal.run(VisitDialog, mark_done, lambda: double_click(qtbot, visits_tab.attention.list, item_rect(late_member)))
    done = next(v for v in visits.list_visits(db) if v.id == late)
    assert (done.status, done.visit_date, money_posted(db, late)) == ("done", TODAY, 30000)
    wait_visits(qtbot, visits_tab)

    def plan(dialog: VisitDialog):
        qtbot.waitUntil(dialog.is_judged)  # the facts it is judged against come from a worker
        assert dialog.member_edit.member.id == retiring
        assert dialog.type_box.currentText() == "退休"
        assert dialog.status_box.currentText() == "待访" and dialog.date_edit.text() == retiring_on.isoformat()
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        assert not dialog.isVisible()

    modal.run(VisitDialog, plan, lambda: double_click(qtbot, visits_tab.attention.list, item_rect(retiring)))
    [planned] = visits.list_visits(db, VisitFilter(member_id=retiring))
    assert (planned.status, planned.visit_date, planned.type_name) == ("planned", retiring_on, "退休")
    wait_visits(qtbot, visits_tab)
    left = {(i.kind, i.member_id) for i in visits_tab.attention.items}
    assert not left & {("overdue", late_member), ("retiring", retiring)}
    assert window.tabs.tabText(window.tabs.indexOf(visits_tab)) == (f"五必访（{len(left)}）" if left else "五必访")


def test_read_only_database_disables_visit_editing(read_only_db, open_window, qtbot, modal, messages):
    window = open_window(read_only_db)
    tab = window.visits_tab
    window.tabs.setCurrentWidget(tab)
    choose(qtbot, tab.register.mode_box, "按年")
    wait_visits(qtbot, tab)
    row = tab.register.model.row_at(0)
    tab.register.select_visit(row.id)
    assert window.commands["edit"].isEnabled()  # looking is fine
    for action in (
        window.commands["new"],
        window.commands["delete"],
        tab.new_action,
        tab.done_action,
        tab.remove_action,
    ):
        assert not action.isEnabled(), action.text()

    def look(dialog: VisitDialog):
        assert dialog.member_edit.member.id == row.member_id
        assert not dialog.save_button.isEnabled()

    modal.run(VisitDialog, look, lambda: double_click_visit(qtbot, tab, row.id))
    tab.new_item()  # does nothing on a read-only file
    assert messages.texts() == []


def _export(qtbot, modal, tab, title: str, target, done: list) -> None:
    """Export from the tab's 报表 menu into `target`; `done` collects the finished exports."""
    count = len(done)
    sub = next(a.menu() for a in tab.report_menu.actions() if a.text() == title)

    def fill(dialog: ExportDialog):
        assert dialog.path_edit.text().endswith(".xlsx")
        dialog.path_edit.setText(str(target))
        dialog.accept()

    modal.run(ExportDialog, fill, next(a for a in sub.actions() if a.text() == "导出Excel…").trigger)
    qtbot.waitUntil(lambda: len(done) > count, timeout=10000)


def _column(sheet, header: str) -> list:
    for row in sheet.iter_rows():
        for cell in row:
            if cell.value == header:
                values = [sheet.cell(r, cell.column).value for r in range(cell.row + 1, sheet.max_row + 1)]
                return [v for v in values if v not in (None, "")]
    raise AssertionError(f"no column {header}")


def test_register_and_receipts_export_the_period(visits_tab, qtbot, modal, monkeypatch, tmp_path):
    db, register = visits_tab.db, visits_tab.register
    done = []
    real_start = report_export.start_export
    monkeypatch.setattr(report_export, "start_export", lambda *a, **kw: real_start(*a, **kw, on_done=done.append))
    choose(qtbot, register.mode_box, "按年")
    wait_visits(qtbot, visits_tab)
    period = register.period()
    rows = visits.list_visits(db, VisitFilter(*period))
    _export(qtbot, modal, visits_tab, "五必访登记表（当前期间）", tmp_path / "登记表.xlsx", done)
    sheet = openpyxl.load_workbook(tmp_path / "登记表.xlsx").active
    assert _column(sheet, "姓名")[: len(rows)] == [v.member_name for v in rows]
    paid = [v for v in rows if v.status == "done" and v.money_fen]
    _export(qtbot, modal, visits_tab, "慰问金发放签收表（当前期间）", tmp_path / "签收表.xlsx", done)
    sheet = openpyxl.load_workbook(tmp_path / "签收表.xlsx").active
    assert _column(sheet, "姓名")[: len(paid)] == [v.member_name for v in paid]
    assert "领取人签字" in [c.value for row in sheet.iter_rows() for c in row]


def test_right_click_offers_the_visit_actions(visits_tab, qtbot):
    db = visits_tab.db
    planned = visits.add_visit(
        db, VisitInput(fresh_member(db, "右键访"), type_id(db, "hospital"), TODAY, status="planned")
    )
    visits_tab.refresh()
    wait_visits(qtbot, visits_tab)
    shown: list[list[tuple[str, bool]]] = []

    def look_and_close() -> None:  # the menu runs its own event loop
        menu = QApplication.activePopupWidget()
        if menu is None:
            QTimer.singleShot(10, look_and_close)
            return
        shown.append([(a.text(), a.isEnabled()) for a in menu.actions() if not a.isSeparator()])
        menu.close()

    model, table = visits_tab.register.model, visits_tab.register.table
    index = model.index(model.row_of_visit(planned), 1)
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=table.visualRect(index).center())
    QTimer.singleShot(0, look_and_close)
    table.customContextMenuRequested.emit(table.visualRect(index).center())
    assert shown == [[("修改…", True), ("标为已访…", True), ("删除…", True), ("登记走访…", True)]]
    done_row = next(r for r in model.shown_rows if r.status == "done")
    visits_tab.register.select_visit(done_row.id)
    assert not visits_tab.done_action.isEnabled()  # only a planned visit is marked done
