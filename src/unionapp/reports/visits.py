"""The five must-visits reports: 五必访登记表, 慰问金发放签收表 and 年度五必访统计表.

Rows come from `services.visits` (list_visits, yearly_summary); money is handed to the
report as fen, so every cell can be recomputed from the visits. Each `*_report(db, ...)`
reads its rows through the services and hands them to the pure `build_*_report(rows,
..., union_name)`, which never sees the database. Members' names are
printed unmasked (the recipients sign next to them); no ID numbers or phones appear.
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from datetime import date

from unionapp.domain.dates import format_long_date
from unionapp.domain.money import format_fen, to_decimal
from unionapp.domain.visits import STATUS_LABELS
from unionapp.reports.model import Chart, Column, Report
from unionapp.services import Database, groups, settings, visits
from unionapp.services.groups import GroupRow
from unionapp.services.visits import SummaryRow, TypeRow, VisitFilter, VisitRow

INDENT = "　　"
NO_GROUP = "（未分组）"
SIGN_ROW_PT = 30  # about 1 cm: room for a handwritten name on the receipts sheet
FILE_STEMS = {"visits": "五必访登记表", "visit-receipts": "慰问金发放签收表", "visit-summary": "五必访统计表"}

REGISTER_COLUMNS = (  # 14 columns on a landscape A4: units are in the note, not the headers
    Column("no", "序号", "int", 4),
    Column("date", "日期", "date", 10),
    Column("name", "姓名", "text", 6, "center"),
    Column("group", "工会小组", "text", 10),
    Column("type", "类型", "text", 12),
    Column("reason", "事由", "text", 14, wrap=True),
    Column("visitors", "走访人", "text", 14),
    Column("money", "慰问金", "money", 9),
    Column("gift", "慰问品", "text", 8),
    Column("gift_value", "慰问品价值", "money", 9),
    Column("approver", "审批人", "text", 6, "center"),
    Column("approval_no", "审批编号", "text", 12),
    Column("status", "状态", "text", 4, "center"),
    Column("notes", "备注", "text", 22, wrap=True),
)
RECEIPT_COLUMNS = (
    Column("no", "序号", "int", 4),
    Column("name", "姓名", "text", 8, "center"),
    Column("group", "工会小组", "text", 10),
    Column("type", "类型", "text", 12),
    Column("date", "日期", "date", 10),
    Column("money", "慰问金（元）", "money", 11),
    Column("sign", "领取人签字", "text", 24, wrap=True),
    Column("notes", "备注", "text", 10, wrap=True),
)
SUMMARY_COLUMNS = (
    Column("item", "项目", "text", 26),
    Column("count", "次数", "int", 8, total=False),
    Column("money", "慰问金（元）", "money", 14, total=False),
    Column("gift_value", "慰问品价值（元）", "money", 14, total=False),
)


# ---------------------------------------------------------------- periods


def _month_end(d: date) -> date:
    return date(d.year, d.month, calendar.monthrange(d.year, d.month)[1])


def period_label(start: date, end: date) -> str:
    """ "2026年" for a whole year, "2026年11月" for a whole month, else the two dates."""
    if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31) and start.year == end.year:
        return f"{start.year}年"
    if start.day == 1 and end == _month_end(start):
        return f"{start.year}年{start.month}月"
    if start.year == end.year:
        return f"{format_long_date(start)}至{end.month}月{end.day}日"
    return f"{format_long_date(start)}至{format_long_date(end)}"


def _union(db: Database) -> str:
    return settings.load(db).union_name


# ---------------------------------------------------------------- 五必访登记表


def register_report(db: Database, date_from: date, date_to: date, today: date | None = None) -> Report:
    """Every visit of the period, as visits.list_visits reads them."""
    rows = visits.list_visits(db, VisitFilter(date_from=date_from, date_to=date_to))
    return build_register_report(rows, date_from, date_to, _union(db), today)


def build_register_report(
    rows: Sequence[VisitRow], date_from: date, date_to: date, union: str, today: date | None = None
) -> Report:
    """Every visit of the period, done and planned, by date. The totals are the money
    actually given: a planned visit's intended amount is named in 备注, not summed."""
    data = [_register_row(i, v) for i, v in enumerate(rows, start=1)]
    done = sum(v.status == "done" for v in rows)
    return Report(
        f"{union}{period_label(date_from, date_to)}五必访登记表",
        REGISTER_COLUMNS,
        data,
        union_name=union,
        period=f"{format_long_date(date_from)}至{format_long_date(date_to)}",
        made_on=today or date.today(),
        signatures=("制表人", "审批人", "工会主席"),
        orientation="landscape",
        subtitle=f"共 {len(rows)} 条，其中已访 {done} 条",
        notes="金额单位：元。合计只含已访记录；待访记录的拟发金额写在备注中。"
        "慰问金、慰问品超出标准的，备注中写明超标准情况和理由。",
    )


def _register_row(number: int, v: VisitRow) -> tuple:
    done = v.status == "done"
    return (
        number,
        v.visit_date,
        v.member_name,
        v.group_name,
        v.type_name,
        v.reason,
        v.visitors,
        v.money_fen if done and v.money_fen else None,
        v.gift,
        v.gift_value_fen if done and v.gift_value_fen else None,
        v.approver,
        v.approval_no,
        STATUS_LABELS.get(v.status, v.status),
        register_remark(v),
    )


