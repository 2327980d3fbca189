"""The funds reports: 年度经费预算表, 预算执行情况表, 收支明细账 and 经费收支公开表.

Every figure is read from the ledger and budget services (fen), and handed to the report
as Decimal yuan, so each cell can be recomputed from `ledger.list_entries`. Each
`*_report(db, ...)` reads its rows through the services and hands them to the pure
`build_*_report(rows, ..., union_name)`, which never sees the database. The tables
carry their own subtotal and total rows (a parent category is the sum of its children),
so the engine's automatic totals row is switched off except in the ledger.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from decimal import Decimal

from unionapp.domain.dates import format_long_date
from unionapp.domain.funds import DIRECTION_LABELS, SOURCE_LABELS
from unionapp.domain.money import percent_of, to_decimal
from unionapp.reports.model import Chart, Column, Report
from unionapp.services import Database, ledger, settings
from unionapp.services import budget as budget_service
from unionapp.services.budget import ExecutionRow
from unionapp.services.ledger import CategoryRow, EntryRow, LedgerFilter, MonthRow, YearRow

INDENT = "　　"  # two ideographic spaces: a child category under its parent
FILE_STEMS = {
    "ledger": "收支明细账",
    "budget": "年度经费预算表",
    "execution": "预算执行情况表",
    "disclosure": "经费收支公开表",
}
NOTICE_DAYS = 15  # how long the disclosure stays on the notice board, by default
PAGE_CATEGORY_ROWS = 16  # category rows that fit one page with the charts (the default chart has 11)
UNIT_NOTE = "金额单位：元。"

BUDGET_COLUMNS = (
    Column("name", "科目", "text", 28),
    Column("budget", "本年预算（元）", "money", 14),
    Column("share", "占比", "percent", 7),
    Column("last_actual", "上年实际（元）", "money", 14),
)
EXECUTION_COLUMNS = (
    Column("name", "科目", "text", 24),
    Column("budget", "预算（元）", "money", 13),
    Column("actual", "实际（元）", "money", 13),
    Column("remaining", "剩余（元）", "money", 13),
    Column("rate", "执行率", "percent", 7),
    Column("notes", "备注", "text", 12, wrap=True),
)
LEDGER_COLUMNS = (
    Column("date", "日期", "date", 10),
    Column("voucher", "凭证号", "text", 9, "center"),
    Column("category", "科目", "text", 26),
    Column("summary", "摘要", "text", 24, wrap=True),
    Column("income", "收入（元）", "money", 11),
    Column("expense", "支出（元）", "money", 11),
    Column("balance", "余额（元）", "money", 12, total=False),
    Column("handler", "经办人", "text", 6, "center"),
    Column("approver", "审批人", "text", 6, "center"),
)
DISCLOSURE_COLUMNS = (
    Column("item", "项目", "text", 34),
    Column("amount", "金额（元）", "money", 16),
    Column("share", "占比", "percent", 8),
)


# ---------------------------------------------------------------- shared pieces


def _year_period(year: int, today: date) -> str:
    """The whole year, or up to today while the year is still running."""
    end = min(date(year, 12, 31), max(today, date(year, 1, 1)))
    return f"{format_long_date(date(year, 1, 1))}至{format_long_date(end)}"


def _share(part: int, whole: int) -> Decimal | None:
    """A fraction for the "percent" column kind (0.853 shows as 85.3%)."""
    pct = percent_of(part, whole)
    return None if pct is None else pct / 100


def _category_label(row: ExecutionRow) -> str:
    return INDENT + row.name if row.level == 2 else row.name


def _union(db: Database) -> str:
    return settings.load(db).union_name


# ---------------------------------------------------------------- 年度经费预算表


def budget_report(db: Database, year: int, today: date | None = None) -> Report:
    """The year's budget, with last year's actual figures beside it."""
    return build_budget_report(
        budget_service.execution(db, year), budget_service.execution(db, year - 1), year, _union(db), today
    )


def build_budget_report(
    rows: Sequence[ExecutionRow], previous: Sequence[ExecutionRow], year: int, union: str, today: date | None = None
) -> Report:
    """The year's budget per category (`rows`, last year's in `previous`): first-level rows
    are the sums of their children; a totals row for income and for expense, and the
    planned balance."""
    today = today or date.today()
    last = {r.category_id: r.actual_fen for r in previous if r.category_id}
    last_totals = {r.direction: r.actual_fen for r in previous if r.level == 0}
    totals = {r.direction: r.budget_fen for r in rows if r.level == 0}
    data = []
    for r in rows:
        prior = last_totals.get(r.direction, 0) if r.level == 0 else last.get(r.category_id, 0)
        data.append(
            (_category_label(r), to_decimal(r.budget_fen), _share(r.budget_fen, totals[r.direction]), to_decimal(prior))
        )
    data.append(
        (
            "收支差额（收入－支出）",
            to_decimal(totals["income"] - totals["expense"]),
            None,
            to_decimal(last_totals.get("income", 0) - last_totals.get("expense", 0)),
        )
    )
    return Report(
        f"{union}{year}年经费预算表",
        BUDGET_COLUMNS,
        data,
        union_name=union,
        period=f"{year}年度",
        made_on=today,
        totals={},
        signatures=("制表人", "经审委员", "工会主席"),
        notes=UNIT_NOTE + "一级科目的预算为其明细科目之和；占比为占本年收入或支出预算合计的比例。",
    )


# ---------------------------------------------------------------- 预算执行情况表


def execution_report(db: Database, year: int, today: date | None = None) -> Report:
    """Budget against actual per category, as budget.execution reads it."""
    return build_execution_report(budget_service.execution(db, year), year, _union(db), today)


def build_execution_report(rows: Sequence[ExecutionRow], year: int, union: str, today: date | None = None) -> Report:
    """Budget against actual per category, with what is left and the share spent;
    over-budget lines are named in 备注."""
    today = today or date.today()
    data = [
        (
            _category_label(r),
            to_decimal(r.budget_fen),
            to_decimal(r.actual_fen),
            to_decimal(r.remaining_fen),
            None if r.percent is None else r.percent / 100,
            _execution_note(r),
        )
        for r in rows
    ]
    return Report(
        f"{union}{year}年预算执行情况表",
        EXECUTION_COLUMNS,
        data,
        union_name=union,
        period=_year_period(year, today),
        made_on=today,
        totals={},
        signatures=("制表人", "经审委员", "工会主席"),
        notes=UNIT_NOTE + "实际数取自收支明细账（已含红字冲销）；执行率＝实际÷预算；"
        "收入科目的“剩余”为尚未到账的预算数。",
    )


def _execution_note(row: ExecutionRow) -> str:
    if row.over_budget:
        return f"超预算 {to_decimal(-row.remaining_fen):,.2f} 元"
    if row.direction == "expense" and row.level and not row.budget_fen and row.actual_fen:
        return "无预算支出"
    return ""


# ---------------------------------------------------------------- 收支明细账


def ledger_report(db: Database, flt: LedgerFilter, today: date | None = None) -> Report:
    """The entries the filter selects, with the balance brought forward for a plain period
    and the chart of categories when the filter names one."""
    entries = ledger.list_entries(db, flt)
    start = _period_start(flt, entries)
    brought = None if start is None else _brought_forward(db, start, entries)
    categories = ledger.list_categories(db) if flt.category_id is not None else []
    return build_ledger_report(entries, flt, _union(db), brought, categories, today)


def build_ledger_report(
    entries: Sequence[EntryRow],
    flt: LedgerFilter,
    union: str,
    brought_forward_fen: int | None = None,
    categories: Sequence[CategoryRow] = (),
    today: date | None = None,
) -> Report:
    """The entries in date order, with the running balance. A plain period (no category,
    text or direction) starts with the balance brought forward and ends with the balance
    carried; a filtered view only totals what it shows."""
    today = today or date.today()
    data = [_ledger_row(e) for e in entries]
    totals = {
        "income": sum((r[4] for r in data if r[4] is not None), Decimal("0.00")),
        "expense": sum((r[5] for r in data if r[5] is not None), Decimal("0.00")),
    }
    start = _period_start(flt, entries)
    if start is not None:
        label = "期初余额" if (start.month, start.day) == (1, 1) else "承前余额"
        data.insert(0, (start, "", "", label, None, None, to_decimal(brought_forward_fen or 0), "", ""))
        totals["balance"] = data[-1][6]
    year = _single_year(flt, entries)
    title = f"{union}{year}年收支明细账" if year else f"{union}收支明细账"
    scope = _filter_scope(flt, categories)
    return Report(
        title,
        LEDGER_COLUMNS,
        data,
        union_name=union,
        period=_filter_period(flt, today),
        made_on=today,
        totals=totals,
        subtitle="　".join(filter(None, [scope, f"共 {len(entries)} 笔"])),
        signatures=("制表人", "经办人", "工会主席"),
        notes=UNIT_NOTE + "负数为红字冲销；余额为所在年度的累计余额（含期初余额）。",
    )


def _ledger_row(e: EntryRow) -> tuple:
    income = to_decimal(e.amount_fen) if e.direction == "income" else None
    expense = to_decimal(e.amount_fen) if e.direction == "expense" else None
    return (
        e.entry_date,
        e.voucher,
        e.category_name,
        e.summary,
        income,
        expense,
        to_decimal(e.balance_fen),
        e.handler,
        e.approver,
    )


def _is_plain_period(flt: LedgerFilter) -> bool:
    return flt.category_id is None and flt.direction is None and flt.source is None and not flt.text.strip()


def _period_start(flt: LedgerFilter, entries: Sequence[EntryRow]) -> date | None:
    """The day a plain period's 期初/承前余额 line stands on; None for a filtered view."""
    start = flt.date_from or (date(flt.year, flt.month or 1, 1) if flt.year else None)
    if not _is_plain_period(flt) or not (entries or start):
        return None
    return start or date(entries[0].year, 1, 1)


