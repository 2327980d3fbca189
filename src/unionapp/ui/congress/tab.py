"""The 教代会 tab: one page per part of the area (代表, 会议, 提案), each an AreaTab of its
own built when first shown, as in 活动与发放 (a PagedTab). Besides, it keeps the pages on the same 届
(a page that changes its term says so with `term_changed`; the others follow) and carries
the count of overdue proposals in its title, read on a worker.

A new page is one entry in PAGES: (key, title, a function returning its class) — the
class imported inside the function, so the area's start pays only for the page shown."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QWidget

from unionapp.db.engine import Database
from unionapp.ui.widgets.area_tab import AreaTab
from unionapp.ui.widgets.paged_tab import PagedTab, PageRegistry
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
PAGES: PageRegistry = {
    "delegates": ("代表", _delegates),
    "sessions": ("会议", _sessions),
    "proposals": ("提案", _proposals),
}


def overdue_count(db: Database, today: date) -> int:
    from unionapp.services import proposals

    return proposals.overdue_count(db, today)


class CongressTab(PagedTab):
    PAGES = PAGES
    SETTINGS_KEY = "congress/page"
    MENU_TITLE = "教代会(&C)"

    def __init__(self, db: Database, parent: QWidget | None = None):
        super().__init__(db, parent)
        self.term_id: int | None = None  # the term the pages show (None: the current one)
        self.overdue: int | None = None
        self.reads = LatestReads(self)
        self.show_remembered_page()
        self.count_overdue()

    def page_built(self, page: AreaTab) -> None:
        if hasattr(page, "term_changed"):
            page.term_changed.connect(lambda term_id, p=page: self._term_changed(p, term_id))
        if hasattr(page, "proposals_changed"):
            page.proposals_changed.connect(self.count_overdue)
        if self.term_id is not None and hasattr(page, "set_term"):
            page.set_term(self.term_id)

    def _term_changed(self, source: AreaTab, term_id: int) -> None:
        """A page chose (or created) a term: the other built pages follow."""
        self.term_id = term_id
        for page in self.built.values():
            if page is not source and hasattr(page, "set_term"):
                page.set_term(term_id)

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

    def refresh(self) -> None:
        super().refresh()
        self.count_overdue()
