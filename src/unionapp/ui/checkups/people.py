"""One campaign's list in the 体检 tab: filters by status and text, the follow-up notes
kept hidden until asked for (health data), and a multi-selection the bulk actions use."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from unionapp.services.checkups import PersonRow
from unionapp.services.members import MemberRow
from unionapp.ui.checkups.model import MISSING, STATUS_FILTERS, PeopleTableModel
from unionapp.ui.widgets.row_model import record_table


class PeopleView(QWidget):
    filter_changed = Signal()
    selection_changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.model = PeopleTableModel(self)
        self._build_filters()
        self._build_table()
        self.buttons = QHBoxLayout()  # the tab puts its bulk-action buttons here
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 4, 0)
        layout.addLayout(self.filter_bar)
        layout.addWidget(self.table)
        layout.addLayout(self.buttons)

    def _build_filters(self) -> None:
        self.status_filter = QComboBox()
        for value, label in STATUS_FILTERS.items():
            self.status_filter.addItem(label, value)
        self.status_filter.setMinimumWidth(130)
        self.search = QLineEdit(placeholderText="搜索：姓名、拼音（zhangsan）或首字母（zs）")
        self.search.setClearButtonEnabled(True)
        self.show_health = QCheckBox("显示复查说明")
        self.show_health.setToolTip("复查说明属于健康信息，默认隐藏，防止旁人看到")
        # a zero timer merges an input method's burst of edits into one pass
        self._debounce = QTimer(self, singleShot=True, interval=0)
        self._debounce.timeout.connect(self.apply_filter)
        self.search.textChanged.connect(self._debounce.start)
        self.status_filter.currentIndexChanged.connect(self.apply_filter)
        self.show_health.toggled.connect(self.model.set_show_health)
        self.filter_bar = QHBoxLayout()
        self.filter_bar.addWidget(self.status_filter)
        self.filter_bar.addWidget(self.search, 1)
        self.filter_bar.addWidget(self.show_health)

    def _build_table(self) -> None:
        self.table = record_table(self.model, multi_select=True)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self.selection_changed.emit())
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)

    # ------------------------------------------------------------ data
    def set_rows(self, rows: list[PersonRow], members: dict[int, MemberRow], age_date: date) -> None:
        selected = set(self.selected_ids())
        self.model.set_rows(rows, members, age_date)
        self.select_ids(selected)
        self.filter_changed.emit()

    def apply_filter(self) -> None:
        self._debounce.stop()
        self.model.set_filter(self.status_filter.currentData(), self.search.text())
        self.filter_changed.emit()
        self.selection_changed.emit()

    def show_missing(self) -> None:
        """查看未体检名单: everyone not yet there, whatever the search said."""
        self.search.clear()
        self.status_filter.setCurrentIndex(self.status_filter.findData(MISSING))
        self.apply_filter()

    def status_text(self, campaign_name: str) -> str:
        shown, total = self.model.rowCount(), self.model.total_count
        count = f"共 {total} 人" if shown == total else f"显示 {shown} 人 / 共 {total} 人"
        return f"{campaign_name}：{count}"

    # ------------------------------------------------------------ selection
    def selected_ids(self) -> list[int]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [self.model.row_at(r).id for r in rows]

    def selected_rows(self) -> list[PersonRow]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [self.model.row_at(r) for r in rows]

    def select_ids(self, ids: set[int]) -> None:
        selection = self.table.selectionModel()
        selection.clearSelection()
        flags = selection.SelectionFlag.Select | selection.SelectionFlag.Rows
        for person_id in ids:
            row = self.model.row_of(person_id)
            if row is not None:
                selection.select(self.model.index(row, 0), flags)

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()
