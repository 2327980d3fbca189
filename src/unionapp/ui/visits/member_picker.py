"""Picking a member by name, pinyin or initials: typing "zs" lists 张三（高中组）; Down/Up
move in the list, Enter or a click picks. The list floats over the form below the field
(a child of the dialog, not a popup window), so the keys stay with the field."""

from __future__ import annotations

from collections import Counter

from PySide6.QtCore import QModelIndex, QPoint, Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QAbstractItemView, QLineEdit, QListView, QWidget

from unionapp.domain.labels import MEMBER_STATUS_LABELS
from unionapp.domain.pinyin import normalize_query
from unionapp.services.members import MemberRow, text_matches

MAX_SHOWN = 50
ROWS_SHOWN = 10


def member_labels(rows: list[MemberRow]) -> dict[int, str]:
    """ "张三（高中组）"; the status when not in service; the birth year when two look alike."""

    def base(m: MemberRow) -> str:
        extras = [m.group_name or "未分组"]
        if m.status != "active":
            extras.append(MEMBER_STATUS_LABELS.get(m.status, m.status))
        return f"{m.name}（{'，'.join(extras)}"

    seen = Counter(base(m) for m in rows)
    labels = {}
    for m in rows:
        born = f"，{m.birth_date.year}年生" if seen[base(m)] > 1 and m.birth_date else ""
        labels[m.id] = f"{base(m)}{born}）"
    return labels


class MemberPicker(QLineEdit):
    picked = Signal()  # a member was chosen, or the choice was typed away

    def __init__(self, members: list[MemberRow], parent: QWidget | None = None):
        super().__init__(parent)
        self.setPlaceholderText("输入姓名、拼音（zhangsan）或首字母（zs），回车选择")
        self.members = members
        self.labels = member_labels(members)
        self._by_id = {m.id: m for m in members}
        self.member: MemberRow | None = None
        self.list_model = QStandardItemModel(self)
        self.list = QListView()
        self.list.setModel(self.list_model)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # typing goes on in the field
        self.list.setStyleSheet("QListView { border: 1px solid #888; background: white; }")
        self.list.clicked.connect(self._clicked)
        self.list.hide()
        self.textEdited.connect(self._search)

    # ------------------------------------------------------------ choosing
    def set_member(self, member_id: int | None) -> None:
        self.member = self._by_id.get(member_id) if member_id is not None else None
        self.setText(self.labels.get(member_id, "") if self.member else "")
        self.list.hide()

    def matches(self, text: str) -> list[MemberRow]:
        """Members in service first, an exact name before the rest, then pinyin order."""
        query = normalize_query(text)
        if not query:
            return []
        found = [m for m in self.members if text_matches(m, query)]
        found.sort(key=lambda m: (m.name != text.strip(), m.status != "active"))
        return found[:MAX_SHOWN]

    def shown_labels(self) -> list[str]:
        return [self.list_model.item(r).text() for r in range(self.list_model.rowCount())]

    def _search(self, text: str) -> None:
        if self.member is not None:
            self.member = None
            self.picked.emit()
        self.list_model.clear()
        for m in self.matches(text):
            item = QStandardItem(self.labels[m.id])
            item.setData(m.id, Qt.ItemDataRole.UserRole)
            self.list_model.appendRow(item)
        if self.list_model.rowCount():
            self.list.setCurrentIndex(self.list_model.index(0, 0))
            self._show_list()
        else:
            self.list.hide()

    def _show_list(self) -> None:
        host = self.window()
        if self.list.parent() is not host:
            self.list.setParent(host)
        below = self.mapTo(host, QPoint(0, self.height()))
        rows = min(self.list_model.rowCount(), ROWS_SHOWN)
        row_height = max(self.list.sizeHintForRow(0), 16)
        height = min(rows * row_height + 4, max(host.height() - below.y() - 4, row_height * 2))
        self.list.setGeometry(below.x(), below.y(), self.width(), height)
        self.list.show()
        self.list.raise_()

    def _choose(self, index: QModelIndex) -> None:
        if not index.isValid():
            return
        self.set_member(index.data(Qt.ItemDataRole.UserRole))
        self.picked.emit()
        self.focusNextChild()  # on to the visit type

    def _clicked(self, index: QModelIndex) -> None:
        self._choose(index)

    # ------------------------------------------------------------ keys
    def keyPressEvent(self, event) -> None:
        if not self.list.isVisible():
            super().keyPressEvent(event)
            return
        key, current = event.key(), self.list.currentIndex().row()
        if key in (Qt.Key.Key_Down, Qt.Key.Key_Up):
            step = 1 if key == Qt.Key.Key_Down else -1
            row = max(0, min(self.list_model.rowCount() - 1, current + step))
            self.list.setCurrentIndex(self.list_model.index(row, 0))
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._choose(self.list.currentIndex())  # kept from the dialog: Enter here picks, not saves
        elif key == Qt.Key.Key_Escape:
            self.list.hide()  # kept from the dialog: Escape closes the list, not the form
        else:
            super().keyPressEvent(event)

    def focusOutEvent(self, event) -> None:
        # A click on the list takes no focus (NoFocus), so this is leaving for another field.
        self.list.hide()
        super().focusOutEvent(event)
