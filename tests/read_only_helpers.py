"""Read-only places for the tests, made for real: a file or folder this process cannot
write, whoever runs the tests, and a database whose last changes sit in its -wal.

The tests run as root, whom file modes don't stop (chmod 0444 and root writes anyway;
os.access says "writable"). Patching os.access would only fool the app's own check, not
SQLite, and SQLite's refusal to create -wal/-shm is what these tests are about. The
immutable attribute (chattr +i) binds root too: no write, no new file in such a folder,
and os.access answers truly. A normal user gets the plain chmod, which binds them."""

from __future__ import annotations

import os
import stat
import subprocess
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from unionapp import config
from unionapp.db.opening import open_database
from unionapp.domain.members import MemberInput
from unionapp.services import members

SIDECARS = ("-wal", "-shm")


@contextmanager
def unwritable_places() -> Iterator[Callable[..., None]]:
    """lock_down(*paths) makes each file or folder unwritable until the block ends."""
    if os.name != "posix":
        pytest.skip("read-only files and folders are made with POSIX modes or chattr here")
    undo: list[Callable[[], None]] = []

    def lock_down(*paths: Path) -> None:
        for path in paths:
            undo.append(_root_lock_down(path) if os.geteuid() == 0 else _user_lock_down(path))
            assert not os.access(path, os.W_OK), f"{path} is still writable"

    try:
        yield lock_down
    finally:
        for step in reversed(undo):
            step()


def _user_lock_down(path: Path) -> Callable[[], None]:
    mode = stat.S_IMODE(path.stat().st_mode)
    path.chmod(0o555 if path.is_dir() else 0o444)
    return lambda: path.chmod(mode)


def _root_lock_down(path: Path) -> Callable[[], None]:
    try:
        done = subprocess.run(["chattr", "+i", str(path)], capture_output=True, text=True, timeout=30, check=False)
    except OSError as exc:
        pytest.skip(f"running as root, and chattr is not available to make a read-only place: {exc}")
    if done.returncode != 0:  # e.g. a tmpfs, or no CAP_LINUX_IMMUTABLE in this container
        pytest.skip(f"running as root, and chattr +i failed here: {done.stderr.strip()}")
    return lambda: subprocess.run(["chattr", "-i", str(path)], capture_output=True, timeout=30, check=True)


def leave_in_wal(path: Path, name: str, keep_shm: bool = True) -> None:
    """Add a member named `name` and leave that change in the database's -wal only, as a
    copy of the app killed (or a USB stick pulled) mid-session leaves the files. Without
    `keep_shm` the -shm is gone too, as when only the .db and -wal were copied."""
    db = open_database(config.database_url(str(path)))
    try:
        members.add_member(db, MemberInput(name=name))
        # Read while the writer is still connected: closing it folds the -wal into the file.
        left = {suffix: Path(f"{path}{suffix}").read_bytes() for suffix in ("", *SIDECARS)}
    finally:
        db.dispose()
    for suffix, data in left.items():
        if suffix != "-shm" or keep_shm:
            Path(f"{path}{suffix}").write_bytes(data)
    assert Path(f"{path}-wal").stat().st_size > 0


def files_of(path: Path) -> list[Path]:
    """The database file and whichever of its -wal/-shm exist."""
    return [p for p in (path, *(Path(f"{path}{s}") for s in SIDECARS)) if p.exists()]
