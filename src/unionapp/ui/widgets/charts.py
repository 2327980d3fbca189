"""What every chart in the tabs shares: the app's font (with the bundled CJK fallback,
which QtCharts would otherwise not use), a bold title, small margins, no animation, and
numbers with thousands separators ("280,158 元") as in the tables beside them."""

from __future__ import annotations

from PySide6.QtCharts import QChart
from PySide6.QtCore import QLocale, QMargins
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
    # Axis numbers and bar labels go through the chart's locale only when localized.
    chart.setLocale(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    chart.setLocalizeNumbers(True)
    return chart


def whole_yuan(fen: int) -> float:
    """A bar's length and label in whole yuan: "@value" would print 1234.5 as "1,234.5";
    the exact amount is in the table beside the chart."""
    return float((fen + 50) // 100)  # half up, as money is rounded (round() goes to even)
