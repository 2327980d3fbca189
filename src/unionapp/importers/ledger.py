"""Past years' ledger workbooks (收支明细账) → a plan the user confirms → one transaction.

Planning reads and checks every row and writes nothing: each row becomes an entry to
post, an opening balance ("上年结转"/"期初余额"), or a refused row with its reasons.
Applying posts every entry through `ledger.import_entries_in` with source "import" in ONE
transaction; the app numbers vouchers per year itself, so the file's 凭证号 is kept in
the summary ("[原凭证 12] …"). Title rows, a 序号 column, blank rows and totals rows
(合计/本月合计/本年累计) are skipped as in the members importer.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from unionapp.domain.dates import DateError, format_date, parse_date
from unionapp.domain.errors import DomainError
from unionapp.domain.import_mapping import ImportMappings
from unionapp.domain.money import format_fen, parse_amount
from unionapp.domain.text import shown
from unionapp.importers.errors import (
    RefusedRow,
    RowProblem,
    UnknownValue,
    collect,
    problem_lines,
    refuse_unless_skipped,
)
from unionapp.importers.headers import LEDGER_HEADERS
from unionapp.importers.ledger_categories import CategoryMatcher
from unionapp.importers.mapping import MappedPlan, remember_in, remembered
from unionapp.importers.workbook import as_text, read_sheet
from unionapp.services import Database, audit, ledger
from unionapp.services.ledger import EntryInput

# Rows that summarise or carry over rather than record money (read_sheet already
# drops those starting with 合计/总计/小计).
SKIP_WORDS = (
    "本月合计",
    "本期合计",
    "本年累计",
    "本月累计",
    "累计",
    "月计",
    "过次页",
    "承前页",
    "上月结转",
    "结转下月",
)
OPENING_WORDS = ("上年结转", "期初余额", "年初余额", "上年结余", "承上年", "上年余额")
BLANK_AMOUNTS = ("-", "—", "－", "/")


@dataclass(frozen=True)
class PlannedEntry:
    row_number: int
    entry_date: date
    category_id: int
    category_name: str
    direction: str
    amount_fen: int
    summary: str
    handler: str
    approver: str


@dataclass(frozen=True)
class PlannedOpening:
    row_number: int
    year: int
    amount_fen: int


@dataclass
class LedgerImportPlan(MappedPlan):
    source: str  # file name
    sheet: str
    header_row: int
    columns: dict[str, str]  # field → header text in the file
    entries: list[PlannedEntry] = field(default_factory=list)
    openings: list[PlannedOpening] = field(default_factory=list)
    refused: list[RefusedRow] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what the reader did: merged cells filled in...

    def total_fen(self, direction: str) -> int:
        return sum(e.amount_fen for e in self.entries if e.direction == direction)

    def summary(self) -> str:
        opening = f"期初余额 {len(self.openings)} 个年度，" if self.openings else ""
        return (
            f"记账 {len(self.entries)} 笔（收入 {format_fen(self.total_fen('income'))} 元，"
            f"支出 {format_fen(self.total_fen('expense'))} 元），{opening}有问题 {len(self.refused)} 行"
        )

    def problem_lines(self) -> list[str]:
        return problem_lines(self.refused)


@dataclass(frozen=True)
class LedgerImportResult:
    posted: int
    openings: int
    refused: int


# ---------------------------------------------------------------- planning


@dataclass
class _Books:
    """What the books already say about years (read only: a dry run writes nothing)."""

    closed: set[int]
    entries_per_year: dict[int, int]

    @classmethod
    def load(cls, db: Database) -> _Books:
        return cls(ledger.closed_years(db), ledger.entries_per_year(db))

    def check_year(self, year: int) -> None:
        if year in self.closed:
            raise RowProblem(f"{year} 年已经结账，不能再导入该年的记账")
        later = sorted(y for y in self.closed if y > year)
        if later:
            raise RowProblem(f"{later[0]} 年已经结账，不能再补记更早年度（{year} 年）的账")


class _Planner:
    def __init__(self, plan: LedgerImportPlan, books: _Books, matcher: CategoryMatcher, today: date):
        self.plan, self.books, self.matcher, self.today = plan, books, matcher, today
        self.vouchers: dict[tuple[int, str], int] = {}  # (year, 凭证号) → first row
        self.opening_rows: list[tuple[int, dict]] = []  # resolved once all dates are known

    def add_row(self, number: int, cells: dict[str, object]) -> None:
        if _is_carried_or_total(cells):
            return
        if _is_opening(cells):
            self.opening_rows.append((number, cells))
            return
        try:
            self.plan.entries.append(self._entry(number, cells))
        except RowProblem as problem:
            name = as_text(cells.get("summary"))[:20]
            self.plan.refused.append(RefusedRow(number, name, problem.reasons, problem.unknown))

    def _entry(self, number: int, cells: dict[str, object]) -> PlannedEntry:
        reasons: list[str] = []
        unknown: list[UnknownValue] = []
        entry_date = collect(reasons, lambda: self._date(cells.get("date")))
        direction, amount = collect(reasons, lambda: _amount(cells)) or (None, None)
        category = collect(reasons, lambda: self.matcher.match(as_text(cells.get("category")), direction), unknown)
        summary = as_text(cells.get("summary"))
        if not summary:
            reasons.append("摘要不能为空")
        voucher = as_text(cells.get("voucher"))
        if voucher and entry_date is not None:
            first = self.vouchers.setdefault((entry_date.year, voucher), number)
            if first != number:
                reasons.append(f"凭证号“{shown(voucher)}”与第 {first} 行重复")
        if reasons:
            raise RowProblem(*reasons, unknown=unknown)
        return PlannedEntry(
            number,
            entry_date,
            category.id,
            category.full_name,
            category.direction,
            amount,
            _summary(voucher, summary, as_text(cells.get("notes"))),
            as_text(cells.get("handler"))[:50],
            as_text(cells.get("approver"))[:50],
        )

    def _date(self, value: object) -> date:
        if value is None:
            raise RowProblem("日期不能为空")
        try:
            day = parse_date(value)
        except DateError as err:
            raise RowProblem(str(err)) from None
        if day > self.today:
            raise RowProblem(f"日期 {format_date(day)} 晚于今天，不能记账")
        self.books.check_year(day.year)
        return day

    def finish(self) -> None:
        """Opening rows last: one without a date takes the year of the file's entries."""
        years = {e.entry_date.year for e in self.plan.entries}
        seen: dict[int, int] = {}
        for number, cells in self.opening_rows:
            try:
                self.plan.openings.append(self._opening(number, cells, years, seen))
            except RowProblem as problem:
                self.plan.refused.append(RefusedRow(number, as_text(cells.get("summary"))[:20], problem.reasons))
        self.plan.refused.sort(key=lambda r: r.row_number)

    def _opening(self, number: int, cells: dict, years: set[int], seen: dict[int, int]) -> PlannedOpening:
        if cells.get("date") is not None:
            year = self._date(cells["date"]).year
        elif len(years) == 1:
            year = next(iter(years))
        else:
            raise RowProblem("“上年结转”行没有日期，无法确定是哪一年的期初余额，请填写日期")
        self.books.check_year(year)
        if year - 1 in self.books.closed:
            raise RowProblem(f"{year} 年的期初余额由 {year - 1} 年结账结转而来，不能用导入修改")
        if self.books.entries_per_year.get(year):
            raise RowProblem(
                f"{year} 年已有 {self.books.entries_per_year[year]} 笔记账，不能再导入期初余额；"
                "如期初余额有误，请在“经费”中修改"
            )
        first = seen.setdefault(year, number)
        if first != number:
            raise RowProblem(f"与第 {first} 行重复：{year} 年的期初余额只能有一行")
        value = next((cells.get(k) for k in ("balance", "income") if not _blank(cells.get(k))), None)
        try:
            return PlannedOpening(number, year, parse_amount(value, "期初余额"))
        except DomainError as err:
            raise RowProblem(str(err)) from None


