"""A paged tab: an area's tab made of pages (活动与发放: 发放/活动/福利明细, 教代会:
代表/会议/提案, 首页: 本月关爱/年度工作计划), each an AreaTab of its own built when first
shown. The tab stands between the window and its pages: it hands the window's commands, its
menus and its status line to the page that is showing, and remembers in QSettings which page
that was.

A subclass names its pages in PAGES — key → (title, a function returning the page's class),
the class imported inside the function, so the area's start pays only for the page shown —
with SETTINGS_KEY (where the showing page is remembered) and MENU_TITLE (its area menu).
It sets up what is its own after PagedTab.__init__, then calls show_remembered_page();
page_built(page) wires a page's own signals when it is built."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSettings
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QTabWidget, QVBoxLayout, QWidget

from unionapp.db.engine import Database
from unionapp.ui.widgets.area_tab import AreaTab

PageRegistry = dict[str, tuple[str, Callable[[], type[AreaTab]]]]


class PagedTab(AreaTab):
    PAGES: PageRegistry = {}
    SETTINGS_KEY = ""  # "activities/page"
    MENU_TITLE = ""  # "活动与发放(&A)"
    command_labels = {"new": "新建…"}  # the showing page's own labels replace these

    def __init__(self, db: Database, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.built: dict[str, AreaTab] = {}
        self.pages = QTabWidget()
        self.pages.setDocumentMode(True)
        for title, _cls in self.PAGES.values():
            holder = QWidget()
            QVBoxLayout(holder).setContentsMargins(0, 0, 0, 0)
            self.pages.addTab(holder, title)
        self.area_menu = QMenu(self.MENU_TITLE, self)
        self.report_menu = QMenu("报表(&R)", self)
        self.area_menu.aboutToShow.connect(self._fill_area_menu)
        self.report_menu.aboutToShow.connect(self._fill_report_menu)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pages)

    def show_remembered_page(self) -> None:
        """Show (and so build) the page showing when the tab was last saved."""
        remembered = int(QSettings().value(self.SETTINGS_KEY, 0) or 0)
        self.pages.setCurrentIndex(min(max(remembered, 0), len(self.PAGES) - 1))
        self.pages.currentChanged.connect(lambda _i: self._page_changed())
        self._page_changed()

    # ------------------------------------------------------------ pages
    def page(self, key: str) -> AreaTab:
        """Page `key`, built (its module imported, its settings restored) if it was not."""
        page = self.built.get(key)
        if page is None:
            page = self.built[key] = self.PAGES[key][1]()(self.db)
            page.restore_settings()
            page.status_changed.connect(lambda p=page: self._page_state_changed(p))
            self.page_built(page)
            holder = self.pages.widget(list(self.PAGES).index(key))
            holder.layout().addWidget(page)
        return page

    def page_built(self, page: AreaTab) -> None:
        """Page `page` was just built, before it is put in place: wire its own signals."""

    @property
    def current_key(self) -> str:
        return list(self.PAGES)[self.pages.currentIndex()]

    @property
    def current(self) -> AreaTab:
        return self.page(self.current_key)

    @property
    def loaded(self) -> bool:
        """What the showing page shows has arrived (the guide's pictures wait for it)."""
        return not getattr(self.current, "loading", False)

    def _page_changed(self) -> None:
        page = self.current
        self.command_labels = page.command_labels  # the window reads them from the tab
        self.status_changed.emit()

    def _page_state_changed(self, page: AreaTab) -> None:
        if page is self.built.get(self.current_key):
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
        QSettings().setValue(self.SETTINGS_KEY, self.pages.currentIndex())
        for page in self.built.values():
            page.save_settings()

    def restore_settings(self) -> None:
        """Each page restores its own when built."""
