"""The 体检 tab driven as a user does: a women's campaign set up through the dialog, bulk
status changes and the union's cost in the ledger, dates refused, a man refused for the
women's checkup, coverage and the missing list, hidden health notes, the October reminder."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt

from unionapp.domain.checkups import ATTENDED
from unionapp.services import checkups, ledger, members
from unionapp.services.checkups import CampaignInput
from unionapp.services.ledger import LedgerFilter
from unionapp.ui.checkups import actions as checkups_actions
from unionapp.ui.checkups import tab as checkups_tab
from unionapp.ui.checkups.dialogs import MemberPickDialog, StatusDialog
from unionapp.ui.checkups.forms import CampaignDialog
from unionapp.ui.checkups.model import NOTE_COLUMN
from unionapp.ui.checkups.tab import CheckupsTab

from .helpers import choose, click_checkbox, retype, type_text

YEAR = date.today().year
COST_FEN = 30000  # 300 元 each


@pytest.fixture
def school(empty_books_db):
    """The demo school's members, with no checkups and no funds yet."""
    return empty_books_db


@pytest.fixture
def make_tab(qtbot):
    def make(database) -> CheckupsTab:
        tab = CheckupsTab(database)
        qtbot.addWidget(tab)
        tab.resize(1200, 760)
        tab.show()
        qtbot.waitExposed(tab)
        return tab

    return make


@pytest.fixture
def confirmations(monkeypatch, messages):
    """`confirm` in the checkups modules answers as messages.confirm_answer says."""

    def fake(_parent, _title, text):
        messages.confirmations.append(text)
        assert messages.confirm_answer is not None, f"unexpected confirmation: {text}"
        return messages.confirm_answer

    monkeypatch.setattr(checkups_actions, "confirm", fake)
    return messages


def make_campaign(db, eligibility: str = "all_active", name: str = f"{YEAR}年教职工体检") -> int:
    return checkups.create_campaign(
        db,
        CampaignInput(
            YEAR, name, eligibility, date(YEAR, 1, 1), date(YEAR, 12, 31), "区人民医院", "基础套餐", COST_FEN
        ),
    )


def checkup_cost(db) -> int:
    return sum(e.amount_fen for e in ledger.list_entries(db, LedgerFilter(year=YEAR, source="checkup")))


def select_people(qtbot, tab: CheckupsTab, person_ids: list[int]) -> None:
    """Click the first row, Ctrl+click the others, as a user picks several."""
    table, model = tab.people.table, tab.people.model
    for n, person_id in enumerate(person_ids):
        index = model.index(model.row_of(person_id), 0)
        table.scrollTo(index)
        modifier = Qt.KeyboardModifier.ControlModifier if n else Qt.KeyboardModifier.NoModifier
        qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, modifier, table.visualRect(index).center())
    assert sorted(tab.people.selected_ids()) == sorted(person_ids)


def mark_done(qtbot, modal, tab: CheckupsTab, day_text: str, expect_saved: bool = True) -> list[str]:
    problems: list[str] = []

    def fill(dialog: StatusDialog):
        retype(qtbot, dialog.day, day_text)
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        problems.append(dialog.shown_problems())
        assert dialog.isVisible() != expect_saved

    modal.run(StatusDialog, fill, tab.actions.done_action.trigger)
    return problems


def test_women_campaign_made_through_the_dialog_lists_only_women(school, make_tab, qtbot, modal):
    tab = make_tab(school)
    assert tab.campaign is None and tab.status_text() == f"{YEAR} 年还没有体检批次"

    def fill(dialog: CampaignDialog):
        choose(qtbot, dialog.eligibility, "女教职工")
        retype(qtbot, dialog.date_from, f"{YEAR}-01-01")
        retype(qtbot, dialog.date_to, f"{YEAR}-12-31")
        assert dialog.name.text() == f"{YEAR}年女教职工体检（两癌筛查）"  # suggested, not typed
        type_text(qtbot, dialog.hospital, "市妇幼保健院")
        type_text(qtbot, dialog.amount, "260")
        women = sum(m.gender == "F" and m.status == "active" for m in members.list_members(school))
        assert f"将列入 {women} 人" in dialog.estimate.text()
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        assert not dialog.isVisible(), dialog.shown_problems()

    modal.run(CampaignDialog, fill, tab.new_item)
    campaign = tab.campaign
    assert campaign is not None and campaign.eligibility == "women" and campaign.hospital == "市妇幼保健院"
    shown = tab.people.model.shown_rows
    expected = {m.id for m in members.list_members(school) if m.gender == "F" and m.status == "active"}
    assert shown and {p.member_id for p in shown} == expected
    assert {p.gender for p in shown} == {"F"}
    assert tab.campaign_model.rowCount() == 1 and campaign.cost_per_person_fen == 26000


