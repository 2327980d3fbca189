"""Table models of the 预算 view: the budget the chair types per leaf category (parents
and totals are sums, read-only), and budget execution with over-budget rows marked."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont

from unionapp.domain.money import MoneyError, format_fen, parse_amount
from unionapp.services.budget import ExecutionRow
from unionapp.services.ledger import CategoryRow
from unionapp.ui.widgets.forms import money_text

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
INDENT = "　　"  # two ideographic spaces: a second-level category under its parent
OVER_TEXT = QColor("#b52b27")
OVER_BACKGROUND = QColor("#fbe3e2")
PARENT_BACKGROUND = QColor("#f2f4f7")


def _bold() -> QFont:
    font = QFont()
    font.setBold(True)
    return font


@dataclass(frozen=True)
class BudgetRow:
    name: str
    level: int  # 1 first-level, 2 second-level, 0 a direction's total
    direction: str
    ids: tuple[int, ...]  # the leaf categories this row sums (itself for a leaf)
    category_id: int | None = None  # set on the editable (leaf) rows

    @property
    def editable(self) -> bool:
        return self.category_id is not None


def budget_rows(categories: list[CategoryRow], amounts: dict[int, int]) -> list[BudgetRow]:
    """Income then expense: each first-level category, its children, then the total.
    A retired (停用) category stays only while it still has a budget amount."""

    def shown(c: CategoryRow) -> bool:
        return c.active or bool(amounts.get(c.id))

    rows: list[BudgetRow] = []
    for direction, total in (("income", "收入预算合计"), ("expense", "支出预算合计")):
        leaves: list[int] = []
        for parent in (c for c in categories if c.direction == direction and c.parent_id is None):
            children = [c for c in categories if c.parent_id == parent.id and shown(c)]
            if parent.has_children:
                if not children and not parent.active:
                    continue
                ids = tuple(c.id for c in children)
                rows.append(BudgetRow(parent.name, 1, direction, ids))
                rows += [BudgetRow(INDENT + c.name, 2, direction, (c.id,), c.id) for c in children]
            elif shown(parent):
                ids = (parent.id,)
                rows.append(BudgetRow(parent.name, 1, direction, ids, parent.id))
            else:
                continue
            leaves += ids
        rows.append(BudgetRow(total, 0, direction, tuple(leaves)))
    return rows


class BudgetTableModel(QAbstractTableModel):
    """Column 0 the category, column 1 the amount in yuan. Typing a bad amount keeps the
    old one and reports the sentence through `problem` (an empty string clears it)."""

    problem = Signal(str)
    edited = Signal()
    HEADERS = ("科目", "预算金额（元）")

    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows: list[BudgetRow] = []
        self.amounts: dict[int, int] = {}
        self.editable = True
        self.dirty = False

    def set_budget(self, categories: list[CategoryRow], amounts: dict[int, int], editable: bool) -> None:
        self.beginResetModel()
        self.rows = budget_rows(categories, amounts)
        leaves = {r.category_id for r in self.rows if r.editable}
        self.amounts = {cid: fen for cid, fen in amounts.items() if cid in leaves}
        self.editable = editable
        self.dirty = False
        self.endResetModel()

    def amount(self, row: BudgetRow) -> int:
        return sum(self.amounts.get(i, 0) for i in row.ids)

    def row_of(self, category_id: int) -> int | None:
        return next((n for n, r in enumerate(self.rows) if r.category_id == category_id), None)

    # -- Qt model API
    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def flags(self, index: QModelIndex):
        flags = super().flags(index)
        if index.isValid() and index.column() == 1 and self.editable and self.rows[index.row()].editable:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return row.name if index.column() == 0 else format_fen(self.amount(row))
        if role == Qt.ItemDataRole.EditRole and index.column() == 1:
            return money_text(self.amount(row))
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 1:
            return RIGHT
        if role == Qt.ItemDataRole.FontRole and not row.editable:
            return _bold()
        if role == Qt.ItemDataRole.BackgroundRole and not row.editable:
            return QBrush(PARENT_BACKGROUND)
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 1:
            return "双击或直接输入修改预算" if row.editable and self.editable else "由明细科目自动合计"
        return None

    def setData(self, index: QModelIndex, value, role=Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not (self.flags(index) & Qt.ItemFlag.ItemIsEditable):
            return False
        row = self.rows[index.row()]
        try:
            fen = parse_amount(value, f"“{row.name.strip()}”的预算") if str(value).strip() else 0
        except MoneyError as exc:
            self.problem.emit(str(exc))
            return False
        if fen < 0:
            self.problem.emit(f"“{row.name.strip()}”的预算不能是负数")
            return False
        self.problem.emit("")
        if fen != self.amounts.get(row.category_id, 0):
            self.amounts[row.category_id] = fen
            self.dirty = True
            # Parents and totals are sums: the whole amount column may change.
            self.dataChanged.emit(self.index(0, 1), self.index(len(self.rows) - 1, 1))
            self.edited.emit()
        return True

    def headerData(self, section: int, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.HEADERS[section]
        return super().headerData(section, orientation, role)


class ExecutionTableModel(QAbstractTableModel):
    """预算执行情况: budget, actual, remaining and % executed per category."""

    HEADERS = ("科目", "预算（元）", "实际（元）", "预算余额（元）", "执行率")

    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows: list[ExecutionRow] = []

    def set_rows(self, rows: list[ExecutionRow]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, index.column())
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() > 0:
            return RIGHT
        if role == Qt.ItemDataRole.FontRole and row.level < 2:
            return _bold()
        if role == Qt.ItemDataRole.ForegroundRole and row.over_budget:
            return OVER_TEXT
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(OVER_BACKGROUND) if row.over_budget else QBrush(PARENT_BACKGROUND) if row.level == 0 else None
        if role == Qt.ItemDataRole.ToolTipRole and row.over_budget:
            return f"超出预算 {format_fen(-row.remaining_fen)} 元"
        return None

    @staticmethod
    def _text(row: ExecutionRow, column: int) -> str:
        if column == 0:
            return INDENT + row.name if row.level == 2 else row.name
        if column == 4:
            return "—" if row.percent is None else f"{row.percent}%"
        return format_fen((row.budget_fen, row.actual_fen, row.remaining_fen)[column - 1])

    def headerData(self, section: int, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.HEADERS[section]
        return super().headerData(section, orientation, role)
