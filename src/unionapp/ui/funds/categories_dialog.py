"""科目设置: the chart of fund categories (two levels) — add, rename, retire, delete."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QColor, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QPushButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from unionapp.db.engine import Database
from unionapp.domain.funds import DIRECTION_LABELS
from unionapp.services import ledger
from unionapp.services.ledger import CategoryRow
from unionapp.ui.widgets.common import confirm, guarded, side_buttons
from unionapp.ui.widgets.forms import NOTE_STYLE
from unionapp.ui.widgets.screen_fit import fit_window

INACTIVE = QColor("#999999")


class CategoriesDialog(QDialog):
    def __init__(self, db: Database, parent: QWidget | None = None, read_only: bool = False):
        super().__init__(parent)
        self.db = db
        self.read_only = read_only
        self.changed = False
        self.rows: dict[int, CategoryRow] = {}
        self.setWindowTitle("科目设置")
        fit_window(self, QSize(560, 560))
        self.model = QStandardItemModel(self)
        self.tree = QTreeView()
        self.tree.setModel(self.model)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tree.doubleClicked.connect(lambda _i: not read_only and self.rename())
        self.buttons: dict[str, QPushButton] = {}
        side = side_buttons(
            (
                ("add_top", "新增一级科目…", self.add_top),
                ("add_child", "新增明细科目…", self.add_child),
                ("rename", "改名…", self.rename),
                ("toggle", "停用", self.toggle_active),
                ("remove", "删除…", self.remove),
            ),
            self.buttons,
            self.accept,
        )
        hint = QLabel("科目最多两级，记账和预算用明细科目。已经用过的科目不能删除，不再使用时请“停用”。", wordWrap=True)
        hint.setStyleSheet(NOTE_STYLE)
        left = QVBoxLayout()
        left.addWidget(self.tree)
        left.addWidget(hint)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 1)
        layout.addLayout(side)
        self.reload()
        self.tree.selectionModel().currentChanged.connect(lambda *_a: self._update_buttons())
        self._update_buttons()

    def reload(self, select_id: int | None = None) -> None:
        current = select_id or (self.current().id if self.current() else None)
        self.model.clear()
        self.model.setHorizontalHeaderLabels(["科目", "收支", "状态"])
        rows = ledger.list_categories(self.db)
        self.rows = {r.id: r for r in rows}
        parents: dict[int, QStandardItem] = {}
        for row in rows:
            items = self._items(row)
            target = parents.get(row.parent_id, self.model.invisibleRootItem())
            target.appendRow(items)
            if row.parent_id is None:
                parents[row.id] = items[0]
        self.tree.expandAll()
        self.tree.setColumnWidth(0, 260)
        if current is not None:
            self.select(current)

    @staticmethod
    def _items(row: CategoryRow) -> list[QStandardItem]:
        items = [
            QStandardItem(row.name),
            QStandardItem(DIRECTION_LABELS[row.direction]),
            QStandardItem("" if row.active else "已停用"),
        ]
        items[0].setData(row.id, Qt.ItemDataRole.UserRole)
        if not row.active:
            for item in items:
                item.setForeground(INACTIVE)
        return items

    def select(self, category_id: int) -> None:
        found = self.model.match(
            self.model.index(0, 0),
            Qt.ItemDataRole.UserRole,
            category_id,
            1,
            Qt.MatchFlag.MatchRecursive | Qt.MatchFlag.MatchExactly,
        )
        if found:
            self.tree.setCurrentIndex(found[0])

    def current(self) -> CategoryRow | None:
        index = self.tree.currentIndex()
        if not index.isValid():
            return None
        return self.rows.get(index.siblingAtColumn(0).data(Qt.ItemDataRole.UserRole))

    def _update_buttons(self) -> None:
        row = self.current()
        self.buttons["toggle"].setText("启用" if row is not None and not row.active else "停用")
        for key, button in self.buttons.items():
            button.setEnabled(not self.read_only and (key == "add_top" or row is not None))

    def _done(self, result, select_id: int | None = None) -> None:
        if result is not None:
            self.changed = True
            self.reload(select_id)
            self._update_buttons()

    # ------------------------------------------------------------ actions
    def add_top(self) -> None:
        labels = [DIRECTION_LABELS["expense"], DIRECTION_LABELS["income"]]
        label, ok = QInputDialog.getItem(self, "新增一级科目", "收入还是支出：", labels, 0, False)
        if not ok:
            return
        direction = next(k for k, v in DIRECTION_LABELS.items() if v == label)
        name, ok = QInputDialog.getText(self, "新增一级科目", f"{label}科目名称：")
        if ok:
            new_id = guarded(self, lambda: ledger.add_category(self.db, name, direction))
            self._done(new_id, new_id)

    def add_child(self) -> None:
        parent = self.current()
        if parent is None:
            return
        name, ok = QInputDialog.getText(self, "新增明细科目", f"在“{parent.name}”下新增明细科目：")
        if ok:
            new_id = guarded(self, lambda: ledger.add_category(self.db, name, parent.direction, parent.id))
            self._done(new_id, new_id)

    def rename(self) -> None:
        row = self.current()
        if row is None:
            return
        name, ok = QInputDialog.getText(self, "科目改名", "新名称：", text=row.name)
        if ok and name.strip() != row.name:
            self._done(guarded(self, lambda: ledger.rename_category(self.db, row.id, name) or True), row.id)

    def toggle_active(self) -> None:
        row = self.current()
        if row is not None:
            done = guarded(self, lambda: ledger.set_category_active(self.db, row.id, not row.active) or True)
            self._done(done, row.id)

    def remove(self) -> None:
        row = self.current()
        if row is not None and confirm(self, "删除科目", f"确定删除科目“{row.full_name}”吗？"):
            self._done(guarded(self, lambda: ledger.remove_category(self.db, row.id) or True))
