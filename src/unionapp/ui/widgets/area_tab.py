"""The contract between the main window and an area's tab (会员, 经费, 五必访, 体检, and the
areas to come), with the print/export plumbing every tab shares.

The window owns one set of standard commands (新建 Ctrl+N, 编辑, 删除 Del, 打印 Ctrl+P,
导出Excel, 导出PDF, 刷新 F5, 查找 Ctrl+F) and sends each to the current tab. A tab
subclasses AreaTab and overrides what applies to it; the defaults do nothing.

    status_changed      Signal(): its status text or what its commands may do changed
    command_labels      {command: menu text} where the default does not fit ("记一笔…")
    area_menu           its own menu (会员 / 经费), shown while it is current
    report_menu         its 报表 menu, shown while it is current
    tab_actions()       its section of the toolbar: QActions, None for a separator
    status_text()       what the status bar says ("共 200 人")
    command_enabled(c)  whether command c applies now (read-only database, closed year, selection)
    new_item() edit_item() delete_item() refresh() focus_search()
    print_current() export_current(fmt)  the report of what is showing (current_report())
    save_settings() restore_settings()   its column widths and the like, in QSettings
    tab_title()         its tab's text when it carries a count ("五必访（3）"); None keeps the name
    needs_loaded_data(*actions)  actions that read data the tab loads on a worker: disabled
                        (and deaf to a queued click or a shortcut) until set_loaded(True)

Reports: a tab names its reports by key; report_builder(key) returns the builder
(full_id → Report) that runs on a worker thread, with what it needs captured at once, and
report_file_stem(key) the file name offered on export.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QMenu, QWidget

from unionapp.ui.widgets.common import guarded

if TYPE_CHECKING:
    from unionapp.reports.model import Report

ReportBuilder = Callable[[bool], "Report"]


class AreaTab(QWidget):
    status_changed = Signal()
    command_labels: dict[str, str] = {}
    area_menu: QMenu
    report_menu: QMenu
    _loaded_only: QActionGroup | None = None

    # ------------------------------------------------------------ data read on a worker
    def needs_loaded_data(self, *actions: QAction) -> None:
        """These actions read what the tab loads on a worker: until it has arrived they are
        disabled, whatever the tab's own rules say, and triggering them does nothing. A
        disabled group overrides its actions' own setEnabled and gives it back when enabled."""
        if self._loaded_only is None:
            self._loaded_only = QActionGroup(self)
            self._loaded_only.setExclusionPolicy(QActionGroup.ExclusionPolicy.None_)
            self._loaded_only.setEnabled(False)
        for action in actions:
            self._loaded_only.addAction(action)

    def set_loaded(self, loaded: bool) -> None:
        """The tab's data has arrived (True) or is being read again (False)."""
        if self._loaded_only is not None:
            self._loaded_only.setEnabled(loaded)
        self.status_changed.emit()

    # ------------------------------------------------------------ the window's commands
    def tab_actions(self) -> list[QAction | None]:
        return []

    def status_text(self) -> str:
        return ""

    def tab_title(self) -> str | None:
        return None

    def command_enabled(self, command: str) -> bool:
        return True

    def new_item(self) -> None:
        """新建: the area's new record."""

    def edit_item(self) -> None:
        """编辑: the selected record."""

    def delete_item(self) -> None:
        """删除: the selected record(s), after a confirmation or a reason."""

    def refresh(self) -> None:
        """刷新: read the area's data again."""

    def focus_search(self) -> None:
        """查找: put the cursor in the area's search field."""

    def save_settings(self) -> None:
        """Remember column widths and the like in QSettings."""

    def restore_settings(self) -> None:
        """Put back what save_settings remembered."""

    # ------------------------------------------------------------ reports
    def current_report(self) -> str | None:
        """The key of the report 打印 and 导出 of the window make (None: nothing to make)."""
        return None

    def print_current(self) -> None:
        key = self.current_report()
        if key is not None:
            self.print_report(key)

    def export_current(self, fmt: str) -> None:
        key = self.current_report()
        if key is not None:
            self.export_report(key, fmt)

    def report_builder(self, key: str) -> ReportBuilder:
        """The builder of report `key`; raising a user error (a Chinese sentence) shows it."""
        raise NotImplementedError

    def report_file_stem(self, key: str) -> str:
        raise NotImplementedError

    def report_ready(self) -> bool:
        """False while there is nothing to report on (no campaign chosen, say)."""
        return True

    def print_report(self, key: str) -> None:
        from unionapp.ui.widgets import report_export  # reportlab and QtPdf load on first use

        builder = guarded(self, lambda: self.report_builder(key)) if self.report_ready() else None
        if builder is not None:
            report_export.print_report(self, builder)

    def export_report(self, key: str, fmt: str) -> None:
        from unionapp.ui.widgets import report_export

        builder = guarded(self, lambda: self.report_builder(key)) if self.report_ready() else None
        if builder is not None:
            report_export.export_report(self, builder, self.report_file_stem(key), fmt=fmt)

    def add_report_menu(self, menu: QMenu, key: str, title: str) -> QMenu:
        """A submenu of 报表: 打印…, 导出Excel…, 导出PDF… of report `key`."""
        sub = menu.addMenu(title)
        sub.addAction("打印…", lambda: self.print_report(key))
        sub.addAction("导出Excel…", lambda: self.export_report(key, "xlsx"))
        sub.addAction("导出PDF…", lambda: self.export_report(key, "pdf"))
        return sub

    def make_action(self, text: str, slot: Callable[[], object]) -> QAction:
        action = QAction(text, self)
        action.triggered.connect(slot)
        return action
