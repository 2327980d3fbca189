"""What the 经费 tab shows for one year, read in one go on a worker thread.

Only the chosen year's entries are loaded (a union may keep ten years of ledger); the
ledger filters other than the year then run in memory, like the members search."""

from __future__ import annotations

from dataclasses import dataclass

from unionapp.db.engine import Database
from unionapp.services import budget, dues, ledger
from unionapp.services.budget import ExecutionRow
from unionapp.services.dues import DuesRule, MonthStatus
from unionapp.services.ledger import CategoryRow, EntryRow, LedgerFilter, YearRow


@dataclass(frozen=True)
class YearData:
    year: int
    years: list[int]
    summary: YearRow
    entries: list[EntryRow]
    categories: list[CategoryRow]
    budget: dict[int, int]
    execution: list[ExecutionRow]
    dues: list[MonthStatus]
    rule: DuesRule

    @property
    def closed(self) -> bool:
        return self.summary.closed

    @property
    def first_year(self) -> bool:
        """The opening balance is typed only for the first year; later ones are carried in."""
        return self.year == min(self.years)


def load_year(db: Database, year: int) -> YearData:
    entries = ledger.list_entries(db, LedgerFilter(year=year))
    years = ledger.list_years(db)
    return YearData(
        year,
        sorted(set(years) | {year}),
        ledger.year_summary(db, year),
        entries,
        ledger.list_categories(db),
        budget.get_budget(db, year),
        budget.execution(db, year),
        dues.dues_year(db, year),
        dues.load_rule(db),
    )


def month_sums(entries: list[EntryRow]) -> list[tuple[int, int]]:
    """(income, expense) per month, reversals netted."""
    sums = [[0, 0] for _ in range(12)]
    for e in entries:
        sums[e.entry_date.month - 1][0] += e.income_fen
        sums[e.entry_date.month - 1][1] += e.expense_fen
    return [(i, x) for i, x in sums]


def balance_at_end(entries: list[EntryRow], opening_fen: int, month: int | None) -> int:
    """The year's balance at the end of a month (or of the year): a whole-ledger figure,
    whatever category or text the table is filtered by."""
    upto = [e for e in entries if month is None or e.entry_date.month <= month]
    return upto[-1].balance_fen if upto else opening_fen
