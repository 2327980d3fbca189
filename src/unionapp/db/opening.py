"""Opening a database the way the app and the command line need it: an existing SQLite
file passes SQLite's quick check first; a file the user may not write, or one another
copy of the app is writing, opens read-only and the Database says why."""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
import time
from pathlib import Path

from sqlalchemy import event, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError

from unionapp.db import lock as writer_lock
from unionapp.db.engine import BUSY_TIMEOUT_MS, Database
from unionapp.db.errors import DatabaseOpenError, friendly_message
from unionapp.db.migrate import prepare_schema, schema_state
from unionapp.db.schema_check import refuse_unexpected_schema, stored_head
from unionapp.db.snapshots import BackupError
from unionapp.db.sqlite_uri import StrandedWalError, connect_for_reading, sqlite_uri
from unionapp.privacy import protect_database

log = logging.getLogger(__name__)

SQLITE_MAGIC = b"SQLite format 3\x00"
QUICK_CHECK_TIMEOUT_S = BUSY_TIMEOUT_MS / 1000  # waiting for another copy's write, as sessions do
# Why a database is read-only, kept on the Database as `read_only_reason`.
READ_ONLY_FILE = "file"  # the file (or its disc, USB stick, attributes) can't be written
READ_ONLY_IN_USE = "in_use"  # another copy of the app holds the writer lock
# The file could be written, but not its folder: SQLite can't create the -wal or journal
# it needs to write (a shared folder with read rights only, a locked-down school PC).
READ_ONLY_FOLDER = "folder"
READ_ONLY_LOCATIONS = (READ_ONLY_FILE, READ_ONLY_FOLDER)  # nothing may be created or changed there


class DamagedDatabaseError(DatabaseOpenError):
    """The SQLite file fails SQLite's quick check, or is not a database at all
    (`not_sqlite`: perhaps just the wrong file chosen). `path` lets the window offer the
    newest good backup in its place."""

    def __init__(self, message: str, path: Path, not_sqlite: bool = False):
        super().__init__(message)
        self.path = path
        self.not_sqlite = not_sqlite


def is_writable(path) -> bool:
    return os.access(path, os.W_OK)


def open_database(url: str, create: bool = True, read_only: bool = False, lock: bool = False) -> Database:
    """Open (and create or upgrade) the database at `url`. A SQLite file the user may
    not write is opened read-only; `read_only=True` asks for that (another copy is
    writing it). `lock=True` takes the one-writer lock of a writable SQLite file first
    and raises DatabaseLockedError when another copy holds it; the lock is kept on the
    Database as `writer_lock` and given up by close_database. Raises DatabaseOpenError
    with a Chinese message."""
    try:
        probe = Database(url)
    except (ArgumentError, NoSuchModuleError, ImportError) as exc:
        raise DatabaseOpenError(f"无法识别的数据库地址或缺少数据库驱动：{_shown(url)}（{exc}）") from exc
    path = probe.sqlite_path
    probe.dispose()
    reason = None
    if path is not None:
        protect_database(path)  # made 0644 by an earlier version, or copied in: ours alone now
        if not path.exists():
            if not create or read_only:
                raise DatabaseOpenError(f"找不到数据库文件：{path}")
            if not path.parent.exists():
                raise DatabaseOpenError(f"数据库所在的文件夹不存在：{path.parent}")
        if path.exists() and not is_writable(path):
            reason = READ_ONLY_FILE
        elif path.exists() and not is_writable(path.parent):
            reason = READ_ONLY_FOLDER
        elif read_only:
            reason = READ_ONLY_IN_USE
    held = _take_lock(path) if lock and path is not None and reason is None else None
    try:
        db = _open(url, path, reason, create)
    except BaseException:
        if held is not None:
            held.release()
        raise
    db.read_only_reason = reason
    db.writer_lock = held
    return db


def close_database(db: Database) -> None:
    """Close the engine and give up the writer lock, if this Database took one."""
    db.dispose()
    held = db.writer_lock
    if held is not None:
        held.release()
        db.writer_lock = None


def _take_lock(path: Path):
    try:
        return writer_lock.acquire(path)
    except writer_lock.DatabaseLockedError:
        raise
    except OSError as exc:  # e.g. a folder where nothing may be created: the file can't be written either
        log.warning("no writer lock for %s: %s", path, exc)
        return None


def _open(url: str, path: Path | None, reason: str | None, create: bool = True) -> Database:
    if path is not None and path.exists():
        check_sound(path, reason)
        # Planted triggers, views or altered tables: refused before any write or upgrade.
        refuse_unexpected_schema(path)
    db = Database(url, read_only=reason in READ_ONLY_LOCATIONS)
    if reason == READ_ONLY_IN_USE:
        _refuse_writes(db)
    try:
        if not create and path is None and schema_state(db.engine) == "empty":
            # A server database with no tables yet: reading it must not create them.
            raise DatabaseOpenError(
                "这个数据库还是空的（没有工会助手的数据表）。请先运行 unionapp init，或在窗口中连接它以建立数据表。"
            )
        if _at_stored_head(db):
            pass  # the usual case, told without loading Alembic
        elif reason is not None:
            _check_schema_without_writing(db, reason)
        else:
            prepare_schema(db.engine, path)
    except DatabaseOpenError:
        db.dispose()
        raise
    except BackupError as exc:  # the copy made before an upgrade could not be written
        db.dispose()
        raise DatabaseOpenError(f"升级数据库之前要先备份，但备份没有完成：{exc} 数据库没有改动。") from exc
    except DBAPIError as exc:
        db.dispose()
        raise DatabaseOpenError(friendly_message(exc) or f"无法打开数据库：{exc.orig}") from exc
    return db


