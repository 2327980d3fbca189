"""Opening a database the way the app and the command line need it."""

from __future__ import annotations

import os

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError

from unionapp.db.engine import Database
from unionapp.db.errors import DatabaseOpenError, friendly_message
from unionapp.db.migrate import prepare_schema, schema_state


def is_writable(path) -> bool:
    return os.access(path, os.W_OK)


def open_database(url: str, create: bool = True) -> Database:
    """Open (and create or upgrade) the database at `url`. A SQLite file the user may
    not write is opened read-only. Raises DatabaseOpenError with a Chinese message."""
    try:
        probe = Database(url)
    except (ArgumentError, NoSuchModuleError, ImportError) as exc:
        raise DatabaseOpenError(f"无法识别的数据库地址或缺少数据库驱动：{_shown(url)}（{exc}）") from exc
    path = probe.sqlite_path
    probe.dispose()
    read_only = False
    if path is not None:
        if not path.exists():
            if not create:
                raise DatabaseOpenError(f"找不到数据库文件：{path}")
            if not path.parent.exists():
                raise DatabaseOpenError(f"数据库所在的文件夹不存在：{path.parent}")
        read_only = path.exists() and not is_writable(path)
    db = Database(url, read_only=read_only)
    try:
        if read_only:
            if schema_state(db.engine) != "current":
                raise DatabaseOpenError("数据库文件是只读的，且需要升级或不是工会助手的数据库，无法打开。")
        else:
            prepare_schema(db.engine, path)
    except DatabaseOpenError:
        db.dispose()
        raise
    except DBAPIError as exc:
        db.dispose()
        raise DatabaseOpenError(friendly_message(exc) or f"无法打开数据库：{exc.orig}") from exc
    return db


def _shown(url: str) -> str:
    """The URL without its password, for messages."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url
