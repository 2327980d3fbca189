"""Moving a whole database between engines: a school's SQLite file into an empty shared
PostgreSQL database, and back. Row for row with the ids kept, in one transaction on the
target, checked by counts and money totals before it commits."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Connection, Table, func, select
from sqlalchemy.exc import DBAPIError

from unionapp.db.engine import Database
from unionapp.db.models import ActivityPrize, Base, DuesItem, HandoutRecipient, LedgerEntry, Visit
from unionapp.db.postgres import reset_sequences
from unionapp.domain.errors import DomainError
from unionapp.domain.money import format_fen

CHUNK_ROWS = 2000
# Rows every new database starts with; a target holding only these counts as empty.
SEEDED_TABLES = {
    "fund_categories",
    "visit_types",
    "visit_standards",
    "spending_rules",
    "congress_rules",
    "year_plan_template",
}
LABELS = {
    "members": "会员",
    "union_groups": "工会小组",
    "visits": "走访",
    "checkup_campaigns": "体检批次",
    "checkup_people": "体检名单",
    "spending_rules": "开支标准",
    "handouts": "发放",
    "handout_recipients": "发放名单",
    "activities": "活动",
    "activity_groups": "活动参加小组",
    "activity_entries": "活动报名",
    "activity_prizes": "活动奖品",
    "activity_costs": "活动费用",
    "congress_rules": "教代会规则",
    "congress_terms": "教代会届次",
    "congress_constituencies": "教代会选区",
    "congress_delegates": "教代会代表",
    "congress_sessions": "教代会会议",
    "congress_attendance": "教代会签到",
    "congress_resolutions": "教代会决议",
    "proposals": "提案",
    "proposal_cosigners": "提案附议人",
    "proposal_replies": "提案答复",
    "hardship_files": "困难职工档案",
    "hardship_household": "困难职工家庭成员",
    "hardship_reviews": "困难职工复核",
    "year_plan_template": "年度计划模板",
    "year_plan_items": "年度工作计划",
    "ledger_entries": "记账",
    "dues_items": "会费明细",
    "fund_disclosures": "经费公开记录",
    "import_mappings": "导入对应关系",
    "audit_log": "审计日志",
}
# Money that must arrive to the fen: label -> (column summed, …)
TOTALS = {
    "记账金额": LedgerEntry.amount_fen,
    "走访慰问金": Visit.money_fen,
    "会费明细": DuesItem.amount_fen,
    "发放金额": HandoutRecipient.value_fen,
    "活动奖品": ActivityPrize.value_fen,
}


class CopyError(DomainError):
    pass


@dataclass(frozen=True)
class CopyResult:
    counts: dict[str, int]  # table name -> rows copied
    totals: dict[str, int]  # label -> fen, equal on both sides

    def describe(self) -> str:
        counts = "，".join(f"{label} {self.counts.get(table, 0)} 条" for table, label in LABELS.items())
        totals = "，".join(f"{label}合计 {format_fen(fen)} 元" for label, fen in self.totals.items())
        return f"{counts}；核对一致：{totals}。"


def copy_database(source: Database, target: Database, progress: Callable[[str], None] | None = None) -> CopyResult:
    """Copy every row of `source` into `target` (at the same schema, holding no records of
    its own). All or nothing: a failure leaves the target as it was."""
    if source.url == target.url:
        raise CopyError("源数据库和目标数据库是同一个，无法复制。")
    tables = [t for t in Base.metadata.sorted_tables]
    try:
        with source.engine.connect() as src, target.engine.begin() as dst:
            _refuse_unless_empty(dst, tables)
            for table in reversed(tables):  # the seeded charts are replaced by the source's own
                dst.execute(table.delete())
            counts = {}
            for table in tables:
                if progress:
                    progress(f"正在复制 {LABELS.get(table.name, table.name)}…")
                counts[table.name] = _copy_table(src, dst, table)
            reset_sequences(dst)
            return CopyResult(counts, _verified_totals(src, dst, tables))
    except DBAPIError as exc:
        raise CopyError(f"复制没有完成，目标数据库没有任何改动：{exc.orig}") from exc


def _refuse_unless_empty(dst: Connection, tables: list[Table]) -> None:
    for table in sorted(tables, key=lambda t: list(LABELS).index(t.name) if t.name in LABELS else len(LABELS)):
        if table.name in SEEDED_TABLES:
            continue
        rows = dst.scalar(select(func.count()).select_from(table))
        if rows:
            label = LABELS.get(table.name, table.name)
            raise CopyError(
                f"目标数据库不是空的（已有{label} {rows} 条），为避免覆盖别人的数据，没有复制。"
                "请使用一个新建的空数据库。"
            )


def _copy_table(src: Connection, dst: Connection, table: Table) -> int:
    """In id order, so rows pointing at earlier rows of the same table (a subcategory, a
    reversal) find them already there."""
    copied = 0
    result = src.execute(select(table).order_by(*table.primary_key.columns)).mappings()
    for chunk in result.partitions(CHUNK_ROWS):
        dst.execute(table.insert(), [dict(row) for row in chunk])
        copied += len(chunk)
    return copied


def _verified_totals(src: Connection, dst: Connection, tables: list[Table]) -> dict[str, int]:
    """Counts of every table and the money totals, read back from the target in the same
    transaction; any difference and nothing is committed."""
    for table in tables:
        expected, found = (c.scalar(select(func.count()).select_from(table)) for c in (src, dst))
        if expected != found:
            raise CopyError(
                f"复制后核对不符：{LABELS.get(table.name, table.name)} 应有 {expected} 条，实际 {found} 条。"
                "目标数据库没有任何改动。"
            )
    totals = {}
    for label, column in TOTALS.items():
        expected, found = (c.scalar(select(func.coalesce(func.sum(column), 0))) for c in (src, dst))
        if expected != found:
            raise CopyError(
                f"复制后核对不符：{label}合计应为 {format_fen(expected)} 元，实际 {format_fen(found)} 元。"
                "目标数据库没有任何改动。"
            )
        totals[label] = expected
    return totals


def copy_to_file(source: Database, target: Path) -> CopyResult:
    """A shared database's backup: a new SQLite file any PC can open, checked as `copy`
    checks, written beside `target` and renamed only when sound."""
    from unionapp.config import sqlite_url
    from unionapp.db.opening import open_database
    from unionapp.db.snapshots import BackupError, discard_with_journals, integrity_problems

    if target.exists():
        raise CopyError(f"文件已经存在：{target}。请换一个文件名，以免覆盖。")
    partial = target.with_name(target.name + ".partial")
    discard_with_journals(partial)
    try:
        copy = open_database(sqlite_url(partial.resolve()))
        try:
            result = copy_database(source, copy)
        finally:
            copy.dispose()
        _single_file(partial)
        problems = integrity_problems(partial)
        if problems:
            raise BackupError(f"备份文件校验没有通过（{problems[0]}），请换一个位置再试。")
        os.replace(partial, target)
    except BaseException:
        discard_with_journals(partial)
        raise
    return result


def _single_file(path: Path) -> None:
    """Fold the WAL into the file itself, so the backup is one self-contained file."""
    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA journal_mode=DELETE")
    finally:
        conn.close()