def _brought_forward(db: Database, start: date, entries: Sequence[EntryRow]) -> int:
    """The year's balance before `start`: from the period's first entry when it has one,
    else as the ledger has it (the year's earlier entries or its opening balance)."""
    if entries:
        first = entries[0]
        return first.balance_fen - (first.amount_fen if first.direction == "income" else -first.amount_fen)
    return ledger.balance_before(db, start)


def _single_year(flt: LedgerFilter, entries: list[EntryRow]) -> int | None:
    if flt.year:
        return flt.year
    if flt.date_from and flt.date_to and flt.date_from.year == flt.date_to.year:
        return flt.date_from.year
    years = {e.year for e in entries}
    return years.pop() if len(years) == 1 and not (flt.date_from or flt.date_to) else None


def _filter_period(flt: LedgerFilter, today: date) -> str:
    if flt.date_from or flt.date_to:
        start = format_long_date(flt.date_from) if flt.date_from else "最早"
        return f"{start}至{format_long_date(flt.date_to or today)}"
    if flt.year and flt.month:
        return f"{flt.year}年{flt.month}月"
    if flt.year:
        return _year_period(flt.year, today)
    return "全部年度"


def _filter_scope(flt: LedgerFilter, categories: Sequence[CategoryRow]) -> str:
    """The filter in words, so a printed page says what it leaves out."""
    parts = []
    if flt.category_id is not None:
        names = {c.id: c.full_name for c in categories}
        parts.append(f"科目：{names.get(flt.category_id, '')}")
    if flt.direction:
        parts.append(f"仅{DIRECTION_LABELS.get(flt.direction, flt.direction)}")
    if flt.source:
        parts.append(f"来源：{SOURCE_LABELS.get(flt.source, flt.source)}")
    if flt.text.strip():
        parts.append(f"包含“{flt.text.strip()}”")
    return "　".join(parts)


