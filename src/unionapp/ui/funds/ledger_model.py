"""The ledger table model (收支明细账): one year's entries held in memory and filtered
here, so choosing a month or typing in the search box never waits for the database."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QColor

from unionapp.domain.dates import format_date
from unionapp.domain.funds import SOURCE_LABELS
from unionapp.domain.money import format_fen
from unionapp.services import ledger
from unionapp.services.ledger import CategoryRow, EntryRow, LedgerFilter
from unionapp.ui.widgets.row_model import SortedRowsModel

RED = QColor("#c9302c")
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


@dataclass(frozen=True)
class Column:
    header: str
    text: Callable[[EntryRow, LedgerTableModel], str]
    sort: Callable[[EntryRow], Any]
    width: int = 90
    money: bool = False


COLUMNS: list[Column] = [
    Column("日期", lambda r, _m: format_date(r.entry_date), lambda r: r.entry_date, 90),
    Column("凭证号", lambda r, _m: r.voucher, lambda r: (r.year, r.voucher_no), 85),
    Column("科目", lambda r, _m: r.category_name, lambda r: r.category_name, 180),
    Column("摘要", lambda r, _m: r.summary, lambda r: r.summary, 260),
    Column("收入", lambda r, _m: format_fen(r.income_fen, blank_zero=True), lambda r: r.income_fen, 95, True),
    Column("支出", lambda r, _m: format_fen(r.expense_fen, blank_zero=True), lambda r: r.expense_fen, 95, True),
    Column("余额", lambda r, _m: format_fen(r.balance_fen), lambda r: r.balance_fen, 105, True),
    Column("经办人", lambda r, _m: r.handler, lambda r: r.handler, 65),
    Column("审批人", lambda r, _m: r.approver, lambda r: r.approver, 65),
    Column("来源", lambda r, _m: SOURCE_LABELS.get(r.source, r.source), lambda r: r.source, 70),
    Column("状态", lambda r, m: m.status_text(r), lambda r: (r.reversal_of_id is None, r.reversed_by_id is None), 120),
]
STATUS_COLUMN = len(COLUMNS) - 1


class LedgerTableModel(SortedRowsModel):
    columns = COLUMNS

    def __init__(self, parent=None):
        super().__init__(parent)
        self._by_id: dict[int, EntryRow] = {}
        self._categories: dict[int, CategoryRow] = {}
        self._filter = LedgerFilter()

    # -- data in
    def set_rows(self, rows: list[EntryRow], categories: list[CategoryRow]) -> None:
        self._all = rows
        self._by_id = {r.id: r for r in rows}
        self._categories = {c.id: c for c in categories}
        self._refresh()

    def set_filter(self, flt: LedgerFilter) -> None:
        self._filter = flt
        self._refresh()

    def _refresh(self) -> None:
        # The service's own matching rule, so the table agrees with list_entries(filter).
        self._show(ledger.filter_entries(self._all, self._filter, self._categories))

    def row_of_entry(self, entry_id: int) -> int | None:
        return self.row_of(entry_id)

    def cell_text(self, row: EntryRow, column: int) -> str:
        return COLUMNS[column].text(row, self)

    def status_text(self, row: EntryRow) -> str:
        if row.reversal_of_id is not None:
            original = self._by_id.get(row.reversal_of_id)
            return f"冲销 {original.voucher}" if original else "红字冲销"
        return "已冲销" if row.reversed_by_id is not None else ""

    def totals(self) -> tuple[int, int]:
        """Income and expense of the shown rows (reversals net them out)."""
        return sum(r.income_fen for r in self._shown), sum(r.expense_fen for r in self._shown)

    # -- Qt model API
    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row, column = self._shown[index.row()], COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.text(row, self)
        if role == Qt.ItemDataRole.ForegroundRole:
            return self._color(row, index.column())
        if role == Qt.ItemDataRole.TextAlignmentRole and column.money:
            return RIGHT
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row)
        if role == Qt.ItemDataRole.UserRole:
            return row.id
        return None

    @staticmethod
    def _color(row: EntryRow, column: int) -> QColor | None:
        if row.reversal_of_id is not None or (column == STATUS_COLUMN and row.reversed_by_id is not None):
            return RED
        return None

    @staticmethod
    def _tooltip(row: EntryRow) -> str:
        lines = [f"{row.voucher}  {row.summary}"]
        if row.reversal_reason:
            lines.append(f"冲销原因：{row.reversal_reason}")
        return "\n".join(lines)


def entry_details(row: EntryRow, status: str) -> str:
    """The whole entry in words, for 查看凭证."""
    money = format_fen(row.amount_fen)
    lines = [
        f"凭证号：{row.voucher}",
        f"日期：{format_date(row.entry_date)}",
        f"科目：{row.category_name}",
        f"{'收入' if row.direction == 'income' else '支出'}：{money} 元",
        f"摘要：{row.summary}",
        f"经办人：{row.handler or '（未填）'}",
        f"审批人：{row.approver or '（未填）'}",
        f"来源：{SOURCE_LABELS.get(row.source, row.source)}",
    ]
    if status:
        lines.append(f"状态：{status}")
    if row.reversal_reason:
        lines.append(f"冲销原因：{row.reversal_reason}")
    return "\n".join(lines)


def today_in(year: int) -> date:
    """A sensible default date for a new entry while a year is shown: today, or the
    last day of a past year."""
    today = date.today()
    return today if year >= today.year else date(year, 12, 31)
