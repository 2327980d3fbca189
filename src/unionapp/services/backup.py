"""Backups of a SQLite database: consistent snapshots through SQLite's online backup API
(safe while the app runs in WAL mode), verified after writing, kept as 7 daily and 12
monthly copies; restore after a look at what a backup holds; the health check."""

from __future__ import annotations

import glob
import os
import re
import sqlite3
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sqlalchemy.engine import URL

from unionapp import config
from unionapp.db.engine import create_engine
from unionapp.db.snapshots import BackupError, connect_read_only, integrity_problems, write_snapshot

KEEP_DAILY = 7
KEEP_MONTHLY = 12
STAMP = "%Y%m%d-%H%M%S"
COUNTED_TABLES = {
    "members": "会员",
    "visits": "走访",
    "ledger_entries": "记账",
    "checkup_people": "体检",
    "handouts": "发放",
    "activities": "活动",
}
COUNT_UNITS = {"会员": "人", "走访": "次", "记账": "笔", "体检": "人次", "发放": "次", "活动": "项"}
# The reason in a backup's name, and what the user reads for it.
KINDS = {"auto": "自动", "manual": "手动", "before-upgrade": "升级前", "before-restore": "恢复前"}
OTHER_KIND = "其他"
_OUR_NAME = re.compile(
    r"^(?P<stem>.+)-(?P<reason>auto|manual|before-upgrade|before-restore)"
    r"-(?P<stamp>\d{8}-\d{6})(?:_\d+)?$"
)


def backup_folder() -> Path:
    """Where backups go (see config.backup_dir), created when missing. A folder the user
    chose is not re-created on a missing drive: a removed USB stick is said as such."""
    folder = config.backup_dir()
    user_chosen = not os.environ.get(config.BACKUP_DIR_ENV) and config.read_local_setting(config.BACKUP_DIR_KEY)
    try:
        folder.mkdir(parents=not user_chosen, exist_ok=True)
    except OSError as exc:
        raise BackupError(
            f"备份文件夹无法使用：{folder}（{exc.strerror or exc}）。如果它在U盘或移动硬盘上，请先插好；"
            "也可以在“文件 → 从备份恢复…”中更换备份文件夹。"
        ) from exc
    return folder


def set_backup_folder(folder: Path) -> Path:
    """Make `folder` this computer's backups folder, once a file could be written there.
    On failure the old setting stays and BackupError says why."""
    folder = Path(folder).expanduser().resolve()
    probe = folder / ".unionapp-write-test"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        probe.write_bytes(b"ok")
        probe.unlink()
    except OSError as exc:
        why = "没有写入权限" if isinstance(exc, PermissionError) else (exc.strerror or str(exc))
        raise BackupError(f"不能把备份放在 {folder}：{why}。备份文件夹没有改变，仍是 {config.backup_dir()}。") from exc
    chosen = None if folder == config.default_backup_dir().resolve() else str(folder)
    try:
        config.write_local_setting(config.BACKUP_DIR_KEY, chosen)
    except OSError as exc:
        raise BackupError(
            f"无法保存设置（{exc.strerror or exc}）：{config.local_settings_path()}。备份文件夹没有改变。"
        ) from exc
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
    """The time in one of our backup names; None for any other name."""
    match = _OUR_NAME.match(path.stem)
    try:
        return datetime.strptime(match["stamp"], STAMP) if match else None
    except ValueError:
        return None


def prune(folder: Path, stem: str, today: date | None = None) -> list[Path]:
    """Keep the newest automatic backup of each of the last 7 days and of the last 12
    months; delete the other automatic ones. Manual and pre-upgrade backups stay."""
    # Escaped: "a?b" or "工会[1]" as a pattern would take another database's backups.
    autos = sorted(
        (p for p in folder.glob(f"{glob.escape(stem)}-auto-*.db") if _stamp_of(p)), key=_stamp_of, reverse=True
    )
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

    def counts_text(self) -> str:
        """ "会员 312 人，走访 40 次，记账 95 笔，体检 280 人次" for the user."""
        return "，".join(f"{label} {n} {COUNT_UNITS.get(label, '条')}" for label, n in self.counts.items())


def inspect_backup(path: Path, quick: bool = False) -> BackupInfo:
    """What a backup holds, for the user to see before restoring it. `quick` checks the
    file with SQLite's quick check (a list of many backups); restoring uses the full one."""
    if not path.is_file():
        raise BackupError(f"找不到备份文件：{path}")
    problems = integrity_problems(path, quick=quick)
    if problems:
        raise BackupError(f"这个备份文件已损坏（{problems[0]}），不能用来恢复。请选择另一个备份。")
    try:
        with connect_read_only(path) as conn:
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            if not {"alembic_version", "members"} <= tables:
                raise BackupError("这个文件不是工会助手的备份。")
            _refuse_unexpected_schema(conn)
            schema = conn.execute("SELECT version_num FROM alembic_version").fetchone()[0]
            counts = {
                label: conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # noqa: S608 - fixed names
                for table, label in COUNTED_TABLES.items()
                if table in tables
            }
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"无法读取备份文件：{exc}") from exc
    made = _stamp_of(path) or datetime.fromtimestamp(path.stat().st_mtime)
    return BackupInfo(path, made, schema, counts)


