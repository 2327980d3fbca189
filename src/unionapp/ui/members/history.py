"""履历 of one member (from the members tab): one timeline across the areas — visits,
handouts, prizes, checkups, the hardship file, status changes, dues exemptions
(services.timeline.member_timeline) — newest first, with totals per year. The year table
keeps what the visits-only history gave (visits and 慰问金 each year) beside the totals of
everything; a 方面 choice narrows the timeline to one area (五必访 alone, say). No health
notes and no household income ever show here."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from unionapp.db.engine import Database
from unionapp.domain.dates import format_date
from unionapp.domain.money import format_fen
from unionapp.services import timeline, visits
from unionapp.services.members import MemberRow
from unionapp.services.timeline import TimelineRow, YearTotal
from unionapp.ui.widgets.common import PlainTableModel, list_table

YEAR_HEADERS = ["年度", "走访次数", "慰问金（元）", "全部事项", "金额合计（元）", "实物合计（元）"]
TIMELINE_HEADERS = ["日期", "方面", "事项", "金额（元）", "实物（元）"]
ALL = ""


def year_rows(rows: list[TimelineRow], totals: list[YearTotal]) -> list[list[str]]:
    """Per year: the visits done and their money (as the old history gave), then everything."""
    visit_count: dict[int, int] = {}
    visit_money: dict[int, int] = {}
    for r in rows:
        if r.area == "visit":
            visit_count[r.day.year] = visit_count.get(r.day.year, 0) + 1
            visit_money[r.day.year] = visit_money.get(r.day.year, 0) + r.money_fen
    return [
        [
            f"{t.year} 年",
            visit_count.get(t.year, 0),
            format_fen(visit_money.get(t.year, 0)),
            t.count,
            format_fen(t.money_fen),
            format_fen(t.goods_fen, blank_zero=True),
        ]
        for t in totals
    ]


def timeline_cells(r: TimelineRow) -> list[str]:
    return [
        format_date(r.day),
        r.area_label,
        r.what,
        format_fen(r.money_fen, blank_zero=True),
        format_fen(r.goods_fen, blank_zero=True),
    ]


class MemberHistoryDialog(QDialog):
    def __init__(self, parent: QWidget | None, db: Database, member: MemberRow):
        super().__init__(parent)
        self.setWindowTitle(f"会员履历：{member.name}")
        self.resize(900, 560)
        self.rows, self.totals = timeline.member_timeline(db, member.id)
        planned = [v for v in visits.member_history(db, member.id)[0] if v.status == "planned"]
        self.summary = QLabel(self._summary(member, planned), wordWrap=True)
        self.years_model = PlainTableModel(
            YEAR_HEADERS, year_rows(self.rows, self.totals), self, numeric=(1, 2, 3, 4, 5)
        )
        self.timeline_model = PlainTableModel(TIMELINE_HEADERS, [], self, numeric=(3, 4))
        self.area_box = QComboBox()
        self.area_box.addItem("全部", ALL)
        for area, label in timeline.AREA_LABELS.items():
            if any(r.area == area for r in self.rows):
                self.area_box.addItem(label, area)
        self.area_box.currentIndexChanged.connect(lambda _i: self._show_area())
        self.shown_line = QLabel()
        years_table = list_table(self.years_model, (70, 70, 100, 70, 110))
        years_table.setMaximumHeight(24 * min(max(len(self.totals), 1), 5) + 30)
        self.table: QTableView = list_table(self.timeline_model, (90, 80, 420, 90))
        choose = QHBoxLayout()
        choose.addWidget(QLabel("全部记录（最新的在前）："))
        choose.addStretch(1)
        choose.addWidget(QLabel("方面："))
        choose.addWidget(self.area_box)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(QLabel("每年合计（走访只计已访；金额为慰问金、发放和奖品的现金，实物按价值折算）："))
        layout.addWidget(years_table)
        layout.addLayout(choose)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.shown_line)
        layout.addWidget(buttons)
        self._show_area()

    def _summary(self, member: MemberRow, planned: list) -> str:
        who = f"{member.name}（{member.group_name or '未分组'}）"
        if not self.rows and not planned:
            return f"{who}还没有走访、发放、体检或其他记录。"
        done = [r for r in self.rows if r.area == "visit"]
        money = sum(r.money_fen for r in self.rows)
        goods = sum(r.goods_fen for r in self.rows)
        text = (
            f"{who}：共 {len(self.rows)} 项记录；已访 {len(done)} 次，共收到慰问金 "
            f"{format_fen(sum(r.money_fen for r in done))} 元；各方面合计现金 {format_fen(money)} 元"
            + (f"，实物折合 {format_fen(goods)} 元" if goods else "")
            + "。"
        )
        if planned:
            days = "、".join(format_date(v.visit_date) for v in planned[:3])
            text += f"另有待访 {len(planned)} 次（{days}{'等' if len(planned) > 3 else ''}），见“五必访”。"
        return text

    def _show_area(self) -> None:
        area = self.area_box.currentData()
        shown = [r for r in self.rows if area == ALL or r.area == area]
        self.timeline_model.set_rows([timeline_cells(r) for r in shown])
        money = sum(r.money_fen for r in shown)
        goods = sum(r.goods_fen for r in shown)
        self.shown_line.setText(
            f"显示 {len(shown)} 项，现金 {format_fen(money)} 元" + (f"，实物 {format_fen(goods)} 元" if goods else "")
        )
