"""Read-only places told apart, and each still usable for reading, checking, exporting
and backing up:

- a read-only database FILE in WAL mode (a disc, a write-protected USB stick, a file
  marked read-only), with or without -wal/-shm beside it: opened read-only, its latest
  changes (those still in the -wal) shown, `check` passes rather than calling it damaged;
- a writable file in a read-only FOLDER (a share with read rights only): SQLite can't
  create its -wal there, so it opens read-only too, and says that the folder is why.

See read_only_helpers for how the places are made read-only for real, even as root."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy.exc import DBAPIError

from read_only_helpers import files_of, leave_in_wal, unwritable_places
from unionapp import cli, config
from unionapp.db import opening
from unionapp.db.errors import DatabaseOpenError
from unionapp.db.opening import READ_ONLY_FILE, close_database, open_database
from unionapp.domain.members import MemberInput
from unionapp.services import members
from unionapp.services.demo import create_demo

MEMBERS = 40
IN_WAL = "只在日志里的人"  # the member whose row is still in the -wal only


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("template")
    path = folder / "union.db"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv(config.DATA_DIR_ENV, str(folder / "appdata"))
        db = open_database(config.database_url(str(path)))
        try:
            create_demo(db, members_count=MEMBERS, years=1, seed=5)
        finally:
            db.dispose()
    return path


@pytest.fixture
def lock_down():
    with unwritable_places() as lock:
        yield lock


@pytest.fixture
def place(template, tmp_path):
    """place(pending_wal, keep_shm) → the demo database in a folder of its own; with
    `pending_wal` one more member sits in its -wal only."""

    def make(pending_wal: bool = False, keep_shm: bool = True) -> Path:
        folder = tmp_path / "place"
        folder.mkdir()
        path = Path(shutil.copyfile(template, folder / "工会.db"))
        if pending_wal:
            leave_in_wal(path, IN_WAL, keep_shm)
        return path

    return make


def digest(paths: list[Path]) -> dict[str, str]:
    """The data files' contents; the -shm is SQLite's shared memory, which readers write."""
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in paths if not p.name.endswith("-shm")}


def member_names(path: Path) -> set[str]:
    with closing(sqlite3.connect(path)) as conn:
        return {row[0] for row in conn.execute("SELECT name FROM members")}


def assert_reads_check_export_backup(path: Path, tmp_path: Path, capsys, expected: int) -> None:
    """The command line reads the file as it is (the -wal included), checks it sound,
    exports it and backs it up."""
    assert cli.main(["--db", str(path), "check"]) == 0, capsys.readouterr().err
    out = capsys.readouterr().out
    assert "检查通过" in out and f"会员 {expected} 条" in out
    exported = tmp_path / "导出" / "members.xlsx"
    exported.parent.mkdir(exist_ok=True)
    assert cli.main(["--db", str(path), "export", "members", "-o", str(exported)]) == 0, capsys.readouterr().err
    names = {c.value for row in openpyxl.load_workbook(exported).active.iter_rows() for c in row}
    assert (IN_WAL in names) == (expected == MEMBERS + 1)
    copy = tmp_path / "导出" / "备份.db"
    assert cli.main(["--db", str(path), "backup", "-o", str(copy)]) == 0, capsys.readouterr().err
    assert "已备份并校验" in capsys.readouterr().out
    assert len(member_names(copy)) == expected


# ---------------------------------------------------------------- a read-only file


@pytest.mark.parametrize(
    "pending_wal, keep_shm", [(False, True), (True, True), (True, False)], ids=["closed", "wal-and-shm", "wal-only"]
)
def test_read_only_wal_file(place, lock_down, tmp_path, capsys, pending_wal, keep_shm):
    path = place(pending_wal, keep_shm)
    expected = MEMBERS + pending_wal
    before = digest(files_of(path))
    lock_down(*files_of(path))
    db = open_database(config.database_url(str(path)), lock=True)
    try:
        assert db.read_only and db.read_only_reason == READ_ONLY_FILE
        assert members.count_members(db) == expected
        with pytest.raises(DBAPIError, match="readonly"):
            members.add_member(db, MemberInput(name="写不进去"))
    finally:
        close_database(db)
    assert_reads_check_export_backup(path, tmp_path, capsys, expected)
    after = digest(files_of(path))  # SQLite may add an empty -wal and a -shm beside it: the folder is writable
    assert {name: after[name] for name in before} == before


@pytest.mark.parametrize("pending_wal", [False, True], ids=["closed", "wal-and-shm"])
def test_read_only_file_on_read_only_media(place, lock_down, tmp_path, capsys, pending_wal):
    """A disc or write-protected stick: neither the file nor its folder can be written.
    The check used to report this sound file as damaged ("attempt to write a readonly
    database")."""
    path = place(pending_wal)
    lock_down(*files_of(path), path.parent)
    db = open_database(config.database_url(str(path)))
    try:
        assert db.read_only and db.read_only_reason == READ_ONLY_FILE
        assert members.count_members(db) == MEMBERS + pending_wal
    finally:
        db.dispose()
    assert_reads_check_export_backup(path, tmp_path, capsys, MEMBERS + pending_wal)


def test_changes_that_cannot_be_read_are_said_not_hidden(place, lock_down, capsys):
    """A -wal with changes but no -shm, where none may be made: SQLite can't read the
    -wal, and the file alone would show old data as if it were all. Refused, saying what
    to do, never shown stale."""
    path = place(pending_wal=True, keep_shm=False)
    lock_down(*files_of(path), path.parent)
    with pytest.raises(DatabaseOpenError, match="-wal"):
        open_database(config.database_url(str(path)))
    assert cli.main(["--db", str(path), "check"]) == 1
    err = capsys.readouterr().err
    assert "复制到可以写入的文件夹" in err and "Traceback" not in err


# ---------------------------------------------------------------- a read-only folder


@pytest.mark.parametrize("pending_wal", [False, True], ids=["closed", "wal-and-shm"])
def test_writable_file_in_a_read_only_folder(place, lock_down, tmp_path, capsys, pending_wal):
    path = place(pending_wal)
    expected = MEMBERS + pending_wal
    before = digest(files_of(path))
    lock_down(path.parent)
    db = open_database(config.database_url(str(path)), lock=True)
    try:
        assert db.read_only and db.read_only_reason == opening.READ_ONLY_FOLDER
        assert db.writer_lock is None
        assert members.count_members(db) == expected
        with pytest.raises(DBAPIError, match="readonly"):
            members.add_member(db, MemberInput(name="写不进去"))
    finally:
        close_database(db)
    assert_reads_check_export_backup(path, tmp_path, capsys, expected)
    assert digest(files_of(path)) == before


def test_a_write_command_in_a_read_only_folder_says_read_only(place, lock_down, capsys):
    path = place()
    lock_down(path.parent)
    assert cli.main(["--db", str(path), "init", "--union-name", "改不了"]) == 1
    assert "只读" in capsys.readouterr().err
