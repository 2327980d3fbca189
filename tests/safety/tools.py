"""Helpers for the failure tests: the command line as a child process, a roster of
10,000 people, what a database holds (to tell "all before" from "all after"), and
catching a child inside its write transaction so a kill or a copy lands there."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import openpyxl

from unionapp import config
from unionapp.domain.idcard import make_id_number
from unionapp.domain.members import MemberInput
from unionapp.services.demo import AREAS, GIVEN, GROUPS, SURNAMES

SIDECARS = ("-wal", "-shm", "-journal")
SPILLED_BYTES = 256 * 1024  # uncommitted pages in the -wal that prove the write is under way
CJK = re.compile(r"[\u4e00-\u9fff]")


# ---------------------------------------------------------------- the command line


class Cli:
    """`python -m unionapp ...` in a child process with a private data folder."""

    def __init__(self, data_dir: Path):
        self.env = {
            **os.environ,
            config.DATA_DIR_ENV: str(data_dir),
            config.BACKUP_DIR_ENV: str(data_dir / "backups"),
            "LANG": "C.UTF-8",
            "PYTHONIOENCODING": "utf-8",
        }

    def command(self, args) -> list[str]:
        return [sys.executable, "-m", "unionapp", *map(str, args)]

    def run(
        self, *args, preexec: Callable[[], None] | None = None, timeout: float = 120
    ) -> subprocess.CompletedProcess:
        return subprocess.run(
            self.command(args),
            check=False,
            env=self.env,
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=timeout,
            preexec_fn=preexec,
        )

    def spawn(self, *args) -> subprocess.Popen:
        return subprocess.Popen(
            self.command(args),
            env=self.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
        )

    def check(self, db: Path) -> subprocess.CompletedProcess:
        """`unionapp check`, asserted to pass: the file opens, is sound and adds up."""
        done = self.run("--db", db, "check")
        assert done.returncode == 0, f"unionapp check failed:\n{done.stdout}\n{done.stderr}"
        assert "检查通过" in done.stdout
        return done


def assert_user_facing(stderr: str) -> None:
    """What the user reads on a failure: Chinese sentences, never a Python traceback."""
    assert stderr.strip(), "the failure was not reported at all"
    assert "Traceback" not in stderr and "Exception ignored" not in stderr, stderr
    assert CJK.search(stderr), f"no Chinese message: {stderr!r}"


def finish(proc: subprocess.Popen) -> int:
    """Let a child run to its end; its exit code."""
    proc.communicate(timeout=120)
    return proc.returncode


def kill(proc: subprocess.Popen) -> int:
    """SIGKILL: no handler, no cleanup, no flush — as close to pulling the cord as a process gets."""
    proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=30)
    return proc.returncode


# ---------------------------------------------------------------- a roster


@dataclass(frozen=True)
class Person:
    name: str
    gender: str  # "男"/"女"
    id_number: str
    phone: str
    group: str

    def member_input(self, phone: str | None = None) -> MemberInput:
        return MemberInput(
            name=self.name,
            gender="M" if self.gender == "男" else "F",
            id_number=self.id_number,
            phone=phone or self.phone,
            group_name=self.group,
        )


def people(count: int) -> list[Person]:
    """`count` staff with distinct valid ID numbers (birth day and sequence never repeat)."""
    made = []
    for i in range(count):
        birth = date(1966, 1, 1) + timedelta(days=(i * 37) % 12000)  # 37 is prime to 12000: no repeats
        gender = "男" if i % 2 else "女"
        number = make_id_number(AREAS[i % len(AREAS)], birth, i % 100, "M" if gender == "男" else "F")
        name = SURNAMES[i % len(SURNAMES)] + GIVEN[(i // 7) % len(GIVEN)] + GIVEN[(i // 3) % len(GIVEN)]
        made.append(Person(name, gender, number, f"139{i:08d}", GROUPS[i % 4]))
    return made


def write_roster(path: Path, staff: list[Person]) -> Path:
    """The roster a school keeps: a title row, 序号, then one row per person."""
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("花名册")
    ws.append(["某某中学教职工花名册"])
    ws.append(["序号", "姓名", "性别", "身份证号码", "手机", "工会小组"])
    for i, p in enumerate(staff, start=1):
        ws.append([i, p.name, p.gender, p.id_number, p.phone, p.group])
    wb.save(path)
    return path


# ---------------------------------------------------------------- what a database holds


@dataclass(frozen=True)
class State:
    """Enough of a database to tell one moment from another: every member (hashed),
    the groups and the number of audit entries."""

    members: int
    members_sha: str
    groups: tuple[str, ...]
    audit_entries: int


def _read(path: Path, query: str) -> list[tuple]:
    """Read after `unionapp check` has opened the file (and recovered its WAL)."""
    conn = sqlite3.connect(f"file:{Path(path).as_posix()}?mode=ro", uri=True)
    try:
        return conn.execute(query).fetchall()
    finally:
        conn.close()


def member_rows(path: Path) -> list[tuple]:
    return _read(path, "SELECT id, name, id_number, phone, group_id, status FROM members ORDER BY id")


def state_of(path: Path) -> State:
    rows = member_rows(path)
    groups = tuple(r[0] for r in _read(path, "SELECT name FROM union_groups ORDER BY id"))
    audit = _read(path, "SELECT count(*) FROM audit_log")[0][0]
    return State(len(rows), hashlib.sha256(repr(rows).encode("utf-8")).hexdigest(), groups, audit)


def file_sha(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def copy_database(source: Path, folder: Path, sidecars: tuple[str, ...] = ()) -> Path:
    """Copy a database file, and those of its sidecar files asked for that exist, as they are on disk now."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / source.name
    shutil.copyfile(source, target)
    for suffix in sidecars:
        side = Path(f"{source}{suffix}")
        if side.exists():
            shutil.copyfile(side, Path(f"{target}{suffix}"))
    return target


# ---------------------------------------------------------------- inside the write transaction


def _write_locked(probe: sqlite3.Connection) -> bool:
    """Whether another connection holds the database's write lock (never waits)."""
    try:
        probe.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            return True
        raise
    probe.execute("ROLLBACK")
    return False


def wait_for_uncommitted_pages(
    proc: subprocess.Popen, db: Path, at_least: int = SPILLED_BYTES, timeout: float = 60
) -> int | None:
    """Wait until `proc` holds the write lock and `at_least` bytes of its transaction's
    pages have spilled into the -wal file (written, not committed). Returns the -wal size
    then, or None if the process ended first. The probe connection is closed before
    returning, so what happens next (a kill, a copy) meets only the child's own connection."""
    wal = Path(f"{db}-wal")
    deadline = time.monotonic() + timeout
    probe = sqlite3.connect(db, timeout=0, isolation_level=None)
    baseline = None  # the -wal size when the lock was first seen
    try:
        while proc.poll() is None and time.monotonic() < deadline:
            if not _write_locked(probe):
                baseline = None
            else:
                size = wal.stat().st_size if wal.exists() else 0
                if baseline is None:
                    baseline = size
                elif size >= baseline + at_least:
                    return size
            time.sleep(0.001)
    finally:
        probe.close()
    return None
