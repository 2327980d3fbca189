"""需要关注: planned visits past their date and members retiring within three months with
no retirement visit (services.visits.attention). A double-click (or Enter) deals with one:
the tab opens the visit to mark it done, or a new retirement visit."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QGroupBox, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from unionapp.services.visits import AttentionItem

COLORS = {"overdue": QColor("#c9302c"), "retiring": QColor("#b35900")}
HINTS = {"overdue": "双击：标为已访", "retiring": "双击：安排退休慰问"}
ROWS_SHOWN = 4  # the panel's height in rows; more scroll


class AttentionPanel(QGroupBox):
    item_activated = Signal(object)  # AttentionItem

    def __init__(self, parent: QWidget | None = None):
        super().__init__("需要关注", parent)
        self.items: list[AttentionItem] = []
        self.list = QListWidget()
        self.list.setAlternatingRowColors(True)
        self.list.setFixedHeight(28)
        self.list.itemActivated.connect(self._activated)  # double-click or Enter
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 2, 6, 6)
        layout.addWidget(self.list)

    def set_items(self, items: list[AttentionItem]) -> None:
        self.items = items
        self.list.clear()
        for item in items:
            row = QListWidgetItem(f"{item.text}　　（{HINTS[item.kind]}）")
            row.setForeground(COLORS[item.kind])
            row.setData(Qt.ItemDataRole.UserRole, self.list.count())
            self.list.addItem(row)
        if not items:
            self.list.addItem(QListWidgetItem("暂无需要关注的事项：没有过期的待访，近 3 个月也没有待安排的退休慰问。"))
        self.setTitle(f"需要关注（{len(items)}）" if items else "需要关注")
        self.list.setFixedHeight(min(max(len(items), 1), ROWS_SHOWN) * 22 + 6)

    def _activated(self, row: QListWidgetItem) -> None:
        index = row.data(Qt.ItemDataRole.UserRole)
        if index is not None:
            self.item_activated.emit(self.items[index])
