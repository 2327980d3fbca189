"""The 教代会 tab: one page per part of the area (代表, 会议, 提案), each an AreaTab of its
own built when first shown, as in 活动与发放. The tab hands the window's commands, its
menus and its status line to the page that is showing, keeps the pages on the same 届
(a page that changes its term says so with `term_changed`; the others follow) and carries
the count of overdue proposals in its title, read on a worker.

A new page is one entry in PAGES: (key, title, a function returning its class) — the
class imported inside the function, so the area's start pays only for the page shown."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QSettings
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QTabWidget, QVBoxLayout, QWidget

from unionapp.db.engine import Database
from unionapp.ui.widgets.area_tab import AreaTab
from unionapp.ui.widgets.tasks import LatestReads

TITLE = "教代会"


def _delegates() -> type[AreaTab]:
    from unionapp.ui.congress.delegate_view import DelegatesPage

    return DelegatesPage


def _sessions() -> type[AreaTab]:
    from unionapp.ui.congress.session_view import SessionsPage

    return SessionsPage


def _proposals() -> type[AreaTab]:
    from unionapp.ui.congress.proposal_view import ProposalsPage

    return ProposalsPage


# key → (page title, its class), in the order the pages stand
PAGES: dict[str, tuple[str, Callable[[], type[AreaTab]]]] = {
    "delegates": ("代表", _delegates),
    "sessions": ("会议", _sessions),
    "proposals": ("提案", _proposals),
}


def overdue_count(db: Database, today: date) -> int:
    from unionapp.services import proposals

    return proposals.overdue_count(db, today)


class CongressTab(AreaTab):
    command_labels = {"new": "新建…"}  # the showing page's own labels replace these

    def __init__(self, db: Database, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.built: dict[str, AreaTab] = {}
        self.term_id: int | None = None  # the term the pages show (None: the current one)
        self.overdue: int | None = None
        self.reads = LatestReads(self)
        self.pages = QTabWidget()
        self.pages.setDocumentMode(True)
        for title, _cls in PAGES.values():
            holder = QWidget()
            QVBoxLayout(holder).setContentsMargins(0, 0, 0, 0)
            self.pages.addTab(holder, title)
        self.area_menu = QMenu("教代会(&C)", self)
        self.report_menu = QMenu("报表(&R)", self)
        self.area_menu.aboutToShow.connect(self._fill_area_menu)
        self.report_menu.aboutToShow.connect(self._fill_report_menu)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pages)
        remembered = int(QSettings().value("congress/page", 0) or 0)
        self.pages.setCurrentIndex(min(max(remembered, 0), len(PAGES) - 1))
        self.pages.currentChanged.connect(lambda _i: self._page_changed())
        self._page_changed()
        self.count_overdue()

    # ------------------------------------------------------------ pages
    def page(self, key: str) -> AreaTab:
        """Page `key`, built (its module imported, its settings restored) if it was not."""
        page = self.built.get(key)
        if page is None:
            page = self.built[key] = PAGES[key][1]()(self.db)
            page.restore_settings()
            page.status_changed.connect(lambda p=page: self._page_state_changed(p))
            if hasattr(page, "term_changed"):
                page.term_changed.connect(lambda term_id, p=page: self._term_changed(p, term_id))
            if hasattr(page, "proposals_changed"):
                page.proposals_changed.connect(self.count_overdue)
            if self.term_id is not None and hasattr(page, "set_term"):
                page.set_term(self.term_id)
            holder = self.pages.widget(list(PAGES).index(key))
            holder.layout().addWidget(page)
        return page

    @property
    def current(self) -> AreaTab:
        return self.page(list(PAGES)[self.pages.currentIndex()])

    @property
    def loaded(self) -> bool:
        """What the showing page shows has arrived (the guide's pictures wait for it)."""
        return not getattr(self.current, "loading", False)

    def _term_changed(self, source: AreaTab, term_id: int) -> None:
        """A page chose (or created) a term: the other built pages follow."""
        self.term_id = term_id
        for page in self.built.values():
            if page is not source and hasattr(page, "set_term"):
                page.set_term(term_id)

    def _page_changed(self) -> None:
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

    # ------------------------------------------------------------ the overdue count
    def count_overdue(self) -> None:
        """Overdue proposals, counted on a worker; the title follows when it arrives."""
        db, today = self.db, date.today()
        self.reads.run("overdue", lambda: overdue_count(db, today), self._show_overdue, "无法统计逾期提案")

    def _show_overdue(self, count: int) -> None:
        self.overdue = count
        self.status_changed.emit()  # the window asks tab_title() again

    # ------------------------------------------------------------ the window's protocol
    def tab_title(self) -> str:
        return f"{TITLE}（{self.overdue} 件逾期）" if self.overdue else TITLE

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
        self.count_overdue()

    def focus_search(self) -> None:
        self.current.focus_search()

    def print_current(self) -> None:
        self.current.print_current()

    def export_current(self, fmt: str) -> None:
        self.current.export_current(fmt)

    def save_settings(self) -> None:
        QSettings().setValue("congress/page", self.pages.currentIndex())
        for page in self.built.values():
            page.save_settings()

    def restore_settings(self) -> None:
        """Each page restores its own when built."""
