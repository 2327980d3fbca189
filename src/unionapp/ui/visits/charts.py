"""年度统计 of the 五必访 tab: a year's done visits by type and by union group (count,
money, gift value) as tables, with a bar chart by type and a pie by group (QtCharts).
Amounts become float yuan here only to be drawn."""

from __future__ import annotations

from datetime import date

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QPieSeries,
    QValueAxis,
)
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from unionapp.domain.money import format_fen
from unionapp.services.visits import SummaryRow
from unionapp.ui.visits.data import Summary
from unionapp.ui.widgets.charts import new_chart, whole_yuan
from unionapp.ui.widgets.common import PlainTableModel

HEADERS = ["次数", "慰问金（元）", "慰问品价值（元）"]
BAR_COLOR = QColor("#d0704a")
PIE_LIMIT = 8  # more slices than this are merged into 其他
SMALL_SLICE = 8  # percent: a thinner slice's label would overlap its neighbour's


def _yuan(fen: int) -> float:
    return fen / 100  # drawing only: every figure shown as text stays exact


def table_rows(rows: list[SummaryRow]) -> list[list[str]]:
    """The rows and a 合计 line, as the table shows them (zeros left blank but in 合计)."""
    total = SummaryRow(
        "合计", sum(r.count for r in rows), sum(r.money_fen for r in rows), sum(r.gift_value_fen for r in rows)
    )
    lines = [[r.label, r.count, format_fen(r.money_fen, True), format_fen(r.gift_value_fen, True)] for r in rows]
    return lines + [[total.label, total.count, format_fen(total.money_fen), format_fen(total.gift_value_fen)]]


class _FiguresModel(PlainTableModel):
    """Figures right-aligned, as in the reports."""

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.TextAlignmentRole and index.isValid() and index.column() > 0:
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        return super().data(index, role)


def pie_slices(rows: list[SummaryRow]) -> list[tuple[str, int]]:
    """Groups with money, largest first; the smallest merged into 其他 so labels stay legible."""
    found = sorted(((r.label, r.money_fen) for r in rows if r.money_fen > 0), key=lambda item: -item[1])
    if len(found) <= PIE_LIMIT:
        return found
    rest = sum(fen for _label, fen in found[PIE_LIMIT - 1 :])
    return found[: PIE_LIMIT - 1] + [("其他", rest)]


def _table(headers: list[str]) -> tuple[QTableView, PlainTableModel]:
    model = _FiguresModel(headers)
    table = QTableView()
    table.setModel(model)
    model.setParent(table)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().setVisible(False)
    table.verticalHeader().setDefaultSectionSize(24)
    table.setMinimumHeight(100)
    table.setColumnWidth(0, 150)
    for column in (1, 2, 3):
        table.setColumnWidth(column, 90 if column == 1 else 110)
    return table, model


