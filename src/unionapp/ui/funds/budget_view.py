"""The 预算 view: the year's budget typed per category, next to its execution."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from unionapp.db.engine import Database
from unionapp.services import budget
from unionapp.ui.funds.budget_model import BudgetTableModel, ExecutionTableModel
from unionapp.ui.funds.data import YearData
from unionapp.ui.widgets.column_fit import fit_columns
from unionapp.ui.widgets.common import confirm, guarded
from unionapp.ui.widgets.forms import NOTE_STYLE, PROBLEM_STYLE


def _table(model) -> QTableView:
    table = QTableView()
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.verticalHeader().setVisible(False)
    table.verticalHeader().setDefaultSectionSize(24)
    table.setWordWrap(False)
    table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    return table


def _titled(title: str, *widgets) -> QWidget:
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    heading = QLabel(title)
    heading.setStyleSheet("font-weight: bold;")
    layout.addWidget(heading)
    for item in widgets:
        if isinstance(item, QWidget):
            layout.addWidget(item)
        else:
            layout.addLayout(item)
    return box


class BudgetView(QWidget):
    saved = Signal()  # the budget was written: the tab reloads the year

    def __init__(self, db: Database, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.data: YearData | None = None
        self.model = BudgetTableModel(self)
        self.execution_model = ExecutionTableModel(self)
        self.table = _table(self.model)
        triggers = QAbstractItemView.EditTrigger
        self.table.setEditTriggers(triggers.DoubleClicked | triggers.EditKeyPressed | triggers.AnyKeyPressed)
        fit_columns(self.table, (None, 130))  # the category column stretches
        self.execution_table = _table(self.execution_model)
        self.execution_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        fit_columns(self.execution_table, (None, 105, 105, 115, 70))
        self.hint = QLabel(wordWrap=True)
        self.hint.setStyleSheet(NOTE_STYLE)
        self.problem = QLabel(wordWrap=True)
        self.problem.setStyleSheet(PROBLEM_STYLE)
        self.save_button = QPushButton("保存预算")
        self.discard_button = QPushButton("放弃修改")
        self.copy_button = QPushButton("复制上一年预算")
        buttons = QHBoxLayout()
        for button in (self.save_button, self.discard_button, self.copy_button):
            buttons.addWidget(button)
        buttons.addStretch()
        splitter = QSplitter()
        splitter.addWidget(_titled("年度预算", self.table, self.hint, self.problem, buttons))
        splitter.addWidget(_titled("预算执行情况", self.execution_table))
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addWidget(splitter)
        self.model.problem.connect(self.problem.setText)
        self.model.edited.connect(self._update_buttons)
        self.save_button.clicked.connect(self.save)
        self.discard_button.clicked.connect(self.discard)
        self.copy_button.clicked.connect(self.copy_previous)

    @property
    def dirty(self) -> bool:
        return self.model.dirty

    def set_data(self, data: YearData, editable: bool) -> None:
        # A reload of the same year (an entry was added meanwhile) keeps figures typed but not saved.
        keep = self.dirty and editable and self.data is not None and self.data.year == data.year
        amounts = dict(self.model.amounts) if keep else data.budget
        self.data = data
        self.model.set_budget(data.categories, amounts, editable)
        self.model.dirty = keep
        self.execution_model.set_rows(data.execution)
        if not keep:
            self.problem.setText("")
        self.hint.setText(
            "在明细科目的金额格中直接输入（如 3000 或 1,234.50），回车确认，再点“保存预算”。一级科目和合计自动汇总。"
            if editable
            else "本年预算只能查看。"
        )
        self._update_buttons()

    def _update_buttons(self) -> None:
        editable = self.model.editable
        self.save_button.setEnabled(editable and self.dirty)
        self.discard_button.setEnabled(editable and self.dirty)
        self.copy_button.setEnabled(editable and not self.dirty and not any(self.model.amounts.values()))

    def save(self) -> None:
        if self.data is None:
            return
        amounts = dict(self.model.amounts)
        if guarded(self, lambda: budget.set_budget(self.db, self.data.year, amounts) or True):
            self.model.dirty = False
            self.saved.emit()

    def discard(self) -> None:
        if self.data is not None:
            self.model.dirty = False
            self.set_data(self.data, self.model.editable)

    def copy_previous(self) -> None:
        if self.data is None:
            return
        year = self.data.year
        count = guarded(self, lambda: budget.copy_budget(self.db, year - 1, year))
        if count is not None:
            self.saved.emit()

    def may_leave(self) -> bool:
        """Ask before unsaved budget figures are thrown away (changing year, F5)."""
        if not self.dirty:
            return True
        if confirm(self, "预算未保存", f"{self.data.year} 年预算的修改还没有保存，要放弃这些修改吗？"):
            self.model.dirty = False
            return True
        return False
