"""The 活动与发放 tab: one page per part of the area (发放, and the pages to come), each an
AreaTab of its own built when first shown (a PagedTab). Besides, it passes on a page's
money moving (`ledger_changed`) and has 福利明细 read others' money again when next shown.

A new page is one entry in PAGES: (key, title, a function returning its class) — the
class imported inside the function, so the area's start pays only for the page shown."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from unionapp.db.engine import Database
from unionapp.ui.widgets.area_tab import AreaTab
from unionapp.ui.widgets.paged_tab import PagedTab, PageRegistry


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
PAGES: PageRegistry = {
    "handouts": ("发放", _handouts),
    "activities": ("活动", _activities),
    "benefits": ("福利明细", _benefits),
}


class ActivitiesTab(PagedTab):
    PAGES = PAGES
    SETTINGS_KEY = "activities/page"
    MENU_TITLE = "活动与发放(&A)"
    ledger_changed = Signal()  # a page posted, re-posted or reversed money (经费 reads it again)

    def __init__(self, db: Database, parent: QWidget | None = None):
        super().__init__(db, parent)
        self.stale: set[str] = set()  # pages showing others' money, to read again when shown
        self.show_remembered_page()

    def page_built(self, page: AreaTab) -> None:
        if hasattr(page, "ledger_changed"):
            page.ledger_changed.connect(self.ledger_changed)
            page.ledger_changed.connect(self.money_moved)

    def money_moved(self) -> None:
        """Money was posted or reversed (a handout, prizes, a visit): the pages that sum up
        others' money (福利明细) read again, now if showing, else when next shown."""
        for key, page in self.built.items():
            if getattr(page, "shows_others_money", False):
                self.stale.add(key)
        self._refresh_if_stale()

    def _refresh_if_stale(self) -> None:
        key = self.current_key
        if key in self.stale and key in self.built:
            self.stale.discard(key)
            self.built[key].refresh()

    def _page_changed(self) -> None:
        self._refresh_if_stale()
        super()._page_changed()
