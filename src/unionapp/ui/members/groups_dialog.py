"""工会小组 management: add, rename, merge, remove. The list ends with 未分组, the members
in no group, so every member is counted somewhere; that entry can't be renamed or removed."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QInputDialog,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from unionapp.db.engine import Database
from unionapp.services import groups
from unionapp.services.members import NO_GROUP
from unionapp.ui.widgets.common import confirm, guarded


class GroupsDialog(QDialog):
    def __init__(self, db: Database, parent: QWidget | None = None, read_only: bool = False):
        super().__init__(parent)
        self.db = db
        self.changed = False
        self.setWindowTitle("工会小组")
        self.resize(380, 420)
        self.list = QListWidget()
        buttons = QVBoxLayout()
        self.actions = {}
        for key, text, slot in (
            ("add", "新增…", self.add),
            ("rename", "改名…", self.rename),
            ("merge", "合并到…", self.merge),
            ("remove", "删除", self.remove),
        ):
            button = QPushButton(text)
            button.clicked.connect(slot)
            button.setEnabled(not read_only)
            buttons.addWidget(button)
            self.actions[key] = button
        buttons.addStretch()
        close = QPushButton("关闭")
        close.clicked.connect(self.accept)
        buttons.addWidget(close)
        layout = QHBoxLayout(self)
        layout.addWidget(self.list)
        layout.addLayout(buttons)
        self.read_only = read_only
        self.list.itemDoubleClicked.connect(lambda _i: not read_only and self.rename())
        self.list.currentItemChanged.connect(lambda *_a: self._enable())
        self.reload()

    def reload(self) -> None:
        self.rows = groups.list_groups(self.db)
        self.list.clear()
        for row in self.rows:
            item = QListWidgetItem(f"{row.name}（{row.member_count} 人）")
            item.setData(Qt.ItemDataRole.UserRole, row.id)
            self.list.addItem(item)
        item = QListWidgetItem(f"未分组（{groups.ungrouped_count(self.db)} 人）")
        item.setData(Qt.ItemDataRole.UserRole, NO_GROUP)
        item.setToolTip("没有分到任何小组的会员；编辑会员资料选择“工会小组”即可分组")
        item.setForeground(Qt.GlobalColor.darkGray)
        self.list.addItem(item)
        self._enable()

    def _enable(self) -> None:
        """未分组 is no group: only 新增 applies to it."""
        on_group = self._current() is not None
        for key, button in self.actions.items():
            button.setEnabled(not self.read_only and (key == "add" or on_group or self.list.currentItem() is None))

    def _current(self):
        item = self.list.currentItem()
        if item is None:
            return None
        group_id = item.data(Qt.ItemDataRole.UserRole)
        return next((r for r in self.rows if r.id == group_id), None)

    def _done(self, result) -> None:
        if result is not False:
            self.changed = True
            self.reload()

    def add(self) -> None:
        name, ok = QInputDialog.getText(self, "新增小组", "小组名称：")
        if ok:
            self._done(guarded(self, lambda: groups.add_group(self.db, name)))

    def rename(self) -> None:
        row = self._current()
        if row is None:
            return
        name, ok = QInputDialog.getText(self, "小组改名", "新名称：", text=row.name)
        if ok:
            self._done(guarded(self, lambda: groups.rename_group(self.db, row.id, name)))

    def merge(self) -> None:
        row = self._current()
        others = [r for r in self.rows if r.id != (row.id if row else None)]
        if row is None or not others:
            return
        name, ok = QInputDialog.getItem(
            self, "合并小组", f"把“{row.name}”的 {row.member_count} 位会员并入：", [r.name for r in others], 0, False
        )
        if not ok:
            return
        target = next(r for r in others if r.name == name)
        if confirm(self, "合并小组", f"确定把“{row.name}”并入“{target.name}”吗？合并后“{row.name}”将被删除。"):
            self._done(guarded(self, lambda: groups.merge_groups(self.db, row.id, target.id)))

    def remove(self) -> None:
        row = self._current()
        if row is not None and confirm(self, "删除小组", f"确定删除小组“{row.name}”吗？"):
            self._done(guarded(self, lambda: groups.remove_group(self.db, row.id)))
