"""首页 as the chair uses it, after a walk through the window: every menu opened by its own
Alt+letter, the province hint opening 设置 (and the list read again once it is saved), a
checkup line selecting its person in the campaign, a proposal line showing its row, the
year plan's second printout named as its report, and a new database telling what to do
first."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

import pytest
from PySide6.QtCore import QSettings, Qt

from unionapp.domain.care import CARE_KINDS
from unionapp.services import checkups, members, proposals
from unionapp.services import settings as settings_service
from unionapp.services.care import CareLine, CareList
from unionapp.ui.checkups.tab import CheckupsTab
from unionapp.ui.home import care_view
from unionapp.ui.home.plan_dialogs import DoneDialog
from unionapp.ui.home.tab import HomeTab
from unionapp.ui.shell import area_tabs, settings_dialog


@pytest.fixture
def home(demo_db, open_window, qtbot):
    QSettings().setValue("window/tab", "home")
    window = open_window(demo_db)
    tab = window.tabs.currentWidget()
    assert isinstance(tab, HomeTab)
    qtbot.waitUntil(lambda: not tab.page("care").loading)
    return tab


def _show(monkeypatch, qtbot, page, lines: list[CareLine]) -> None:
    monkeypatch.setattr(care_view, "load_care", lambda _db, year, month, _today: CareList(year, month, lines, {}))
    page.reload()
    qtbot.waitUntil(lambda: not page.loading and page.data.lines is lines)


def _letter(text: str) -> str:
    match = re.search(r"&(\w)", text)
    assert match, f"{text} has no Alt letter"
    return match.group(1).upper()


def test_every_menu_of_the_bar_has_its_own_alt_letter(db, open_window, qtbot):
    """首页, 困难帮扶 and 帮助 all took H: Alt+H opened whichever Qt found first."""
    window = open_window(db)
    fixed = [a.text() for a in window.menuBar().actions() if a.menu() not in _area_menus(window)]
    area_letters: dict[str, str] = {}
    for key in area_tabs.AREAS:
        tab = window.area_tab(key)
        window.tabs.setCurrentWidget(tab)
        shown = [a.text() for a in window.menuBar().actions() if a.isVisible()]
        letters = [_letter(text) for text in shown]
        assert len(letters) == len(set(letters)), f"{key}: {shown}"
        area_letters[tab.area_menu.title()] = _letter(tab.area_menu.title())
    every = list(area_letters.values()) + [_letter(t) for t in fixed if "报表" not in t]
    assert len(every) == len(set(every)), area_letters  # a letter names one menu wherever it shows
    assert area_letters["首页(&S)"] == "S" and area_letters["困难帮扶(&K)"] == "K"


def _area_menus(window) -> set:
    return {getattr(window.tabs.widget(i), "area_menu", None) for i in range(window.tabs.count())}


def test_the_province_hint_opens_settings_and_the_list_reads_again_after_saving(home, qtbot, monkeypatch):
    """The service names the hint's action "settings": the line did nothing at all."""
    page, window = home.page("care"), home.window()
    hint = CareLine("far_from_home", CARE_KINDS["far_from_home"], None, "", "", "请在“设置”中填写学校所在省份", None,
                    "settings", None)  # fmt: skip
    _show(monkeypatch, qtbot, page, [hint])
    page.select_line(hint)
    assert page.line_button.text() == "填写学校所在省份…"
    asked: list[str] = []

    class FakeSettings:
        def __init__(self, current, _parent):
            self.current = current

        def exec(self):
            asked.append("设置")
            return True

        def result_settings(self):
            return replace(self.current, school_province="安徽")

    monkeypatch.setattr(settings_dialog, "SettingsDialog", FakeSettings)
    reads: list[int] = []
    monkeypatch.setattr(care_view, "load_care", lambda _db, y, m, _t: reads.append(1) or CareList(y, m, [], {}))
    page.activate(hint)
    assert asked == ["设置"]
    assert settings_service.load(home.db).school_province == "安徽"
    qtbot.waitUntil(lambda: bool(reads) and not page.loading)  # saved: 首页 reads its list again
    assert page.shown_lines() == [] and window.tabs.currentWidget() is home


def test_a_checkup_line_selects_its_person_in_the_campaign(home, qtbot, monkeypatch):
    page, window = home.page("care"), home.window()
    campaign = next(c for c in checkups.list_campaigns(home.db) if c.year < date.today().year)
    people = checkups.list_people(home.db, campaign.id)
    person = people[-1]  # the list's last: out of view unless the table is scrolled to it
    line = CareLine("recheck", CARE_KINDS["recheck"], person.member_id, person.name, "", "需复查", None, "checkup",
                    campaign.id)  # fmt: skip
    _show(monkeypatch, qtbot, page, [line])
    tab = window.area_tab("checkups")
    tab.reload()
    tab.people.search.setText("没有这个人")  # a search left from before hides the person
    tab.people.apply_filter()
    page.activate(line)
    assert isinstance(window.tabs.currentWidget(), CheckupsTab)
    assert tab.campaign.id == campaign.id
    assert [p.member_id for p in tab.people.selected_rows()] == [person.member_id]
    table = tab.people.table
    qtbot.waitUntil(lambda: table.visualRect(table.currentIndex()).intersects(table.viewport().rect()))


