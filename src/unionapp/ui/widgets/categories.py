"""Ledger categories in forms: which ones an amount can go on, and the combo box that
offers them under 收入 and 支出 headings (記一笔, a visit type's standard, a checkup campaign)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QComboBox

from unionapp.services.ledger import CategoryRow

NO_CATEGORY = "（请选择科目）"


def leaf_categories(categories: list[CategoryRow], active_only: bool = True) -> list[CategoryRow]:
    """Categories an entry or a budget line can go on: those without children."""
    return [c for c in categories if not c.has_children and (c.active or not active_only)]


def category_combo(leaves: list[CategoryRow]) -> QComboBox:
    """Leaf categories under "收入" and "支出" headings that cannot be chosen."""
    box = QComboBox()
    model = QStandardItemModel(box)  # owned by the combo box, not by Python's reference count
    model.appendRow(QStandardItem(NO_CATEGORY))
    for direction, heading in (("income", "—— 收入 ——"), ("expense", "—— 支出 ——")):
        group = [c for c in leaves if c.direction == direction]
        if not group:
            continue
        head = QStandardItem(heading)
        head.setEnabled(False)
        head.setSelectable(False)
        model.appendRow(head)
        for cat in group:
            item = QStandardItem(cat.full_name)
            item.setData(cat.id, Qt.ItemDataRole.UserRole)  # what QComboBox.currentData() reads
            model.appendRow(item)
    box.setModel(model)
    box.setMaxVisibleItems(30)
    return box
