"""What every chart in the tabs shares: the app's font (with the bundled CJK fallback,
which QtCharts would otherwise not use), a bold title, small margins, no animation."""

from __future__ import annotations

from PySide6.QtCharts import QChart
from PySide6.QtCore import QMargins
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication


def new_chart() -> QChart:
    chart = QChart()
    font = QFont(QApplication.font())
    chart.setFont(font)
    title = QFont(font)
    title.setPointSizeF(font.pointSizeF() * 1.15)
    title.setBold(True)
    chart.setTitleFont(title)
    chart.legend().setFont(font)
    chart.setMargins(QMargins(4, 4, 4, 4))
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    return chart