def _texts(cells: dict[str, object]) -> list[str]:
    return ["".join(v.split()) for v in cells.values() if isinstance(v, str)]


def _is_carried_or_total(cells: dict[str, object]) -> bool:
    return any(t.startswith(SKIP_WORDS) for t in _texts(cells))


def _is_opening(cells: dict[str, object]) -> bool:
    summary = "".join(as_text(cells.get("summary")).split())
    return summary.startswith(OPENING_WORDS)


def _blank(value: object) -> bool:
    if value is None or (isinstance(value, (int, float)) and not isinstance(value, bool) and value == 0):
        return True
    return isinstance(value, str) and value.strip() in ("", *BLANK_AMOUNTS)


def _amount(cells: dict[str, object]) -> tuple[str, int]:
    """Exactly one of 收入 / 支出, positive, to the fen."""
    filled = [(d, cells.get(d)) for d in ("income", "expense") if not _blank(cells.get(d))]
    if len(filled) != 1:
        raise RowProblem("收入和支出都填了金额，每行只能填其中一个" if filled else "收入和支出都没有填金额")
    direction, value = filled[0]
    label = "收入" if direction == "income" else "支出"
    try:
        fen = parse_amount(value, label)
    except DomainError as err:
        raise RowProblem(str(err)) from None
    if fen < 0:
        raise RowProblem(
            f"{label}“{shown(value)}”是负数：红字冲销请导入后在软件中用“红字冲销”处理，"
            "或把原记录和冲销记录一并从文件中删去"
        )
    return direction, fen


