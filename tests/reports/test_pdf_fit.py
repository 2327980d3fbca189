"""Report layout that fits its content: names, approval numbers and categories keep one
line while free text (摘要, 备注, 事由) takes the spare width and wraps; a totals row and
the signatures never stand alone on a page; chart axis labels never overlap."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from reportlab.graphics.shapes import Group, String
from reportlab.lib.pagesizes import A4

from unionapp.reports import fonts
from unionapp.reports.charts import drawing
from unionapp.reports.files import Ticker
from unionapp.reports.funds import LEDGER_COLUMNS
from unionapp.reports.model import Chart, Column, Report
from unionapp.reports.pdf_layout import MARGIN, layout
from unionapp.reports.visits import RECEIPT_COLUMNS, REGISTER_COLUMNS, SIGN_ROW_PT

LONG_NOTE = "超标准：慰问金 12,000.00 元超出标准范围 1,000.00–10,000.00 元；理由：家中房屋失火，损失严重，经工会委员会集体研究决定"


def plan(report: Report):
    return layout(report, Ticker(len(report.rows), None, None))


def lines_of(page_plan, key: str, report: Report) -> list[list[str]]:
    index = [c.key for c in report.columns].index(key)
    return [row.lines[index] for page in page_plan.pages for row in page.rows if row.kind == "body"]


def width_of(page_plan, key: str, report: Report) -> float:
    index = [c.key for c in report.columns].index(key)
    return page_plan.col_x[index + 1] - page_plan.col_x[index]


def test_ledger_names_keep_one_line_while_the_summary_wraps():
    rows = [
        (date(2026, 1, 4), f"2026-{i:04d}", "职工活动支出/职工集体福利支出", LONG_NOTE if i % 3 else "春节慰问品")
        + (None, Decimal("5000.00"), Decimal("222550.65"), "王丽华、李秀英" if i % 2 else "刘芳", "王建国")
        for i in range(1, 30)
    ]
    report = Report("收支明细账", LEDGER_COLUMNS, rows, totals={})
    result = plan(report)
    for key in ("handler", "approver", "category", "voucher"):
        assert all(len(cell) == 1 for cell in lines_of(result, key, report)), key
    assert width_of(result, "handler", report) >= fonts.text_width("王丽华、李秀英", 9)
    assert max(len(cell) for cell in lines_of(result, "summary", report)) > 1  # the long summary wraps
    assert result.col_x[-1] == pytest.approx(result.page_size[0] - MARGIN)  # the table fills the page


def test_a_long_name_far_down_a_long_table_is_measured_too():
    from unionapp.reports.pdf_layout import SAMPLE_ROWS

    def row(i: int, handler: str):
        return (date(2026, 1, 4), f"2026-{i:04d}", "会费收入", "会费", Decimal("10.00"), None, None, handler, "王建国")

    rows = [row(i, "刘芳") for i in range(SAMPLE_ROWS + 100)]
    rows.append(row(9999, "欧阳春晓、司马相如"))  # beyond the sample
    report = Report("收支明细账", LEDGER_COLUMNS, rows, totals={})
    result = plan(report)
    assert width_of(result, "handler", report) >= fonts.text_width("欧阳春晓、司马相如", 9)
    assert all(len(cell) == 1 for cell in lines_of(result, "handler", report))


def test_register_approval_numbers_and_categories_never_wrap():
    row = (
        1,
        date(2026, 1, 19),
        "欧阳春",
        "行政后勤组",
        "外省籍留校过年",
        "春节留校过年，家中老人生病住院需要照顾",
        "王建国、李秀英",
        Decimal("12000.00"),
        "退休纪念相册",
        Decimal("80.00"),
        "王建国",
        "工慰〔2026〕12号",
        "已访",
        LONG_NOTE,
    )
    report = Report("五必访登记表", REGISTER_COLUMNS, [row] * 8, orientation="landscape")
    result = plan(report)
    for key in ("name", "group", "type", "visitors", "gift", "approver", "approval_no", "status"):
        assert all(len(cell) == 1 for cell in lines_of(result, key, report)), key
    assert len(lines_of(result, "notes", report)[0]) > 1
    assert width_of(result, "approval_no", report) >= fonts.text_width("工慰〔2026〕12号", 9)


def test_free_text_gives_way_first_when_the_page_is_too_narrow():
    columns = (
        Column("name", "姓名", width=6),
        Column("notes", "备注", width=20, wrap=True),
        *(Column(f"n{i}", f"金额{i}", "money", 12) for i in range(6)),
    )
    row = ("欧阳王丽华", LONG_NOTE * 3, *(Decimal("123456.78") for _ in range(6)))
    report = Report("窄页", columns, [row], orientation="portrait", totals={})
    result = plan(report)
    assert lines_of(result, "name", report)[0] == ["欧阳王丽华"]
    assert width_of(result, "notes", report) < fonts.text_width(LONG_NOTE, 9)


def test_a_wrapping_column_must_be_text():
    with pytest.raises(ValueError):
        Column("money", "金额", "money", wrap=True)


def _receipts(count: int) -> Report:
    rows = [(i, "王丽华", "高中组", "重大困难", date(2026, 3, 1), 50000, None, "") for i in range(1, count + 1)]
    return Report(
        "慰问金发放签收表",
        RECEIPT_COLUMNS,
        rows,
        signatures=("经办人", "审批人", "工会主席"),
        orientation="portrait",
        row_height=SIGN_ROW_PT,
        notes="金额单位：元。领取人本人签字；家属代领的，请代领人签字并在备注中注明与会员的关系。",
    )


@pytest.mark.parametrize("count", range(1, 45))
def test_totals_and_signatures_take_the_last_rows_along(count):
    """Among these counts some fill a page exactly, so the 合计 row (or the signatures
    alone) would land on a page of their own."""
    report = _receipts(count)
    result = plan(report)
    last = result.pages[-1]
    assert last.tail and last.rows[-1].kind == "total"
    assert sum(r.kind == "body" for r in last.rows) >= min(3, count)
    numbers = [int(r.lines[0][0]) for p in result.pages for r in p.rows if r.kind == "body"]
    assert numbers == list(range(1, count + 1))  # every row once, in order
    assert all(p.rows for p in result.pages)


def test_some_receipt_count_fills_its_first_page_exactly():
    """The parametrised test above does reach the case it is about."""
    fits_one = max(n for n in range(1, 45) if len(plan(_receipts_without_totals(n)).pages) == 1)
    two_pages = plan(_receipts(fits_one))
    assert len(two_pages.pages) == 2 and fits_one >= 3


def _receipts_without_totals(count: int) -> Report:
    report = _receipts(count)
    return Report(report.title, report.columns, report.rows, totals={}, orientation="portrait", row_height=SIGN_ROW_PT)


# ---------------------------------------------------------------- chart labels


def _label_boxes(node, transform=(1, 0, 0, 1, 0, 0), found=None) -> list[tuple[str, list[tuple[float, float]]]]:
    """Every drawn String as its text and the four corners of its box on the page."""
    found = [] if found is None else found
    if hasattr(node, "draw") and not isinstance(node, Group):
        node = node.draw()
    if isinstance(node, Group):
        a, b, c, d, e, f = transform
        ga, gb, gc, gd, ge, gf = getattr(node, "transform", (1, 0, 0, 1, 0, 0))
        transform = (
            a * ga + c * gb,
            b * ga + d * gb,
            a * gc + c * gd,
            b * gc + d * gd,
            a * ge + c * gf + e,
            b * ge + d * gf + f,
        )
        for child in node.contents:
            _label_boxes(child, transform, found)
    elif isinstance(node, String) and node.text:
        width = fonts.text_width(node.text, node.fontSize)
        x0 = {"start": node.x, "middle": node.x - width / 2, "end": node.x - width}[node.textAnchor]
        y0, y1 = node.y - 0.15 * node.fontSize, node.y + 0.85 * node.fontSize
        a, b, c, d, e, f = transform
        corners = [(x, y) for x, y in ((x0, y0), (x0 + width, y0), (x0 + width, y1), (x0, y1))]
        found.append((node.text, [(a * x + c * y + e, b * x + d * y + f) for x, y in corners]))
    return found


def _overlap(p: list[tuple[float, float]], q: list[tuple[float, float]], gap: float = 2) -> bool:
    """Separating-axis test for two convex quadrilaterals: True unless some axis shows
    them at least `gap` points apart (labels that touch read as one: "10月11月")."""
    for poly in (p, q):
        for i in range(4):
            (x1, y1), (x2, y2) = poly[i], poly[(i + 1) % 4]
            length = ((x2 - x1) ** 2 + (y2 - y1) ** 2) ** 0.5
            nx, ny = (y2 - y1) / length, (x1 - x2) / length
            ps = [nx * x + ny * y for x, y in p]
            qs = [nx * x + ny * y for x, y in q]
            if max(ps) + gap <= min(qs) or max(qs) + gap <= min(ps):
                return False
    return True


def _assert_apart(boxes, labels) -> None:
    shown = [(t, box) for t, box in boxes if t in labels]
    assert shown
    for i, (t1, b1) in enumerate(shown):
        for t2, b2 in shown[i + 1 :]:
            assert not _overlap(b1, b2), f"{t1} runs into {t2}"


DISCLOSURE_CHART_WIDTH = (A4[0] - 2 * MARGIN - 18) / 2  # two charts side by side on a portrait page


def test_month_labels_of_the_disclosure_chart_do_not_collide():
    months = [f"{m}月" for m in range(1, 13)]
    chart = Chart(
        "grouped_bar",
        "各月收入与支出",
        months,
        [("收入", [Decimal(20000 * m) for m in range(1, 13)]), ("支出", [Decimal(9000)] * 12)],
    )
    boxes = _label_boxes(drawing(chart, DISCLOSURE_CHART_WIDTH, 216))
    _assert_apart(boxes, set(months))
    assert {t for t, _ in boxes} >= set(months)  # at this width every month still has its label


def test_crowded_labels_are_thinned_not_overprinted():
    names = [f"第{i}小组" for i in range(1, 41)]
    grouped = Chart("grouped_bar", "各组", names, [("人数", [Decimal(i) for i in range(40)])])
    _assert_apart(_label_boxes(drawing(grouped, 200, 160)), set(names))
    bars = Chart("bar", "各组", names, [("金额", [Decimal(1000 * i) for i in range(40)])])
    _assert_apart(_label_boxes(drawing(bars, 240, 120)), set(names))


def test_value_axis_numbers_apart_and_grouped_by_thousands():
    chart = Chart("bar", "各类型慰问金", ["重大困难", "退休"], [("慰问金", [Decimal("98765.00"), Decimal(500)])])
    boxes = _label_boxes(drawing(chart, 160, 200))
    numbers = {t for t, _ in boxes if t[0].isdigit()}
    assert any("," in t for t in numbers), numbers
    _assert_apart(boxes, numbers)
