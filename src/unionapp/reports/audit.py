"""审计日志 as a report: the entries a filter keeps, newest first, each with what it changed.

ID numbers and phones inside the before/after values are masked unless `full_id`
(the report's own masking only knows whole id/phone columns, so it is done here).
操作人 is the name the viewer shows (本机使用人, 未登记 for older entries); the computer
account appears, as a last column 电脑账户, only in that full export, as it appears only
in the viewer's details of an entry.
`audit_report(db, flt)` is what the viewer's 导出… and `unionapp export audit` write.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date

from unionapp.reports.model import Column, Report
from unionapp.services import Database, audit, settings
from unionapp.services.audit import AuditFilter, AuditRow

FILE_STEM = "审计日志"
MAX_CELL_CHARS = 30_000  # Excel refuses a cell over 32,767 characters
SIGNATURES = ("制表人", "工会主席")
MASK_NOTE = "身份证号、手机号已部分隐藏。"

COLUMNS = (
    Column("no", "序号", "int", 5),
    Column("date", "日期", "date", 10),
    Column("time", "时间", "text", 8, "center"),
    Column("operator", "操作人", "text", 8),
    Column("action", "操作", "text", 8, "center"),
    Column("entity", "对象", "text", 8),
    Column("summary", "摘要", "text", 30, wrap=True),
    Column("changes", "变更内容", "text", 36, wrap=True),
)
# Which computer an entry came from: like the viewer's details pane, only in the full export.
ACCOUNT_COLUMN = Column("os_user", "电脑账户", "text", 8)


def columns(full_id: bool) -> tuple[Column, ...]:
    return (*COLUMNS, ACCOUNT_COLUMN) if full_id else COLUMNS


def _changes_text(row: AuditRow, names: Mapping, full_id: bool) -> str:
    text = "\n".join(audit.describe_change(row, names, full=full_id))
    return text if len(text) <= MAX_CELL_CHARS else text[:MAX_CELL_CHARS] + "……（过长，已截断）"


def report_rows(rows: Sequence[AuditRow], names: Mapping, full_id: bool = False) -> list[tuple]:
    return [
        (
            i,
            r.at.date(),
            r.at.strftime("%H:%M:%S"),
            r.who,
            r.action_label,
            r.entity_label,
            r.summary,
            _changes_text(r, names, full_id),
            *((r.os_user,) if full_id else ()),
        )
        for i, r in enumerate(rows, start=1)
    ]


def build(
    rows: Sequence[AuditRow],
    flt: AuditFilter,
    union_name: str,
    names: Mapping,
    full_id: bool = False,
    today: date | None = None,
) -> Report:
    """The report of rows already read (the viewer reads them off the GUI thread)."""
    return Report(
        f"{union_name}{FILE_STEM}",
        columns(full_id),
        report_rows(rows, names, full_id),
        union_name=union_name,
        made_on=today or date.today(),
        subtitle=f"{flt.describe()}　共 {len(rows)} 条（最新的在前）",
        notes="" if full_id else MASK_NOTE,
        signatures=SIGNATURES,
        orientation="landscape",
        full_id=full_id,
        totals={},
    )


def audit_report(db: Database, flt: AuditFilter, full_id: bool = False, today: date | None = None) -> Report:
    """Every entry the filter keeps (no page limit)."""
    rows = audit.search_entries(db, replace(flt, limit=None, before_id=None)).rows
    return build(rows, flt, settings.load(db).union_name, audit.names_for(db), full_id, today)


# ---------------------------------------------------------------- the binder's summary

COUNT_COLUMNS = (
    Column("area", "模块", "text", 10),
    Column("action", "操作", "text", 8, "center"),
    Column("count", "条数", "int", 6),
)
REMOVED_ACTIONS = ("delete", "reverse")  # what an inspector asks about: records taken back


def summary_reports(
    rows: Sequence[AuditRow], counts: Mapping[tuple[str, str], int], period: str, union: str, today: date
) -> list[Report]:
    """修改日志摘要 for the binder: entries counted by area and action (`counts`, keyed
    (area, action) in Chinese), then every deletion and reversal, oldest first. Not every
    entry: those are in 审计日志."""
    counted = Report(
        f"{union}{period}修改日志统计",
        COUNT_COLUMNS,
        [(area, action, n) for (area, action), n in sorted(counts.items())],
        union_name=union,
        period=period,
        made_on=today,
        totals={"area": "合计", "count": sum(counts.values())},
        orientation="portrait",
    )
    removed = sorted((r for r in rows if r.action in REMOVED_ACTIONS), key=lambda r: (r.at, r.id))
    listed = Report(
        f"{union}{period}删除与冲销记录",
        tuple(c for c in COLUMNS if c.key != "changes"),
        [
            (i, r.at.date(), r.at.strftime("%H:%M:%S"), r.who, r.action_label, r.entity_label, r.summary)
            for i, r in enumerate(removed, start=1)
        ],
        union_name=union,
        period=period,
        made_on=today,
        subtitle=f"共 {len(removed)} 条",
        totals={},
        orientation="portrait",
        signatures=SIGNATURES,
    )
    return [counted, listed]
