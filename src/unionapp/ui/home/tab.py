"""The 首页 tab, the window's first: what the union owes people this month (本月关爱) and
the union's year (年度工作计划), one page each, built when first shown as in 教代会
(a PagedTab).

Everything it shows is read on workers; its title carries the count of this month's care
lines ("首页（12）"). It opens nothing of the other areas itself: a line's action goes to
the window (`open_requested` → MainWindow.open_target), and when another tab writes
records the window says so (`others_changed`) and the care list reads again.

A new page is one entry in PAGES: (key, title, a function returning its class)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from unionapp.db.engine import Database
from unionapp.ui.widgets.area_tab import AreaTab
from unionapp.ui.widgets.paged_tab import PagedTab, PageRegistry
from unionapp.ui.widgets.tasks import LatestReads

TITLE = "首页"


def _care() -> type[AreaTab]:
    from unionapp.ui.home.care_view import CarePage

    return CarePage


def _plan() -> type[AreaTab]:
    from unionapp.ui.home.plan_view import YearPlanPage

    return YearPlanPage


# key → (page title, its class), in the order the pages stand
PAGES: PageRegistry = {
    "care": ("本月关爱", _care),
    "plan": ("年度工作计划", _plan),
}


def care_count(db: Database, today: date) -> int:
    from unionapp.services import care

    return care.care_counts(db, today)


class HomeTab(PagedTab):
    PAGES = PAGES
    SETTINGS_KEY = "home/page"
    MENU_TITLE = "首页(&S)"
    open_requested = Signal(str, dict)  # a line's action and where: the window opens it
    rows_arrived = Signal()  # the first page's data is shown (the start-up benchmark waits for it)

    def __init__(self, db: Database, parent: QWidget | None = None):
        super().__init__(db, parent)
        self.count: int | None = None  # this month's care lines, for the title
        self.rows_ready = False
        self.reads = LatestReads(self)
        self.show_remembered_page()
        if "care" not in self.built:  # the care page counts its own lines when it shows this month
            self.count_lines()
        self._hidden = False  # hidden after being shown: back on it, the list reads again
        self._was_shown = False

    def page_built(self, page: AreaTab) -> None:
        if hasattr(page, "open_requested"):
            page.open_requested.connect(self.open_requested)
        if hasattr(page, "counted"):
            page.counted.connect(self._show_count)
        if hasattr(page, "shown_first"):
            page.shown_first.connect(self._first_shown)
        if hasattr(page, "plan_changed"):
            page.plan_changed.connect(self.others_changed)  # overdue plan items are care lines

    def show_plan_item(self, item_id: int | None, year: int) -> None:
        """The 年度工作计划 page on `year` with the item selected (a care line's 打开计划)."""
        self.pages.setCurrentIndex(list(PAGES).index("plan"))
        self.page("plan").show_item(item_id, year)

    def _first_shown(self) -> None:
        if not self.rows_ready:
            self.rows_ready = True
            self.rows_arrived.emit()

    def filled_rows(self) -> int:
        """How many lines the first page shows (the start-up benchmark prints it)."""
        return getattr(self.current, "line_count", lambda: 0)()

    # ------------------------------------------------------------ other tabs' records
    def others_changed(self) -> None:
        """Another tab (or the plan page) wrote records: the care list reads again."""
        care = self.built.get("care")
        if care is not None:
            care.reload()
        else:
            self.count_lines()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._hidden:  # back from another tab, where anything may have been settled
            self.others_changed()
        self._hidden, self._was_shown = False, True

    def hideEvent(self, event) -> None:
        super().hideEvent(event)
        self._hidden = self._was_shown  # not the hiding while the window puts the tab in place

    # ------------------------------------------------------------ the count in the title
    def count_lines(self) -> None:
        db, today = self.db, date.today()
        self.reads.run("count", lambda: care_count(db, today), self._show_count, "无法统计本月关爱")

    def _show_count(self, count: int) -> None:
        self.reads.forget("count")  # the care page's own count is newer
        self.count = count
        self.status_changed.emit()  # the window asks tab_title() again

    # ------------------------------------------------------------ the window's protocol
    def tab_title(self) -> str:
        return f"{TITLE}（{self.count}）" if self.count else TITLE