def test_bulk_done_posts_the_cost_and_an_absence_takes_it_back(school, make_tab, qtbot, modal):
    campaign_id = make_campaign(school)
    tab = make_tab(school)
    three = [p.id for p in tab.people.model.shown_rows[:3]]
    select_people(qtbot, tab, three)
    mark_done(qtbot, modal, tab, f"{YEAR}-01-02")
    people = {p.id: p for p in checkups.list_people(school, campaign_id)}
    assert all(people[i].status == "done" and people[i].checkup_date == date(YEAR, 1, 2) for i in three)
    assert sum(p.status == "done" for p in people.values()) == 3
    assert checkup_cost(school) == 3 * COST_FEN
    assert sorted(tab.people.selected_ids()) == sorted(three)  # the selection stays for the next action

    select_people(qtbot, tab, three[:1])

    def absent(dialog: StatusDialog):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        assert dialog.isVisible() and "原因" in dialog.shown_problems()  # a reason is asked for
        type_text(qtbot, dialog.reason, "病假")
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        assert not dialog.isVisible()

    modal.run(StatusDialog, absent, tab.actions.absent_action.trigger)
    person = next(p for p in checkups.list_people(school, campaign_id) if p.id == three[0])
    assert person.status == "absent" and person.absence_reason == "病假" and person.checkup_date is None
    assert checkup_cost(school) == 2 * COST_FEN
    assert tab.campaign.cost_fen == 2 * COST_FEN and tab.campaign.attended == 2


def test_taking_back_an_examined_person_asks_first(school, make_tab, qtbot, modal, confirmations):
    campaign_id = make_campaign(school)
    tab = make_tab(school)
    two = [p.id for p in tab.people.model.shown_rows[:2]]
    checkups.set_status(school, campaign_id, two[:1], "done", date(YEAR, 1, 1))
    tab.refresh()
    select_people(qtbot, tab, two)
    confirmations.confirm_answer = False
    tab.actions.notified_action.trigger()
    assert "有 1 人已经体检" in confirmations.confirmations[0]
    assert sorted(p.status for p in checkups.list_people(school, campaign_id) if p.id in two) == ["done", "pending"]
    confirmations.confirm_answer = True
    tab.actions.notified_action.trigger()
    assert {p.status for p in checkups.list_people(school, campaign_id) if p.id in two} == {"notified"}
    assert checkup_cost(school) == 0


def test_a_date_outside_the_campaign_is_refused_with_the_reason(school, make_tab, qtbot, modal):
    campaign_id = make_campaign(school)
    tab = make_tab(school)
    select_people(qtbot, tab, [tab.people.model.shown_rows[0].id])
    problems = mark_done(qtbot, modal, tab, f"{YEAR - 1}-12-31", expect_saved=False)
    assert problems == [f"体检日期 {YEAR - 1}-12-31 不在本次体检的日期范围（{YEAR}-01-01 至 {YEAR}-12-31）内。"]
    assert all(p.status == "pending" for p in checkups.list_people(school, campaign_id))
    assert checkup_cost(school) == 0


def test_the_default_day_is_today_kept_inside_the_campaign(school, make_tab, qtbot, modal, monkeypatch):
    make_campaign(school)
    monkeypatch.setattr(checkups_tab, "today", lambda: date(YEAR + 1, 2, 1))  # after the campaign ended
    tab = make_tab(school)
    assert tab.campaign is None  # the new year has none yet
    choose(qtbot, tab.year_box, f"{YEAR} 年")
    select_people(qtbot, tab, [tab.people.model.shown_rows[0].id])
    seen: list[str] = []
    modal.run(StatusDialog, lambda d: seen.append(d.day.text()), tab.actions.done_action.trigger)
    assert seen == [f"{YEAR}-12-31"]