def _summary(voucher: str, summary: str, notes: str) -> str:
    text = f"[原凭证 {voucher}] {summary}" if voucher else summary
    return f"{text}（备注：{notes}）" if notes else text


def plan_ledger_import(
    db: Database, path: str | Path, today: date | None = None, mapping: ImportMappings | None = None
) -> LedgerImportPlan:
    """Read a ledger workbook and say what importing it would do; writes nothing.
    `mapping`: the column and value mappings to read it with (default: those remembered).
    Raises ImportFileError when the file can't be read at all."""
    today = today or date.today()
    mapping = remembered(db, "ledger", mapping)
    matcher = CategoryMatcher(ledger.list_categories(db), mapping)
    books = _Books.load(db)
    with read_sheet(path, LEDGER_HEADERS, key_field="summary", mapping=mapping) as sheet:
        plan = LedgerImportPlan(
            Path(path).name,
            sheet.name,
            sheet.header_row,
            {f: c.header for f, c in sheet.columns.items()},
            ignored_columns=sheet.ignored_columns,
            area="ledger",
            mapping=mapping,
            column_choices=sheet.column_choices,
        )
        plan.value_choices = {"category": matcher.usable_names()}
        planner = _Planner(plan, books, matcher, today)
        for number, cells in sheet.rows():
            planner.add_row(number, cells)
        plan.notes = sheet.notes
    planner.finish()
    return plan


# ---------------------------------------------------------------- applying


def apply_ledger_import(db: Database, plan: LedgerImportPlan, skip_errors: bool = False) -> LedgerImportResult:
    """Write the plan in one transaction: any refused row refuses the whole file unless
    `skip_errors`; a failure while posting rolls everything back."""
    refuse_unless_skipped(plan.refused, skip_errors)
    openings = [(o.year, o.amount_fen) for o in plan.openings]
    # By date, so the app's voucher numbers follow the order of the days.
    entries = [
        EntryInput(e.entry_date, e.category_id, e.amount_fen, e.summary, e.handler, e.approver)
        for e in sorted(plan.entries, key=lambda e: (e.entry_date, e.row_number))
    ]
    with db.session() as s:
        with audit.summarised(s) as written:  # one entry for the file, not one per row
            ledger.import_entries_in(s, openings, entries)
        audit.record(
            s,
            "import",
            "ledger",
            None,
            f"从“{plan.source}”导入记账 {len(plan.entries)} 笔，"
            f"期初余额 {len(plan.openings)} 个年度，跳过 {len(plan.refused)} 行",
            after={
                "file": plan.source,
                "entries": len(plan.entries),
                "skipped": len(plan.refused),
                "openings": {str(o.year): o.amount_fen for o in plan.openings},
                "records": dict(written),
            },
        )
        remember_in(s, plan, LEDGER_HEADERS)
    return LedgerImportResult(len(plan.entries), len(plan.openings), len(plan.refused))
