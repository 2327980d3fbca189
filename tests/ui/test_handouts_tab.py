"""The 发放 page of 活动与发放, driven as the chair does: the 三八 gift to every woman set up
from its kind, exclusions ticked off, issuing that asks for a reason when a spending rule
is exceeded, withdrawing and deleting with a reason, and what a member received."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt, QThreadPool

from unionapp.domain.spending_rules import SpendingRule
from unionapp.services import handouts, ledger, members, spending_rules
from unionapp.services.handouts import HandoutInput
from unionapp.ui.activities.handout_dialog import HandoutDialog
from unionapp.ui.activities.handout_issue import IssueDialog
from unionapp.ui.members.history import MemberHistoryDialog
from unionapp.ui.widgets.reason_dialog import ReasonDialog

from .helpers import choose, retype, type_text
from .test_typing_queries import gui_thread_statements

TODAY = date.today()


def women(db) -> list:
    return [m for m in members.list_members(db) if m.status == "active" and m.gender == "F" and m.is_union_member]


def welfare_id(db) -> int:
    return next(c.id for c in ledger.list_categories(db) if c.code == "welfare")


@pytest.fixture
def page(window, qtbot):
    tab = window.area_tab("activities")
    window.tabs.setCurrentWidget(tab)
    page = tab.current
    qtbot.waitUntil(lambda: not page.loading)
    return page


def draft(db, name: str, ids: list[int], value_fen: int = 20_000, kind: str = "womens_day") -> int:
    data = HandoutInput(name, kind, TODAY, value_fen=value_fen, item="毛巾礼盒", category_id=welfare_id(db))
    return handouts.create_handout(db, data, ids)


def choose_handout(qtbot, page, handout_id: int) -> None:
    page.reload(handout_id)
    qtbot.waitUntil(lambda: page.handout is not None and page.handout.id == handout_id)
    qtbot.waitUntil(lambda: page.recipients_for == handout_id)


def test_the_womens_day_gift_is_set_up_from_its_kind_with_exclusions(page, modal, qtbot):
    db = page.db
    expected = {m.id for m in women(db)}
    assert len(expected) > 10
    seen: dict = {}

    def fill(dialog: HandoutDialog) -> None:
        choose(qtbot, dialog.kind, "三八慰问")
        qtbot.waitUntil(lambda: not dialog.recipients.picking and bool(dialog.recipients.chosen_ids()))
        assert dialog.name.text() == f"{TODAY.year}年三八节慰问品"
        assert dialog.recipients.rule.currentData() == "women"
        assert dialog.category.currentData() == welfare_id(db)
        assert set(dialog.recipients.chosen_ids()) == expected
        table = dialog.recipients.table
        for row in (0, 1):
            flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
            table.selectionModel().select(dialog.recipients.model.index(row, 0), flags)
        seen["left_out"] = [dialog.recipients.model.shown[r] for r in (0, 1)]
        qtbot.mouseClick(dialog.recipients.untick, Qt.MouseButton.LeftButton)
        assert len(dialog.recipients.chosen_ids()) == len(expected) - 2
        assert "已排除 2 人" in dialog.recipients.count_label.text()
        retype(qtbot, dialog.value, "200")
        assert f"名单 {len(expected) - 2} 人" in dialog.summary.text()
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        assert not dialog.isVisible(), dialog.shown_problems()
        seen["id"] = dialog.saved_id

    modal.run(HandoutDialog, fill, page.new_item)
    row = handouts.get_handout(db, seen["id"])
    assert (row.status, row.kind, row.rule, row.value_fen) == ("draft", "womens_day", "women", 20_000)
    assert row.recipients == len(expected) - 2 and row.total_fen == 20_000 * (len(expected) - 2)
    listed = {r.member_id for r in handouts.list_recipients(db, row.id)}
    assert listed == expected - set(seen["left_out"])
    qtbot.waitUntil(lambda: page.recipients_for == row.id)
    assert page.people_model.rowCount() == row.recipients
    assert f"共 {row.recipients} 人" in page.count_line.text()


def test_people_are_added_by_hand(page, modal, qtbot):
    db = page.db
    man = next(m for m in members.list_members(db) if m.status == "active" and m.gender == "M")

    def fill(dialog: HandoutDialog) -> None:
        choose(qtbot, dialog.recipients.rule, "手工挑选")
        qtbot.waitUntil(lambda: not dialog.recipients.picking)
        assert dialog.recipients.chosen_ids() == []
        dialog.recipients.picker.setFocus()
        type_text(qtbot, dialog.recipients.picker, man.name)
        qtbot.keyClick(dialog.recipients.picker, Qt.Key.Key_Return)
        assert dialog.recipients.chosen_ids() == [man.id]
        qtbot.keyClick(dialog.recipients.picker, Qt.Key.Key_Return)  # nothing typed: adds nobody
        assert dialog.isVisible()  # and does not save the form
        retype(qtbot, dialog.name, "慰问病休教师")
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        assert not dialog.isVisible(), dialog.shown_problems()

    modal.run(HandoutDialog, fill, page.new_item)
    row = next(h for h in handouts.list_handouts(db) if h.name == "慰问病休教师")
    assert [r.member_id for r in handouts.list_recipients(db, row.id)] == [man.id]


def test_issuing_beyond_a_rule_demands_a_reason(page, modal, qtbot):
    db = page.db
    spending_rules.add_rule(
        db, SpendingRule("festival_per_person_year", date(TODAY.year, 1, 1), max_fen=10_000, source_doc="省总工会通知")
    )
    handout_id = draft(db, "三八节慰问品", [m.id for m in women(db)[:3]])
    choose_handout(qtbot, page, handout_id)

    def issue(dialog: IssueDialog) -> None:
        text = "\n".join(label.text() for label in dialog.findChildren(type(dialog.problems)))
        assert "节日慰问每人每年上限" in text and "省总工会通知" in text  # the rule is named
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        assert dialog.isVisible()
        assert "请写明超出标准的理由" in dialog.shown_problems()
        assert handouts.get_handout(db, handout_id).status == "draft"
        type_text(qtbot, dialog.reason, "教代会通过")
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        assert not dialog.isVisible(), dialog.shown_problems()

    told = []
    page.window().area_tab("activities").ledger_changed.connect(lambda: told.append(True))
    modal.run(IssueDialog, issue, page.issue_action.trigger)
    assert told  # the window's 经费 tab reads the ledger again
    row = handouts.get_handout(db, handout_id)
    assert row.status == "issued" and row.warning_reason == "教代会通过" and "上限" in row.warnings
    qtbot.waitUntil(lambda: page.handout is not None and page.handout.status == "issued")
    assert page.withdraw_action.isEnabled() and not page.issue_action.isEnabled()


def test_an_empty_list_is_refused_with_its_reason_and_nothing_written(page, messages, qtbot):
    db = page.db
    handout_id = draft(db, "空名单", [], value_fen=0)
    choose_handout(qtbot, page, handout_id)
    page.issue_action.trigger()
    qtbot.waitUntil(lambda: bool(messages.texts("warning")))
    assert "名单是空的" in messages.texts("warning")[0]
    assert handouts.get_handout(db, handout_id).status == "draft"


def test_withdraw_and_delete_ask_for_a_reason(page, modal, qtbot):
    db = page.db
    handout_id = draft(db, "防暑降温", [m.id for m in women(db)[:2]], kind="summer")
    handouts.issue_handout(db, handout_id)
    with db.session() as s:
        assert ledger.live_entry_for(s, "handout", handout_id) is not None
    choose_handout(qtbot, page, handout_id)

    def give_reason(text: str):
        def handle(dialog: ReasonDialog) -> None:
            qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
            assert dialog.isVisible() and "请写明原因" in dialog.shown_problems()
            type_text(qtbot, dialog.reason, text)
            qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
            assert not dialog.isVisible(), dialog.shown_problems()

        return handle

    modal.run(ReasonDialog, give_reason("名单漏人"), page.withdraw_action.trigger)
    assert handouts.get_handout(db, handout_id).status == "draft"
    with db.session() as s:
        assert ledger.live_entry_for(s, "handout", handout_id) is None  # reversed, not erased
    qtbot.waitUntil(lambda: page.handout is not None and page.handout.status == "draft")
    modal.run(ReasonDialog, give_reason("重复录入"), page.delete_action.trigger)
    assert all(h.id != handout_id for h in handouts.list_handouts(db))
    qtbot.waitUntil(lambda: page.handout is None or page.handout.id != handout_id)


def test_a_member_history_shows_what_they_received(page, qtbot):
    db = page.db
    woman = women(db)[0]
    handout_id = draft(db, "三八节慰问品", [woman.id])
    handouts.issue_handout(db, handout_id)
    dialog = MemberHistoryDialog(page, db, woman)
    model = dialog.timeline_model
    rows = [[model.index(r, c).data() for c in range(5)] for r in range(model.rowCount())]
    assert [row for row in rows if row[1] == "发放" and "三八节慰问品" in row[2] and "毛巾礼盒" in row[2]]
    assert any(row[1] == "发放" and "200.00" in (row[3], row[4]) for row in rows)
    dialog.close()


def test_the_tab_reads_nothing_on_the_gui_thread(window, qtbot):
    qtbot.waitUntil(lambda: "visits" in window.reads._serials)  # 五必访 counted, after the first paint
    QThreadPool.globalInstance().waitForDone()
    with gui_thread_statements(window.db) as seen:
        tab = window.area_tab("activities")
        window.tabs.setCurrentWidget(tab)
        qtbot.waitUntil(lambda: not tab.current.loading)
        QThreadPool.globalInstance().waitForDone()
    assert [s for s in seen if "handout" in s.lower()] == []
    assert seen == []


def test_past_handouts_are_imported_with_a_reason_for_those_beyond_a_rule(page, modal, messages, qtbot, tmp_path):
    from openpyxl import Workbook

    from unionapp.ui.activities import handout_import
    from unionapp.ui.activities.handout_import import HandoutPreviewDialog

    db = page.db
    spending_rules.add_rule(db, SpendingRule("festival_per_person_year", date(TODAY.year, 1, 1), max_fen=10_000))
    chosen = women(db)[:3]
    book = Workbook()
    sheet = book.active
    sheet.append(["姓名", "工会小组", "发放名称", "发放日期", "类型", "物品", "金额（元）"])
    for m in chosen:
        sheet.append([m.name, m.group_name, "三八节慰问品", f"{TODAY.year}-03-08", "三八慰问", "毛巾礼盒", 150])
    path = tmp_path / "发放名单.xlsx"
    book.save(path)

    def preview(dialog: HandoutPreviewDialog) -> None:
        assert dialog.plan.warning_lines() and dialog.reason.isVisible()
        assert not dialog.ok.isEnabled()  # a reason first
        type_text(qtbot, dialog.reason, "往年记录补录")
        assert dialog.ok.isEnabled()
        qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)

    modal.run(HandoutPreviewDialog, preview, lambda: handout_import.handouts_flow(page).read(path))
    qtbot.waitUntil(lambda: bool(messages.texts("information")))
    assert "新增发放 1 次，3 人次" in messages.texts("information")[0]
    row = next(h for h in handouts.list_handouts(db) if h.name == "三八节慰问品")
    assert (row.status, row.recipients, row.total_fen, row.warning_reason) == ("issued", 3, 45_000, "往年记录补录")


def test_a_birthday_list_follows_the_month_typed_and_names_added_by_hand_say_what_happened(page, modal, qtbot):
    db = page.db
    seen: dict = {}

    def fill(dialog: HandoutDialog) -> None:
        panel = dialog.recipients
        choose(qtbot, dialog.kind, "生日祝福")
        qtbot.waitUntil(lambda: not panel.picking)
        other = 1 if TODAY.month != 1 else 2
        retype(qtbot, dialog.day, f"{TODAY.year + 1}-{other:02d}-05")
        assert panel.month.value() == other  # not the month the dialog opened in
        qtbot.waitUntil(lambda: not panel.picking)
        expected = handouts.pick_recipients(db, "birth_month", date(TODAY.year + 1, other, 5), other)
        assert panel.chosen_ids() == expected and expected
        assert dialog.name.text() == f"{TODAY.year + 1}年{other}月生日祝福"
        listed = members.get_member(db, expected[0])
        panel.picker.setFocus()
        type_text(qtbot, panel.picker, listed.name)
        qtbot.keyClick(panel.picker, Qt.Key.Key_Return)
        assert panel.added_label.text() == f"{listed.name} 已在名单中" and panel.chosen_ids() == expected
        qtbot.waitUntil(lambda: panel.picker.hasFocus())  # the next name goes in the same field
        seen["month"] = other
        dialog.reject()

    modal.run(HandoutDialog, fill, page.new_item)
    assert seen["month"]


def test_a_december_festival_gift_is_named_for_the_coming_new_year():
    from unionapp.ui.activities.handout_dialog import suggested_name

    assert suggested_name("festival", date(2026, 12, 20)) == "2027年元旦慰问品"
    assert suggested_name("festival", date(2026, 9, 10)) == "2026年中秋节慰问品"
