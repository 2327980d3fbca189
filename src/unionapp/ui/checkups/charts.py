"""The coverage panel of the 体检 tab: how many of the eligible went, who is missing (one
click away), and a QtCharts bar chart of coverage by union group.

Each bar is named by its group on the axis and carries its numbers ("64.3% 18/28") at its
end: QtCharts elides an axis label wider than about a third of a narrow chart, so a long
group name with its numbers read "行政后勤组 64.3% ..." at 125 % scaling."""

from __future__ import annotations

from PySide6.QtCharts import QBarCategoryAxis, QBarSet, QChartView, QHorizontalStackedBarSeries, QValueAxis
from PySide6.QtCore import QPointF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QPainter
from PySide6.QtWidgets import (
    QApplication,
    QGraphicsSimpleTextItem,
    QGridLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from unionapp.domain.money import percent_of
from unionapp.services.checkups import CampaignRow, CoverageRow
from unionapp.ui.widgets.charts import new_chart

ATTENDED_COLOR = QColor("#4a9a5b")
MISSING_COLOR = QColor("#d9d9d9")
MAX_GROUPS = 12  # more bars than this are merged into 其他, so the labels stay legible
NUMBERS_ROOM = 1.45  # the count axis runs this far past the largest group: its numbers sit after the bar


def chart_rows(rows: list[CoverageRow]) -> list[CoverageRow]:
    """Groups by size, the smallest merged into 其他 when there are too many."""
    rows = sorted(rows, key=lambda r: -r.eligible)
    if len(rows) <= MAX_GROUPS:
        return rows
    rest = rows[MAX_GROUPS - 1 :]
    return rows[: MAX_GROUPS - 1] + [CoverageRow("其他", sum(r.eligible for r in rest), sum(r.attended for r in rest))]


def bar_numbers(row: CoverageRow) -> str:
    """What a group's bar carries at its end: "85.1% 120/141"."""
    rate = f"{percent_of(row.attended, row.eligible)}%" if row.eligible else "—"
    return f"{rate} {row.attended}/{row.eligible}"


def coverage_text(campaign: CampaignRow | None) -> str:
    if campaign is None or not campaign.eligible:
        return "—"
    return f"{percent_of(campaign.attended, campaign.eligible)}%"


class CoveragePanel(QWidget):
    show_missing = Signal()  # 查看未体检名单

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.eligible = QLabel("—")
        self.attended = QLabel("—")
        self.missing = QLabel("—")
        self.rate = QLabel("—")
        self.missing_button = QPushButton("查看未体检名单")
        self.missing_button.setToolTip("在左边的名单中只显示还没体检的人（待通知、已通知、未参加）")
        self.missing_button.clicked.connect(self.show_missing)
        self.chart = new_chart()
        self.view = QChartView(self.chart)
        self.view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.view.setMinimumSize(300, 220)  # the window fits a 1366×768 laptop at 125 %
        self.rows: list[CoverageRow] = []
        self.numbers: list[QGraphicsSimpleTextItem] = []
        self._build_axes()
        self.chart.plotAreaChanged.connect(lambda _area: self._place_numbers())
        self._layout()

    def _layout(self) -> None:
        numbers = QGridLayout()
        big = QFont(QApplication.font())
        big.setPointSizeF(big.pointSizeF() * 1.4)
        big.setBold(True)
        for column, (title, label) in enumerate(
            (("应检", self.eligible), ("已检", self.attended), ("未检", self.missing), ("覆盖率", self.rate))
        ):
            label.setFont(big)
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            caption = QLabel(title)
            caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
            numbers.addWidget(label, 0, column)
            numbers.addWidget(caption, 1, column)
        self.missing.setStyleSheet("color: #c9302c;")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 0, 0, 0)
        layout.addLayout(numbers)
        layout.addWidget(self.missing_button)
        layout.addWidget(self.view, 1)

    def set_data(self, campaign: CampaignRow | None, groups: list[CoverageRow]) -> None:
        known = campaign is not None
        self.eligible.setText(str(campaign.eligible) if known else "—")
        self.attended.setText(str(campaign.attended) if known else "—")
        self.missing.setText(str(campaign.missing) if known else "—")
        self.rate.setText(coverage_text(campaign))
        self.missing_button.setEnabled(known and campaign.missing > 0)
        self._draw(groups if known else [])

    def _build_axes(self) -> None:
        """Axes made once and reused: removing and re-adding them leaves old labels drawn."""
        self.names = QBarCategoryAxis()
        self.counts = QValueAxis()
        self.counts.setLabelFormat("%.0f")  # a localized chart shows nothing for "%d"
        self.counts.setTitleText("人")
        for axis in (self.names, self.counts):
            axis.setLabelsFont(self.chart.font())
            axis.setTitleFont(self.chart.font())
        self.chart.addAxis(self.names, Qt.AlignmentFlag.AlignLeft)
        self.chart.addAxis(self.counts, Qt.AlignmentFlag.AlignBottom)
        self.chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)

    def _draw(self, groups: list[CoverageRow]) -> None:
        self.chart.removeAllSeries()
        self.names.clear()
        rows = list(reversed(chart_rows(groups)))  # a horizontal chart draws its first category at the bottom
        self.rows = rows
        self._numbers_for(rows)
        self.chart.setTitle("各工会小组体检情况" if rows else "名单为空")
        for axis in (self.names, self.counts):
            axis.setVisible(bool(rows))
        if not rows:
            return
        series = QHorizontalStackedBarSeries()
        for label, color, values in (
            ("已检", ATTENDED_COLOR, [r.attended for r in rows]),
            ("未检", MISSING_COLOR, [r.eligible - r.attended for r in rows]),
        ):
            bars = QBarSet(label)
            bars.setColor(color)
            bars.append([float(v) for v in values])
            series.append(bars)
        series.setBarWidth(0.7)
        self.chart.addSeries(series)
        self.names.append([r.label for r in rows])
        self._scale(max(r.eligible for r in rows))
        series.attachAxis(self.names)
        series.attachAxis(self.counts)
        self._place_numbers()

    def _numbers_for(self, rows: list[CoverageRow]) -> None:
        """One text item per bar, made once and reused (the chart owns them)."""
        while len(self.numbers) < len(rows):
            item = QGraphicsSimpleTextItem(self.chart)
            item.setFont(self.chart.font())
            item.setZValue(10)  # above the bars
            self.numbers.append(item)
        for n, item in enumerate(self.numbers):
            item.setText(bar_numbers(rows[n]) if n < len(rows) else "")
            item.setVisible(n < len(rows))

    def _place_numbers(self) -> None:
        """Each bar's numbers just after its end, or, where the plot ends first, right-aligned
        inside the plot over the bar's light 未检 part."""
        series = self.chart.series()
        if not series:
            return
        plot = self.chart.plotArea()
        for index, (row, item) in enumerate(zip(self.rows, self.numbers, strict=False)):
            end = self.chart.mapToPosition(QPointF(row.eligible, index), series[0])
            size = item.boundingRect()
            x = min(end.x() + 4, plot.right() - size.width() - 2)
            item.setPos(max(x, plot.left() + 2), end.y() - size.height() / 2)

    def number_texts(self) -> list[str]:
        """The numbers at the bars' ends, bottom to top, for tests."""
        return [item.text() for item in self.numbers if item.isVisible()]

    def _scale(self, top: int) -> None:
        if top > 5:
            self.counts.setRange(0, top * NUMBERS_ROOM)
            self.counts.applyNiceNumbers()
        else:  # whole people only: one tick per person, twice the largest group for the numbers
            end = 2 * max(top, 1)
            self.counts.setRange(0, end)
            self.counts.setTickCount(end + 1)

    def bar_values(self) -> dict[str, list[float]]:
        """What the chart draws (已检 / 未检 per group, bottom to top), for tests."""
        found: dict[str, list[float]] = {}
        for series in self.chart.series():
            for bars in series.barSets():
                found[bars.label()] = [bars.at(i) for i in range(bars.count())]
        return found
