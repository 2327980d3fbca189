"""报表 → 年度工作台账…: one item at the end of every tab's 报表 menu.

The binder is the window's, not a tab's, so the same action closes each tab's menu. It is
added when a menu is about to show (after the tab's own filling: some tabs rebuild their
menu then), and it is owned by the window so a menu's clear() never deletes it. The
dialog's module, and the report libraries it needs, load when the item is chosen.
"""

from __future__ import annotations

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QWidget

BINDER_ITEM = "年度工作台账…"
_NAME = "binder_action"


def binder_action(window: QWidget) -> QAction:
    """The window's one 年度工作台账… action, made on first use."""
    action = window.findChild(QAction, _NAME)
    if action is None:
        action = QAction(BINDER_ITEM, window)
        action.setObjectName(_NAME)
        action.setToolTip("一年（或一个学期）的台账装订成一份PDF或Excel，供上级工会检查")
        action.triggered.connect(lambda: _open(window))
    return action


def add_binder_item(window: QWidget, menu: QMenu) -> None:
    """Close `menu` with 年度工作台账… each time it is shown."""
    action = binder_action(window)

    def ensure() -> None:
        if action not in menu.actions():
            menu.addSeparator()
            menu.addAction(action)

    menu.aboutToShow.connect(ensure)


def _open(window: QWidget) -> None:
    from unionapp.ui.shell.binder_dialog import open_binder

    open_binder(window, window.db)
