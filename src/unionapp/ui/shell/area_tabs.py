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

from unionapp.ui.shell.binder_menu import add_binder_item

if TYPE_CHECKING:
    from unionapp.db.engine import Database
    from unionapp.ui.widgets.area_tab import AreaTab


# Plain imports inside functions: PyInstaller finds them (a module named in a string it
# would leave out of the bundle), and they run when a tab is first wanted.
def _home() -> type[AreaTab]:
    from unionapp.ui.home.tab import HomeTab

    return HomeTab


def _members() -> type[AreaTab]:
    from unionapp.ui.members.tab import MembersTab

    return MembersTab


def _funds() -> type[AreaTab]:
    from unionapp.ui.funds.tab import FundsTab

    return FundsTab


def _visits() -> type[AreaTab]:
    from unionapp.ui.visits.tab import VisitsTab

    return VisitsTab


def _checkups() -> type[AreaTab]:
    from unionapp.ui.checkups.tab import CheckupsTab

    return CheckupsTab


def _activities() -> type[AreaTab]:
    from unionapp.ui.activities.tab import ActivitiesTab

    return ActivitiesTab


def _congress() -> type[AreaTab]:
    from unionapp.ui.congress.tab import CongressTab

    return CongressTab


def _hardship() -> type[AreaTab]:
    from unionapp.ui.hardship.tab import HardshipTab

    return HardshipTab


# key → (tab title, its class), in the order the tabs stand
AREAS: dict[str, tuple[str, Callable[[], type[AreaTab]]]] = {
    "home": ("首页", _home),
    "members": ("会员", _members),
    "funds": ("经费", _funds),
    "visits": ("五必访", _visits),
    "checkups": ("体检", _checkups),
    "activities": ("活动与发放", _activities),
    "congress": ("教代会", _congress),
    "hardship": ("困难帮扶", _hardship),
}


# The order the window stood in when it remembered its tab by index (before 首页 came
# first): an index saved then names the area it meant.
INDEX_ORDER = ("members", "funds", "visits", "checkups", "activities", "congress")


def saved_key(value: object) -> str:
    """The area a remembered "window/tab" names: a key, or an index saved by an older
    version (counted in INDEX_ORDER); 首页 for anything else."""
    text = str(value if value is not None else "").strip()
    if text in AREAS:
        return text
    if text.isdigit() and int(text) < len(INDEX_ORDER):
        return INDEX_ORDER[int(text)]
    return next(iter(AREAS))


def tab_class(key: str) -> type[AreaTab]:
    """The class of area `key`'s tab; its module is imported now if it was not."""
    return AREAS[key][1]()


def build(key: str, db: Database, parent: QWidget, background: bool) -> AreaTab:
    """Area `key`'s tab. `background`: its first data is read on a worker while the window
    paints (the 会员 tab; the others always read theirs on a worker)."""
    cls = tab_class(key)
    if key != "members":
        return cls(db, parent)
    tab = cls(db, parent, load_now=not background)
    if background:
        tab.load_in_background()
    return tab


def connect_window(window, tab: AreaTab) -> None:
    """The window's `records_changed` carries every tab's news of written records (money
    posted, a file changed) to the tabs that show others' records (首页's `others_changed`);
    a tab's `open_requested(action, where)` asks the window to open a record elsewhere."""
    for name in ("ledger_changed", "records_changed"):
        if hasattr(tab, name):
            getattr(tab, name).connect(window.records_changed)
    if hasattr(tab, "others_changed"):
        window.records_changed.connect(tab.others_changed)
    if hasattr(tab, "open_requested"):
        tab.open_requested.connect(lambda action, where: window.open_target(action, **where))
    add_binder_item(window, tab.report_menu)  # 报表 → 年度工作台账…, in every tab


class Placeholder(QWidget):
    """Stands in a tab's place until the tab is built."""

    def __init__(self, key: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.key = key

    @property
    def command_labels(self) -> dict[str, str]:
        """What the tab calls the window's commands (the guide's 快捷键 page lists them)."""
        return tab_class(self.key).command_labels


def add_placeholders(tabs: QTabWidget) -> None:
    for key, (title, _class) in AREAS.items():
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
