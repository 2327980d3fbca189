"""The 活动 page of 活动与发放, driven as the sports committee does: an activity set up
through its dialog, a whole group signed up, attendance marked on a selection, a prize
beyond the spending rules that asks for a reason (kept with the activity), participation
as the service counts it, and typing in the sign-ups' search without SQL on the GUI thread."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt, QThreadPool

from unionapp.services import activities, groups, ledger, members
from unionapp.services.activities import ActivityInput
from unionapp.ui.activities import activity_people
from unionapp.ui.activities.activity_dialog import ActivityDialog
from unionapp.ui.activities.activity_model import participation_line
from unionapp.ui.activities.activity_people import SignUpDialog
from unionapp.ui.activities.activity_prizes import PrizeDialog
from unionapp.ui.activities.activity_rates import RatesView
from unionapp.ui.activities.activity_view import ActivitiesPage

from .helpers import choose, retype, type_text
from .test_typing_queries import gui_thread_statements

TODAY = date.today()


@pytest.fixture
def page(demo_db, qtbot):
    page = ActivitiesPage(demo_db)
    qtbot.addWidget(page)
    page.resize(1280, 700)
    page.show()
    qtbot.waitExposed(page)
    settle(qtbot, page)
    return page


@pytest.fixture
def confirm_yes(monkeypatch, messages):
    def fake(_parent, _title, text):
        messages.confirmations.append(text)
        return True

    monkeypatch.setattr(activity_people, "confirm", fake)
    return messages


def settle(qtbot, page) -> None:
    qtbot.waitUntil(lambda: not page.loading)


def sports_category(db) -> int:
    return next(c.id for c in ledger.list_categories(db) if c.code == "sports")


def new_activity(db, name: str = "趣味运动会") -> int:
    data = ActivityInput(name, "sports", TODAY, TODAY, place="操场", category_id=sports_category(db))
    return activities.create_activity(db, data)


def show(qtbot, page, activity_id: int) -> None:
    page.year = TODAY.year
    page.reload(activity_id)
    settle(qtbot, page)
    assert page.activity is not None and page.activity.id == activity_id


def select_rows(table, rows) -> None:
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    for row in rows:
        table.selectionModel().select(table.model().index(row, 0), flags)


def test_an_activity_is_set_up_through_its_dialog(page, modal, qtbot):
    db = page.db
    chosen = groups.list_groups(db)[:2]
    seen: dict = {}

    def fill(dialog: ActivityDialog) -> None:
        type_text(qtbot, dialog.name, "教职工趣味运动会")
        choose(qtbot, dialog.kind, "文体活动")
        assert dialog.category.currentData() == sports_category(db)  # suggested by the kind
        retype(qtbot, dialog.date_from, TODAY.isoformat())
        type_text(qtbot, dialog.place, "学校操场")
        type_text(qtbot, dialog.budget, "3000")
        dialog.set_groups([g.id for g in chosen])
        type_text(qtbot, dialog.approver, "王校长")
        assert not dialog.reason.edit.isVisibleTo(dialog)  # no rule outside yet
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        assert not dialog.isVisible(), dialog.shown_problems()
        seen["id"] = dialog.saved_id

    modal.run(ActivityDialog, fill, page.new_item)
    settle(qtbot, page)
    row = activities.get_activity(db, seen["id"])
    assert (row.name, row.kind, row.date_from, row.date_to) == ("教职工趣味运动会", "sports", TODAY, TODAY)
    assert (row.place, row.budget_fen, row.approver) == ("学校操场", 300_000, "王校长")
    assert set(row.group_ids) == {g.id for g in chosen}
    assert page.activity is not None and page.activity.id == seen["id"]  # shown and chosen


def test_the_dialog_refuses_a_missing_name_and_an_end_before_the_start(page, modal, qtbot):
    def fill(dialog: ActivityDialog) -> None:
        retype(qtbot, dialog.date_from, "2026-05-20")
        retype(qtbot, dialog.date_to, "2026-05-19")
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        assert dialog.isVisible()
        assert "请填写活动名称" in dialog.shown_problems()
        assert "结束日期不能早于开始日期" in dialog.shown_problems()

    before = len(activities.list_activities(page.db))
    modal.run(ActivityDialog, fill, page.new_item)
    assert len(activities.list_activities(page.db)) == before


def test_a_group_signs_up_and_attendance_is_marked_on_a_selection(page, modal, qtbot):
    db = page.db
    activity_id = new_activity(db)
    show(qtbot, page, activity_id)
    group = groups.list_groups(db)[0]
    expected = {
        m.id for m in members.list_members(db) if m.group_id == group.id and m.status == "active" and m.is_union_member
    }
    assert expected

    def fill(dialog: SignUpDialog) -> None:
        dialog.group.setCurrentIndex(dialog.group.findData(group.id))
        assert dialog.team_edit.text() == group.name  # the team is the group unless typed
        type_text(qtbot, dialog.event_edit, "拔河")
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        assert not dialog.isVisible(), dialog.shown_problems()

    modal.run(SignUpDialog, fill, lambda: page.entries.sign_up(True))
    settle(qtbot, page)
    entries = activities.list_entries(db, activity_id)
    assert {e.member_id for e in entries} == expected
    assert {(e.event, e.team, e.attended) for e in entries} == {("拔河", group.name, False)}
    assert page.entries.model.rowCount() == len(expected)

    # the same group again: nobody twice in the same event
    modal.run(SignUpDialog, fill, lambda: page.entries.sign_up(True))
    settle(qtbot, page)
    assert len(activities.list_entries(db, activity_id)) == len(expected)

    select_rows(page.entries.table, [0, 1])
    picked = {page.entries.model.row_at(r).id for r in (0, 1)}
    qtbot.mouseClick(page.entries.buttons["came"], Qt.MouseButton.LeftButton)
    settle(qtbot, page)
    came = {e.id for e in activities.list_entries(db, activity_id) if e.attended}
    assert came == picked
    assert page.activity.attended == 2
    assert "已签到 2 人次" in page.entries.count.text()


def test_cancelling_a_sign_up_asks_and_removes_it(page, confirm_yes, qtbot):
    db = page.db
    activity_id = new_activity(db)
    ids = [m.id for m in members.list_members(db) if m.status == "active"][:3]
    activities.add_entries(db, activity_id, [activities.EntryInput(m) for m in ids])
    show(qtbot, page, activity_id)
    select_rows(page.entries.table, [0])
    qtbot.mouseClick(page.entries.buttons["remove"], Qt.MouseButton.LeftButton)
    settle(qtbot, page)
    assert confirm_yes.confirmations and "1 人次" in confirm_yes.confirmations[0]
    assert len(activities.list_entries(db, activity_id)) == 2


def test_a_prize_beyond_the_rules_asks_for_a_reason_and_keeps_it(page, modal, qtbot):
    db = page.db
    activity_id = new_activity(db)
    winner = next(m for m in members.list_members(db) if m.status == "active")
    show(qtbot, page, activity_id)
    page.views.setCurrentWidget(page.prizes)
    reason = "参赛人数多，经工会委员会研究同意"

    def fill(dialog: PrizeDialog) -> None:
        assert not dialog.reason.edit.isVisibleTo(dialog)
        dialog.member.set_member(winner.id)
        type_text(qtbot, dialog.award, "团体一等奖")
        retype(qtbot, dialog.value, "3500")  # over the charter's 3,000 per activity
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        assert dialog.isVisible()  # not saved, not silently refused either: the rule is named
        assert dialog.reason.edit.isVisibleTo(dialog)
        assert "3,000.00" in dialog.reason.rules.text() or "3000" in dialog.reason.rules.text()
        assert "请在“超标准说明”中写明理由" in dialog.problems.text()
        assert "3,000.00" not in dialog.problems.text()  # the rule is told once, above the reason box
        assert activities.list_prizes(db, activity_id) == []
        type_text(qtbot, dialog.reason.edit, reason)
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        assert not dialog.isVisible(), dialog.shown_problems()

    modal.run(PrizeDialog, fill, page.prizes.add_prize)
    settle(qtbot, page)
    prizes = activities.list_prizes(db, activity_id)
    assert [(p.member_id, p.award, p.value_fen) for p in prizes] == [(winner.id, "团体一等奖", 350_000)]
    row = activities.get_activity(db, activity_id)
    assert row.warnings and row.warning_reason == reason
    assert page.model.row_at(page.model.row_of(activity_id)).warnings  # 警示 column
    assert reason in page.prizes.total.text()


def test_participation_shown_is_the_services(page, qtbot):
    db = page.db
    settle(qtbot, page)
    assert page.goal.text() == participation_line(TODAY.year, activities.year_participation(db, TODAY.year))
    assert "章程要求三分之二以上" in page.goal.text()
    activity = page.activity
    assert activity is not None  # the demo's year has activities
    expected = activities.participation(db, activity.id)
    view: RatesView = page.rates
    shown = [[view.model.index(r, c).data() for c in range(4)] for r in range(view.model.rowCount())]
    assert [row[:3] for row in shown] == [[r.group_name, str(r.members), str(r.took_part)] for r in expected]
    assert shown[-1][0] == "合计"
    total = expected[-1]
    assert f"{total.took_part}/{total.members}" in view.line.text()


def test_typing_in_the_sign_ups_search_queries_nothing(page, qtbot):
    activity = page.activity
    assert activity is not None and page.entries.model.total_count > 3
    QThreadPool.globalInstance().waitForDone()
    qtbot.waitUntil(lambda: page.context is not None)  # the roster's pinyin, read quietly
    sample = page.entries.model.all_rows[len(page.entries.model.all_rows) // 2]
    initials = page.context.member_keys[sample.member_id].split("|")[2]
    with gui_thread_statements(page.db) as seen:
        type_text(qtbot, page.entries.search, initials)
        qtbot.waitUntil(lambda: sample.id in {r.id for r in page.entries.model.shown_rows})
        retype(qtbot, page.entries.search, sample.name)
        qtbot.waitUntil(lambda: page.entries.model.rowCount() < page.entries.model.total_count)
    assert seen == []
    assert all(sample.name in r.name for r in page.entries.model.shown_rows)


def test_the_area_tab_shows_the_activities_page(window, qtbot):
    tab = window.area_tab("activities")
    window.tabs.setCurrentWidget(tab)
    titles = [tab.pages.tabText(i) for i in range(tab.pages.count())]
    assert "活动" in titles and "福利明细" in titles
    tab.pages.setCurrentIndex(titles.index("活动"))
    page = tab.current
    assert isinstance(page, ActivitiesPage)
    settle(qtbot, page)
    assert tab.status_text().startswith(f"{TODAY.year} 年活动")
    assert tab.command_labels["new"] == "新建活动…"


def test_a_cost_is_added_and_removed_with_a_reason(page, modal, qtbot):
    from unionapp.ui.activities.activity_prizes import CostDialog
    from unionapp.ui.widgets.reason_dialog import ReasonDialog

    db = page.db
    activity_id = new_activity(db)
    show(qtbot, page, activity_id)
    page.views.setCurrentWidget(page.costs)

    def fill(dialog: CostDialog) -> None:
        assert dialog.shown_problems() == ""  # nothing red before the user types
        dialog.item.setCurrentIndex(dialog.item.findText("场地费"))
        type_text(qtbot, dialog.amount, "800")
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        assert not dialog.isVisible(), dialog.shown_problems()

    modal.run(CostDialog, fill, page.costs.add_cost)
    settle(qtbot, page)
    assert [(c.item, c.amount_fen) for c in activities.list_costs(db, activity_id)] == [("场地费", 80_000)]
    assert page.activity.costs_fen == 80_000
    page.costs.table.selectRow(0)

    def give_reason(dialog: ReasonDialog) -> None:
        type_text(qtbot, dialog.reason, "重复登记")
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        assert not dialog.isVisible(), dialog.shown_problems()

    modal.run(ReasonDialog, give_reason, page.costs.remove_cost)
    settle(qtbot, page)
    assert activities.list_costs(db, activity_id) == []


def test_prizes_are_posted_once_when_handed_out_and_withdrawn_with_a_reason(page, modal, monkeypatch, qtbot):
    from unionapp.ui.activities import activity_prizes
    from unionapp.ui.widgets.reason_dialog import ReasonDialog

    db = page.db
    activity_id = new_activity(db)
    people = [m for m in members.list_members(db) if m.status == "active"][:2]
    for person, fen in zip(people, (50_000, 30_000), strict=True):
        activities.add_prize(db, activity_id, activities.PrizeInput(person.id, "奖", value_fen=fen))
    show(qtbot, page, activity_id)
    page.views.setCurrentWidget(page.prizes)
    asked = []
    monkeypatch.setattr(activity_prizes, "confirm", lambda _p, _t, text: asked.append(text) or True)
    told = []
    page.ledger_changed.connect(lambda: told.append(True))
    assert page.prizes.issue_button.text() == "奖品已发放…" and page.prizes.issue_button.isEnabled()
    qtbot.mouseClick(page.prizes.issue_button, Qt.MouseButton.LeftButton)
    assert asked and "800.00" in asked[0]
    with db.session() as s:
        assert ledger.live_entry_for(s, "activity", activity_id).amount_fen == 80_000
    qtbot.waitUntil(lambda: page.activity is not None and page.activity.prizes_issued)
    assert told and page.prizes.issue_button.text() == "撤回奖品发放…"

    def withdraw(dialog: ReasonDialog) -> None:
        type_text(qtbot, dialog.reason, "还有一项没发")
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    modal.run(ReasonDialog, withdraw, lambda: qtbot.mouseClick(page.prizes.issue_button, Qt.MouseButton.LeftButton))
    with db.session() as s:
        assert ledger.live_entry_for(s, "activity", activity_id) is None
    qtbot.waitUntil(lambda: page.activity is not None and not page.activity.prizes_issued)


def test_names_typed_one_after_another_are_all_signed_up(page, modal, qtbot):
    db = page.db
    activity_id = new_activity(db)
    show(qtbot, page, activity_id)
    names = {}
    for m in members.list_members(db):
        if m.status == "active" and m.is_union_member:
            names.setdefault(m.name, m)
    two = [m for m in names.values() if sum(o.name == m.name for o in members.list_members(db)) == 1][:2]

    def fill(dialog: SignUpDialog) -> None:
        dialog.picker.setFocus()
        for m in two:
            qtbot.waitUntil(lambda: dialog.picker.hasFocus())  # the cursor waits for the next name
            type_text(qtbot, dialog.picker, m.name)
            qtbot.keyClick(dialog.picker, Qt.Key.Key_Return)
        assert dialog.picked_ids == [m.id for m in two]
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        assert not dialog.isVisible(), dialog.shown_problems()

    modal.run(SignUpDialog, fill, lambda: page.entries.sign_up(False))
    settle(qtbot, page)
    assert {e.member_id for e in activities.list_entries(db, activity_id)} == {m.id for m in two}
