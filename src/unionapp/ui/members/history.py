"""走访记录 of one member (from the members tab): the money received each year and every
visit, newest first (services.visits.member_history)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from unionapp.db.engine import Database
from unionapp.domain.dates import format_date
from unionapp.domain.money import format_fen
from unionapp.services import visits
from unionapp.services.members import MemberRow
from unionapp.ui.visits.model import gift_text, remark, status_text
from unionapp.ui.widgets.common import PlainTableModel, list_table

YEAR_HEADERS = ["年度", "走访次数", "慰问金（元）"]
VISIT_HEADERS = ["日期", "类型", "事由", "慰问金（元）", "慰问品", "状态", "走访人", "备注"]


def _table(model: PlainTableModel, widths: tuple[int, ...]) -> QTableView:
    return list_table(model, widths)


class MemberHistoryDialog(QDialog):
    def __init__(self, parent: QWidget | None, db: Database, member: MemberRow):
        super().__init__(parent)
        self.setWindowTitle(f"走访记录：{member.name}")
        self.resize(860, 480)
        rows, years = visits.member_history(db, member.id)
        given = sum(y.money_fen for y in years)
        done = sum(y.count for y in years)
        self.summary = QLabel(
            f"{member.name}（{member.group_name or '未分组'}）：已访 {done} 次，共收到慰问金 {format_fen(given)} 元"
            if rows
            else f"{member.name}（{member.group_name or '未分组'}）还没有走访记录。"
        )
        self.years_model = PlainTableModel(
            YEAR_HEADERS, [[f"{y.year} 年", y.count, format_fen(y.money_fen)] for y in years], self
        )
        self.visits_model = PlainTableModel(
            VISIT_HEADERS,
            [
                [
                    format_date(r.visit_date),
                    r.type_name,
                    r.reason,
                    format_fen(r.money_fen, blank_zero=True),
                    gift_text(r),
                    status_text(r),
                    r.visitors,
                    remark(r),
                ]
                for r in rows
            ],
            self,
        )
        years_table = _table(self.years_model, (80, 80))
        years_table.setMaximumHeight(24 * min(max(len(years), 1), 5) + 30)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(QLabel("每年收到的慰问金（只计已访）："))
        layout.addWidget(years_table)
        layout.addWidget(QLabel("全部走访（最新的在前）："))
        layout.addWidget(_table(self.visits_model, (90, 150, 170, 90, 120, 60, 110)), 1)
        from unionapp.ui.checkups.history import CheckupHistory  # the 体检 area's part of the history

        self.checkups = CheckupHistory(db, member.id)
        layout.addWidget(self.checkups)
        from unionapp.ui.activities.handout_history import ReceivedHistory  # handouts and activities

        self.received = ReceivedHistory(db, member.id)
        layout.addWidget(self.received)
        layout.addWidget(buttons)