class SummaryView(QWidget):
    year_changed = Signal(int)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.summary: Summary | None = None
        self.year_spin = QSpinBox(minimum=2000, maximum=2100, value=date.today().year, suffix=" 年")
        self.year_spin.valueChanged.connect(self.year_changed)
        self.totals = QLabel()
        self.type_table, self.type_model = _table(["走访类型", *HEADERS])
        self.group_table, self.group_model = _table(["工会小组", *HEADERS])
        self._charts: tuple[QChart, QChart] | None = None
        bar = QHBoxLayout()
        bar.addWidget(QLabel("年度："))
        bar.addWidget(self.year_spin)
        bar.addSpacing(12)
        bar.addWidget(self.totals, 1)
        self.grid = QGridLayout()
        self.grid.addWidget(self.type_table, 0, 0)
        self.grid.addWidget(self.group_table, 0, 1)
        self.grid.setRowStretch(0, 2)
        self.grid.setRowStretch(1, 3)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addLayout(bar)
        layout.addLayout(self.grid)

    # The charts are made when first shown or filled, not with the tab: two chart views
    # hold some 8 MB, which a chair who never opens 年度统计 need not carry.
    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        self._made_charts()
        super().showEvent(event)

    @property
    def type_chart(self) -> QChart:
        return self._made_charts()[0]

    @property
    def group_chart(self) -> QChart:
        return self._made_charts()[1]

    def _made_charts(self) -> tuple[QChart, QChart]:
        if self._charts is None:
            self._charts = (new_chart(), new_chart())
            for column, chart in enumerate(self._charts):
                view = QChartView(chart)
                view.setRenderHint(QPainter.RenderHint.Antialiasing)
                view.setMinimumSize(300, 160)  # the window fits a 1366×768 laptop at 125 %
                self.grid.addWidget(view, 1, column)
        return self._charts

    @property
    def year(self) -> int:
        return self.year_spin.value()

    def set_data(self, summary: Summary) -> None:
        self.summary = summary
        self.type_model.set_rows(table_rows(summary.by_type))
        self.group_model.set_rows(table_rows(summary.by_group))
        count = sum(r.count for r in summary.by_type)
        money = sum(r.money_fen for r in summary.by_type)
        gifts = sum(r.gift_value_fen for r in summary.by_type)
        self.totals.setText(
            f"{summary.year} 年已访 {count} 次，慰问金合计 {format_fen(money)} 元，"
            f"慰问品价值合计 {format_fen(gifts)} 元（只计已访）"
        )
        self._show_types(summary.year, summary.by_type)
        self._show_groups(summary.year, summary.by_group)

    @staticmethod
    def _reset(chart: QChart) -> None:
        chart.removeAllSeries()
        for axis in chart.axes():
            chart.removeAxis(axis)
            axis.deleteLater()

    def _show_types(self, year: int, rows: list[SummaryRow]) -> None:
        chart = self.type_chart
        self._reset(chart)
        rows = [r for r in rows if r.money_fen > 0]
        chart.setTitle(f"{year} 年各类型慰问金" if rows else f"{year} 年暂无慰问金")
        if not rows:
            return
        rows = list(reversed(rows))  # a horizontal bar chart draws its first category at the bottom
        bars = QBarSet("慰问金")
        bars.setColor(BAR_COLOR)
        bars.setLabelColor(QColor("#333333"))
        bars.setLabelFont(chart.font())
        bars.append([whole_yuan(r.money_fen) for r in rows])
        series = QHorizontalBarSeries()
        series.append(bars)
        series.setLabelsVisible(True)
        series.setLabelsFormat("@value 元")
        series.setLabelsPrecision(15)  # never "1.2e+06"
        series.setLabelsPosition(QHorizontalBarSeries.LabelsPosition.LabelsOutsideEnd)
        series.setBarWidth(0.6)
        chart.addSeries(series)
        names = QBarCategoryAxis()
        names.append([r.label for r in rows])
        values = QValueAxis()
        values.setRange(0, max(_yuan(max(r.money_fen for r in rows)) * 1.25, 1))
        values.setLabelFormat("%.0f")
        values.applyNiceNumbers()
        values.setTitleText("元")
        for axis, side in ((names, Qt.AlignmentFlag.AlignLeft), (values, Qt.AlignmentFlag.AlignBottom)):
            axis.setLabelsFont(chart.font())
            axis.setTitleFont(chart.font())
            chart.addAxis(axis, side)
            series.attachAxis(axis)
        chart.legend().setVisible(False)

    def _show_groups(self, year: int, rows: list[SummaryRow]) -> None:
        chart = self.group_chart
        self._reset(chart)
        slices = pie_slices(rows)
        chart.setTitle(f"{year} 年各工会小组慰问金" if slices else f"{year} 年暂无慰问金")
        if not slices:
            return
        series = QPieSeries()
        total = sum(fen for _label, fen in slices)
        for label, fen in slices:
            piece = series.append(f"{label} {round(fen * 100 / total)}%", _yuan(fen))
            piece.setLabelFont(chart.font())
            piece.setLabelVisible(fen * 100 >= total * SMALL_SLICE)  # the legend names the thin ones
        series.setPieSize(0.6)
        chart.addSeries(series)
        chart.legend().setVisible(True)
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignRight)
