"""Charts of the 经费 tab (QtCharts): spending by first-level category, and income against
spending month by month. Amounts become float yuan here only to be drawn."""

from __future__ import annotations

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QValueAxis,
)
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QHBoxLayout, QWidget

from unionapp.services.budget import ExecutionRow
from unionapp.services.ledger import EntryRow
from unionapp.ui.funds.data import month_sums
from unionapp.ui.widgets.charts import new_chart, whole_yuan

INCOME_COLOR = QColor("#4a9a5b")
EXPENSE_COLOR = QColor("#d0704a")


def _yuan(fen: int) -> float:
    return fen / 100  # drawing only: every figure shown as text stays exact


def spending_by_category(rows: list[ExecutionRow]) -> list[tuple[str, int]]:
    """First-level expense categories with their actual spending, largest first."""
    found = [(r.name, r.actual_fen) for r in rows if r.direction == "expense" and r.level == 1 and r.actual_fen > 0]
    return sorted(found, key=lambda item: -item[1])


def _value_axis(top_fen: int) -> QValueAxis:
    axis = QValueAxis()
    axis.setRange(0, max(_yuan(top_fen) * 1.15, 1))
    axis.setLabelFormat("%.0f")
    axis.applyNiceNumbers()
    axis.setTitleText("元")
    return axis


class FundsCharts(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.category_chart = new_chart()
        self.month_chart = new_chart()
        layout = QHBoxLayout(self)
        for chart in (self.category_chart, self.month_chart):
            view = QChartView(chart)
            view.setRenderHint(QPainter.RenderHint.Antialiasing)
            view.setMinimumSize(360, 300)
            layout.addWidget(view)

    def set_data(self, year: int, execution: list[ExecutionRow], entries: list[EntryRow]) -> None:
        self._show_categories(year, spending_by_category(execution))
        self._show_months(year, month_sums(entries))

    def _reset(self, chart: QChart) -> None:
        chart.removeAllSeries()
        for axis in chart.axes():
            chart.removeAxis(axis)
            axis.deleteLater()

    def _axes(self, chart: QChart, series, categories: list[str], top_fen: int, horizontal: bool) -> None:
        names = QBarCategoryAxis()
        names.append(categories)
        values = _value_axis(top_fen)
        for axis in (names, values):
            axis.setLabelsFont(chart.font())
            axis.setTitleFont(chart.font())
        if horizontal:
            chart.addAxis(names, Qt.AlignmentFlag.AlignLeft)
            chart.addAxis(values, Qt.AlignmentFlag.AlignBottom)
        else:
            chart.addAxis(names, Qt.AlignmentFlag.AlignBottom)
            chart.addAxis(values, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(names)
        series.attachAxis(values)

    def _show_categories(self, year: int, spending: list[tuple[str, int]]) -> None:
        chart = self.category_chart
        self._reset(chart)
        chart.setTitle(f"{year} 年支出构成（按一级科目）" if spending else f"{year} 年暂无支出")
        if not spending:
            return
        spending = list(reversed(spending))  # a horizontal bar chart draws its first category at the bottom
        bars = QBarSet("支出")
        bars.setColor(EXPENSE_COLOR)
        bars.setLabelColor(QColor("#333333"))
        bars.setLabelFont(chart.font())
        bars.append([whole_yuan(fen) for _name, fen in spending])
        series = QHorizontalBarSeries()
        series.append(bars)
        series.setLabelsVisible(True)
        series.setLabelsFormat("@value 元")
        series.setLabelsPrecision(15)  # never "1.2e+06"
        series.setBarWidth(0.6)
        series.setLabelsPosition(QHorizontalBarSeries.LabelsPosition.LabelsOutsideEnd)
        chart.addSeries(series)
        self._axes(chart, series, [name for name, _fen in spending], max(fen for _n, fen in spending), True)
        chart.legend().setVisible(False)

    def _show_months(self, year: int, sums: list[tuple[int, int]]) -> None:
        chart = self.month_chart
        self._reset(chart)
        chart.setTitle(f"{year} 年各月收入与支出")
        series = QBarSeries()
        for label, color, column in (("收入", INCOME_COLOR, 0), ("支出", EXPENSE_COLOR, 1)):
            bars = QBarSet(label)
            bars.setColor(color)
            bars.append([_yuan(max(month[column], 0)) for month in sums])
            series.append(bars)
        chart.addSeries(series)
        top = max([max(i, x) for i, x in sums] + [0])
        # "10月11月12月" would be elided to "1…" on a narrow view: the axis title says 月.
        self._axes(chart, series, [str(m) for m in range(1, 13)], top, False)
        chart.axes(Qt.Orientation.Horizontal)[0].setTitleText("月")
        chart.legend().setVisible(True)
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
