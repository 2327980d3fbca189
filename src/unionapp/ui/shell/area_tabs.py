"""The area tabs of the main window, each built when it is first shown.

Importing a tab's module and building it (its widgets, its first load on a worker) costs
time the window's start should not pay for tabs nobody looks at yet. So the window puts a
light `Placeholder` in each tab's place and builds the real tab (`build`) when the tab
becomes current or the window asks for it by name; the placeholder is then replaced at the
same index. A tab never built has nothing to save: its saved settings stay as they were.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QTabWidget, QWidget

if TYPE_CHECKING:
    from unionapp.db.engine import Database
    from unionapp.ui.widgets.area_tab import AreaTab


def _members(db: Database, parent: QWidget, background: bool) -> AreaTab:
    from unionapp.ui.members.tab import MembersTab

    tab = MembersTab(db, parent, load_now=not background)
    if background:
        tab.load_in_background()
    return tab


# The other tabs read their data on a worker whenever they are built.
def _funds(db: Database, parent: QWidget, _background: bool) -> AreaTab:
    from unionapp.ui.funds.tab import FundsTab

    return FundsTab(db, parent)


def _visits(db: Database, parent: QWidget, _background: bool) -> AreaTab:
    from unionapp.ui.visits.tab import VisitsTab

    return VisitsTab(db, parent)


def _checkups(db: Database, parent: QWidget, _background: bool) -> AreaTab:
    from unionapp.ui.checkups.tab import CheckupsTab

    return CheckupsTab(db, parent)


# key → (tab title, how to build it: (database, window, first load on a worker?)), in the
# order the tabs stand
AREAS: dict[str, tuple[str, Callable[[Database, QWidget, bool], AreaTab]]] = {
    "members": ("会员", _members),
    "funds": ("经费", _funds),
    "visits": ("五必访", _visits),
    "checkups": ("体检", _checkups),
}


class Placeholder(QWidget):
    """Stands in a tab's place until the tab is built."""

    def __init__(self, key: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.key = key


def add_placeholders(tabs: QTabWidget) -> None:
    for key, (title, _build) in AREAS.items():
        tabs.addTab(Placeholder(key), title)


def index_of(key: str) -> int:
    return list(AREAS).index(key)


def replace_placeholder(tabs: QTabWidget, key: str, tab: AreaTab) -> None:
    """Put the built `tab` where its placeholder stood, keeping the current tab current
    and sending no currentChanged on the way (the window is told by the caller)."""
    index = index_of(key)
    placeholder = tabs.widget(index)
    current = tabs.currentIndex()
    tabs.blockSignals(True)
    tabs.removeTab(index)
    tabs.insertTab(index, tab, AREAS[key][0])
    tabs.setCurrentIndex(current)
    tabs.blockSignals(False)
    placeholder.deleteLater()
