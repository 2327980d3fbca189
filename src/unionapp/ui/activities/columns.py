"""What the area's tables share: a column (header, text, sort key, width, number or not),
a model showing rows through such columns, one that keeps the service's order (group,
then name) as its first column's sort, and one that also filters by a search typed over
it — in memory, so sorting and typing never wait for the database."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QColor

from unionapp.domain.pinyin import normalize_query
from unionapp.services.member_reads import text_needle
from unionapp.ui.widgets.row_model import SortedRowsModel

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
WARNING_MARK = "※"  # in every CJK font, unlike emoji warning signs


@dataclass(frozen=True)
class Column:
    header: str
    text: Callable[[Any], str]
    sort: Callable[[Any], Any]
    width: int = 90
    number: bool = False


class RowsModel(SortedRowsModel):
    """Rows shown through a list of Columns; a tooltip and a colour per row."""

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row, column = self._shown[index.row()], self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.text(row)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tip(row) or column.text(row)
        if role == Qt.ItemDataRole.TextAlignmentRole and column.number:
            return RIGHT
        if role == Qt.ItemDataRole.ForegroundRole:
            return self.color(row)
        return None

    def tip(self, row) -> str:
        return ""

    def color(self, row) -> QColor | None:
        return None

    def set_rows(self, rows: list) -> None:
        self._all = list(rows)
        self._show(list(rows))


class ListOrderModel(RowsModel):
    """Rows in the order the service gave them (the sheets' order: group, then name),
    which is what sorting by the first column restores."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._order: dict[int, int] = {}

    def set_rows(self, rows: list) -> None:
        self._order = {r.id: n for n, r in enumerate(rows)}
        super().set_rows(rows)

    def _sort_shown(self, column: int, order: Qt.SortOrder) -> None:
        key = (lambda r: self._order.get(r.id, 0)) if column == 0 else self.columns[column].sort
        self._shown.sort(key=key, reverse=order == Qt.SortOrder.DescendingOrder)


class SearchedRowsModel(ListOrderModel):
    """A ListOrderModel filtered by a search text; `keys` holds each member's pinyin search
    text (from the roster, when read) and `matches` says which rows a query keeps."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.keys: dict[int, str] = {}  # member id → search text
        self.text = ""

    def set_rows(self, rows: list) -> None:
        self._order = {r.id: n for n, r in enumerate(rows)}
        self._all = list(rows)
        self._refresh()

    def set_filter(self, text: str) -> None:
        self.text = text
        self._refresh()

    def _refresh(self) -> None:
        query = normalize_query(self.text)
        if not query:
            self._show(list(self._all))
            return
        needle = text_needle(query)
        self._show([r for r in self._all if self.matches(r, query, needle)])

    def matches(self, row, query: str, needle: str) -> bool:
        raise NotImplementedError
