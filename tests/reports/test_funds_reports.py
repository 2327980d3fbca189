"""The funds reports read back from the files: every figure recomputed from the ledger.

Books: 2024 (opening balance, entries, budget, closed) and 2025 (open, with a reversal
and an over-budget category). xlsx cells are read with openpyxl, PDFs with poppler.
"""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import date
from decimal import Decimal

import openpyxl
import pytest

from unionapp import config
from unionapp.cli.exports import FUNDS_REPORTS
from unionapp.db.opening import open_database
from unionapp.domain.money import format_fen
from unionapp.reports.funds import budget_report, disclosure_report, execution_report, ledger_report
from unionapp.reports.model import Chart
from unionapp.reports.output import export
from unionapp.services import budget, ledger, settings
from unionapp.services.ledger import EntryInput, LedgerFilter

from .conftest import needs_poppler, pdf_fonts, pdf_pages, pdf_text

UNION = "阳光中学工会委员会"
MADE = date(2025, 12, 31)
Y0, Y1 = 2024, 2025


def _post(db, cats, day, code, fen, summary, handler="李秀英"):
    return ledger.add_entry(db, EntryInput(day, cats[code], fen, summary, handler, "王建国"))


def build_books(db) -> dict[str, int]:
    settings.save(db, settings.UnionSettings(union_name=UNION, chair_name="王建国"))
    cats = {c.code: c.id for c in ledger.list_categories(db)}
    ledger.set_opening_balance(db, Y0, 5_000_012)
    for month in range(1, 13):
        _post(db, cats, date(Y0, month, 28), "dues", 1_480_000, f"{Y0}年{month}月会费")
    _post(db, cats, date(Y0, 6, 3), "sports", 321_055, "教职工运动会奖品", "赵敏")
    _post(db, cats, date(Y0, 9, 9), "welfare", 4_440_010, "中秋节慰问品")
    budget.set_budget(db, Y0, {cats["dues"]: 17_760_000, cats["sports"]: 300_000, cats["welfare"]: 4_000_000})
    ledger.close_year(db, Y0)
    for month in range(1, 7):
        _post(db, cats, date(Y1, month, 28), "dues", 1_500_000 + month, f"{Y1}年{month}月会费")
    _post(db, cats, date(Y1, 3, 20), "allocation", 12_345_678, "第一季度拨缴经费")
    _post(db, cats, date(Y1, 4, 2), "training", 250_033, "工会干部培训班")
    _post(db, cats, date(Y1, 5, 12), "warmth", 30_000, "看望住院教职工 张三")
    wrong = _post(db, cats, date(Y1, 5, 20), "welfare", 999_999, "端午节慰问品（重复录入）")
    ledger.reverse_entry(db, wrong, "重复记账")
    _post(db, cats, date(Y1, 6, 1), "welfare", 5_000_001, "端午节慰问品")
    _post(db, cats, date(Y1, 6, 30), "remit", 180_000, "上缴上级工会会费")
    budget.set_budget(
        db,
        Y1,
        {
            cats["dues"]: 18_000_000,
            cats["allocation"]: 40_000_000,
            cats["welfare"]: 4_000_000,
            cats["training"]: 500_000,
            cats["warmth"]: 100_000,
        },
    )
    return cats


@pytest.fixture(scope="module")
def books(tmp_path_factory):
    folder = tmp_path_factory.mktemp("funds")
    db = open_database(config.database_url(str(folder / "union.db")))
    cats = build_books(db)
    yield db, cats, folder
    db.dispose()


def sheet_values(path) -> list[tuple]:
    return [tuple(row) for row in openpyxl.load_workbook(path).worksheets[0].iter_rows(values_only=True)]


def by_label(rows: list[tuple]) -> dict[str, tuple]:
    """Table rows keyed by their first cell, indentation removed."""
    return {str(r[0]).strip("　 "): r for r in rows if isinstance(r[0], str)}


def fen(value) -> int:
    """An xlsx number (float yuan) as fen, exactly: amounts below 2**53 fen round-trip."""
    assert isinstance(value, (int, float)) and not isinstance(value, bool), value
    return round(value * 100)


def entries(db, year):
    return ledger.list_entries(db, LedgerFilter(year=year))


def sums_by_category(db, year) -> dict[int, int]:
    out: dict[int, int] = defaultdict(int)
    for e in entries(db, year):
        out[e.category_id] += e.amount_fen
    return out


# ---------------------------------------------------------------- 收支明细账


