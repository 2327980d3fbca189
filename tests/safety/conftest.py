"""Fixtures for the failure tests: a 10,000-row roster, a database before and after
importing it (built once per session and copied per test), the command line in a child
process, and a small disk that fills up (a tmpfs; else a file-size limit on the child)."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from unionapp import config
from unionapp.db.opening import open_database
from unionapp.services import members

from .tools import Cli, State, people, state_of, write_roster

ROSTER_ROWS = 10_000
ALREADY_STORED = 30  # the first people of the roster are in the database before the import
SMALL_DISK_MODE_ENV = "UNIONAPP_TEST_SMALL_DISK"  # "tmpfs" (default, falls back) or "rlimit" to force it


@dataclass(frozen=True)
class Snapshot:
    """A closed database file (no -wal) and what it holds."""

    path: Path
    state: State

    def copy_to(self, folder: Path) -> Path:
        folder.mkdir(parents=True, exist_ok=True)
        return Path(shutil.copyfile(self.path, folder / "union.db"))


@pytest.fixture
def cli(data_dir) -> Cli:
    return Cli(data_dir)


@pytest.fixture(scope="session")
def staff():
    return people(ROSTER_ROWS)


@pytest.fixture(scope="session")
def roster(staff, tmp_path_factory) -> Path:
    """10,000 rows: the 30 people already stored with a new phone each, then 9,970 new people."""
    return write_roster(tmp_path_factory.mktemp("roster") / "花名册.xlsx", staff)


@pytest.fixture(scope="session")
def before(staff, tmp_path_factory) -> Snapshot:
    """The database before the import: 30 members entered by hand, with their old phones."""
    folder = tmp_path_factory.mktemp("before")
    path = folder / "union.db"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv(config.DATA_DIR_ENV, str(folder / "appdata"))
        db = open_database(config.database_url(str(path)))
        try:
            for number, person in enumerate(staff[:ALREADY_STORED]):
                members.add_member(db, person.member_input(phone=f"138{number:08d}"))
        finally:
            db.dispose()  # the last connection: checkpoints, so the file stands alone
    assert not Path(f"{path}-wal").exists()
    return Snapshot(path, state_of(path))


@pytest.fixture(scope="session")
def after(before, roster, tmp_path_factory) -> Snapshot:
    """The same database after the whole import ran undisturbed: the reference for "all after"."""
    folder = tmp_path_factory.mktemp("after")
    path = before.copy_to(folder)
    done = Cli(folder / "appdata").run("--db", path, "import", "members", roster)
    assert done.returncode == 0, done.stderr
    assert f"新增 {ROSTER_ROWS - ALREADY_STORED} 人，更新 {ALREADY_STORED} 人" in done.stdout
    state = state_of(path)
    assert state.members == ROSTER_ROWS and state != before.state
    return Snapshot(path, state)


# ---------------------------------------------------------------- a small disk


@dataclass(frozen=True)
class SmallDisk:
    """A folder with little room. On a tmpfs the folder itself is small; emulated, each
    child started with `preexec` may write files of at most `limit` bytes anywhere."""

    folder: Path
    size: int
    emulated: bool

    def preexec(self) -> Callable[[], None] | None:
        if not self.emulated:
            return None
        size = self.size

        def limit_file_size():
            import resource

            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails instead of killing
            resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))

        return limit_file_size

    @property
    def full_words(self) -> tuple[str, ...]:
        """How the app says the disk is full. Past a file-size limit a file is too big, and
        SQLite, seeing EFBIG rather than ENOSPC, reports a write error."""
        return ("磁盘已满", "磁盘空间不足") + (
            ("太大", "读写数据库文件时出错", "写入备份时出错") if self.emulated else ()
        )


def _mount_tmpfs(folder: Path, size: int) -> str | None:
    """Mount a tmpfs of `size` bytes on `folder`; None when done, else why not."""
    if os.geteuid() != 0:
        return "not root"
    try:
        done = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
            check=False,
            capture_output=True,
            text=True,
            timeout=30,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        return str(exc)
    return None if done.returncode == 0 else done.stderr.strip() or f"mount exited {done.returncode}"


def _unmount(folder: Path) -> None:
    done = subprocess.run(["umount", str(folder)], check=False, capture_output=True, timeout=30)
    if done.returncode != 0:  # something still has a file open there: detach it anyway
        subprocess.run(["umount", "-l", str(folder)], check=False, capture_output=True, timeout=30)


@pytest.fixture
def small_disk(tmp_path) -> Iterator[Callable[[int], SmallDisk]]:
    """small_disk(size) → a SmallDisk; every tmpfs mounted is unmounted at teardown."""
    mounted: list[Path] = []
    why_not_mounted: list[str] = []

    def make(size: int) -> SmallDisk:
        folder = tmp_path / f"small-disk-{len(mounted) + len(why_not_mounted)}"
        folder.mkdir()
        if os.environ.get(SMALL_DISK_MODE_ENV, "tmpfs") == "tmpfs":
            problem = _mount_tmpfs(folder, size)
            if problem is None:
                mounted.append(folder)
                return SmallDisk(folder, size, emulated=False)
            why_not_mounted.append(problem)
        try:
            import resource  # noqa: F401 - POSIX only
        except ImportError:
            pytest.skip(
                f"no small disk: cannot mount a tmpfs ({'; '.join(why_not_mounted)}) "
                "and this system has no RLIMIT_FSIZE"
            )
        return SmallDisk(folder, size, emulated=True)

    try:
        yield make
    finally:
        for folder in mounted:
            _unmount(folder)
