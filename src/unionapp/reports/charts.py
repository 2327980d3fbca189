"""Charts of a report: reportlab.graphics drawings for the PDF, openpyxl charts for the xlsx.

Both are made from the same `Chart` description, so the paper and the workbook show the
same figures. The PDF draws with the bundled CJK font (the same subset as the table),
in colours that stay distinct when the page is printed in grey.
"""

from __future__ import annotations

import math
from decimal import Decimal

from openpyxl.chart import BarChart, PieChart, Reference
from openpyxl.chart.label import DataLabelList
from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.piecharts import Pie
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors

from . import fonts
from .model import EMPTY_TEXT, Chart

# Dark, light, middle...: neighbours differ in lightness as well as hue.
PALETTE = [
    colors.HexColor(c)
    for c in (
        "#2F5597",
        "#F4B183",
        "#548235",
        "#BDD7EE",
        "#7F6000",
        "#FFD966",
        "#7030A0",
        "#D9D9D9",
        "#C00000",
        "#A9D18E",
    )
]
TITLE_SIZE = 10
LABEL_SIZE = 7.5
TEN_THOUSAND = Decimal(10000)
LEGEND_STEP = 40  # points between two series names side by side
LABEL_GAP = 3  # least room between two axis labels
TURN = 45  # degrees a crowded category label is turned


# ---------------------------------------------------------------- PDF


def drawing(chart: Chart, width: float, height: float) -> Drawing:
    """The chart as a reportlab Drawing of the given size, title on top."""
    font = fonts.main_font()
    d = Drawing(width, height)
    d.initialFontName = font  # else the renderer selects Helvetica, which is not embedded
    d.add(String(width / 2, height - TITLE_SIZE, chart.title, fontName=font, fontSize=TITLE_SIZE, textAnchor="middle"))
    body = height - TITLE_SIZE - 8
    if not any(v for _name, values in chart.series for v in values):
        d.add(String(width / 2, body / 2, EMPTY_TEXT, fontName=font, fontSize=LABEL_SIZE + 1, textAnchor="middle"))
        return d
    {"pie": _pie, "bar": _bar, "grouped_bar": _grouped}[chart.kind](d, chart, width, body)
    return d


def _scale(chart: Chart) -> tuple[Decimal, str]:
    """Axis numbers in 元, or in 万元 once they get long."""
    top = max((abs(v) for _n, values in chart.series for v in values), default=Decimal(0))
    return (TEN_THOUSAND, f"万{chart.unit}") if top >= 100_000 else (Decimal(1), chart.unit)


def _axis_format(scale: Decimal):
    def label(value: float) -> str:
        shown = Decimal(str(value)) / scale
        return f"{shown:,.0f}" if shown == shown.to_integral() or abs(shown) >= 10 else f"{shown:,.1f}"

    return label


def _pie(d: Drawing, chart: Chart, width: float, body: float) -> None:
    """Positive slices only (a reversal-heavy category can net below zero), with a legend
    giving each share, since labels on thin slices would collide."""
    name, values = chart.series[0]
    parts = [(label, v) for label, v in zip(chart.labels, values) if v > 0]
    total = sum(v for _l, v in parts)
    size = min(body - 10, width * 0.45)
    pie = Pie()
    pie.x, pie.y, pie.width, pie.height = 4, (body - size) / 2, size, size
    pie.data = [float(v) for _l, v in parts]
    pie.labels = None
    pie.slices.strokeColor, pie.slices.strokeWidth = colors.white, 0.5
    for i in range(len(parts)):
        pie.slices[i].fillColor = PALETTE[i % len(PALETTE)]
    d.add(pie)
    legend = _legend(
        [(PALETTE[i % len(PALETTE)], f"{label}  {v * 100 / total:.1f}%") for i, (label, v) in enumerate(parts)]
    )
    legend.x, legend.y = size + 16, body / 2 + len(parts) * legend.deltay / 2
    d.add(legend)


def _legend(pairs: list[tuple[object, str]]) -> Legend:
    legend = Legend()
    legend.colorNamePairs = pairs
    legend.fontName, legend.fontSize = fonts.main_font(), LABEL_SIZE
    legend.alignment = "right"
    legend.boxAnchor = "nw"
    legend.columnMaximum = 12
    legend.dx = legend.dy = 7
    legend.deltay = LABEL_SIZE + 4
    legend.strokeColor = None
    return legend


def _style_axes(bars, chart: Chart, scale: Decimal) -> None:
    font = fonts.main_font()
    for axis in (bars.categoryAxis, bars.valueAxis):
        axis.labels.fontName, axis.labels.fontSize = font, LABEL_SIZE
        axis.strokeWidth = 0.5
    bars.valueAxis.labelTextFormat = _axis_format(scale)
    bars.valueAxis.forceZero = True
    bars.valueAxis.visibleGrid = True
    bars.valueAxis.gridStrokeColor, bars.valueAxis.gridStrokeWidth = colors.lightgrey, 0.3
    bars.categoryAxis.categoryNames = list(chart.labels)
    bars.data = [[float(v) for v in values] for _name, values in chart.series]
    for i in range(len(chart.series)):
        bars.bars[i].fillColor = PALETTE[i % len(PALETTE)]
        bars.bars[i].strokeColor = None


