"""The 参与率 sub-tab of an activity: per group taking part, its union members in service,
how many came, and the rate, with the overall line against the charter's two thirds
(services.activities.participation)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from unionapp.domain.activities import rate_text
from unionapp.services.activities import ActivityRow, GroupRate
from unionapp.ui.activities.activity_model import RATE_HEADERS, rate_rows
from unionapp.ui.widgets.common import PlainTableModel, list_table
from unionapp.ui.widgets.forms import NOTE_STYLE


def overall_text(rates: list[GroupRate]) -> str:
    total = rates[-1] if rates else None
    if total is None or not total.members:
        return "参加小组中还没有在职会员，无法计算参与率"
    return f"实到会员 {rate_text(total.took_part, total.members)}（章程对全年的要求：三分之二以上的会员参加过活动）"


class RatesView(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.model = PlainTableModel(RATE_HEADERS, [], self, numeric=(1, 2, 3))
        self.table = list_table(self.model, (160, 80, 80, 80))
        self.line = QLabel()
        self.note = QLabel("只计在职的工会会员；同一人参加多个项目只算一次。")
        self.note.setStyleSheet(NOTE_STYLE)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addWidget(self.line)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.note)
        self.rates: list[GroupRate] = []

    def set_rows(self, activity: ActivityRow | None, rates: list[GroupRate]) -> None:
        self.rates = list(rates)
        self.model.set_rows(rate_rows(rates))
        self.line.setText(overall_text(rates) if activity is not None else "")