# ---------------------------------------------------------------- 经费收支公开表


def disclosure_report(db: Database, year: int, today: date | None = None) -> Report:
    """The notice board's page, from the year's execution, opening balance and months."""
    return build_disclosure_report(
        budget_service.execution(db, year),
        ledger.opening_balance(db, year),
        ledger.monthly_totals(db, year),
        year,
        _union(db),
        today,
    )


def build_disclosure_report(
    rows: Sequence[ExecutionRow],
    opening_fen: int,
    months: Sequence[MonthRow],
    year: int,
    union: str,
    today: date | None = None,
) -> Report:
    """One page for the notice board: opening balance, income by category, spending by
    first-level category (children folded in; a retired category only when it has
    amounts), closing balance, and two charts drawn below the table."""
    today = today or date.today()
    totals = {r.direction: r.actual_fen for r in rows if r.level == 0}
    summary = YearRow(year, opening_fen, totals["income"], totals["expense"], False)
    income = [(r.name, r.actual_fen) for r in rows if r.direction == "income" and r.level == 1]
    expense = [(r.name, r.actual_fen) for r in rows if r.direction == "expense" and r.level == 1]
    omitted = len(income) + len(expense) > PAGE_CATEGORY_ROWS
    if omitted:  # a long chart of categories: the page keeps those with money
        income, expense = [r for r in income if r[1]], [r for r in expense if r[1]]
    end = min(date(year, 12, 31), max(today, date(year, 1, 1)))
    return Report(
        f"{union}{year}年经费收支公开表",
        DISCLOSURE_COLUMNS,
        _disclosure_rows(summary, income, expense),
        union_name=union,
        period=_year_period(year, today),
        made_on=today,
        totals={},
        orientation="portrait",
        signatures=("工会主席", "经审委员", "经办人", "制表人"),
        charts=(_spending_chart(expense), _monthly_chart(months, end.month)),
        notes=_disclosure_notes(today, omitted),
    )


