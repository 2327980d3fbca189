"""Screen charts show figures as the tables do: thousands separators on axes and bar
labels ("280,158 元", never "280158 元" or "2.80158e+05"), month labels that fit, and
the checkup coverage bars with their numbers ("85.1% 120/141")."""

from __future__ import annotations

from types import SimpleNamespace

from PySide6.QtCharts import QBarCategoryAxis

from unionapp.services.budget import ExecutionRow
from unionapp.services.checkup_reads import CoverageRow
from unionapp.ui.checkups.charts import CoveragePanel
from unionapp.ui.funds.charts import FundsCharts
from unionapp.ui.visits.charts import SummaryView


def _label_text(chart, series, value: float) -> str:
    """What QtCharts prints for "@value": the chart's locale when numbers are localized."""
    if chart.localizeNumbers():
        return chart.locale().toString(value, "g", series.labelsPrecision())
    return f"{value:g}"


def test_spending_bars_read_with_thousands_separators(qtbot):
    charts = FundsCharts()
    qtbot.addWidget(charts)
    execution = [
        ExecutionRow(1, "职工活动支出", 1, "expense", 0, 28_015_850),
        ExecutionRow(2, "维权支出", 1, "expense", 0, 123_456_789),
    ]
    charts.set_data(2026, execution, [])
    series = charts.category_chart.series()[0]
    values = [series.barSets()[0].at(i) for i in range(2)]
    texts = {_label_text(charts.category_chart, series, v) for v in values}
    assert texts == {"280,159", "1,234,568"}  # whole yuan: the table beside has the cents
    axis_format = charts.category_chart.axes()[1].labelFormat()
    assert charts.category_chart.locale().toString(300000.0, "f", 0) == "300,000" and axis_format == "%.0f"


def test_month_axis_labels_are_short_enough_not_to_be_cut(qtbot):
    charts = FundsCharts()
    qtbot.addWidget(charts)
    charts.set_data(2026, [], [])
    months = next(a for a in charts.month_chart.axes() if isinstance(a, QBarCategoryAxis))
    assert months.categories() == [str(m) for m in range(1, 13)] and months.titleText() == "月"


def test_visit_type_bars_are_localized(qtbot):
    view = SummaryView()
    qtbot.addWidget(view)
    assert view.type_chart.localizeNumbers() and view.group_chart.localizeNumbers()


def test_coverage_bars_carry_their_numbers(qtbot):
    panel = CoveragePanel()
    qtbot.addWidget(panel)
    campaign = SimpleNamespace(eligible=175, attended=148, missing=27)
    panel.set_data(campaign, [CoverageRow("高中组", 141, 120), CoverageRow("初中组", 34, 28)])
    assert panel.names.categories() == ["初中组", "高中组"]  # bottom up; the numbers sit at the bars' ends
    assert panel.number_texts() == ["82.4% 28/34", "85.1% 120/141"]
    assert panel.counts.labelFormat() == "%.0f"  # "%d" draws no numbers once localized


def test_the_visit_summary_makes_its_charts_only_when_shown(qtbot):
    """Two chart views hold some 8 MB: a 五必访 tab whose 年度统计 is never opened has none."""
    from PySide6.QtCharts import QChartView

    view = SummaryView()
    qtbot.addWidget(view)
    assert view.findChildren(QChartView) == []
    view.show()
    qtbot.waitExposed(view)
    assert len(view.findChildren(QChartView)) == 2
    assert view.type_chart is view.findChildren(QChartView)[0].chart()
