"""The yearly budget per category (预算) and its execution (预算执行情况)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import delete, select

from unionapp.db.engine import Database
from unionapp.db.models import BudgetLine
from unionapp.domain.money import check_fen, format_fen, percent_of
from unionapp.services import audit
from unionapp.services.ledger_categories import FundsError, _categories
from unionapp.services.ledger_reads import totals_by_category
from unionapp.services.ledger_years import check_open


def get_budget(db: Database, year: int) -> dict[int, int]:
    """category id → budget in fen (only categories with a line)."""
    with db.session() as s:
        return {
            line.category_id: line.amount_fen for line in s.scalars(select(BudgetLine).where(BudgetLine.year == year))
        }


def set_budget(db: Database, year: int, amounts: dict[int, int]) -> None:
    """Replace the year's budget. Budgets go on leaf categories; parents are their sums."""
    amounts = {cid: check_fen(fen, "预算金额", negative=True) for cid, fen in amounts.items()}
    if any(fen < 0 for fen in amounts.values()):
        raise FundsError("预算金额不能是负数。")
    with db.session() as s:
        check_open(s, year)
        leaves = {c.id for c in _categories(s) if not c.has_children}
        if set(amounts) - leaves:
            raise FundsError("预算请填在明细科目上，一级科目的预算由明细科目自动合计。")
        before = {
            line.category_id: line.amount_fen for line in s.scalars(select(BudgetLine).where(BudgetLine.year == year))
        }
        s.execute(delete(BudgetLine).where(BudgetLine.year == year))
        s.add_all(BudgetLine(year=year, category_id=cid, amount_fen=fen) for cid, fen in amounts.items() if fen)
        after = {cid: fen for cid, fen in amounts.items() if fen}
        if before != after:
            audit.record(
                s,
                "update",
                "budget",
                year,
                f"修改 {year} 年预算（支出合计 {format_fen(sum(after.values()))} 元）",
                before={str(k): v for k, v in before.items()},
                after={str(k): v for k, v in after.items()},
            )


def copy_budget(db: Database, from_year: int, to_year: int) -> int:
    """Start a year's budget from another year's; refuses to overwrite an entered budget."""
    if get_budget(db, to_year):
        raise FundsError(f"{to_year} 年已经有预算了。要重新开始，请先清空该年预算。")
    source = get_budget(db, from_year)
    if not source:
        raise FundsError(f"{from_year} 年没有预算可以复制。")
    set_budget(db, to_year, source)
    return len(source)


@dataclass(frozen=True)
class ExecutionRow:
    category_id: int | None  # None for the totals rows
    name: str
    level: int  # 1, 2; 0 for a totals row
    direction: str
    budget_fen: int
    actual_fen: int

    @property
    def remaining_fen(self) -> int:
        return self.budget_fen - self.actual_fen

    @property
    def percent(self) -> Decimal | None:
        return percent_of(self.actual_fen, self.budget_fen)

    @property
    def over_budget(self) -> bool:
        return self.direction == "expense" and self.budget_fen > 0 and self.actual_fen > self.budget_fen


def execution(db: Database, year: int) -> list[ExecutionRow]:
    """Budget against actual per category, first-level rows summing their children, and a
    totals row for income and for expense. Every figure is a sum of ledger entries."""
    with db.session() as s:
        cats = _categories(s)
        actual = totals_by_category(s, year)
        budget = {
            line.category_id: line.amount_fen for line in s.scalars(select(BudgetLine).where(BudgetLine.year == year))
        }
    rows: list[ExecutionRow] = []
    for direction, total_name in (("income", "收入合计"), ("expense", "支出合计")):
        group = [c for c in cats if c.direction == direction]
        for cat in (c for c in group if c.parent_id is None):
            children = [c for c in group if c.parent_id == cat.id]
            ids = [cat.id, *(c.id for c in children)]
            if not cat.active and not any(actual.get(i) or budget.get(i) for i in ids):
                continue
            rows.append(
                ExecutionRow(
                    cat.id,
                    cat.name,
                    1,
                    direction,
                    sum(budget.get(i, 0) for i in ids),
                    sum(actual.get(i, 0) for i in ids),
                )
            )
            rows += [
                ExecutionRow(c.id, c.name, 2, direction, budget.get(c.id, 0), actual.get(c.id, 0))
                for c in children
                if c.active or actual.get(c.id) or budget.get(c.id)
            ]
        ids = [c.id for c in group]
        rows.append(
            ExecutionRow(
                None, total_name, 0, direction, sum(budget.get(i, 0) for i in ids), sum(actual.get(i, 0) for i in ids)
            )
        )
    return rows
