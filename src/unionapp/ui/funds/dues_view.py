"""The 会费 view: the dues rule, the year's twelve months, and the dues/allocation actions."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from unionapp.db.engine import Database
from unionapp.domain.money import format_fen
from unionapp.services import dues
from unionapp.ui.funds.data import YearData
from unionapp.ui.funds.dues_dialogs import AllocationDialog, DuesPostDialog, DuesRuleDialog
from unionapp.ui.funds.ledger_model import today_in
from unionapp.ui.widgets.column_fit import fit_columns
from unionapp.ui.widgets.common import PlainTableModel
from unionapp.ui.widgets.forms import NOTE_STYLE
from unionapp.ui.widgets.reason_dialog import ReasonDialog

HEADERS = ["月份", "状态", "缴费人数", "会费合计（元）", "上缴上级（元）", "本会留存（元）"]
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


class DuesMonthsModel(PlainTableModel):
    """The twelve months and a 全年合计 row; figures right-aligned like an account book."""

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() >= 2:
            return RIGHT
        if role == Qt.ItemDataRole.FontRole and index.row() == 12:
            font = QFont()
            font.setBold(True)
            return font
        return super().data(index, role)


def month_rows(months: list[dues.MonthStatus]) -> list[list[str]]:
    rows = [
        [
            f"{m.month} 月",
            "已记账",
            str(m.member_count),
            format_fen(m.total_fen),
            format_fen(m.remit_fen),
            format_fen(m.total_fen - m.remit_fen),
        ]
        if m.posted
        else [f"{m.month} 月", "未记账", "", "", "", ""]
        for m in months
    ]
    total, remit = sum(m.total_fen for m in months), sum(m.remit_fen for m in months)
    posted = sum(m.posted for m in months)
    rows.append(["全年合计", f"{posted} 个月", "", format_fen(total), format_fen(remit), format_fen(total - remit)])
    return rows


class DuesView(QWidget):
    changed = Signal(int)  # the year whose ledger changed

    def __init__(self, db: Database, handler: Callable[[], str], parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.handler = handler  # the operator's name, read when an action runs
        self.data: YearData | None = None
        self.editable = False
        self.rule_label = QLabel(wordWrap=True)
        self.rule_label.setStyleSheet(NOTE_STYLE)
        self.model = DuesMonthsModel(HEADERS, parent=self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(24)
        fit_columns(self.table, (60, 70, 80, 120, 120, 120))
        self.rule_action = self._action("会费设置…", self.edit_rule)
        self.post_action = self._action("记会费…", self.post_month)
        self.undo_action = self._action("撤销会费…", self.undo_month)
        self.allocation_action = self._action("拨缴经费…", self.post_allocation)
        buttons = QHBoxLayout()
        for action in (self.post_action, self.undo_action, self.allocation_action, self.rule_action):
            button = QToolButton()
            button.setDefaultAction(action)
            buttons.addWidget(button)
        buttons.addStretch()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addWidget(self.rule_label)
        layout.addLayout(buttons)
        layout.addWidget(self.table)
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._update_actions())
        self.table.doubleClicked.connect(lambda _i: self.post_action.isEnabled() and self.post_month())

    def _action(self, text: str, slot) -> QAction:
        action = QAction(text, self)
        action.triggered.connect(slot)
        return action

    # ------------------------------------------------------------ data
    def set_data(self, data: YearData, editable: bool) -> None:
        self.data, self.editable = data, editable
        self.rule_label.setText(
            f"会费标准：{data.rule.describe()}。在职的工会会员缴纳，退休会员保留会籍不缴会费。"
            f"每月记账一次：会费收入和上缴上级的部分同时入账。"
        )
        self.model.set_rows(month_rows(data.dues))
        self._update_actions()

    def selected_month(self) -> int | None:
        rows = [i.row() for i in self.table.selectionModel().selectedRows() if i.row() < 12]  # not the totals
        return rows[0] + 1 if rows else None

    def select_month(self, month: int) -> None:
        self.table.selectRow(month - 1)

    def open_months(self) -> list[int]:
        """Months not yet posted that have begun."""
        today = date.today()
        return [m.month for m in self.data.dues if not m.posted and date(self.data.year, m.month, 1) <= today]

    def _update_actions(self) -> None:
        month = self.selected_month()
        posted = month is not None and self.data is not None and self.data.dues[month - 1].posted
        self.post_action.setEnabled(self.editable)
        self.undo_action.setEnabled(self.editable and posted)
        self.allocation_action.setEnabled(self.editable)
        self.rule_action.setEnabled(self.data is not None)  # read-only users may look at the rule

    # ------------------------------------------------------------ actions
    def edit_rule(self) -> None:
        if self.data is None:  # the tab disables these until its year has arrived
            return
        dialog = DuesRuleDialog(self, self.db, read_only=self.db.read_only)
        if dialog.exec():
            self.changed.emit(self.data.year)

    def post_month(self) -> None:
        if self.data is None:
            return
        months = self.open_months()
        if not months:
            QMessageBox.information(self, "记会费", f"{self.data.year} 年已到的月份会费都已记账。")
            return
        chosen = self.selected_month()
        month = chosen if chosen in months else months[0]
        dialog = DuesPostDialog(self, self.db, self.data.year, months, month, handler=self.handler())
        if dialog.exec():
            self.changed.emit(self.data.year)

    def undo_month(self) -> None:
        month = self.selected_month()
        if month is None or self.data is None or not self.data.dues[month - 1].posted:
            return
        year = self.data.year
        what = (
            f"撤销 {year} 年 {month} 月的会费记账：会费收入和上缴上级两笔凭证将用红字冲销，"
            "原凭证保留；之后可以重新记这个月的会费。"
        )
        dialog = ReasonDialog(
            self, "撤销会费", what, lambda reason: dues.undo_dues(self.db, year, month, reason), save_text="撤销"
        )
        if dialog.exec():
            self.changed.emit(year)

    def post_allocation(self) -> None:
        if self.data is None:
            return
        dialog = AllocationDialog(self, self.db, today_in(self.data.year), handler=self.handler())
        if dialog.exec():
            self.changed.emit(dialog.saved_date.year)
