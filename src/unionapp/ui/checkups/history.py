"""A member's checkups, newest first (services.checkups.member_history), shown in the
member's history dialog beside the visits. Only the status and date: no health notes."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractItemView, QLabel, QTableView, QVBoxLayout, QWidget

from unionapp.db.engine import Database
from unionapp.domain.checkups import PERSON_STATUS_LABELS
from unionapp.domain.dates import format_date
from unionapp.services import checkups
from unionapp.ui.widgets.common import PlainTableModel

HEADERS = ["年度", "体检", "状态", "体检日期"]
MAX_ROWS_SHOWN = 5  # taller than this, the table scrolls


class CheckupHistory(QWidget):
    def __init__(self, db: Database, member_id: int, parent: QWidget | None = None):
        super().__init__(parent)
        rows = checkups.member_history(db, member_id)
        self.model = PlainTableModel(
            HEADERS,
            [
                [f"{r.year} 年", r.campaign, PERSON_STATUS_LABELS.get(r.status, r.status), format_date(r.checkup_date)]
                for r in rows
            ],
            self,
        )
        table = QTableView()
        table.setModel(self.model)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.verticalHeader().setVisible(False)
        table.verticalHeader().setDefaultSectionSize(24)
        table.horizontalHeader().setStretchLastSection(True)
        for column, width in enumerate((70, 260, 70)):
            table.setColumnWidth(column, width)
        table.setFixedHeight(24 * min(max(len(rows), 1), MAX_ROWS_SHOWN) + 30)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel("体检记录（最新的在前）：" if rows else "体检记录：还没有参加过体检批次。"))
        if rows:
            layout.addWidget(table)
