"""One writer per database file. A lock file beside the database (`union.db.lock`) says
who has it open; an OS lock on that file, held for the life of the process, says whether
they still do. The OS drops the lock when a process ends however it ends, so a crashed
copy leaves only a stale lock file, which the next copy simply takes over."""

from __future__ import annotations

import getpass
import json
import os
import platform
import threading
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from unionapp.db.errors import DatabaseOpenError

LOCK_SUFFIX = ".lock"
# Windows locks are mandatory: the locked byte lies past the JSON so others can still read it.
_WINDOWS_LOCK_OFFSET = 1 << 20

if os.name == "nt":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _try_os_lock(fd: int) -> bool:
        os.lseek(fd, _WINDOWS_LOCK_OFFSET, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
            return True
        except OSError:
            return False
        finally:
            os.lseek(fd, 0, os.SEEK_SET)

    def _os_unlock(fd: int) -> None:
        os.lseek(fd, _WINDOWS_LOCK_OFFSET, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_os_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            return False

    def _os_unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)


@dataclass(frozen=True)
class LockHolder:
    """Who has a database open for writing, as their lock file says."""

    computer: str = ""
    user: str = ""
    operator: str = ""
    pid: int = 0
    since: datetime | None = None

    def who(self) -> str:
        if self.operator and self.user and self.operator != self.user:
            return f"{self.operator}（系统用户 {self.user}）"
        return self.operator or self.user or "另一位用户"

    def message(self) -> str:
        where = f" {self.computer} 上的" if self.computer else "另一台电脑或另一个窗口中的"
        when = f"于 {self.since:%Y-%m-%d %H:%M} " if self.since else ""
        return f"这个数据库已被{where} {self.who()} {when}打开。同一时间只能有一个工会助手修改它。"


class DatabaseLockedError(DatabaseOpenError):
    """Another copy of the app holds the writer lock; `holder` says who."""

    def __init__(self, holder: LockHolder, db_path: Path):
        super().__init__(f"{holder.message()}没有写入任何数据；请等对方关闭工会助手后再试。")
        self.holder = holder
        self.db_path = db_path


def lock_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + LOCK_SUFFIX)


def this_holder(operator: str = "") -> LockHolder:
    try:
        user = getpass.getuser()
    except (OSError, KeyError):  # no login name in this environment
        user = ""
    return LockHolder(platform.node(), user, operator, os.getpid(), datetime.now().replace(microsecond=0))


class WriterLock:
    """This process's right to write one database. Taken again for the same file (the
    window re-opening it), it is shared and counted; the last release gives it up."""

    def __init__(self, db_path: Path, fd: int, holder: LockHolder):
        self.db_path = db_path
        self.path = lock_path(db_path)
        self.holder = holder
        self._fd: int | None = fd
        self._count = 1
        self._write_holder()

    @property
    def held(self) -> bool:
        return self._fd is not None

    def set_operator(self, operator: str) -> None:
        """Name the operator in the lock file once the database tells who it is."""
        if self.held and operator != self.holder.operator:
            self.holder = LockHolder(
                self.holder.computer, self.holder.user, operator, self.holder.pid, self.holder.since
            )
            self._write_holder()

    def release(self) -> None:
        with _registry_lock:
            if self._fd is None:
                return
            self._count -= 1
            if self._count > 0:
                return
            _held.pop(_key(self.db_path), None)
            fd, self._fd = self._fd, None
            # Removed while still locked, so no other copy can lock the old file meanwhile.
            _unlink_quietly(self.path)
            _os_unlock(fd)
            os.close(fd)
            _unlink_quietly(self.path)  # Windows can't remove an open file: try again now

    def _write_holder(self) -> None:
        data = json.dumps(
            {
                "computer": self.holder.computer,
                "user": self.holder.user,
                "operator": self.holder.operator,
                "pid": self.holder.pid,
                "since": self.holder.since.isoformat() if self.holder.since else "",
            },
            ensure_ascii=False,
        ).encode("utf-8")
        os.lseek(self._fd, 0, os.SEEK_SET)
        os.write(self._fd, data)
        os.ftruncate(self._fd, len(data))


_held: dict[str, WriterLock] = {}
_registry_lock = threading.Lock()


def acquire(db_path: Path, operator: str = "") -> WriterLock:
    """Take the writer lock of `db_path`, or raise DatabaseLockedError saying who has it.
    OSError when the lock file can't be made (e.g. a read-only folder)."""
    with _registry_lock:
        mine = _held.get(_key(db_path))
        if mine is not None:
            mine._count += 1
            return mine
        for _attempt in range(5):
            fd = os.open(lock_path(db_path), os.O_RDWR | os.O_CREAT | getattr(os, "O_BINARY", 0), 0o600)
            if not _try_os_lock(fd):
                holder = _read_holder(fd)
                os.close(fd)
                raise DatabaseLockedError(holder, db_path)
            if _still_the_lock_file(fd, lock_path(db_path)):
                try:
                    lock = WriterLock(db_path, fd, this_holder(operator))
                except OSError:  # the holder could not be written (full disk): give the lock back
                    _os_unlock(fd)
                    os.close(fd)
                    raise
                _held[_key(db_path)] = lock
                return lock
            os.close(fd)  # the holder removed it as we opened it: take the new one
        raise OSError(f"lock file keeps changing: {lock_path(db_path)}")


def current_holder(db_path: Path) -> LockHolder | None:
    """Who holds the writer lock now (this process included), or None when nobody does."""
    path = lock_path(db_path)
    if not path.exists():
        return None
    mine = _held.get(_key(db_path))
    if mine is not None:
        return mine.holder
    try:
        fd = os.open(path, os.O_RDWR | getattr(os, "O_BINARY", 0))
    except OSError:
        return None  # removed meanwhile: free
    try:
        if _try_os_lock(fd):
            _os_unlock(fd)
            return None
        return _read_holder(fd)
    finally:
        os.close(fd)


def _read_holder(fd: int) -> LockHolder:
    try:
        os.lseek(fd, 0, os.SEEK_SET)
        data = json.loads(os.read(fd, 64 * 1024).decode("utf-8"))
        since = datetime.fromisoformat(data["since"]) if data.get("since") else None
        return LockHolder(
            str(data.get("computer", "")),
            str(data.get("user", "")),
            str(data.get("operator", "")),
            int(data.get("pid", 0)),
            since,
        )
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return LockHolder()  # being written this very moment, or damaged: say "another user"


def _still_the_lock_file(fd: int, path: Path) -> bool:
    """Whether `path` still names the file we locked (a releasing copy removes it)."""
    if os.name == "nt":  # pragma: no cover - an open file can't be removed on Windows
        return True
    try:
        return os.path.samestat(os.fstat(fd), os.stat(path))
    except OSError:
        return False


def _key(db_path: Path) -> str:
    return os.path.normcase(str(Path(db_path).resolve()))


def _unlink_quietly(path: Path) -> None:
    try:
        path.unlink(missing_ok=True)
    except OSError:
        pass  # another copy has it open (Windows): it stays, stale and harmless