def register_remark(v: VisitRow) -> str:
    """备注: family visit, planned money, the standard's warning with its written reason, notes."""
    parts = []
    if v.for_family:
        parts.append("慰问家属")
    if v.status != "done" and v.money_fen:
        parts.append(f"拟发慰问金 {format_fen(v.money_fen)} 元")
    if v.status != "done" and v.gift_value_fen:
        parts.append(f"拟送慰问品价值 {format_fen(v.gift_value_fen)} 元")
    if v.warnings:
        parts.append(f"超标准：{v.warnings}；理由：{v.warning_reason or '（未填写）'}")
    if v.notes:
        parts.append(v.notes)
    return "\n".join(parts)


# ---------------------------------------------------------------- 慰问金发放签收表


def receipts_report(db: Database, date_from: date, date_to: date, today: date | None = None) -> Report:
    """The done visits of the period, as visits.list_visits reads them."""
    rows = visits.list_visits(db, VisitFilter(date_from=date_from, date_to=date_to, status="done"))
    return build_receipts_report(rows, date_from, date_to, _union(db), today)


def build_receipts_report(
    rows: Sequence[VisitRow], date_from: date, date_to: date, union: str, today: date | None = None
) -> Report:
    """One row per done visit with money, and an empty, tall 领取人签字 cell to sign in."""
    rows = [v for v in rows if v.status == "done" and v.money_fen > 0]
    data = [
        (i, v.member_name, v.group_name, v.type_name, v.visit_date, v.money_fen, None, _receipt_remark(v))
        for i, v in enumerate(rows, start=1)
    ]
    total = sum(v.money_fen for v in rows)
    return Report(
        f"{union}{period_label(date_from, date_to)}慰问金发放签收表",
        RECEIPT_COLUMNS,
        data,
        union_name=union,
        period=f"{format_long_date(date_from)}至{format_long_date(date_to)}",
        made_on=today or date.today(),
        signatures=("经办人", "审批人", "工会主席"),
        orientation="portrait",
        row_height=SIGN_ROW_PT,
        subtitle=f"共 {len(rows)} 人次，慰问金合计 {format_fen(total)} 元",
        notes="金额单位：元。领取人本人签字；家属代领的，请代领人签字并在备注中注明与会员的关系。",
    )


def _receipt_remark(v: VisitRow) -> str:
    return "；".join(p for p in ("慰问家属" if v.for_family else "", v.notes) if p)


# ---------------------------------------------------------------- 年度五必访统计表


def summary_report(db: Database, year: int, today: date | None = None) -> Report:
    """The year's visits.yearly_summary, with every type and in the union's group order."""
    by_type, by_group = visits.yearly_summary(db, year)
    return build_summary_report(
        all_types(visits.list_types(db), by_type),
        group_order(groups.list_groups(db), by_group),
        year,
        _union(db),
        today,
    )


def build_summary_report(
    by_type: Sequence[SummaryRow], by_group: Sequence[SummaryRow], year: int, union: str, today: date | None = None
) -> Report:
    """Done visits of the year by type and by union group (rows in the order shown):
    count, money, gift value. Each section's heading row carries its totals (both
    sections add up to the same)."""
    today = today or date.today()
    data = _section("一、按走访类型", by_type) + _section("二、按工会小组", by_group)
    end = min(date(year, 12, 31), max(today, date(year, 1, 1)))
    charts = (
        _chart("bar", "各类型慰问金", [r for r in by_type if r.count]),
        _chart("pie", "各工会小组慰问金", [r for r in by_group if r.money_fen]),
    )
    return Report(
        f"{union}{year}年五必访统计表",
        SUMMARY_COLUMNS,
        data,
        union_name=union,
        period=f"{format_long_date(date(year, 1, 1))}至{format_long_date(end)}",
        made_on=today,
        totals={},
        signatures=("制表人", "工会主席"),
        orientation="portrait",
        charts=charts,
        notes="金额单位：元。只统计已访的记录（待访的不计）；工会小组按会员现在所在的小组统计。",
    )


def all_types(types: Sequence[TypeRow], rows: Sequence[SummaryRow]) -> list[SummaryRow]:
    """Every active type in the register's order, with zeros, so the table shows what
    was not needed too; a retired type appears only when it has visits."""
    found = {r.label: r for r in rows}
    out = [found.pop(t.name, SummaryRow(t.name, 0, 0, 0)) for t in types if t.active or t.name in found]
    return out + list(found.values())


def group_order(union_groups: Sequence[GroupRow], rows: Sequence[SummaryRow]) -> list[SummaryRow]:
    """The by-group rows in the union's group order, 未分组 last."""
    order = {g.name: i for i, g in enumerate(union_groups)}
    return sorted(rows, key=lambda r: (r.label == NO_GROUP, order.get(r.label, len(order)), r.label))


def _section(title: str, rows: Sequence[SummaryRow]) -> list[tuple]:
    head = (title, sum(r.count for r in rows), sum(r.money_fen for r in rows), sum(r.gift_value_fen for r in rows))
    return [head] + [(INDENT + r.label, r.count, r.money_fen, r.gift_value_fen) for r in rows]


def _chart(kind: str, title: str, rows: Sequence[SummaryRow]) -> Chart:
    if not rows:  # the chart draws "（无数据）" for all-zero values
        rows = [SummaryRow("—", 0, 0, 0)]
    return Chart(kind, title, [r.label for r in rows], [("慰问金", [to_decimal(r.money_fen) for r in rows])])