def _at_stored_head(db: Database) -> bool:
    """The one version row is the head's, as the stored reference knows it: what
    schema_state calls "current" (anything else goes the long way, through Alembic)."""
    head = stored_head()
    if head is None or not inspect(db.engine).has_table("alembic_version"):
        return False
    with db.engine.connect() as conn:
        rows = conn.execute(text("SELECT version_num FROM alembic_version")).all()
    return [tuple(row) for row in rows] == [(head,)]


def _refuse_writes(db: Database) -> None:
    """Another copy writes this file: read it normally (its WAL too), but never write."""
    db.read_only = True

    def query_only(dbapi_conn, _record):
        dbapi_conn.execute("PRAGMA query_only=ON")

    event.listen(db.engine, "connect", query_only)


def _check_schema_without_writing(db: Database, reason: str) -> None:
    state = schema_state(db.engine)
    if state == "current":
        return
    if state == "newer":
        raise DatabaseOpenError("这个数据库是由更新版本的工会助手创建的，当前版本无法打开。请安装最新版本的工会助手。")
    if reason == READ_ONLY_IN_USE:
        raise DatabaseOpenError(
            "这个数据库需要先升级，但另一位用户正在使用它，现在不能升级。请等对方关闭工会助手后再打开。"
        )
    where = "所在的文件夹不能写入" if reason == READ_ONLY_FOLDER else "文件是只读的"
    raise DatabaseOpenError(f"数据库{where}，且需要升级或不是工会助手的数据库，无法打开。")


def check_sound(path: Path, reason: str | None = None) -> None:
    """Refuse a file that is not a SQLite database, or that SQLite's quick check finds
    damaged (b-tree pages, free lists, record formats; not index contents), with
    DamagedDatabaseError. A zero-byte file is an empty database, and sound."""
    try:
        with open(path, "rb") as file:
            header = file.read(len(SQLITE_MAGIC))
    except OSError as exc:
        raise DatabaseOpenError(f"无法读取数据库文件：{path}（{exc.strerror or exc}）") from exc
    if header and header != SQLITE_MAGIC:
        raise DamagedDatabaseError(
            f"这个文件不是工会助手的数据库（也不是任何数据库文件），或者已经严重损坏：{path}", path, not_sqlite=True
        )
    problems = quick_check(path, reason)
    if problems:
        raise DamagedDatabaseError(
            f"数据库文件已损坏（SQLite 检查发现：{problems[0]}）：{path}。为了不让损坏扩大，没有打开它。", path
        )


class _CheckAhead(threading.Thread):
    """A quick check started before it is needed (check_ahead)."""

    def __init__(self, path: Path):
        super().__init__(name="quick-check", daemon=True)
        self.path, self.started_at = path, time.monotonic()
        self.problems: list[str] = []
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            self.problems = _quick_check(self.path, None)
        except BaseException as exc:  # noqa: BLE001 - raised again where the check is taken
            self.error = exc


AHEAD_KEPT_S = 30  # an answer not taken by then is stale: the file is checked again
_ahead: dict[Path, _CheckAhead] = {}


def check_ahead(url: str) -> None:
    """Start SQLite's quick check of the file at `url` on a thread: it runs outside the GIL
    while the window's modules load (some 60 ms of a 20 MB file off the start). The
    opening that follows takes its answer when it opens the file read-write, that is when
    no other copy was writing it meanwhile; otherwise it checks again."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return
    path = Path(parsed.database)
    if path.is_file() and is_writable(path) and is_writable(path.parent):
        ahead = _ahead[path] = _CheckAhead(path)
        ahead.start()


def quick_check(path: Path, reason: str | None = None) -> list[str]:
    """SQLite's PRAGMA quick_check; [] when sound. Only damage counts as a problem: a busy
    or unreadable file raises DatabaseOpenError with its own message."""
    ahead = _ahead.pop(path, None)
    if ahead is not None and reason is None and time.monotonic() - ahead.started_at < AHEAD_KEPT_S:
        ahead.join()
        if ahead.error is not None:
            raise ahead.error
        return ahead.problems
    return _quick_check(path, reason)


def _quick_check(path: Path, reason: str | None) -> list[str]:
    try:
        if reason is None:  # read-write, so a WAL left by a crash is recovered as SQLite always does
            conn = sqlite3.connect(sqlite_uri(path, mode="rw"), uri=True, timeout=QUICK_CHECK_TIMEOUT_S)
        else:  # it sees what another copy committed to the WAL; where nothing may be created, the file alone
            conn = connect_for_reading(path, timeout=QUICK_CHECK_TIMEOUT_S)
        try:
            rows = conn.execute("PRAGMA quick_check").fetchall()
        finally:
            conn.close()
    except StrandedWalError as exc:
        raise DatabaseOpenError(str(exc)) from exc
    except sqlite3.DatabaseError as exc:
        if _is_damage(exc):
            return [str(exc)]
        message = friendly_message(DBAPIError(None, None, exc)) or f"无法打开数据库：{exc}"
        raise DatabaseOpenError(message) from exc
    return [row[0] for row in rows if row[0] != "ok"]


def _is_damage(exc: sqlite3.DatabaseError) -> bool:
    name = getattr(exc, "sqlite_errorname", "")
    text = str(exc).lower()
    return name in ("SQLITE_CORRUPT", "SQLITE_NOTADB") or "malformed" in text or "not a database" in text


def _shown(url: str) -> str:
    """The URL without its password, for messages."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url