def test_a_man_is_refused_for_the_womens_checkup(school, make_tab, qtbot, modal, messages):
    campaign_id = make_campaign(school, "women", f"{YEAR}年女教职工体检（两癌筛查）")
    tab = make_tab(school)
    man = next(m for m in members.list_members(school) if m.gender == "M" and m.status == "active")

    def pick(dialog: MemberPickDialog):
        type_text(qtbot, dialog.search, man.name)
        qtbot.waitUntil(lambda: all(man.name in m.name for m in dialog.shown))  # the search has run
        assert man.id in {m.id for m in dialog.shown}
        dialog.table.selectRow(next(n for n, m in enumerate(dialog.shown) if m.id == man.id))
        qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)

    before = len(checkups.list_people(school, campaign_id))
    modal.run(MemberPickDialog, pick, tab.actions.add_action.trigger)
    assert messages.texts("warning") == [f"{man.name} 不是女教职工，不能加入“{YEAR}年女教职工体检（两癌筛查）”。"]
    assert len(checkups.list_people(school, campaign_id)) == before


def _some_progress(db, campaign_id: int) -> None:
    ids = [p.id for p in checkups.list_people(db, campaign_id)]
    checkups.set_status(db, campaign_id, ids[0:40:3], "done", date(YEAR, 1, 1))
    checkups.set_status(db, campaign_id, ids[1:20:4], "followup", date(YEAR, 1, 1), note="甲状腺结节，3个月后复查")
    checkups.set_status(db, campaign_id, ids[2:30:5], "absent", reason="产假")
    checkups.set_status(db, campaign_id, ids[50:60], "notified")


def test_coverage_numbers_match_the_list(school, make_tab):
    campaign_id = make_campaign(school)
    _some_progress(school, campaign_id)
    tab = make_tab(school)
    people = checkups.list_people(school, campaign_id)
    attended = sum(p.status in ATTENDED for p in people)
    panel = tab.coverage
    assert (panel.eligible.text(), panel.attended.text(), panel.missing.text()) == (
        str(len(people)),
        str(attended),
        str(len(people) - attended),
    )
    groups: dict[str, list[int]] = {}
    for p in people:
        counts = groups.setdefault(p.group_name or "（未分组）", [0, 0])
        counts[0] += p.status in ATTENDED
        counts[1] += p.status not in ATTENDED
    bars = panel.bar_values()
    labels = panel.names.categories()
    assert {label: [bars["已检"][n], bars["未检"][n]] for n, label in enumerate(labels)} == groups
    assert tab.campaign_model.rowCount() == 1
    assert tab.campaign.cost_fen == attended * COST_FEN


def test_the_missing_list_is_one_click_away(school, make_tab, qtbot):
    campaign_id = make_campaign(school)
    _some_progress(school, campaign_id)
    tab = make_tab(school)
    type_text(qtbot, tab.people.search, "zzzz")  # a search left over is cleared
    qtbot.mouseClick(tab.coverage.missing_button, Qt.MouseButton.LeftButton)
    missing = {p.id for p in checkups.missing_people(school, campaign_id)}
    shown = tab.people.model.shown_rows
    assert {p.id for p in shown} == missing and len(shown) == tab.campaign.missing > 0
    assert {p.status for p in shown} == {"pending", "notified", "absent"}
    assert tab.status_text().endswith(f"显示 {len(missing)} 人 / 共 {tab.campaign.eligible} 人")


def test_search_by_initials_and_status_filter(school, make_tab, qtbot):
    campaign_id = make_campaign(school)
    _some_progress(school, campaign_id)
    tab = make_tab(school)
    first = tab.people.model.shown_rows[0]
    member = next(m for m in members.list_members(school) if m.id == first.member_id)
    initials = member.search_text.split("|")[1]  # "|pinyin|initials|..." - first reading
    type_text(qtbot, tab.people.search, initials)
    qtbot.waitUntil(lambda: tab.people.model.rowCount() < tab.people.model.total_count)
    assert first.id in {p.id for p in tab.people.model.shown_rows}
    tab.people.search.clear()
    choose(qtbot, tab.people.status_filter, "需复查")
    assert {p.status for p in tab.people.model.shown_rows} == {"followup"}