def test_a_proposal_line_shows_the_proposals_row(home, qtbot, monkeypatch):
    page, window = home.page("care"), home.window()
    every = proposals.list_proposals(home.db)
    assert len(every) > 15, "the demo congress has more proposals than the page shows at once"
    last = every[-1]
    line = CareLine("proposal", CARE_KINDS["proposal"], None, last.title, "", "逾期", None, "proposal", last.id)
    _show(monkeypatch, qtbot, page, [line])
    page.activate(line)
    proposals_page = window.area_tab("congress").page("proposals")
    qtbot.waitUntil(lambda: not proposals_page.loading and proposals_page.selected_ids() == [last.id])
    table = proposals_page.table
    qtbot.waitUntil(lambda: table.visualRect(table.currentIndex()).intersects(table.viewport().rect()))


def test_the_plan_pages_second_printout_is_named_as_its_report(home, qtbot):
    plan = home.page("plan")
    assert plan.ledger_print.text() == "打印完成情况…"
    assert plan.REPORTS["year-ledger"][1] == "年度工作计划完成情况"


def test_a_new_database_says_to_add_members_first(db, open_window, qtbot):
    QSettings().setValue("window/tab", "home")
    window = open_window(db)
    page = window.tabs.currentWidget().page("care")
    qtbot.waitUntil(lambda: not page.loading)
    assert members.count_members(db) == 0
    assert "还没有会员" in page.empty.text() and "导入花名册" in page.empty.text()
    assert page.empty.isVisible() and not page.summary.isVisible()  # said once, in the list's place


def test_the_window_opens_on_the_first_line_and_enter_does_it(home, qtbot, monkeypatch):
    """The first thing to do is chosen: its button says what it is, Enter on the list does it."""
    page = home.page("care")
    first = page.shown_lines()[0]
    assert page.selected_line() == first
    assert page.line_button.isEnabled() and page.line_button.text() == care_view.action_text(first)
    assert page.tree.hasFocus()
    asked: list[tuple[str, dict]] = []
    page.open_requested.disconnect()  # what the window would open is test_home_tab's business
    page.open_requested.connect(lambda action, where: asked.append((action, where)))
    qtbot.keyClick(page.tree, Qt.Key.Key_Return)
    assert asked and asked[0][0] == first.action and asked[0][1]["member_id"] == first.member_id


def test_a_read_only_copy_says_why_a_visit_line_opens_no_form(read_only_db, open_window, qtbot, monkeypatch, messages):
    """登记走访 on a read-only database did nothing at all: no form, no word."""
    QSettings().setValue("window/tab", "home")
    window = open_window(read_only_db)
    page = window.tabs.currentWidget().page("care")
    qtbot.waitUntil(lambda: not page.loading)
    member = members.list_members(read_only_db)[0]
    line = CareLine("retiring", CARE_KINDS["retiring"], member.id, member.name, "", "将退休", None,
                    "retirement_visit", None)  # fmt: skip
    _show(monkeypatch, qtbot, page, [line])
    page.activate(line)
    assert messages.texts("information") == ["数据库现在是只读的（原因见窗口上方），不能登记退休走访。"]


def test_a_long_title_is_not_cut(home, qtbot, monkeypatch):
    """A plan item's title (“工会档案整理，迎接上级检查”) showed as “工会档案整理，…”."""
    page = home.page("care")
    title = "工会档案整理，迎接上级检查"
    line = CareLine("plan", CARE_KINDS["plan"], None, title, "", "8月计划，尚未完成", None, "plan", 1)
    _show(monkeypatch, qtbot, page, [line])
    [item] = page._line_items()
    rect = page.tree.visualItemRect(item)
    needed = page.tree.fontMetrics().horizontalAdvance(title)
    assert rect.x() + needed + 8 <= page.tree.columnWidth(0)  # the text and the cell's padding
    assert item.toolTip(0) == title


def test_enter_on_an_open_plan_item_offers_to_mark_it_done(demo_db, open_window, qtbot, modal):
    QSettings().setValue("window/tab", "home")
    QSettings().setValue("home/page", 1)
    window = open_window(demo_db)
    plan = window.tabs.currentWidget().current
    qtbot.waitUntil(lambda: not plan.loading)
    row = next(n for n, r in enumerate(plan.model.shown_rows) if r.done_on is None)
    plan.table.selectRow(row)
    seen: list[str] = []

    def press() -> None:
        plan.table.setFocus()
        qtbot.keyClick(plan.table, Qt.Key.Key_Return)

    modal.run(DoneDialog, lambda d: seen.append(d.windowTitle()), press)
    assert seen == [f"标记完成：{plan.model.shown_rows[row].title}"]
