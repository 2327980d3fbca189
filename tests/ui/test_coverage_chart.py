"""The checkup coverage chart names every group whole on a narrow panel: the numbers sit
at the bar's end, not in the axis label QtCharts elides ("行政后勤组 64.3% ...")."""

from __future__ import annotations

from types import SimpleNamespace

from PySide6.QtGui import QFontMetrics

from unionapp.services.checkups import CoverageRow
from unionapp.ui.checkups.charts import CoveragePanel

GROUPS = [
    CoverageRow("小学组", 34, 23),
    CoverageRow("高中组", 34, 19),
    CoverageRow("行政后勤组", 28, 18),
    CoverageRow("初中组", 25, 14),
]


def narrow_panel(qtbot) -> CoveragePanel:
    panel = CoveragePanel()
    qtbot.addWidget(panel)
    panel.resize(panel.minimumSizeHint().width(), 330)  # as narrow as the tab lets it be
    panel.show()
    panel.set_data(SimpleNamespace(eligible=121, attended=74, missing=47), GROUPS)
    qtbot.waitExposed(panel)
    return panel


def test_a_narrow_chart_names_every_group_whole(qtbot):
    panel = narrow_panel(qtbot)
    labels = panel.names.categories()
    assert sorted(labels) == sorted(g.label for g in GROUPS)
    # QtCharts elides a label wider than the room left of the plot: the widest fits there
    metrics = QFontMetrics(panel.names.labelsFont())
    room = panel.chart.plotArea().left() - panel.chart.margins().left()
    assert max(metrics.horizontalAdvance(label) for label in labels) < room


def test_each_bar_carries_its_numbers(qtbot):
    panel = narrow_panel(qtbot)
    assert panel.number_texts() == ["56.0% 14/25", "64.3% 18/28", "55.9% 19/34", "67.6% 23/34"]  # bottom up


def test_the_numbers_stay_inside_the_plot(qtbot):
    panel = narrow_panel(qtbot)
    plot = panel.chart.plotArea()
    for item in panel.numbers:
        box = item.mapRectToParent(item.boundingRect())
        assert plot.left() <= box.left() and box.right() <= plot.right() + 1