def _refuse_unexpected_schema(conn: sqlite3.Connection) -> None:
    """A backup whose tables, triggers or views differ from what this version builds at
    its revision (a trigger planted to copy ID numbers out, say) is never restored."""
    from unionapp.db.schema_check import describe_differences, schema_differences

    differences = schema_differences(conn)
    if differences:
        raise BackupError(
            f"这个备份文件的结构与工会助手应有的结构不同（可能被其他程序改动过，或被放进了会在保存时自动运行的内容），"
            f"不能用来恢复：{describe_differences(differences)}。请选择另一个备份。"
        )


@dataclass(frozen=True)
class BackupFile:
    """A file in the backups folder, known from its name and size alone (cheap to list)."""

    path: Path
    made_at: datetime
    kind: str  # 自动 / 手动 / 升级前 / 恢复前 / 其他
    size: int


def list_backups(stem: str, folder: Path | None = None) -> list[BackupFile]:
    """The backups of the database named `stem` in the folder, newest first, plus any
    other .db file there that is not named as another database's backup."""
    folder = folder or backup_folder()
    found = []
    for path in folder.glob("*.db"):
        match = _OUR_NAME.match(path.stem)
        if match and match["stem"] != stem:
            continue
        try:
            stat = path.stat()
        except OSError:  # removed meanwhile
            continue
        made = _stamp_of(path) or datetime.fromtimestamp(stat.st_mtime)
        found.append(BackupFile(path, made, KINDS[match["reason"]] if match else OTHER_KIND, stat.st_size))
    return sorted(found, key=lambda b: (b.made_at, b.path.name), reverse=True)


def latest_good_backup(stem: str, folder: Path | None = None) -> BackupInfo | None:
    """The newest of our backups of `stem` that passes SQLite's integrity check."""
    for entry in list_backups(stem, folder):
        if entry.kind == OTHER_KIND:
            continue
        try:
            return check_restorable(entry.path)
        except BackupError:
            continue  # damaged or from a newer version: try the one before
    return None


def check_restorable(backup: Path, quick: bool = False) -> BackupInfo:
    """The backup's contents, once it is sound, ours and not from a newer version."""
    from unionapp.db.migrate import schema_state

    info = inspect_backup(backup, quick)
    engine = create_engine(URL.create("sqlite", database=str(backup)), creator=lambda: connect_read_only(backup))
    try:
        state = schema_state(engine)
    finally:
        engine.dispose()
    if state == "newer":
        raise BackupError("这个备份是由更新版本的工会助手创建的，当前版本无法使用。请安装最新版本的工会助手后再恢复。")
    return info


def restore(database: Path, backup: Path) -> Path | None:
    """Replace the database's contents with the backup's. The current file is backed up
    first; returns that safety copy (None when there was no file). A damaged current file
    can't be backed up: it is kept aside instead (see replace_damaged), and that path
    returned. The caller must have closed its own connections."""
    check_restorable(backup)
    if not database.exists():
        return _copy_into_place(backup, database, None)
    if integrity_problems(database, quick=True):
        return replace_damaged(database, backup)
    safety = backup_now(database, "before-restore")
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


def damaged_name(database: Path, when: datetime | None = None) -> Path:
    return database.with_name(f"{database.stem}-damaged-{(when or datetime.now()).strftime(STAMP)}.db")


def is_damaged_copy(path: Path) -> bool:
    """Whether `path` is a damaged database kept aside by replace_damaged."""
    return re.search(r"-damaged-\d{8}-\d{6}$", path.stem) is not None


def human_size(size: int) -> str:
    if size < 1024:
        return f"{size} 字节"
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size / 1024 / 1024:.1f} MB"


def replace_damaged(database: Path, backup: Path) -> Path:
    """Put a good backup where a damaged database was. The damaged file (with its WAL,
    which must not be replayed onto the backup) is renamed `…-damaged-<time>.db` beside
    it, never deleted; returns that path."""
    check_restorable(backup)
    aside = damaged_name(database)
    moved = []
    try:
        for suffix in ("", "-wal", "-shm"):
            part = Path(f"{database}{suffix}")
            if part.exists():
                os.replace(part, f"{aside}{suffix}")
                moved.append(suffix)
    except OSError as exc:
        for suffix in moved:  # put back what was moved: the file stays as the user had it
            os.replace(f"{aside}{suffix}", f"{database}{suffix}")
        raise BackupError(
            f"无法把损坏的数据库文件移到一边（{exc.strerror or exc}）：{database}。"
            "请关闭正在使用它的程序后再试，什么都没有改动。"
        ) from exc
    return _copy_into_place(backup, database, aside)


def _copy_into_place(backup: Path, database: Path, aside: Path | None) -> Path | None:
    try:
        write_snapshot(backup, database)
    except BackupError as exc:
        kept = f"损坏的数据库文件保留为 {aside}，" if aside else ""
        raise BackupError(f"恢复没有完成：{exc} {kept}备份文件没有改动。") from exc
    return aside
