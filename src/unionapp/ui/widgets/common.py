"""Small UI helpers shared by every tab: error messages and a plain read-only table model."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QMessageBox, QPushButton, QTableView, QVBoxLayout, QWidget
from sqlalchemy.exc import DBAPIError

from unionapp.db.errors import DatabaseOpenError, friendly_message
from unionapp.domain.errors import DomainError

log = logging.getLogger(__name__)


def user_message(exc: BaseException) -> str | None:
    """The Chinese sentence for an error the user can act on, or None for a bug."""
    if isinstance(exc, DomainError | DatabaseOpenError):
        return str(exc)
    if isinstance(exc, DBAPIError):
        return friendly_message(exc)
    if isinstance(exc, PermissionError):
        return f"没有权限访问文件：{exc.filename}。如果它正在 Excel 中打开，请先关闭。"
    if isinstance(exc, OSError) and exc.errno == 28:
        return "磁盘已满，请清理磁盘空间后再试。"
    return None


def show_error(parent: QWidget | None, exc: BaseException, title: str = "操作未完成") -> None:
    message = user_message(exc)
    if message is None:
        log.exception("unexpected error", exc_info=exc)
        message = "出现了意外错误，操作没有完成，已有数据不受影响。详细信息已记录到日志文件。"
    QMessageBox.warning(parent, title, message)


def list_table(
    model: QAbstractTableModel, widths: Sequence[int] = (), multi: bool = False, stretch_last: bool = True
) -> QTableView:
    """A read-only list in a dialog (previews, pickers, history, settings lists): whole
    rows selected, one at a time unless `multi`, no row numbers, the given column widths."""
    table = QTableView()
    if model.parent() is None:
        model.setParent(table)  # the table keeps its model alive once the caller's name is gone
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    mode = QAbstractItemView.SelectionMode
    table.setSelectionMode(mode.ExtendedSelection if multi else mode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.verticalHeader().setVisible(False)
    table.verticalHeader().setDefaultSectionSize(24)
    table.horizontalHeader().setStretchLastSection(stretch_last)
    for column, width in enumerate(widths):
        table.setColumnWidth(column, width)
    return table


def side_buttons(
    specs: Sequence[tuple[str, str, Callable[[], object]]], buttons: dict[str, QPushButton], close: Callable[[], object]
) -> QVBoxLayout:
    """The button column of a list dialog (科目设置, 走访类型, 导入对应关系): one button per
    (key, text, slot), kept in `buttons` by key for enabling, then 关闭 at the bottom."""
    side = QVBoxLayout()
    for key, text, slot in specs:
        button = QPushButton(text)
        button.clicked.connect(slot)
        side.addWidget(button)
        buttons[key] = button
    side.addStretch()
    done = QPushButton("关闭")
    done.clicked.connect(close)
    side.addWidget(done)
    return side


def confirm(parent: QWidget | None, title: str, text: str) -> bool:
    box = QMessageBox(
        QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, parent
    )
    box.setTextFormat(Qt.TextFormat.PlainText)  # a name or title typed as "<b>…" shows as typed
    box.button(QMessageBox.StandardButton.Yes).setText("确定")
    box.button(QMessageBox.StandardButton.No).setText("取消")
    box.setDefaultButton(QMessageBox.StandardButton.No)
    return box.exec() == QMessageBox.StandardButton.Yes


class PlainTableModel(QAbstractTableModel):
    """A read-only table of already formatted rows (previews, lists of problems);
    `numeric` columns (counts, amounts) are right-aligned, as figures are read."""

    def __init__(
        self, headers: Sequence[str], rows: Sequence[Sequence[Any]] = (), parent=None, numeric: Sequence[int] = ()
    ):
        super().__init__(parent)
        self._headers = list(headers)
        self._rows = [list(r) for r in rows]
        self._numeric = frozenset(numeric)

    def set_rows(self, rows: Sequence[Sequence[Any]]) -> None:
        self.beginResetModel()
        self._rows = [list(r) for r in rows]
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._headers)

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole) and index.isValid():
            value = self._rows[index.row()][index.column()]
            return "" if value is None else str(value)
        if role == Qt.ItemDataRole.TextAlignmentRole and index.isValid() and index.column() in self._numeric:
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        return None

    def headerData(self, section: int, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self._headers[section]
        return super().headerData(section, orientation, role)


def guarded(parent: QWidget | None, action: Callable[[], Any]) -> Any:
    """Run a user action; a failure becomes a message box instead of a crash."""
    try:
        return action()
    except Exception as exc:  # noqa: BLE001 - every failure must reach the user politely
        show_error(parent, exc)
        return None


def selected_record(table, model):
    """The record of the first selected row of a SortedRowsModel table, or None."""
    rows = table.selectionModel().selectedRows()
    return model.row_at(rows[0].row()) if rows else None


def select_record(table, model, record_id: int) -> None:
    """Select and show the row of a record (after a save, the user sees what changed)."""
    row = model.row_of(record_id)
    if row is not None:
        table.selectRow(row)
        table.scrollTo(model.index(row, 0))


def save_view_state(prefix: str, table, views) -> None:
    """Remember a tab's table column widths and which of its views was showing."""
    from PySide6.QtCore import QSettings

    from unionapp.ui.widgets.column_fit import save_header

    store = QSettings()
    save_header(store, f"{prefix}_header", table)
    store.setValue(f"{prefix}_view", views.currentIndex())


def restore_view_state(prefix: str, table, views) -> None:
    from PySide6.QtCore import QSettings

    from unionapp.ui.widgets.column_fit import restore_header

    store = QSettings()
    restore_header(store, f"{prefix}_header", table)
    views.setCurrentIndex(int(store.value(f"{prefix}_view", 0)))
