"""The 困难帮扶 tab, driven as a user does: a file opened with its household through the
form (a typed income that is not a number stops it with a Chinese sentence), reviewed
and closed (a second close refused), the list showing no sensitive detail, and each
opening of a file's details written once to the audit log."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from PySide6.QtCore import Qt

from unionapp.services import audit_search, hardship, members
from unionapp.services.hardship import FileInput, HouseholdInput
from unionapp.ui.hardship import actions
from unionapp.ui.hardship import data as hardship_data
from unionapp.ui.hardship.detail_dialog import AUDIT_NOTE, FileDetailDialog
from unionapp.ui.hardship.file_dialog import FileDialog
from unionapp.ui.hardship.household import INCOME, NAME
from unionapp.ui.hardship.review_dialog import ReviewDialog
from unionapp.ui.hardship.tab import HardshipTab

from .helpers import choose

TODAY = date(2025, 11, 20)  # in the review month: the review's default day
OPENED = date(2024, 3, 1)


@pytest.fixture
def page(demo_db, qtbot, monkeypatch):
    monkeypatch.setattr(hardship_data, "today", lambda: TODAY)
    monkeypatch.setattr("unionapp.ui.hardship.actions.today", lambda: TODAY)
    tab = HardshipTab(demo_db)
    qtbot.addWidget(tab)
    tab.resize(1200, 600)
    tab.show()
    qtbot.waitUntil(lambda: not tab.loading)
    return tab


def unfiled(db, n: int = 0):
    """An active member with no open file."""
    filed = {f.member_id for f in hardship.list_files(db, include_closed=True)}
    people = [m for m in members.list_members(db) if m.status == "active" and m.id not in filed]
    return people[n]


ALONE = (HouseholdInput("本人", "", 150_000),)


def opened(db, member, people=ALONE) -> int:
    return hardship.open_file(db, FileInput(member.id, "hardship", OPENED, ("illness_self",), "每学期慰问", "", people))


def views(db, file_id: int) -> int:
    rows = audit_search.list_entries(db, "hardship_file", file_id)
    return sum(r.action == "view" for r in rows)


def pick(dialog: FileDialog, member) -> None:
    dialog.member_edit.set_member(member.id)
    dialog.member_edit.picked.emit()


def test_a_file_is_opened_with_its_household_through_the_form(page, modal, qtbot):
    db = page.db
    member = unfiled(db)
    shown = {}

    def fill(dialog: FileDialog):
        pick(dialog, member)
        assert dialog.household.table.item(0, NAME).text() == member.name  # 本人's row takes the name
        choose(qtbot, dialog.level_box, "特困")
        dialog.cause_boxes["illness_family"].setChecked(True)
        dialog.cause_boxes["schooling"].setChecked(True)
        dialog.household.set_text(0, INCOME, "2000.50")
        row = dialog.household.add_person("配偶", "李红", "3000")
        dialog.household.add_person("子女", "张小明")  # a student: no income
        assert dialog.household.relation_box(row).currentText() == "配偶"
        shown["per_head"] = dialog.per_head.text()
        dialog.plan_edit.setPlainText("每学期送温暖；子女金秋助学")
        dialog.save_button.click()
        shown["open"] = dialog.isVisible()

    modal.run(FileDialog, fill, page.new_action.trigger)
    assert shown["per_head"] == "家庭 3 人，月收入合计 5,000.50 元，人均 1,666.83 元"
    assert not shown["open"]
    [row] = [f for f in hardship.list_files(db) if f.member_id == member.id]
    data = hardship.file_input(db, row.id)
    assert (data.level, data.opened_on, data.causes) == ("extreme", TODAY, ("illness_family", "schooling"))
    assert [(p.relation, p.name, p.monthly_income_fen) for p in data.household] == [
        ("本人", member.name, 200_050),
        ("配偶", "李红", 300_000),
        ("子女", "张小明", 0),
    ]
    assert members.get_member(db, member.id).hardship_level == "extreme"  # the roster's mark follows
    qtbot.waitUntil(lambda: page.selected() is not None and page.selected().id == row.id)


def test_an_income_that_is_not_a_number_is_told_and_nothing_is_saved(page, modal):
    db = page.db
    member = unfiled(db)
    before = len(hardship.list_files(db, include_closed=True))
    shown = {}

    def fill(dialog: FileDialog):
        pick(dialog, member)
        dialog.household.set_text(0, INCOME, "约两千")
        dialog.save_button.click()
        shown["problems"] = dialog.shown_problems()
        shown["per_head"] = dialog.per_head.text()
        shown["open"] = dialog.isVisible()

    modal.run(FileDialog, fill, page.new_action.trigger)
    assert "第 1 行（" in shown["problems"] and "“约两千”不是有效的金额" in shown["problems"]
    assert "有误" in shown["per_head"]
    assert shown["open"]
    assert len(hardship.list_files(db, include_closed=True)) == before


def test_a_review_closes_the_file_and_a_second_close_is_refused(page, modal, qtbot):
    db = page.db
    member = unfiled(db)
    file_id = opened(db, member)
    page.reload(file_id)
    qtbot.waitUntil(lambda: page.selected() is not None and page.selected().id == file_id)
    assert page.selected().review_due  # November, not reviewed this year
    shown = {}

    def close(dialog: ReviewDialog):
        shown["date"] = dialog.date_edit.text()
        choose(qtbot, dialog.outcome_box, "脱困销档")
        assert dialog.reason_box.isVisibleTo(dialog) and not dialog.level_box.isVisibleTo(dialog)
        dialog.reason_box.setCurrentText("收入好转，已脱困")
        dialog.save_button.click()
        shown["open"] = dialog.isVisible()

    modal.run(ReviewDialog, close, page.review_action.trigger)
    assert shown == {"date": "2025-11-20", "open": False}
    [row] = [f for f in hardship.list_files(db, include_closed=True) if f.id == file_id]
    assert (row.open, row.closed_on, row.close_reason) == (False, TODAY, "收入好转，已脱困")
    assert members.get_member(db, member.id).hardship_level == ""
    qtbot.waitUntil(lambda: page.row_of_file(file_id) is None)  # the list shows open files only
    # A second close, from a form opened on the file before it was closed, is refused.
    stale = ReviewDialog(page, db, replace(row, open=True, closed_on=None), TODAY)
    choose(qtbot, stale.outcome_box, "脱困销档")
    stale.reason_box.setCurrentText("其他")
    stale.save_button.click()
    assert "已于 2025-11-20 销档，不能再复核" in stale.problems.text()
    stale.close()


def test_a_review_dated_before_the_file_was_opened_is_refused(page, modal, qtbot):
    db = page.db
    file_id = opened(db, unfiled(db))
    page.reload(file_id)
    qtbot.waitUntil(lambda: page.selected() is not None and page.selected().id == file_id)
    shown = {}

    def early(dialog: ReviewDialog):
        dialog.date_edit.setText("2024-01-05")
        dialog.save_button.click()
        shown["problems"] = dialog.problems.text()
        shown["open"] = dialog.isVisible()

    modal.run(ReviewDialog, early, page.review_action.trigger)
    assert "复核日期 2024-01-05 不能早于建档日期 2024-03-01" in shown["problems"] and shown["open"]
    assert [f.last_review_on for f in hardship.list_files(db) if f.id == file_id] == [None]


def test_the_list_shows_no_household_income_causes_or_plan(page, qtbot):
    db = page.db
    people = (HouseholdInput("本人", "", 123_456), HouseholdInput("配偶", "王秘密", 98_765))
    file_id = opened(db, unfiled(db), people)
    page.reload(file_id)
    qtbot.waitUntil(lambda: page.row_of_file(file_id) is not None)
    model = page.model
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers[:8] == ["姓名", "工会小组", "级别", "建档日期", "最近复核", "待复核", "本年走访", "本年帮扶（元）"]
    cells = " ".join(
        str(model.index(r, c).data())
        + str(model.index(r, c).data(Qt.ItemDataRole.ToolTipRole))  # the text and its tooltip
        for r in range(model.rowCount())
        for c in range(model.columnCount())
    )
    for secret in ("1,234.56", "1234.56", "987.65", "王秘密", "本人大病", "每学期慰问"):
        assert secret not in cells
    assert views(db, file_id) == 0  # listing is not viewing


def test_opening_a_files_details_writes_one_audit_entry(page, modal, qtbot):
    db = page.db
    member = unfiled(db)
    file_id = opened(db, member, (HouseholdInput("本人", member.name, 150_000), HouseholdInput("配偶", "", 50_000)))
    page.reload(file_id)
    qtbot.waitUntil(lambda: page.selected() is not None and page.selected().id == file_id)
    shown = {}

    def look(dialog: FileDetailDialog):
        shown["footer"] = dialog.footer.text()
        shown["income"] = dialog.income.text()
        shown["household"] = dialog.household_model.rowCount()
        shown["buttons"] = sorted(dialog.buttons)

    modal.run(FileDetailDialog, look, page.view_action.trigger)
    assert AUDIT_NOTE in shown["footer"]
    assert shown["income"] == "家庭 2 人，月收入合计 2,000.00 元，人均 1,000.00 元"
    assert shown["household"] == 2
    assert shown["buttons"] == ["修改…", "复核…", "登记走访…"]
    assert views(db, file_id) == 1
    [entry] = [r for r in audit_search.list_entries(db, "hardship_file", file_id) if r.action == "view"]
    assert entry.summary == f"查看困难职工档案：{member.name}"
    # 首页 and the member dialog open a file by its id: one more view, one more entry.
    modal.run(FileDetailDialog, lambda d: None, lambda: page.open_file(file_id))
    assert views(db, file_id) == 2


def test_a_read_only_database_offers_no_change_and_no_detail(read_only_db, qtbot):
    tab = HardshipTab(read_only_db)
    qtbot.addWidget(tab)
    qtbot.waitUntil(lambda: not tab.loading)
    for action in (tab.new_action, tab.edit_action, tab.review_action, tab.delete_action, tab.visit_action):
        assert not action.isEnabled()
    assert not tab.view_action.isEnabled()  # a view must be logged, which a read-only copy cannot
    assert not tab.command_enabled("new")


def test_the_roster_is_masked_unless_the_sensitive_box_is_ticked(page, modal, qtbot):
    from unionapp.ui.hardship.report_options import FULL_LABEL, RosterOptions, YearOptions

    db = page.db
    file_id = opened(db, unfiled(db), (HouseholdInput("本人", "", 123_456),))
    page.reload(file_id)
    qtbot.waitUntil(lambda: page.row_of_file(file_id) is not None)

    def ask(tick: bool):
        def handle(dialog: RosterOptions):
            assert dialog.full_box.text() == FULL_LABEL and not dialog.full_box.isChecked()
            dialog.full_box.setChecked(tick)
            dialog.accept()

        modal.run(RosterOptions, handle, lambda: page.export_report("hardship", "xlsx"))
        return page.report_builder("hardship")(False)

    # The export's own file dialog is not wanted here: only the options and the builder.
    page.export_report = lambda key, _fmt: actions.ask_report(page, key)
    masked, full = ask(False), ask(True)
    headers = [c.header for c in masked.columns]
    assert "家庭月收入（元）" not in headers and "致困原因" not in headers
    assert "家庭月收入（元）" in [c.header for c in full.columns] and "含家庭经济情况" in full.title
    entries = [r for r in audit_search.list_entries(db, "hardship_file") if "导出" in r.summary]
    assert len(entries) == 1  # the full roster's export is logged once; the masked one is not

    def year(dialog: YearOptions):
        dialog.year_box.setCurrentIndex(dialog.year_box.findData(2024))
        dialog.accept()

    modal.run(YearOptions, year, lambda: page.export_report("hardship-stats", "xlsx"))
    assert "2024" in page.report_builder("hardship-stats")(False).title
