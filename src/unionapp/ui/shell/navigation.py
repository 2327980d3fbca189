"""Opening, from 首页, the record a line of the care list names and the place that settles
it: a member on the 会员 tab, the visit form over the page (登记走访), a checkup campaign, a
birthday handout's dialog, a hardship file, a plan item, a proposal, the budget.

`open_target(window, action, **where)` with `action` a services.care CareLine action and
`where` its member_id, ref_id, kind, year and month. Forms open over the page the user is
on; after a save the tab that saved tells the window (records_changed) and 首页 reads its
list again, so a settled line disappears. Each area's module loads when first used."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QMessageBox

from unionapp.ui.widgets.common import guarded

if TYPE_CHECKING:
    from unionapp.ui.shell.main_window import MainWindow

# The visit type a care line's 登记走访 starts from (codes of domain.visits.DEFAULT_TYPES).
# Not 生病住院 for a hospital follow-up: the care list takes a new 生病住院 visit for a new
# stay in hospital, still wanting its follow-up; the user picks what the follow-up was.
VISIT_TYPE_BY_KIND = {
    "retiring": "retirement",
    "far_from_home": "festival_stay",
}
VISIT_REASON_BY_KIND = {"hospital": "住院回访", "retiring": "退休", "hardship": "困难职工走访"}
# Actions that write a record: on a read-only database their forms would not open at all.
WRITING = {"visit": "登记走访", "retirement_visit": "登记退休走访", "birthday_handout": "发放生日祝福"}


def open_target(
    window: MainWindow,
    action: str,
    member_id: int | None = None,
    ref_id: int | None = None,
    kind: str = "",
    year: int | None = None,
    month: int | None = None,
    day: date | None = None,
) -> None:
    today = date.today()
    year, month = year or today.year, month or today.month
    if action in WRITING and window.db.read_only:
        QMessageBox.information(
            window, WRITING[action], f"数据库现在是只读的（原因见窗口上方），不能{WRITING[action]}。"
        )
    elif action in ("visit", "retirement_visit"):
        if member_id is None:
            _no_member(window, kind)
        else:
            open_visit_form(window, member_id, ref_id, "retiring" if action == "retirement_visit" else kind, day)
    elif action == "settings" or (action == "member" and member_id is None):
        _no_member(window, kind)
    elif action == "member":
        show_member(window, member_id)
    elif action == "checkup":
        show_campaign(window, ref_id, member_id)
    elif action == "birthday_handout":
        open_birthday_handout(window, year, month)
    elif action == "hardship":
        show_hardship_file(window, ref_id, member_id)
    elif action == "plan":
        home = window.area_tab("home")
        window.tabs.setCurrentWidget(home)
        home.show_plan_item(ref_id, year)
    elif action == "proposal":
        show_proposal(window, ref_id)
    elif action == "budget":
        show_budget(window, year)


def _no_member(window: MainWindow, kind: str) -> None:
    """A line about no one (the school's province not set, action "settings"): the settings
    say it; saving them tells the window, and 首页 reads its list again."""
    if kind == "far_from_home":
        window.edit_settings()


def show_member(window: MainWindow, member_id: int) -> None:
    """The 会员 tab with the member selected (the filters cleared if they hid the member)."""
    tab = window.area_tab("members")
    window.tabs.setCurrentWidget(tab)
    if tab.model.row_of(member_id) is None:
        tab.search.clear()
        for box in (
            tab.group_filter,
            tab.status_filter,
            tab.union_filter,
            tab.gender_filter,
            tab.month_filter,
            tab.retiring_filter,
        ):
            box.setCurrentIndex(0)
        tab.apply_filter()
    tab.select_member(member_id)
    tab.table.setFocus()


def open_visit_form(window: MainWindow, member_id: int, ref_id: int | None, kind: str, day: date | None = None) -> None:
    """登记走访 over the current page: a planned visit marked done, or a new visit of the
    member with the type the line is about."""
    from unionapp.services.visits import VisitInput

    visits = window.area_tab("visits")
    if ref_id is not None and kind != "hospital":  # a planned visit: complete it
        visits.mark_done(ref_id, member_id)
        return
    context = visits._ensure_context()
    if context is None:
        return
    code = VISIT_TYPE_BY_KIND.get(kind)
    type_id = next((t.id for t in context.types if t.code == code), 0) if code else 0
    planned = kind == "retiring"  # 退休 is visited on the day: planned for it, as 五必访 does
    visits.new_item(
        VisitInput(
            member_id,
            type_id,
            day if planned and day and day >= date.today() else date.today(),
            status="planned" if planned else "done",
            reason=VISIT_REASON_BY_KIND.get(kind, ""),
            approver=context.chair,
        )
    )


def show_campaign(window: MainWindow, campaign_id: int | None, member_id: int | None = None) -> None:
    """The 体检 tab on the campaign (its year chosen) with the line's person selected in its
    list; without a campaign, the tab as it is (its banner offers this year's women's checkup)."""
    from unionapp.services import checkups

    tab = window.area_tab("checkups")
    if campaign_id is not None:
        campaign = guarded(window, lambda: checkups.get_campaign(window.db, campaign_id))
        if campaign is not None:
            tab.year, tab.campaign = campaign.year, None
            tab.reload(campaign_id)
    window.tabs.setCurrentWidget(tab)
    if campaign_id is not None and member_id is not None:
        _select_person(tab.people, member_id)


def _select_person(people, member_id: int) -> None:
    """The member's row in a campaign's list, the filters cleared if they hid it, in view."""
    person = next((p for p in people.model.all_rows if p.member_id == member_id), None)
    if person is None:
        return
    if people.model.row_of(person.id) is None:
        people.search.clear()
        people.status_filter.setCurrentIndex(0)
        people.apply_filter()
    people.select_ids({person.id})
    row = people.model.row_of(person.id)
    if row is not None:
        people.table.scrollTo(people.model.index(row, 0))
        people.table.setFocus()


def birthday_day(year: int, month: int, today: date) -> date:
    """The handout's date: today in this month, else the month's first day."""
    return today if (today.year, today.month) == (year, month) else date(year, month, 1)


def open_birthday_handout(window: MainWindow, year: int, month: int) -> None:
    """新建发放 of kind 生日祝福 for the month (its list: the month's birthdays), over the page."""
    from unionapp.ui.activities import handout_actions

    page = window.area_tab("activities").page("handouts")
    handout_actions.new_handout(page, kind="birthday", day=birthday_day(year, month, date.today()))


def show_hardship_file(window: MainWindow, file_id: int | None, member_id: int | None) -> None:
    from unionapp.ui.shell import area_tabs

    if "hardship" not in area_tabs.AREAS:
        QMessageBox.information(window, "困难帮扶", "困难帮扶页面还没有安装。")
        return
    tab = window.area_tab("hardship")
    window.tabs.setCurrentWidget(tab)
    if file_id is not None:
        tab.open_file(file_id)
    elif member_id is not None:
        show_member(window, member_id)


def show_proposal(window: MainWindow, proposal_id: int | None) -> None:
    """The 教代会 tab's 提案 page, every session and stage shown, the proposal selected."""
    from unionapp.ui.congress.tab import PAGES

    congress = window.area_tab("congress")
    window.tabs.setCurrentWidget(congress)
    congress.pages.setCurrentIndex(list(PAGES).index("proposals"))
    page = congress.page("proposals")
    page.session_id = None
    page.stage_box.setCurrentIndex(max(page.stage_box.findData("all"), 0))
    page.search.clear()
    page.reload(proposal_id)
    _scroll_when_loaded(page, page.table)


def _scroll_when_loaded(page, table) -> None:
    """Once the page's rows are in, bring the selected one into view: selecting it as the
    rows arrive scrolls before the table knows its new height, and leaves it out of sight."""

    def arrived() -> None:
        if not page.loading:
            page.status_changed.disconnect(arrived)
            QTimer.singleShot(0, lambda: table.scrollTo(table.currentIndex()))

    page.status_changed.connect(arrived)


def show_budget(window: MainWindow, year: int) -> None:
    funds = window.area_tab("funds")
    window.tabs.setCurrentWidget(funds)
    funds.views.setCurrentWidget(funds.budget_view)
    if funds.data is not None and funds.data.year != year and not funds.loading:
        funds.load(year)