def test_ledger_xlsx_totals_and_balances_reconcile(books):
    db, _cats, folder = books
    rows_in_ledger = entries(db, Y1)
    path = folder / "ledger.xlsx"
    export(ledger_report(db, LedgerFilter(year=Y1), today=MADE), path)
    values = sheet_values(path)
    assert values[0][0] == f"{UNION}{Y1}年收支明细账"
    header = values.index(
        ("日期", "凭证号", "科目", "摘要", "收入（元）", "支出（元）", "余额（元）", "经办人", "审批人")
    )
    body = values[header + 1 : header + 2 + len(rows_in_ledger)]
    opening = body[0]
    assert opening[3] == "期初余额" and fen(opening[6]) == ledger.year_summary(db, Y1).opening_fen
    for cells, entry in zip(body[1:], rows_in_ledger):
        assert cells[0].date() == entry.entry_date and cells[1] == entry.voucher
        amount = cells[4] if entry.direction == "income" else cells[5]
        assert fen(amount) == entry.amount_fen and fen(cells[6]) == entry.balance_fen
    totals = values[header + 2 + len(rows_in_ledger)]
    assert totals[0] == "合计"
    assert fen(totals[4]) == sum(e.income_fen for e in rows_in_ledger)
    assert fen(totals[5]) == sum(e.expense_fen for e in rows_in_ledger)
    summary = ledger.year_summary(db, Y1)
    assert fen(totals[6]) == summary.balance_fen == rows_in_ledger[-1].balance_fen


def test_ledger_shows_the_reversal_as_a_negative_amount(books):
    db, _cats, folder = books
    path = folder / "ledger-rev.xlsx"
    export(ledger_report(db, LedgerFilter(year=Y1), today=MADE), path)
    red = [r for r in sheet_values(path) if isinstance(r[3], str) and r[3].startswith("冲销凭证")]
    assert len(red) == 1 and fen(red[0][5]) == -999_999


def test_filtered_ledger_totals_only_what_it_shows(books):
    db, cats, folder = books
    report = ledger_report(db, LedgerFilter(year=Y1, category_id=cats["activity"]), today=MADE)
    shown = ledger.list_entries(db, LedgerFilter(year=Y1, category_id=cats["activity"]))
    assert len(report.rows) == len(shown) == 3  # no opening row in a filtered view
    assert report.totals["expense"] == Decimal(sum(e.expense_fen for e in shown)) / 100
    assert "balance" not in report.totals
    assert "科目：职工活动支出" in report.subtitle


def test_ledger_for_a_period_starts_with_the_balance_brought_forward(books):
    db, _cats, _folder = books
    report = FUNDS_REPORTS["ledger"](db, None, date(Y1, 4, 1), date(Y1, 6, 30))
    everything = entries(db, Y1)
    before = [e for e in everything if e.entry_date < date(Y1, 4, 1)][-1]
    assert report.rows[0][3] == "承前余额" and report.rows[0][6] == Decimal(before.balance_fen) / 100
    assert all(date(Y1, 4, 1) <= r[0] <= date(Y1, 6, 30) for r in report.rows)
    assert report.period == f"{Y1}年4月1日至{Y1}年6月30日"


def test_a_month_without_entries_still_shows_its_balance(books):
    db, _cats, _folder = books
    report = ledger_report(db, LedgerFilter(year=Y1, month=8), today=MADE)
    # The reversal was dated 12-31 (reverse_entry keeps an open year's correction in it).
    balance = Decimal([e for e in entries(db, Y1) if e.entry_date < date(Y1, 8, 1)][-1].balance_fen) / 100
    assert report.rows == ((date(Y1, 8, 1), "", "", "承前余额", None, None, balance, "", ""),)
    assert report.totals == {"income": Decimal("0.00"), "expense": Decimal("0.00"), "balance": balance}
    assert report.period == f"{Y1}年8月" and report.subtitle == "共 0 笔"


@needs_poppler
def test_ledger_pdf_text_has_every_voucher_and_the_totals(books):
    db, _cats, folder = books
    path = folder / "ledger.pdf"
    export(ledger_report(db, LedgerFilter(year=Y1), today=MADE), path)
    text = pdf_text(path)
    rows = entries(db, Y1)
    for entry in rows:
        assert entry.voucher in text
    assert format_fen(sum(e.income_fen for e in rows)) in text
    assert format_fen(sum(e.expense_fen for e in rows)) in text
    assert "制表人：" in text and "841.89 x 595.276" in _pdfinfo(path)  # 9 columns: landscape


def _pdfinfo(path) -> str:
    from .conftest import run

    return run("pdfinfo", str(path))


# ---------------------------------------------------------------- 预算执行情况表