def _grouped(d: Drawing, chart: Chart, width: float, body: float) -> None:
    """Vertical bars, one group per label, a legend above the plot."""
    scale, unit = _scale(chart)
    bars = VerticalBarChart()
    bars.x, bars.width = 40, width - 46
    _style_axes(bars, chart, scale)
    below = _level_labels(bars.categoryAxis, chart.labels, bars.width / len(chart.labels))
    bars.y, bars.height = 6 + below, body - 24 - below
    bars.categoryAxis.labels.dy = -2
    bars.groupSpacing, bars.barSpacing = 3, 0.5
    d.add(bars)
    d.add(String(2, body - 8, f"单位：{unit}", fontName=fonts.main_font(), fontSize=LABEL_SIZE))
    legend = _legend([(PALETTE[i % len(PALETTE)], name) for i, (name, _v) in enumerate(chart.series)])
    legend.columnMaximum, legend.deltax, legend.dxTextSpace = 1, LEGEND_STEP, 4
    legend.x, legend.y = width - LEGEND_STEP * len(chart.series), body - 2
    d.add(legend)


def _level_labels(axis, labels, slot: float) -> float:
    """Labels under the bars that never run into each other ("10月11月12月"): level when
    each fits its slot, else turned by TURN degrees, and then only every k-th one when
    even turned they stand too close. Returns the height they need below the axis."""
    widest = max(fonts.text_width(label, LABEL_SIZE) for label in labels)
    if widest + LABEL_GAP <= slot:
        return LABEL_SIZE + 4
    sine = math.sin(math.radians(TURN))
    # Turned labels are slot * sin apart across their baselines; a Chinese line is ~1 em.
    step = math.ceil((LABEL_SIZE + LABEL_GAP) / (slot * sine))
    axis.categoryNames = [label if i % step == 0 else "" for i, label in enumerate(labels)]
    axis.labels.angle = TURN
    axis.labels.boxAnchor = "ne"
    return (widest + LABEL_SIZE) * sine + 4


def _thin(labels, slot: float) -> list[str]:
    """Every k-th label of a crowded side axis, so two lines never overlap."""
    step = math.ceil((LABEL_SIZE + LABEL_GAP) / slot) if slot > 0 else 1
    return [label if i % step == 0 else "" for i, label in enumerate(labels)]


def _bar(d: Drawing, chart: Chart, width: float, body: float) -> None:
    """Horizontal bars: long Chinese category names read better on the left of a bar."""
    scale, unit = _scale(chart)
    label_width = max(fonts.text_width(label, LABEL_SIZE) for label in chart.labels) + 6
    bars = HorizontalBarChart()
    bars.x, bars.y, bars.width, bars.height = label_width, 14, width - label_width - 8, body - 26
    _style_axes(bars, chart, scale)
    bars.categoryAxis.reverseDirection = True  # the first label on top, as in the table
    bars.categoryAxis.categoryNames = _thin(chart.labels, bars.height / len(chart.labels))
    # Numbers along the bottom as far apart as the widest of them needs.
    top = _axis_format(scale)(float(max(v for _n, values in chart.series for v in values)))
    bars.valueAxis.minimumTickSpacing = fonts.text_width(top, LABEL_SIZE) + 3 * LABEL_GAP
    bars.categoryAxis.labels.boxAnchor = "e"
    bars.categoryAxis.labels.dx = -3
    d.add(bars)
    d.add(
        String(width - 2, body - 8, f"单位：{unit}", fontName=fonts.main_font(), fontSize=LABEL_SIZE, textAnchor="end")
    )


# ---------------------------------------------------------------- xlsx

CHART_ROWS = 16  # worksheet rows a chart covers, at the default row height
DATA_SHEET = "图表数据"


def add_xlsx_charts(wb, ws, charts: tuple[Chart, ...], first_row: int, width_cm: float) -> None:
    """Write each chart's figures on a second sheet and anchor the chart below the table.
    Works on a write-only workbook: `ws` has had its last row appended already."""
    data = wb.create_sheet(DATA_SHEET)
    row = 1
    for index, chart in enumerate(charts):
        data.append([chart.title])
        data.append(["项目", *(name for name, _v in chart.series)])
        head = row + 1
        for i, label in enumerate(chart.labels):
            data.append([label, *(values[i] for _n, values in chart.series)])
        last = head + len(chart.labels)
        xl = _xlsx_chart(chart, data, head, last)
        xl.width, xl.height = width_cm, 7.5
        ws.add_chart(xl, f"A{first_row + index * CHART_ROWS}")
        data.append([])
        row = last + 2


def _xlsx_chart(chart: Chart, data, head: int, last: int):
    labels = Reference(data, min_col=1, min_row=head + 1, max_row=last)
    values = Reference(data, min_col=2, max_col=1 + len(chart.series), min_row=head, max_row=last)
    if chart.kind == "pie":
        xl = PieChart()
        # Every flag set: LibreOffice shows name, series and value for those left unset.
        xl.dataLabels = DataLabelList(
            showPercent=True, showVal=False, showCatName=False, showSerName=False, showLegendKey=False
        )
    else:
        xl = BarChart()
        xl.type = "bar" if chart.kind == "bar" else "col"
        xl.y_axis.title = f"单位：{chart.unit}"
        xl.y_axis.numFmt = "#,##0"
        # openpyxl 3.1 hides axes unless told otherwise; Excel then shows no labels.
        xl.x_axis.delete = xl.y_axis.delete = False
        if chart.kind == "bar":
            xl.x_axis.scaling.orientation = "maxMin"  # first label on top, as in the table
    xl.title = chart.title
    xl.add_data(values, titles_from_data=True)
    xl.set_categories(labels)
    if len(chart.series) == 1 and chart.kind != "pie":
        xl.legend = None
    return xl