def test_health_notes_are_hidden_until_asked_for(school, make_tab, qtbot):
    campaign_id = make_campaign(school)
    _some_progress(school, campaign_id)
    tab = make_tab(school)
    model = tab.people.model
    row = next(n for n, p in enumerate(model.shown_rows) if p.status == "followup")
    index = model.index(row, NOTE_COLUMN)
    for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
        assert "甲状腺" not in model.data(index, role)
    assert model.data(index) == "（复查说明已隐藏）"
    click_checkbox(qtbot, tab.people.show_health)
    assert model.data(index) == "复查：甲状腺结节，3个月后复查"


def test_remove_people_asks_first(school, make_tab, qtbot, confirmations):
    campaign_id = make_campaign(school)
    tab = make_tab(school)
    two = [p.id for p in tab.people.model.shown_rows[:2]]
    select_people(qtbot, tab, two)
    confirmations.confirm_answer = False
    tab.delete_item()
    assert len(checkups.list_people(school, campaign_id)) == tab.campaign.eligible
    confirmations.confirm_answer = True
    tab.delete_item()
    assert len(confirmations.confirmations) == 2 and "移出" in confirmations.confirmations[0]
    left = {p.id for p in checkups.list_people(school, campaign_id)}
    assert not left & set(two) and tab.campaign.eligible == len(left)


@pytest.mark.parametrize("month, shown", [(9, False), (10, True)])
def test_the_womens_checkup_reminder_from_october(school, make_tab, qtbot, modal, monkeypatch, month, shown):
    monkeypatch.setattr(checkups_tab, "today", lambda: date(YEAR, month, 8))
    tab = make_tab(school)
    assert tab.banner.isVisible() == shown
    if not shown:
        return
    assert "女教职工体检" in tab.banner_text.text()
    seen: list = []

    def check(dialog: CampaignDialog):
        seen.extend(
            [dialog.eligibility.currentData(), dialog.name.text(), dialog.date_from.text(), dialog.date_to.text()]
        )
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        assert not dialog.isVisible(), dialog.shown_problems()

    modal.run(CampaignDialog, check, lambda: qtbot.mouseClick(tab.banner_button, Qt.MouseButton.LeftButton))
    assert seen == ["women", f"{YEAR}年女教职工体检（两癌筛查）", f"{YEAR}-10-01", f"{YEAR}-12-31"]
    assert tab.campaign.eligibility == "women" and not tab.banner.isVisible()


def test_edit_keeps_the_scope_of_a_listed_campaign(school, make_tab, qtbot, modal):
    make_campaign(school)
    tab = make_tab(school)

    def edit(dialog: CampaignDialog):
        assert not dialog.eligibility.isEnabled() and dialog.name.text() == f"{YEAR}年教职工体检"
        choose(qtbot, dialog.payer, "学校行政")
        assert not dialog.category.isEnabled()
        retype(qtbot, dialog.hospital, "区中医院")
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        assert not dialog.isVisible(), dialog.shown_problems()

    modal.run(CampaignDialog, edit, tab.edit_item)
    assert tab.campaign.hospital == "区中医院" and tab.campaign.payer == "admin"


def test_read_only_database_disables_editing(read_only_db, make_tab):
    """The demo database (with this year's checkups), opened read-only."""
    tab = make_tab(read_only_db)
    assert tab.campaign is not None and tab.people.model.total_count > 0
    tab.people.table.selectRow(0)
    a = tab.actions
    for action in (tab.new_action, tab.edit_action, a.add_action, a.remove_action, a.import_action, *a.status_actions):
        assert not action.isEnabled(), action.text()
    assert not tab.command_enabled("new") and not tab.command_enabled("delete")
    assert tab.command_enabled("print") and tab.command_enabled("export_xlsx")  # looking and printing are fine
    tab.new_item()  # does nothing: a dialog would block this test
    tab.edit_item()
