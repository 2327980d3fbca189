"""Every way of naming a SQLite file, built from its path in one place.

SQLite reads `file:` URIs (needed for mode=ro and immutable=1), where `?` starts the
parameters, `#` ends the path and `%XX` is decoded; SQLAlchemy parses its own URLs the
same way (config.sqlite_url builds those). A path put into either as it is loses everything after a `#` or `?` (writing to
a different, empty file) or opens `pctA.db` for `pct%41.db`. So paths are always
percent-encoded here, and nowhere else builds such a string."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path, PureWindowsPath
from urllib.parse import quote

# Errors of a read-only connection that can't create or write the WAL index (-shm) or the
# -wal beside a database, e.g. on a read-only folder, disc or USB stick.
_NO_SIDECARS = ("SQLITE_READONLY", "SQLITE_CANTOPEN")


class StrandedWalError(sqlite3.OperationalError):
    """A -wal file holds changes that are not in the database file yet, and this location
    can't be written, so SQLite can't read them; reading the file alone would show old data."""


def sqlite_uri(path: str | os.PathLike, **params) -> str:
    """`file:` URI of `path` for sqlite3.connect(..., uri=True), parameters appended in
    order: sqlite_uri(p, mode="ro", immutable=1) → "file:///…?mode=ro&immutable=1"."""
    return file_uri(_absolute(path).as_posix(), **params)


def file_uri(posix_path: str, **params) -> str:
    """sqlite_uri of an absolute path already in "/" form ("/home/…", "C:/…", "//server/share/…")."""
    drive, text = "", posix_path
    if PureWindowsPath(text).drive[1:2] == ":":  # "C:/…": SQLite wants file:///C:/…, the colon as it is
        drive, text = "/" + text[:2], text[2:]
    uri = "file://" + drive + quote(text, safe="/")
    if params:
        uri += "?" + "&".join(f"{quote(str(k), safe='')}={quote(str(v), safe='')}" for k, v in params.items())
    return uri


def connect_for_reading(
    path: str | os.PathLike, timeout: float = 5.0, check_same_thread: bool = True
) -> sqlite3.Connection:
    """A read-only connection to `path` that sees the latest committed data, also where
    nothing may be written (read-only folder, disc): SQLite reads a WAL-mode file
    read-only only when it can create or open its -shm. Where it can't and no -wal holds
    changes, the file alone is the whole database: open it immutable. Raises
    StrandedWalError when changes sit in a -wal that can't be read."""
    conn = sqlite3.connect(sqlite_uri(path, mode="ro"), uri=True, timeout=timeout, check_same_thread=check_same_thread)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()  # the first read opens -wal/-shm
        return conn
    except sqlite3.OperationalError as exc:
        conn.close()
        if not _no_sidecars(exc):
            raise
        if _has_pending_wal(Path(path)):
            raise StrandedWalError(
                "数据库文件旁边的 -wal 文件里还有没合并进数据库的修改，但这个位置是只读的，无法读取它们。"
                f"请把数据库文件和同名的 -wal、-shm 文件一起复制到可以写入的文件夹，再打开复制的文件：{path}"
            ) from exc
    return sqlite3.connect(
        sqlite_uri(path, mode="ro", immutable=1), uri=True, timeout=timeout, check_same_thread=check_same_thread
    )


def _no_sidecars(exc: sqlite3.Error) -> bool:
    return getattr(exc, "sqlite_errorname", "").startswith(_NO_SIDECARS)


def _has_pending_wal(path: Path) -> bool:
    try:
        return os.path.getsize(f"{path}-wal") > 0
    except OSError:
        return False


def _absolute(path: str | os.PathLike) -> Path:
    return Path(os.path.abspath(os.fspath(path)))
