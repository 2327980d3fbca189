"""首页's 本月关爱 page: the service's lines grouped by kind in the page's order, the month
chooser, each line's action opening the right place in the window, and a settled line
gone after the list reads again."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import QSettings, Qt

from unionapp.domain.care import CARE_KINDS
from unionapp.domain.members import MemberInput
from unionapp.services import care, checkups, members, proposals, visits, year_plan
from unionapp.services.care import CareLine, CareList
from unionapp.services.visits import VisitInput
from unionapp.ui.activities.handout_dialog import HandoutDialog
from unionapp.ui.checkups.tab import CheckupsTab
from unionapp.ui.congress.tab import CongressTab
from unionapp.ui.funds.tab import FundsTab
from unionapp.ui.home import care_view
from unionapp.ui.home.tab import HomeTab
from unionapp.ui.members.tab import MembersTab
from unionapp.ui.visits.dialog import VisitDialog

from .helpers import choose, choose_data


@pytest.fixture
def home(demo_db, open_window, qtbot):
    """The window opened on 首页 (as the app does with no tab remembered), its list shown."""
    QSettings().setValue("window/tab", "home")
    window = open_window(demo_db)
    tab = window.tabs.currentWidget()
    assert isinstance(tab, HomeTab) and window.tabs.indexOf(tab) == 0
    page = tab.page("care")
    qtbot.waitUntil(lambda: not page.loading)
    return tab


def _line(kind: str, member_id: int | None, name: str, action: str, ref_id: int | None = None, day=None):
    return CareLine(kind, CARE_KINDS[kind], member_id, name, "高中组", f"{name}的情况", day, action, ref_id)


def _fake(monkeypatch, qtbot, page, lines: list[CareLine]) -> None:
    """The page shows `lines` (read as the service's) whatever month it asks for."""
    monkeypatch.setattr(care_view, "load_care", lambda _db, year, month, _today: CareList(year, month, lines, {}))
    page.reload()
    qtbot.waitUntil(lambda: not page.loading and page.data.lines is lines)


def test_the_page_shows_the_services_lines_grouped_by_kind(home, qtbot):
    page, today = home.page("care"), date.today()
    expected = care.care_list(home.db, today.year, today.month, today).lines
    assert expected, "the demo school owes someone something this month"
    assert page.shown_lines() == expected  # every line, in the service's order, nothing else
    counts = {kind: sum(1 for x in expected if x.kind == kind) for kind in CARE_KINDS}
    assert page.headings() == [f"{label}（{counts[k]}）" for k, label in CARE_KINDS.items() if counts[k]]
    assert home.window().tabs.tabText(0) == f"首页（{len(expected)}）"
    assert page.status_text() == f"{today.year}年{today.month}月：需要关注 {len(expected)} 项"


def test_headings_follow_the_kinds_order_and_long_kinds_start_folded(home, qtbot, monkeypatch):
    page = home.page("care")
    people = [_line("womens_checkup", i, f"女{i}", "checkup") for i in range(40)]
    lines = [_line("proposal", None, "关于食堂的提案", "proposal", 7), *people, _line("birthday", 1, "甲", "member")]
    _fake(monkeypatch, qtbot, page, lines)
    assert page.headings() == ["本月生日（1）", "未参加女职工体检（40）", "提案逾期未答复（1）"]
    assert [page.tree.topLevelItem(i).isExpanded() for i in range(3)] == [True, False, True]
    assert "本月生日 1、未参加女职工体检 40、提案逾期未答复 1" in page.summary.text()
    _fake(monkeypatch, qtbot, page, [])
    assert "没有需要关注的事项" in page.empty.text() and page.empty.isVisible() and not page.tree.isVisible()
    assert not page.summary.isVisible()
    _fake(monkeypatch, qtbot, page, lines)
    assert page.summary.isVisible() and page.tree.isVisible() and not page.empty.isVisible()


def test_a_folded_kinds_lines_are_made_when_it_opens(home, qtbot, monkeypatch):
    page = home.page("care")
    people = [_line("womens_checkup", i, f"女{i}", "checkup") for i in range(40)]
    lines = [_line("birthday", 1, "甲", "member"), *people, _line("proposal", None, "关于食堂的提案", "proposal", 7)]
    _fake(monkeypatch, qtbot, page, lines)
    folded = page.tree.topLevelItem(1)
    assert not folded.isExpanded() and folded.childCount() == 0  # nothing made for 40 hidden lines
    assert page.tree.itemsExpandable() and page.shown_lines() == lines  # still the list's lines, in order
    folded.setExpanded(True)  # the user opens it
    assert [folded.child(j).text(0) for j in range(folded.childCount())] == [f"女{i}" for i in range(40)]
    assert page.shown_lines() == lines
    _fake(monkeypatch, qtbot, page, lines)  # read again: folded again, nothing made
    assert page.tree.topLevelItem(1).childCount() == 0
    page.select_line(people[7])  # a care line chosen elsewhere (the window's open_target)
    assert page.selected_line() == people[7] and page.tree.topLevelItem(1).childCount() == 40


def test_choosing_another_month_reads_that_month(home, qtbot):
    page = home.page("care")
    today = date.today()
    other = (today.year, today.month % 12 + 1) if today.month < 12 else (today.year + 1, 1)
    choose_data(qtbot, page.month_box, other[0] * 100 + other[1])
    qtbot.waitUntil(lambda: not page.loading and (page.data.year, page.data.month) == other)
    expected = care.care_list(home.db, *other, today).lines
    assert page.shown_lines() == expected
    qtbot.mouseClick(page.this_month, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not page.loading and (page.data.year, page.data.month) == (today.year, today.month))


def _act(page, qtbot, line) -> None:
    page.select_line(line)
    assert page.selected_line() == line
    page.line_action.trigger()


def test_member_lines_open_the_member_on_the_members_tab(home, qtbot, monkeypatch):
    page, window = home.page("care"), home.window()
    member = members.list_members(home.db)[5]
    line = _line("teaching_age", member.id, member.name, "member")
    _fake(monkeypatch, qtbot, page, [line])
    assert page.shown_lines() == [line]
    page.select_line(line)
    assert page.line_action.text() == page.line_button.text() == "打开会员"  # the button says what it does
    _act(page, qtbot, line)
    tab = window.tabs.currentWidget()
    assert isinstance(tab, MembersTab)
    assert tab.selected_ids() == [member.id]


def test_a_visit_line_opens_the_visit_form_with_the_member_and_type(home, qtbot, monkeypatch, modal):
    page = home.page("care")
    member = members.list_members(home.db)[3]
    line = _line("hospital", member.id, member.name, "visit", None, date.today() - timedelta(days=9))
    _fake(monkeypatch, qtbot, page, [line])
    assert page.shown_lines() == [line]

    def look(dialog: VisitDialog):
        assert dialog.member_edit.member.id == member.id
        assert dialog.status_box.currentData() == "done" and dialog.reason_edit.text() == "住院回访"

    modal.run(VisitDialog, look, lambda: _act(page, qtbot, line))
    assert isinstance(home.window().tabs.currentWidget(), HomeTab)  # the form opened over the page


def test_the_birthday_line_opens_a_birthday_handout_for_the_month(home, qtbot, monkeypatch, modal):
    page = home.page("care")
    member = members.list_members(home.db)[0]
    line = _line("birthday", member.id, member.name, "birthday_handout")
    _fake(monkeypatch, qtbot, page, [line])
    assert page.shown_lines() == [line]
    today = date.today()

    def look(dialog: HandoutDialog):
        assert dialog.kind.currentData() == "birthday"
        assert dialog.day.text() == today.isoformat()
        assert dialog.name.text() == f"{today.year}年{today.month}月生日祝福"

    modal.run(HandoutDialog, look, lambda: _act(page, qtbot, line))


def test_checkup_proposal_budget_and_plan_lines_open_their_places(home, qtbot, monkeypatch):
    page, window, db = home.page("care"), home.window(), home.db
    campaign = checkups.list_campaigns(db)[-1]
    proposal = proposals.list_proposals(db)[0]
    year_plan.ensure_year(db, date.today().year)
    item = year_plan.list_items(db, date.today().year)[2]
    lines = [
        _line("recheck", 1, "复查者", "checkup", campaign.id),
        _line("budget", None, "福利费", "budget", 1),
        _line("plan", None, item.title, "plan", item.id),
        _line("proposal", None, proposal.title, "proposal", proposal.id),
    ]
    _fake(monkeypatch, qtbot, page, lines)
    assert page.shown_lines() == [lines[0], lines[1], lines[2], lines[3]]
    _act(page, qtbot, lines[0])
    assert isinstance(window.tabs.currentWidget(), CheckupsTab)
    assert window.checkups_tab.campaign.id == campaign.id and window.checkups_tab.year == campaign.year
    window.tabs.setCurrentWidget(home)
    _act(page, qtbot, lines[1])
    funds = window.tabs.currentWidget()
    assert isinstance(funds, FundsTab) and funds.views.currentWidget() is funds.budget_view
    window.tabs.setCurrentWidget(home)
    qtbot.waitUntil(lambda: not page.loading)
    _act(page, qtbot, lines[2])
    plan = home.page("plan")
    assert window.tabs.currentWidget() is home and home.current is plan
    qtbot.waitUntil(lambda: not plan.loading and plan.selected() is not None)
    assert plan.selected().id == item.id
    home.pages.setCurrentIndex(0)
    _act(page, qtbot, lines[3])
    congress = window.tabs.currentWidget()
    assert isinstance(congress, CongressTab)
    shown = congress.page("proposals")
    qtbot.waitUntil(lambda: not shown.loading and shown.proposal is not None)
    assert shown.proposal.id == proposal.id


def test_a_hardship_line_opens_the_file(home, qtbot, monkeypatch):
    from unionapp.ui.hardship.tab import HardshipTab

    opened: list[int] = []
    monkeypatch.setattr(HardshipTab, "open_file", lambda _tab, file_id: opened.append(file_id))
    page = home.page("care")
    line = _line("hardship_review", 4, "困难者", "hardship", 12)
    _fake(monkeypatch, qtbot, page, [line])
    assert page.shown_lines() == [line]
    _act(page, qtbot, line)
    assert isinstance(home.window().tabs.currentWidget(), HardshipTab) and opened == [12]


def test_a_settled_line_disappears_after_the_list_reads_again(home, qtbot, modal):
    """A hospital visit nine days ago with no follow-up is a line; 登记走访 from it saves the
    follow-up, the 五必访 tab tells the window, and the list reads again without it."""
    db, page = home.db, home.page("care")
    today = date.today()
    member_id = members.add_member(db, MemberInput(name="甄住院", group_name="高中组"))
    hospital = next(t.id for t in visits.list_types(db) if t.code == "hospital")
    visits.add_visit(db, VisitInput(member_id, hospital, today - timedelta(days=9), money_fen=30000, reason="骨折住院"))
    page.reload()
    qtbot.waitUntil(lambda: not page.loading and any(x.member_id == member_id for x in page.shown_lines()))
    line = next(x for x in page.shown_lines() if x.member_id == member_id)
    assert line.kind == "hospital" and page.line_action.text() != ""

    def save(dialog: VisitDialog):
        qtbot.waitUntil(dialog.is_judged)
        assert dialog.member_edit.member.id == member_id
        choose(qtbot, dialog.type_box, "生育")
        qtbot.waitUntil(dialog.is_judged)
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        assert not dialog.isVisible(), dialog.shown_problems()

    modal.run(VisitDialog, save, lambda: _act(page, qtbot, line))
    assert [x for x in care.care_list(db, today.year, today.month, today).lines if x.member_id == member_id] == []
    qtbot.waitUntil(lambda: not page.loading and all(x.member_id != member_id for x in page.shown_lines()))
    assert [x for x in care.care_list(db, today.year, today.month, today).lines if x.member_id == member_id] == []