def test_execution_xlsx_reconciles_with_the_ledger_and_the_budget(books):
    db, cats, folder = books
    path = folder / "execution.xlsx"
    export(execution_report(db, Y1, today=MADE), path)
    table = by_label(sheet_values(path))
    actual = sums_by_category(db, Y1)
    plan = budget.get_budget(db, Y1)
    for row in ledger.list_categories(db):
        if row.name not in table:
            continue
        ids = [row.id] + [c.id for c in ledger.list_categories(db) if c.parent_id == row.id]
        cells = table[row.name]
        assert fen(cells[1]) == sum(plan.get(i, 0) for i in ids), row.name
        assert fen(cells[2]) == sum(actual.get(i, 0) for i in ids), row.name
        assert fen(cells[3]) == fen(cells[1]) - fen(cells[2])
    income = table["收入合计"]
    assert fen(income[2]) == sum(e.income_fen for e in entries(db, Y1))
    expense = table["支出合计"]
    assert fen(expense[2]) == sum(e.expense_fen for e in entries(db, Y1))
    assert expense[4] == pytest.approx(float(round(Decimal(fen(expense[2])) / fen(expense[1]), 3)))
    assert table["职工集体福利支出"][5] == "超预算 10,000.01 元"  # 50,000.01 against 40,000
    assert table["上解上级支出"][5] == "无预算支出"
    assert fen(table["职工集体福利支出"][2]) == 5_000_001  # the reversal cancels the duplicate


def test_execution_percent_cells_are_numbers_formatted_as_percent(books):
    db, _cats, folder = books
    path = folder / "execution-fmt.xlsx"
    export(execution_report(db, Y1, today=MADE), path)
    ws = openpyxl.load_workbook(path).worksheets[0]
    row = next(r for r in ws.iter_rows() if r[0].value == "　　培训费")
    assert row[4].number_format == "0.0%" and row[4].value == pytest.approx(0.5)
    assert row[1].number_format == "#,##0.00"


# ---------------------------------------------------------------- 年度经费预算表


def test_budget_report_parents_are_subtotals_and_last_year_is_the_ledger(books):
    db, cats, folder = books
    path = folder / "budget.xlsx"
    export(budget_report(db, Y1, today=MADE), path)
    values = sheet_values(path)
    assert values[0][0] == f"{UNION}{Y1}年经费预算表"
    table = by_label(values)
    plan = budget.get_budget(db, Y1)
    assert fen(table["职工活动支出"][1]) == plan[cats["welfare"]]
    assert fen(table["业务支出"][1]) == plan[cats["training"]]
    assert fen(table["收入合计"][1]) == 58_000_000 == plan[cats["dues"]] + plan[cats["allocation"]]
    assert fen(table["支出合计"][1]) == 4_600_000
    assert fen(table["收支差额（收入－支出）"][1]) == 58_000_000 - 4_600_000
    last = entries(db, Y0)
    assert fen(table["收入合计"][3]) == sum(e.income_fen for e in last)
    assert fen(table["支出合计"][3]) == sum(e.expense_fen for e in last)
    assert fen(table["文体活动支出"][3]) == 321_055
    assert table["职工集体福利支出"][2] == pytest.approx(4_000_000 / 4_600_000, abs=0.001)


# ---------------------------------------------------------------- 经费收支公开表


def test_disclosure_figures_reconcile(books):
    db, _cats, folder = books
    path = folder / "disclosure.xlsx"
    export(disclosure_report(db, Y1, today=MADE), path)
    table = by_label(sheet_values(path))
    rows = entries(db, Y1)
    opening = ledger.year_summary(db, Y0).balance_fen
    income = sum(e.income_fen for e in rows)
    expense = sum(e.expense_fen for e in rows)
    assert fen(table["一、期初余额（上年结转）"][1]) == opening
    assert fen(table["二、本年收入"][1]) == income
    assert fen(table["三、本年支出"][1]) == expense
    assert fen(table["四、期末余额"][1]) == opening + income - expense == rows[-1].balance_fen
    assert fen(table["会费收入"][1]) + fen(table["拨缴经费收入"][1]) == income
    first_level = ["职工活动支出", "维权支出", "业务支出", "资本性支出", "上解上级支出", "其他支出"]
    assert sum(fen(table[name][1]) for name in first_level) == expense
    assert fen(table["维权支出"][1]) == 30_000
    assert sum(table[name][2] for name in first_level) == pytest.approx(1, abs=0.005)


def test_disclosure_xlsx_has_two_charts_over_the_same_figures(books):
    db, _cats, folder = books
    path = folder / "disclosure-charts.xlsx"
    report = disclosure_report(db, Y1, today=MADE)
    export(report, path)
    wb = openpyxl.load_workbook(path)
    main, data = wb.worksheets
    assert len(main._charts) == 2 and data.title == "图表数据"
    values = [r for r in data.iter_rows(values_only=True)]
    spent = {r[0]: r[1] for r in values[2 : 2 + len(report.charts[0].labels)]}
    table = by_label(sheet_values(path))
    assert spent["职工活动支出"] == table["职工活动支出"][1]
    months = {r[0]: r[1:3] for r in values if isinstance(r[0], str) and r[0].endswith("月")}
    rows = entries(db, Y1)
    assert fen(months["6月"][0]) == sum(e.income_fen for e in rows if e.entry_date.month == 6)
    assert fen(months["5月"][1]) == sum(e.expense_fen for e in rows if e.entry_date.month == 5)
    assert sum(fen(v[0]) for v in months.values()) == sum(e.income_fen for e in rows)
    assert main.page_setup.fitToHeight == 1  # prints on one page too