def _disclosure_rows(summary: YearRow, income: list[tuple[str, int]], expense: list[tuple[str, int]]) -> list[tuple]:
    data = [
        ("一、期初余额（上年结转）", to_decimal(summary.opening_fen), None),
        ("二、本年收入", to_decimal(summary.income_fen), _share(summary.income_fen, summary.income_fen)),
    ]
    data += [(INDENT + name, to_decimal(fen), _share(fen, summary.income_fen)) for name, fen in income]
    data.append(("三、本年支出", to_decimal(summary.expense_fen), _share(summary.expense_fen, summary.expense_fen)))
    data += [(INDENT + name, to_decimal(fen), _share(fen, summary.expense_fen)) for name, fen in expense]
    data.append(("四、期末余额", to_decimal(summary.balance_fen), None))
    return data


def _disclosure_notes(today: date, omitted: bool) -> str:
    notice = f"{format_long_date(today)}至{format_long_date(today + timedelta(days=NOTICE_DAYS - 1))}"
    return (
        UNIT_NOTE
        + ("本年没有发生额的科目未列出。" if omitted else "")
        + "数据取自本会收支明细账，收入、支出均为净额（已扣除红字冲销）；期末余额＝期初余额＋本年收入－本年支出。"
        f"会员对经费收支如有疑问，请向工会经费审查委员会反映。（公开期：{notice}）"
    )


def _spending_chart(expense: list[tuple[str, int]]) -> Chart:
    return Chart(
        "pie", "本年支出构成", [name for name, _fen in expense], [("支出", [to_decimal(fen) for _name, fen in expense])]
    )


def _monthly_chart(months: Sequence[MonthRow], last_month: int) -> Chart:
    """Net income and spending per month, up to the period's last month."""
    shown = [m for m in months if m.month <= last_month]
    fen = {"income": lambda m: m.income_fen, "expense": lambda m: m.expense_fen}
    return Chart(
        "grouped_bar",
        "各月收入与支出",
        [f"{m.month}月" for m in shown],
        [(label, [to_decimal(fen[d](m)) for m in shown]) for d, label in DIRECTION_LABELS.items()],
    )
