"""What a member received from the union's handouts and activities, newest first, shown in
the member's history dialog beside visits and checkups: each issued handout (its item and
value) and each activity they took part in (their place and prize)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from unionapp.db.engine import Database
from unionapp.domain.activities import ACTIVITY_KIND_LABELS
from unionapp.domain.dates import format_date
from unionapp.domain.handouts import HANDOUT_KIND_LABELS, VALUE_KIND_LABELS
from unionapp.domain.money import format_fen
from unionapp.services import activities, handouts
from unionapp.ui.widgets.common import PlainTableModel, list_table

HEADERS = ["日期", "来源", "名称", "物品或名次", "金额（元）"]
MAX_ROWS_SHOWN = 4  # taller than this, the table scrolls


def received_rows(db: Database, member_id: int) -> list[list[str]]:
    """Handouts and activities in one list, newest first."""
    rows: list[tuple] = []
    for r in handouts.member_handouts(db, member_id):
        what = (
            f"{VALUE_KIND_LABELS.get(r.value_kind, r.value_kind)}：{r.item}"
            if r.item
            else VALUE_KIND_LABELS.get(r.value_kind, "")
        )
        source = f"发放（{HANDOUT_KIND_LABELS.get(r.kind, r.kind)}）"
        rows.append((r.handout_date, source, r.name, what, format_fen(r.value_fen, blank_zero=True)))
    for a in activities.member_activities(db, member_id):
        result = "、".join(p for p in (a.event, a.place or a.result) if p) or (
            "已参加" if a.attended else "获奖" if a.prize_fen else "已报名"
        )
        source = f"活动（{ACTIVITY_KIND_LABELS.get(a.kind, a.kind)}）"
        rows.append((a.date_from, source, a.name, result, format_fen(a.prize_fen, blank_zero=True)))
    rows.sort(key=lambda r: r[0], reverse=True)
    return [[format_date(r[0]), *r[1:]] for r in rows]


class ReceivedHistory(QWidget):
    def __init__(self, db: Database, member_id: int, parent: QWidget | None = None):
        super().__init__(parent)
        rows = received_rows(db, member_id)
        self.model = PlainTableModel(HEADERS, rows, self, numeric=(4,))
        table = list_table(self.model, (90, 120, 220, 180))
        table.setFixedHeight(24 * min(max(len(rows), 1), MAX_ROWS_SHOWN) + 30)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(
            QLabel("发放与活动（最新的在前）：" if rows else "发放与活动：还没有领取过发放，也没有参加过活动。")
        )
        if rows:
            layout.addWidget(table)
