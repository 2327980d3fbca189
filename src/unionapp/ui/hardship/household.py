"""The household table of a hardship file's form: one row per person (the member
included), a relation chosen from domain.hardship.RELATIONS, a name, a monthly income
typed as money and a note. An income that is not an amount ("约两千") turns its cell red
and is told in Chinese under the table; the form then saves nothing."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from unionapp.domain.hardship import MAX_HOUSEHOLD, RELATIONS
from unionapp.domain.money import MoneyError, format_fen, parse_amount
from unionapp.services.hardship import HouseholdInput

HEADERS = ["关系", "姓名", "月收入（元）", "说明"]
RELATION, NAME, INCOME, NOTE = range(4)
BAD_CELL = QBrush(QColor("#f5c6cb"))


def income_text(fen: int) -> str:
    """Fen as typed back ("2000", "1234.50"), blank for none."""
    return format_fen(fen).replace(",", "") if fen else ""


class HouseholdEditor(QWidget):
    changed = Signal()  # a cell, a relation or the rows changed

    def __init__(self, parent: QWidget | None = None, read_only: bool = False):
        super().__init__(parent)
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(26)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setStretchLastSection(True)
        for column, width in enumerate((100, 110, 110)):
            self.table.setColumnWidth(column, width)
        self.table.setMinimumHeight(26 * 4 + 30)
        self.table.itemChanged.connect(lambda _item: self.changed.emit())
        self.add_button = QPushButton("添加家庭成员")
        self.remove_button = QPushButton("删除所选成员")
        self.add_button.clicked.connect(lambda: self.add_person())
        self.remove_button.clicked.connect(self.remove_selected)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        if read_only:
            self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
            self.add_button.setEnabled(False)
            self.remove_button.setEnabled(False)

    # ------------------------------------------------------------ rows
    def set_people(self, people: tuple[HouseholdInput, ...] | list[HouseholdInput]) -> None:
        self.table.blockSignals(True)
        self.table.setRowCount(0)
        self.table.blockSignals(False)
        for person in people:
            self.add_person(person.relation, person.name, income_text(person.monthly_income_fen), person.note)

    def add_person(self, relation: str = "", name: str = "", income: str = "", note: str = "") -> int:
        if self.table.rowCount() >= MAX_HOUSEHOLD:
            return -1
        self.table.blockSignals(True)
        row = self.table.rowCount()
        self.table.insertRow(row)
        combo = QComboBox()
        combo.addItems(RELATIONS)
        combo.setCurrentIndex(max(combo.findText(relation or ("本人" if row == 0 else "配偶")), 0))
        combo.currentIndexChanged.connect(lambda _i: self.changed.emit())
        self.table.setCellWidget(row, RELATION, combo)
        for column, text in ((NAME, name), (INCOME, income), (NOTE, note)):
            item = QTableWidgetItem(text)
            if column == INCOME:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.table.setItem(row, column, item)
        self.table.blockSignals(False)
        self.changed.emit()
        return row

    def remove_selected(self) -> None:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()}, reverse=True)
        if not rows and self.table.currentRow() >= 0:
            rows = [self.table.currentRow()]
        for row in rows:
            self.table.removeRow(row)
        if rows:
            self.changed.emit()

    def relation_box(self, row: int) -> QComboBox:
        return self.table.cellWidget(row, RELATION)

    def set_text(self, row: int, column: int, text: str) -> None:
        """Type `text` into a cell (as the user would, for tests and for the member's name)."""
        self.table.item(row, column).setText(text)

    def _text(self, row: int, column: int) -> str:
        item = self.table.item(row, column)
        return item.text().strip() if item is not None else ""

    # ------------------------------------------------------------ reading
    def read(self, problems: dict[str, str], key: str = "household") -> tuple[HouseholdInput, ...]:
        """The people as typed; each income that is not an amount is a sentence in
        `problems[key]` (one line per row) and its cell turns red."""
        people: list[HouseholdInput] = []
        wrong: list[str] = []
        self.table.blockSignals(True)
        for row in range(self.table.rowCount()):
            relation = self.relation_box(row).currentText()
            who = self._text(row, NAME) or relation
            fen = 0
            text = self._text(row, INCOME)
            bad = False
            if text:
                try:
                    fen = parse_amount(text, f"第 {row + 1} 行（{who}）的月收入")
                except MoneyError as exc:
                    wrong.append(str(exc))
                    bad = True
                else:
                    if fen < 0:
                        wrong.append(f"第 {row + 1} 行（{who}）的月收入不能是负数")
                        bad = True
            self.table.item(row, INCOME).setBackground(BAD_CELL if bad else QBrush())
            people.append(HouseholdInput(relation, self._text(row, NAME), max(fen, 0), self._text(row, NOTE)))
        self.table.blockSignals(False)
        if wrong:
            problems[key] = "\n".join(wrong)
        return tuple(people)

    def state(self) -> tuple:
        """Everything typed, to tell whether the table was changed."""
        return tuple(
            (self.relation_box(r).currentText(), *(self._text(r, c) for c in (NAME, INCOME, NOTE)))
            for r in range(self.table.rowCount())
        )
