"""SQLite files at the lowest level: integrity checks and verified snapshots through the
online backup API (safe while another connection writes in WAL mode). Used by schema
upgrades and by the backup service."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from unionapp.domain.errors import DomainError


class BackupError(DomainError):
    pass


def connect_read_only(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{path.as_posix()}?mode=ro", uri=True)


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
    is left at `target` (the copy is made beside it and renamed when sound)."""
    partial = target.with_name(target.name + ".partial")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        src = sqlite3.connect(f"file:{source.as_posix()}?mode=ro", uri=True)
        dst = sqlite3.connect(partial)
        try:
            src.backup(dst)
        finally:
            dst.close()
            src.close()
        problems = integrity_problems(partial)
        if problems:
            raise BackupError(f"备份文件校验没有通过（{problems[0]}），请换一个位置再试。")
        os.replace(partial, target)
    except OSError as exc:
        _discard(partial)
        raise BackupError(_os_message(exc, target)) from exc
    except sqlite3.DatabaseError as exc:
        _discard(partial)
        text = str(exc).lower()
        if "full" in text:
            raise BackupError(f"磁盘已满，备份没有完成：{target.parent}。数据库本身没有受影响。") from exc
        raise BackupError(f"备份失败：{exc}。数据库本身没有受影响。") from exc
    return target


def _discard(path: Path) -> None:
    try:
        path.unlink(missing_ok=True)
    except OSError:
        pass  # nothing was written there


def _os_message(exc: OSError, target: Path) -> str:
    if exc.errno == 28:
        return f"磁盘已满，备份没有完成：{target.parent}。数据库本身没有受影响，请清理空间或换一个位置。"
    if isinstance(exc, PermissionError):
        return f"没有权限写入 {target.parent}，请换一个文件夹（如U盘或“文档”）。"
    return f"无法写入备份：{exc.strerror or exc}（{target}）。数据库本身没有受影响。"
