"""SQLite files at the lowest level: integrity checks and verified snapshots through the
online backup API (safe while another connection writes in WAL mode). Used by schema
upgrades and by the backup service."""

from __future__ import annotations

import errno
import os
import sqlite3
import time
from pathlib import Path

from unionapp.db.sqlite_uri import StrandedWalError, connect_for_reading
from unionapp.domain.errors import DomainError


class BackupError(DomainError):
    pass


PARTIAL = ".partial"  # a snapshot being written is named "<target>.partial" until verified
SIDECARS = ("-journal", "-wal", "-shm")  # SQLite's own files beside a database file
STALE_PARTIAL_SECONDS = 3600  # a partial untouched this long was left by a killed backup


def connect_read_only(path: Path) -> sqlite3.Connection:
    """Reading a file wherever it is: a `#` in its name, a read-only folder (see connect_for_reading)."""
    return connect_for_reading(path)


def row_counts(conn: sqlite3.Connection) -> dict[str, int]:
    """Rows of every table, by name."""
    names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
    return {
        name: conn.execute(f'SELECT count(*) FROM "{name.replace(chr(34), chr(34) * 2)}"').fetchone()[0]  # noqa: S608
        for name in names
    }


def integrity_problems(path: Path, quick: bool = False) -> list[str]:
    """SQLite's own check of a database file; [] when it is sound."""
    try:
        with connect_read_only(path) as conn:
            rows = conn.execute("PRAGMA quick_check" if quick else "PRAGMA integrity_check").fetchall()
    except sqlite3.DatabaseError as exc:
        return [str(exc)]
    problems = [r[0] for r in rows if r[0] != "ok"]
    return problems


def write_snapshot(source: Path, target: Path) -> Path:
    """Copy `source` to `target` consistently and verify the copy; nothing half-written
    is left at `target` (the copy is made beside it and renamed when sound). A backup
    killed midway (power cut, task manager) leaves only "<target>.partial" and SQLite's
    journal beside it: the next backup to the same file removes them, any backup into
    that folder does once they are an hour old."""
    partial = target.with_name(target.name + PARTIAL)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        _discard_leftovers(target.parent, partial)
        expected = _copy(source, partial)
        problems = integrity_problems(partial)
        if problems:
            raise BackupError(f"备份文件校验没有通过（{problems[0]}），请换一个位置再试。")
        _compare_counts(expected, partial)
        os.replace(partial, target)
    except OSError as exc:
        discard_with_journals(partial)
        raise BackupError(_os_message(exc, target)) from exc
    except sqlite3.DatabaseError as exc:
        discard_with_journals(partial)
        raise BackupError(_sqlite_message(exc, target)) from exc
    except BaseException:
        discard_with_journals(partial)
        raise
    return target


def _copy(source: Path, partial: Path) -> dict[str, int]:
    """Copy through the backup API; returns the source's row counts, read in the same read
    transaction as the copy (a writer in another process may commit meanwhile)."""
    src = connect_read_only(source)
    dst = sqlite3.connect(partial)
    try:
        src.execute("BEGIN")  # one snapshot of the source for both the counts and the copy
        expected = row_counts(src)
        src.backup(dst)
        src.rollback()
        # One self-contained file: opening it read-only later creates no -wal/-shm.
        dst.execute("PRAGMA journal_mode=DELETE")
    finally:
        dst.close()
        src.close()
    return expected


def _compare_counts(expected: dict[str, int], copy: Path) -> None:
    """A copy that is sound but holds other rows (an empty file written for the wrong
    path, say) is no backup of this database."""
    conn = sqlite3.connect(copy)
    try:
        found = row_counts(conn)
    finally:
        conn.close()
    for table in sorted(set(expected) | set(found)):
        if expected.get(table) != found.get(table):
            raise BackupError(
                f"备份文件核对不符：数据表 {table} 在数据库中有 {expected.get(table, 0)} 行，"
                f"备份中有 {found.get(table, 0)} 行。备份没有完成，数据库本身没有受影响，请再试一次。"
            )


def _discard_leftovers(folder: Path, partial: Path) -> None:
    """Remove what killed backups left: this target's partial, and any other partial
    in the folder nobody has written to for an hour."""
    discard_with_journals(partial)
    now = time.time()
    for old in folder.glob(f"*.db{PARTIAL}"):
        try:
            stale = now - old.stat().st_mtime > STALE_PARTIAL_SECONDS
        except OSError:
            continue  # removed meanwhile
        if stale:
            discard_with_journals(old)


def discard_with_journals(path: Path) -> None:
    """Delete a partial snapshot and its SQLite sidecars; a stale journal left beside a
    new file of the same name would be rolled back into it."""
    for name in [path.name + suffix for suffix in SIDECARS] + [path.name]:
        try:
            path.with_name(name).unlink(missing_ok=True)
        except OSError:
            pass  # nothing was written there


def _sqlite_message(exc: sqlite3.DatabaseError, target: Path) -> str:
    if isinstance(exc, StrandedWalError):  # already says what to do, in Chinese
        return f"{exc} 备份没有完成。"
    text = str(exc).lower()
    if "full" in text:
        return f"磁盘已满，备份没有完成：{target.parent}。数据库本身没有受影响，请清理空间或换一个位置。"
    if "i/o" in text:
        return (
            f"写入备份时出错，备份没有完成：{target.parent}（U盘可能已拔出、已满或损坏）。"
            "数据库本身没有受影响，请换一个位置再试。"
        )
    return f"备份失败（{exc}），备份没有完成。数据库本身没有受影响，请换一个位置再试。"


def _os_message(exc: OSError, target: Path) -> str:
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return f"磁盘已满，备份没有完成：{target.parent}。数据库本身没有受影响，请清理空间或换一个位置。"
    if exc.errno == errno.EFBIG:
        return f"备份文件太大，这个位置放不下，备份没有完成：{target.parent}。数据库本身没有受影响，请换一个位置。"
    if isinstance(exc, PermissionError):
        return f"没有权限写入 {target.parent}，请换一个文件夹（如U盘或“文档”）。"
    # strerror is English on most systems: give the number for whoever helps the user.
    return f"无法写入备份（系统错误代码 {exc.errno}）：{target}。数据库本身没有受影响，请换一个位置再试。"
