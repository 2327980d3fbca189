"""Backups of a SQLite database: consistent snapshots through SQLite's online backup API
(safe while the app runs in WAL mode), verified after writing, kept as 7 daily and 12
monthly copies; restore after a look at what a backup holds; the health check."""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from unionapp import config
from unionapp.db.snapshots import BackupError, connect_read_only, integrity_problems, write_snapshot

KEEP_DAILY = 7
KEEP_MONTHLY = 12
STAMP = "%Y%m%d-%H%M%S"
COUNTED_TABLES = {"members": "会员", "ledger_entries": "记账", "visits": "走访", "checkup_people": "体检"}


def backup_folder() -> Path:
    """Where automatic backups go: the data folder's 备份 unless the user chose another."""
    chosen = os.environ.get("UNIONAPP_BACKUP_DIR")
    folder = Path(chosen) if chosen else config.data_dir() / "backups"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def snapshot_name(source: Path, reason: str, when: datetime | None = None) -> str:
    return f"{source.stem}-{reason}-{(when or datetime.now()).strftime(STAMP)}.db"


def backup_now(source: Path, reason: str = "manual", folder: Path | None = None) -> Path:
    """A verified snapshot in the backups folder (or `folder`), named with the reason and time."""
    folder = folder or backup_folder()
    target = folder / snapshot_name(source, reason)
    copies = 1
    while target.exists():  # two backups in one second must not overwrite each other
        copies += 1
        target = target.with_name(f"{target.stem}_{copies}.db")
    return write_snapshot(source, target)


def _change_marker(path: Path) -> str:
    """Every change writes an audit entry, so the newest audit id tells whether data changed."""
    with connect_read_only(path) as conn:
        row = conn.execute("SELECT max(id) FROM audit_log").fetchone()
    return str(row[0] or 0)


def auto_backup(source: Path) -> Path | None:
    """At start: a snapshot when the data changed since the last automatic one, then prune."""
    folder = backup_folder()
    marker_file = folder / f".{source.stem}.last"
    try:
        marker = _change_marker(source)
    except sqlite3.DatabaseError:
        return None  # a fresh or foreign file: nothing worth keeping yet
    if marker_file.exists() and marker_file.read_text(encoding="utf-8") == marker:
        return None
    made = backup_now(source, "auto", folder)
    marker_file.write_text(marker, encoding="utf-8")
    prune(folder, source.stem)
    return made


def _stamp_of(path: Path) -> datetime | None:
    try:
        return datetime.strptime(path.stem.rsplit("-", 2)[-2] + "-" + path.stem.rsplit("-", 1)[-1], STAMP)
    except (ValueError, IndexError):  # not one of our names: use the file's time
        return None


def prune(folder: Path, stem: str, today: date | None = None) -> list[Path]:
    """Keep the newest automatic backup of each of the last 7 days and of the last 12
    months; delete the other automatic ones. Manual and pre-upgrade backups stay."""
    autos = sorted((p for p in folder.glob(f"{stem}-auto-*.db") if _stamp_of(p)), key=_stamp_of, reverse=True)
    keep: set[Path] = set()
    days: set[date] = set()
    months: set[tuple[int, int]] = set()
    for path in autos:
        stamp = _stamp_of(path)
        if stamp.date() not in days and len(days) < KEEP_DAILY:
            days.add(stamp.date())
            keep.add(path)
        if (stamp.year, stamp.month) not in months and len(months) < KEEP_MONTHLY:
            months.add((stamp.year, stamp.month))
            keep.add(path)
    removed = [p for p in autos if p not in keep]
    for path in removed:
        path.unlink(missing_ok=True)
    return removed


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    made_at: datetime
    schema: str
    counts: dict[str, int]  # Chinese label → rows

    def describe(self) -> str:
        counts = "，".join(f"{label} {n} 条" for label, n in self.counts.items())
        return f"{self.made_at:%Y-%m-%d %H:%M}，{counts}"


def inspect_backup(path: Path) -> BackupInfo:
    """What a backup holds, for the user to see before restoring it."""
    if not path.is_file():
        raise BackupError(f"找不到备份文件：{path}")
    problems = integrity_problems(path)
    if problems:
        raise BackupError(f"这个备份文件已损坏（{problems[0]}），不能用来恢复。请选择另一个备份。")
    try:
        with connect_read_only(path) as conn:
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            if not {"alembic_version", "members"} <= tables:
                raise BackupError("这个文件不是工会助手的备份。")
            schema = conn.execute("SELECT version_num FROM alembic_version").fetchone()[0]
            counts = {label: conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # noqa: S608 - fixed names
                      for table, label in COUNTED_TABLES.items() if table in tables}
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"无法读取备份文件：{exc}") from exc
    made = _stamp_of(path) or datetime.fromtimestamp(path.stat().st_mtime)
    return BackupInfo(path, made, schema, counts)


def restore(database: Path, backup: Path) -> Path:
    """Replace the database's contents with the backup's. The current file is backed up
    first; returns that safety copy. The caller must have closed its own connections."""
    inspect_backup(backup)
    safety = backup_now(database, "before-restore") if database.exists() else None
    try:
        src = connect_read_only(backup)
        dst = sqlite3.connect(database)
        try:
            src.backup(dst)  # page by page into the live file, in one transaction
        finally:
            dst.close()
            src.close()
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"恢复没有完成：{exc}。原来的数据已先备份到 {safety}。") from exc
    return safety
