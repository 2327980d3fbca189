"""The 活动与发放 tab: one page per part of the area (发放, and the pages to come), each an
AreaTab of its own built when first shown. The tab hands the window's commands, its
menus and its status line to the page that is showing.

A new page is one entry in PAGES: (key, title, a function returning its class) — the
class imported inside the function, so the area's start pays only for the page shown."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSettings, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QTabWidget, QVBoxLayout, QWidget

from unionapp.db.engine import Database
from unionapp.ui.widgets.area_tab import AreaTab


def _handouts() -> type[AreaTab]:
    from unionapp.ui.activities.handout_view import HandoutsPage

    return HandoutsPage


def _activities() -> type[AreaTab]:
    from unionapp.ui.activities.activity_view import ActivitiesPage

    return ActivitiesPage


def _benefits() -> type[AreaTab]:
    from unionapp.ui.activities.benefits_view import BenefitsPage

    return BenefitsPage


# key → (page title, its class), in the order the pages stand
PAGES: dict[str, tuple[str, Callable[[], type[AreaTab]]]] = {
    "handouts": ("发放", _handouts),
    "activities": ("活动", _activities),
    "benefits": ("福利明细", _benefits),
}


class ActivitiesTab(AreaTab):
    command_labels = {"new": "新建…"}  # the showing page's own labels replace these
    ledger_changed = Signal()  # a page posted, re-posted or reversed money (经费 reads it again)

    def __init__(self, db: Database, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.built: dict[str, AreaTab] = {}
        self.stale: set[str] = set()  # pages showing others' money, to read again when shown
        self.pages = QTabWidget()
        self.pages.setDocumentMode(True)
        for title, _cls in PAGES.values():
            holder = QWidget()
            QVBoxLayout(holder).setContentsMargins(0, 0, 0, 0)
            self.pages.addTab(holder, title)
        self.area_menu = QMenu("活动与发放(&A)", self)
        self.report_menu = QMenu("报表(&R)", self)
        self.area_menu.aboutToShow.connect(self._fill_area_menu)
        self.report_menu.aboutToShow.connect(self._fill_report_menu)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pages)
        remembered = int(QSettings().value("activities/page", 0) or 0)
        self.pages.setCurrentIndex(min(max(remembered, 0), len(PAGES) - 1))
        self.pages.currentChanged.connect(lambda _i: self._page_changed())
        self._page_changed()

    # ------------------------------------------------------------ pages
    def page(self, key: str) -> AreaTab:
        """Page `key`, built (its module imported, its settings restored) if it was not."""
        page = self.built.get(key)
        if page is None:
            page = self.built[key] = PAGES[key][1]()(self.db)
            page.restore_settings()
            page.status_changed.connect(lambda p=page: self._page_state_changed(p))
            if hasattr(page, "ledger_changed"):
                page.ledger_changed.connect(self.ledger_changed)
                page.ledger_changed.connect(self.money_moved)
            holder = self.pages.widget(list(PAGES).index(key))
            holder.layout().addWidget(page)
        return page

    @property
    def loaded(self) -> bool:
        """What the showing page shows has arrived (the guide's pictures wait for it)."""
        return not getattr(self.current, "loading", False)

    @property
    def current(self) -> AreaTab:
        return self.page(list(PAGES)[self.pages.currentIndex()])

    def money_moved(self) -> None:
        """Money was posted or reversed (a handout, prizes, a visit): the pages that sum up
        others' money (福利明细) read again, now if showing, else when next shown."""
        for key, page in self.built.items():
            if getattr(page, "shows_others_money", False):
                self.stale.add(key)
        self._refresh_if_stale()

    def _refresh_if_stale(self) -> None:
        key = list(PAGES)[self.pages.currentIndex()]
        if key in self.stale and key in self.built:
            self.stale.discard(key)
            self.built[key].refresh()

    def _page_changed(self) -> None:
        self._refresh_if_stale()
        page = self.current
        self.command_labels = page.command_labels  # the window reads them from the tab
        self.status_changed.emit()

    def _page_state_changed(self, page: AreaTab) -> None:
        if page is self.built.get(list(PAGES)[self.pages.currentIndex()]):
            self.status_changed.emit()

    def _fill_area_menu(self) -> None:
        self.area_menu.clear()
        for action in getattr(self.current, "menu_actions", list)():
            if action is None:
                self.area_menu.addSeparator()
            else:
                self.area_menu.addAction(action)

    def _fill_report_menu(self) -> None:
        self.report_menu.clear()
        page = self.current
        for key, (title, _stem) in getattr(page, "REPORTS", {}).items():
            page.add_report_menu(self.report_menu, key, title)

    # ------------------------------------------------------------ the window's protocol
    def tab_actions(self) -> list[QAction | None]:
        return []  # each page shows its own buttons: the toolbar is not redrawn on a page change

    def status_text(self) -> str:
        return self.current.status_text()

    def command_enabled(self, command: str) -> bool:
        return self.current.command_enabled(command)

    def new_item(self) -> None:
        self.current.new_item()

    def edit_item(self) -> None:
        self.current.edit_item()

    def delete_item(self) -> None:
        self.current.delete_item()

    def refresh(self) -> None:
        self.current.refresh()

    def focus_search(self) -> None:
        self.current.focus_search()

    def print_current(self) -> None:
        self.current.print_current()

    def export_current(self, fmt: str) -> None:
        self.current.export_current(fmt)

    def save_settings(self) -> None:
        QSettings().setValue("activities/page", self.pages.currentIndex())
        for page in self.built.values():
            page.save_settings()

    def restore_settings(self) -> None:
        """Each page restores its own when built."""
