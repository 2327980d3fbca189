"""The union's year on paper: 年度工作计划表 (printed at the start of the year, its
完成情况 filled in as items are done) and 年度工作计划完成情况 (at year end: what was done, when,
with its counts and money), both as the inspecting union asks for them.

The pure builders take the rows `services.year_plan` returns; `load_*(db, year)` read
them. Reading never copies the template into an empty year (that is a write, done in the
window or by `ensure_year`): an empty year is refused with what to do.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from unionapp.domain.dates import format_date, format_long_date
from unionapp.domain.errors import DomainError
from unionapp.domain.money import format_fen
from unionapp.reports.model import Column, Report
from unionapp.services import Database, settings, year_plan
from unionapp.services.year_plan import LedgerLine, PlanItemRow

FILE_STEMS = {"year-plan": "年度工作计划表", "year-ledger": "年度工作计划完成情况"}
SIGNATURES = ("制表人", "工会主席")

PLAN_COLUMNS = (
    Column("no", "序号", "int", 4),
    Column("month", "月份", "text", 5, "center"),
    Column("title", "工作内容", "text", 30, wrap=True),
    Column("owner", "负责人", "text", 8, "center"),
    Column("area", "涉及方面", "text", 8, "center"),
    Column("done", "完成情况", "text", 16, wrap=True),
)
LEDGER_COLUMNS = (
    Column("no", "序号", "int", 4),
    Column("month", "月份", "text", 5, "center"),
    Column("title", "工作内容", "text", 22, wrap=True),
    Column("done_on", "完成日期", "date", 10),
    Column("what", "完成情况", "text", 24, wrap=True),
    Column("people", "人数", "int", 5, total=True),
    Column("money", "金额（元）", "money", 10),
    Column("note", "备注", "text", 12, wrap=True),
)


class EmptyYear(DomainError):
    """The year has no plan items yet."""


def _month(month: int) -> str:
    return f"{month}月"


def _today(today: date | None) -> date:
    return today or date.today()


# ---------------------------------------------------------------- 年度工作计划表


def plan_report(rows: Sequence[PlanItemRow], year: int, *, union: str = "", today: date | None = None) -> Report:
    """Every item of the year by month; 完成情况 holds the done date, else is blank to be
    written in. How many are done and overdue stands under the title."""
    day = _today(today)
    data = [
        (i, _month(r.month), r.title, r.owner, r.area_label, f"{format_date(r.done_on)} 完成" if r.done_on else "")
        for i, r in enumerate(rows, start=1)
    ]
    done = sum(1 for r in rows if r.done_on)
    overdue = sum(1 for r in rows if r.overdue)
    subtitle = f"共 {len(rows)} 项，已完成 {done} 项" + (f"，逾期未完成 {overdue} 项" if overdue else "")
    return Report(
        f"{union}{year}年度工作计划表",
        PLAN_COLUMNS,
        data,
        union_name=union,
        period=f"{year}年",
        made_on=day,
        totals={},
        signatures=SIGNATURES,
        orientation="portrait",
        subtitle=subtitle,
        notes="“涉及方面”指由哪一项工作的记录办结（如发放、活动、体检、教代会）；完成后填写完成日期。",
    )


# ---------------------------------------------------------------- 年度工作计划完成情况


def year_ledger_report(lines: Sequence[LedgerLine], year: int, *, union: str = "", today: date | None = None) -> Report:
    """Each item with what was done, when, and the linked record's people and money; the
    totals add the people (人次) and the money. An item not done says so."""
    day = _today(today)
    data = [
        (
            i,
            _month(line.month),
            line.title,
            line.done_on,
            line.what or ("" if line.done_on else "未完成"),
            line.people,
            line.money_fen,
            line.note if line.note != line.what else "",
        )
        for i, line in enumerate(lines, start=1)
    ]
    done = sum(1 for line in lines if line.done_on)
    money = sum(line.money_fen or 0 for line in lines)
    end = min(date(year, 12, 31), max(day, date(year, 1, 1)))
    return Report(
        f"{union}{year}年度工作计划完成情况",
        LEDGER_COLUMNS,
        data,
        union_name=union,
        period=f"{format_long_date(date(year, 1, 1))}至{format_long_date(end)}",
        made_on=day,
        totals={"people": sum(line.people or 0 for line in lines), "money": money},
        signatures=SIGNATURES,
        orientation="landscape",
        subtitle=f"计划 {len(lines)} 项，完成 {done} 项，涉及金额 {format_fen(money)} 元",
        notes="金额单位：元。人数、金额取自关联的发放、活动、体检或教代会记录（人数为人次）；"
        "未关联记录的事项按登记的完成情况填写。",
    )


# ---------------------------------------------------------------- read from the database


def _union(db: Database) -> str:
    return settings.load(db).union_name


def _refuse_empty(year: int) -> EmptyYear:
    return EmptyYear(f"{year} 年还没有年度工作计划。请先在“首页”的“年度计划”中生成这一年的计划（按模板复制）。")


def load_plan_report(db: Database, year: int, today: date | None = None) -> Report:
    rows = year_plan.list_items(db, year, today=_today(today))
    if not rows:
        raise _refuse_empty(year)
    return plan_report(rows, year, union=_union(db), today=today)


def load_year_ledger_report(db: Database, year: int, today: date | None = None) -> Report:
    lines = year_plan.year_ledger(db, year)
    if not lines:
        raise _refuse_empty(year)
    return year_ledger_report(lines, year, union=_union(db), today=today)