@needs_poppler
def test_disclosure_pdf_is_one_page_with_charts_signatures_and_embedded_font(books):
    db, _cats, folder = books
    path = folder / "disclosure.pdf"
    export(disclosure_report(db, Y1, today=MADE), path)
    assert pdf_pages(path) == 1
    text = pdf_text(path)
    rows = entries(db, Y1)
    assert f"{UNION}{Y1}年经费收支公开表" in text
    assert format_fen(rows[-1].balance_fen) in text
    assert format_fen(sum(e.expense_fen for e in rows)) in text
    for words in ("本年支出构成", "各月收入与支出", "工会主席：", "经审委员：", "经办人：", "制表人："):
        assert words in text
    assert re.search(r"（公开期：2025年12月31日至2026年1月14日）", text.replace("\n", ""))
    for name, *rest in pdf_fonts(path):
        assert "+" in name and rest[-5:-2] == ["yes", "yes", "yes"]


@needs_poppler
def test_disclosure_stays_on_one_page_with_many_categories(tmp_path):
    db = open_database(config.database_url(str(tmp_path / "many.db")))
    try:
        build_books(db)
        for i in range(6):
            spent = ledger.add_category(db, f"自定义支出{i + 1}", "expense")
            ledger.add_category(db, f"自定义收入{i + 1}", "income")
        ledger.add_entry(db, EntryInput(date(Y1, 7, 1), spent, 12_300, "自定义支出"))
        path = tmp_path / "disclosure.pdf"
        report = disclosure_report(db, Y1, today=MADE)
        export(report, path)
        assert pdf_pages(path) == 1
        text = pdf_text(path)
        assert "自定义支出6" in text and "各月收入与支出" in text and "本年没有发生额的科目未列出" in text
        assert "自定义支出5" not in text and "资本性支出" not in text  # nothing spent: left out
        closing = next(r for r in report.rows if r[0] == "四、期末余额")[1]
        assert closing == Decimal(ledger.list_entries(db, LedgerFilter(year=Y1))[-1].balance_fen) / 100
    finally:
        db.dispose()


def test_disclosure_monthly_chart_stops_at_today_in_a_running_year(books):
    db, _cats, _folder = books
    report = disclosure_report(db, Y1, today=date(Y1, 8, 15))
    monthly = report.charts[1]
    assert monthly.labels == tuple(f"{m}月" for m in range(1, 9))
    assert [name for name, _values in monthly.series] == ["收入", "支出"]
    assert report.period == f"{Y1}年1月1日至{Y1}年8月15日"


def test_reports_do_not_write_to_the_database(books, tmp_path):
    """A year never touched: no fund_years row appears just because it was reported on."""
    db, _cats, _folder = books
    from unionapp.db.models import FundYear

    with db.session() as s:
        before = s.query(FundYear).count()
    for build in FUNDS_REPORTS.values():
        build(db, 2019, None, None)
    with db.session() as s:
        assert s.query(FundYear).count() == before


def test_chart_description_is_checked():
    with pytest.raises(ValueError):
        Chart("pie", "支出", ["甲", "乙"], [("支出", [Decimal("1.00")])])
    with pytest.raises(ValueError):
        Chart("line", "支出", ["甲"], [("支出", [Decimal("1.00")])])
    with pytest.raises(TypeError):
        Chart("bar", "支出", ["甲"], [("支出", [1.5])])  # floats are not money
    chart = Chart("bar", "支出", ["甲"], [("支出", [150])])  # int is fen, as in Report
    assert chart.series[0][1] == (Decimal("1.50"),)


@needs_poppler
def test_every_chart_kind_renders_with_the_embedded_font(tmp_path):
    from unionapp.reports.model import Column, Report

    charts = (
        Chart("bar", "各科目支出", ["职工活动支出", "维权支出"], [("支出", [Decimal("1200.50"), Decimal(0)])]),
        Chart("pie", "构成", ["甲", "乙"], [("支出", [Decimal(0), Decimal(0)])]),
    )  # all zero: "（无数据）"
    report = Report("图表测试", (Column("a", "项目"), Column("b", "金额", "money")), [("甲", 100)], charts=charts)
    path = tmp_path / "charts.pdf"
    export(report, path)
    text = pdf_text(path)
    assert "各科目支出" in text and "职工活动支出" in text and "（无数据）" in text
    export(report, tmp_path / "charts.xlsx")
    assert len(openpyxl.load_workbook(tmp_path / "charts.xlsx").worksheets[0]._charts) == 2
