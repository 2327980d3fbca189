"""The 收支明细账 view: filters, the entries table and the totals footer."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from unionapp.domain.funds import DIRECTION_LABELS, SOURCE_LABELS
from unionapp.domain.money import format_fen
from unionapp.services.ledger import CategoryRow, EntryRow, LedgerFilter
from unionapp.ui.funds.budget_model import INDENT
from unionapp.ui.funds.data import YearData, balance_at_end
from unionapp.ui.funds.ledger_model import LedgerTableModel
from unionapp.ui.widgets.common import select_record, selected_record
from unionapp.ui.widgets.row_model import record_table


def _combo(items: dict, width: int = 100) -> QComboBox:
    box = QComboBox()
    for value, label in items.items():
        box.addItem(label, value)
    box.setMinimumWidth(width)
    return box


class LedgerView(QWidget):
    filter_changed = Signal()
    selection_changed = Signal()
    activated = Signal()  # a row was double-clicked

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.model = LedgerTableModel(self)
        self.data: YearData | None = None
        self._build_filters()
        self._build_table()
        self.footer = QLabel()
        self.footer.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addLayout(self.filter_bar)
        layout.addWidget(self.table)
        layout.addWidget(self.footer)

    def _build_filters(self) -> None:
        self.month_filter = _combo({None: "全年", **{m: f"{m} 月" for m in range(1, 13)}}, 80)
        self.category_filter = _combo({None: "全部科目"}, 200)
        self.direction_filter = _combo({None: "收入和支出", **DIRECTION_LABELS}, 100)
        self.source_filter = _combo({None: "全部来源", **SOURCE_LABELS}, 100)
        self.search = QLineEdit(placeholderText="搜索：摘要、凭证号、科目、经办人或审批人")
        self.search.setClearButtonEnabled(True)
        # A zero timer merges a burst of edits (an input method's commit) into one pass.
        self._debounce = QTimer(self, singleShot=True, interval=0)
        self._debounce.timeout.connect(self.apply_filter)
        self.search.textChanged.connect(self._debounce.start)
        self.filter_bar = QHBoxLayout()
        for box in (self.month_filter, self.category_filter, self.direction_filter, self.source_filter):
            box.currentIndexChanged.connect(self.apply_filter)
            self.filter_bar.addWidget(box)
        self.filter_bar.addWidget(self.search, 1)

    def _build_table(self) -> None:
        self.table = record_table(self.model)
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self.selection_changed.emit())
        self.table.doubleClicked.connect(lambda _i: self.activated.emit())

    # ------------------------------------------------------------ data
    def set_data(self, data: YearData) -> None:
        selected = self.selected_entry()
        self.data = data
        self._fill_categories(data.categories)
        self.model.set_rows(data.entries, data.categories)
        self.apply_filter()
        if selected is not None:
            self.select_entry(selected.id)

    def _fill_categories(self, categories: list[CategoryRow]) -> None:
        """First-level categories (which include their children), children indented under them."""
        current = self.category_filter.currentData()
        box = self.category_filter
        box.blockSignals(True)
        box.clear()
        box.addItem("全部科目", None)
        for cat in categories:
            box.addItem(INDENT + cat.name if cat.parent_id else cat.name, cat.id)
        box.setCurrentIndex(max(box.findData(current), 0))
        box.blockSignals(False)

    def current_filter(self) -> LedgerFilter:
        return LedgerFilter(
            year=self.data.year if self.data else None,
            month=self.month_filter.currentData(),
            category_id=self.category_filter.currentData(),
            direction=self.direction_filter.currentData(),
            source=self.source_filter.currentData(),
            text=self.search.text(),
        )

    def apply_filter(self) -> None:
        self._debounce.stop()
        self.model.set_filter(self.current_filter())
        self._show_totals()
        self.filter_changed.emit()
        self.selection_changed.emit()

    def _show_totals(self) -> None:
        if self.data is None:
            self.footer.setText("")
            return
        income, expense = self.model.totals()
        month = self.month_filter.currentData()
        balance = balance_at_end(self.data.entries, self.data.summary.opening_fen, month)
        period = f"（{month} 月末）" if month else ""
        self.footer.setText(
            f"收入合计 {format_fen(income)} 元　　支出合计 {format_fen(expense)} 元　　"
            f"期末余额{period} {format_fen(balance)} 元"
        )

    def status_text(self) -> str:
        if self.data is None:
            return "正在读取经费账…"
        shown, total = self.model.rowCount(), self.model.total_count
        count = f"共 {total} 笔" if shown == total else f"显示 {shown} 笔 / 共 {total} 笔"
        return f"{self.data.year} 年收支明细账：{count}"

    # ------------------------------------------------------------ selection
    def selected_entry(self) -> EntryRow | None:
        return selected_record(self.table, self.model)

    def select_entry(self, entry_id: int) -> None:
        select_record(self.table, self.model, entry_id)

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()
