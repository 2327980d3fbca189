"""Engine and session factory. SQLite gets foreign keys, WAL and a busy timeout;
any other SQLAlchemy URL (e.g. PostgreSQL) is used as given."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import sqlalchemy
from sqlalchemy import Engine, Row, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.orm import Session, sessionmaker

from unionapp.db.sqlite_uri import connect_for_reading

if TYPE_CHECKING:
    from unionapp.db.lock import LockHolder, WriterLock

# How long a writer waits for another copy's transaction before giving up (ms).
BUSY_TIMEOUT_MS = int(os.environ.get("UNIONAPP_BUSY_TIMEOUT_MS", "5000"))
CONNECT_TIMEOUT_S = 5


def create_engine(url, **options) -> Engine:
    """Every engine of the app: an error's text never carries the SQL parameters (full
    ID numbers and phones would reach the log and the screen)."""
    return sqlalchemy.create_engine(url, hide_parameters=True, **options)


def column_rows(session: Session, query) -> list[Row]:
    """The rows of a select of plain columns (no mapped classes), read on the session's
    connection: the ORM's per-row loading, which such a select does not need, is skipped
    (10,000 members: 72 ms instead of 115 ms). No autoflush either: for reads only."""
    return list(session.connection().execute(query))


def _sqlite_pragmas(read_only: bool):
    def on_connect(dbapi_conn, _record):
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        if not read_only:
            cur.execute("PRAGMA journal_mode=WAL")
            # FULL: a commit is on disk before the app says "saved", even if the power goes next.
            cur.execute("PRAGMA synchronous=FULL")
        cur.close()

    return on_connect


class Database:
    """One database: an engine plus a session factory. One short session per user action.

    `db.opening.open_database` fills in how the file was opened:
    - `read_only_reason`: why a read-only database is read-only (`READ_ONLY_FILE`,
      `READ_ONLY_FOLDER` or `READ_ONLY_IN_USE` in db/opening.py), None when writable;
    - `writer_lock`: the one-writer lock this Database holds on its file, given up by
      `close_database`; None when it took none (read-only, a server, no lock asked for);
    - `lock_holder`: who holds the lock when this copy opened read-only because another
      copy is writing (set by the window, for its banner); None otherwise."""

    def __init__(self, url: str, read_only: bool = False):
        self.url = make_url(url)
        self.read_only = read_only
        self.read_only_reason: str | None = None
        self.writer_lock: WriterLock | None = None
        self.lock_holder: LockHolder | None = None
        self.engine: Engine = self._create_engine()
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    @property
    def is_sqlite(self) -> bool:
        return self.url.get_backend_name() == "sqlite"

    @property
    def sqlite_path(self) -> Path | None:
        if self.is_sqlite and self.url.database and self.url.database != ":memory:":
            return Path(self.url.database)
        return None

    def _create_engine(self) -> Engine:
        if self.url.get_backend_name() == "postgresql":
            # An unreachable server must fail in seconds, not hang the window for minutes.
            return create_engine(self.url, pool_pre_ping=True, connect_args={"connect_timeout": CONNECT_TIMEOUT_S})
        if not self.is_sqlite:
            return create_engine(self.url, pool_pre_ping=True)
        path = self.url.database
        if self.read_only and path:
            # A read-only file or folder may not take WAL's -shm: connect_for_reading copes.
            engine = create_engine(
                URL.create("sqlite", database=path), creator=lambda: connect_for_reading(path, check_same_thread=False)
            )
        else:
            engine = create_engine(self.url)
        event.listen(engine, "connect", _sqlite_pragmas(self.read_only))
        return engine

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session whose work commits when the block ends, or rolls back on error."""
        with self._sessions() as session:
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise

    def dispose(self) -> None:
        self.engine.dispose()
