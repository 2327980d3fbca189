"""Opening a file: SQLite's quick check refuses a damaged file or one that is no database
(without touching it), a busy file is not called damaged, and the two read-only modes."""

from __future__ import annotations

import sqlite3
from contextlib import closing

import pytest
from sqlalchemy.exc import DBAPIError

from opening_helpers import damage_table_pages
from unionapp import config
from unionapp.db import opening
from unionapp.db.errors import DatabaseOpenError
from unionapp.db.lock import lock_path
from unionapp.db.opening import (
    READ_ONLY_FILE,
    READ_ONLY_IN_USE,
    DamagedDatabaseError,
    close_database,
    open_database,
)
from unionapp.db.snapshots import integrity_problems
from unionapp.domain.members import MemberInput
from unionapp.services import members
from unionapp.services.demo import create_demo


@pytest.fixture
def roster_file(db, db_path):
    """A closed database file holding 200 demo members."""
    create_demo(db, members_count=200, years=0, seed=1)
    db.dispose()
    return db_path


def test_sound_file_opens_writable_with_no_reason(roster_file):
    db = open_database(config.database_url(str(roster_file)))
    assert not db.read_only and db.read_only_reason is None
    assert members.count_members(db) == 200
    db.dispose()


def test_damaged_file_is_refused_and_left_as_it_was(roster_file):
    damaged_pages = damage_table_pages(roster_file)
    assert integrity_problems(roster_file, quick=True), "the garbage must be where SQLite's check looks"
    before = roster_file.read_bytes()
    with pytest.raises(DamagedDatabaseError, match="数据库文件已损坏") as caught:
        open_database(config.database_url(str(roster_file)), lock=True)
    assert caught.value.path == roster_file
    assert isinstance(caught.value, DatabaseOpenError)  # callers that know only the base class still refuse
    assert str(roster_file) in str(caught.value)
    assert roster_file.read_bytes() == before  # nothing was written into it
    assert not lock_path(roster_file).exists()  # the writer lock was given back
    assert damaged_pages


def test_a_check_started_ahead_refuses_a_damaged_file_as_the_open_does(roster_file, monkeypatch):
    damage_table_pages(roster_file)
    url = config.database_url(str(roster_file))
    opening.check_ahead(url)
    ahead = opening._ahead[roster_file]
    ahead.join()
    assert ahead.problems  # the thread found the damage
    monkeypatch.setattr(opening, "_quick_check", lambda *_a: pytest.fail("checked twice"))
    with pytest.raises(DamagedDatabaseError, match="数据库文件已损坏"):
        open_database(url, lock=True)
    assert opening._ahead == {}  # taken once


def test_a_check_ahead_is_not_taken_for_a_read_only_open_nor_when_stale(roster_file, monkeypatch):
    url = config.database_url(str(roster_file))
    calls = []
    real = opening._quick_check
    monkeypatch.setattr(opening, "_quick_check", lambda path, reason: calls.append(reason) or real(path, reason))
    opening.check_ahead(url)
    opening._ahead[roster_file].join()
    open_database(url, read_only=True).dispose()  # another copy writes: checked again, as a reader
    assert calls == [None, READ_ONLY_IN_USE]
    opening.check_ahead(url)
    opening._ahead[roster_file].join()
    monkeypatch.setattr(opening._ahead[roster_file], "started_at", -opening.AHEAD_KEPT_S * 2)
    open_database(url).dispose()  # an answer from long ago is not trusted
    assert calls == [None, READ_ONLY_IN_USE, None, None]


def test_file_of_random_bytes_is_not_a_database(db_path):
    db_path.write_bytes(bytes(range(256)) * 64)
    with pytest.raises(DamagedDatabaseError, match="不是工会助手的数据库（也不是任何数据库文件）") as caught:
        open_database(config.database_url(str(db_path)))
    assert caught.value.path == db_path


def test_sqlite_header_with_garbage_after_it_is_damaged(db_path):
    db_path.write_bytes(b"SQLite format 3\x00" + bytes(range(256)) * 40)
    with pytest.raises(DamagedDatabaseError):
        open_database(config.database_url(str(db_path)))


def test_empty_file_is_a_new_database(db_path):
    db_path.write_bytes(b"")
    db = open_database(config.database_url(str(db_path)))
    assert members.count_members(db) == 0
    db.dispose()


def test_busy_file_is_not_called_damaged(roster_file, monkeypatch):
    """A file another program holds exclusively (rollback journal) is busy, not damaged."""
    with closing(sqlite3.connect(roster_file)) as conn:
        conn.execute("PRAGMA journal_mode=DELETE")
    monkeypatch.setattr(opening, "QUICK_CHECK_TIMEOUT_S", 0.2)
    holder = sqlite3.connect(roster_file, timeout=0)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(DatabaseOpenError) as caught:
            open_database(config.database_url(str(roster_file)))
    finally:
        holder.rollback()
        holder.close()
    assert not isinstance(caught.value, DamagedDatabaseError)
    assert "占用" in str(caught.value)


def test_read_only_file_says_so(roster_file, monkeypatch):
    monkeypatch.setattr(opening, "is_writable", lambda _path: False)
    db = open_database(config.database_url(str(roster_file)), lock=True)
    assert db.read_only and db.read_only_reason == READ_ONLY_FILE
    assert db.writer_lock is None  # nobody can write it: nothing to guard
    assert members.count_members(db) == 200
    db.dispose()


def test_read_only_while_another_copy_writes(roster_file):
    """Opened read-only because another copy is writing: it reads that copy's new rows
    (from the WAL, not an out-of-date image of the file) and never writes."""
    writer = open_database(config.database_url(str(roster_file)))
    reader = open_database(config.database_url(str(roster_file)), read_only=True)
    assert reader.read_only and reader.read_only_reason == READ_ONLY_IN_USE
    members.add_member(writer, MemberInput(name="新来的"))
    assert members.count_members(reader) == 201
    with pytest.raises(DBAPIError, match="readonly"):
        members.add_member(reader, MemberInput(name="不该写入"))
    assert members.count_members(writer) == 201
    reader.dispose()
    writer.dispose()


def test_read_only_open_of_a_missing_file_is_refused(db_path):
    with pytest.raises(DatabaseOpenError, match="找不到数据库文件"):
        open_database(config.database_url(str(db_path)), read_only=True)
    assert not db_path.exists()


def test_memory_database_takes_no_lock():
    db = open_database("sqlite://", lock=True)
    assert db.writer_lock is None and db.read_only_reason is None
    close_database(db)


def test_older_file_is_backed_up_into_the_chosen_backup_folder(db_path, tmp_path):
    """The copy made before an upgrade goes where this computer keeps its backups."""
    from alembic import command
    from sqlalchemy import create_engine

    from unionapp.db.migrate import _alembic_config
    from unionapp.services.backup import set_backup_folder

    chosen = set_backup_folder(tmp_path / "U盘" / "工会备份")
    engine = create_engine(config.database_url(str(db_path)))
    cfg = _alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0001")
    engine.dispose()
    open_database(config.database_url(str(db_path))).dispose()
    assert len(list(chosen.glob("union-before-upgrade-*.db"))) == 1


def test_a_file_at_the_head_opens_without_loading_alembic(tmp_path):
    """The usual open is told by the version row and the stored reference: Alembic's
    import (a tenth of a second at every start) is left for upgrades and odd files."""
    import os
    import subprocess
    import sys

    path = tmp_path / "head.db"
    code = (
        "import sys\nfrom unionapp.db.opening import open_database\n"
        f"open_database('sqlite:///{path.as_posix()}').dispose()\n"
        "print('alembic' in sys.modules)"
    )
    env = {**os.environ, "UNIONAPP_DATA_DIR": str(tmp_path / "data")}
    made = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60)
    assert made.returncode == 0, made.stderr
    assert made.stdout.strip() == "True"  # created: the migrations ran
    opened = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60)
    assert opened.returncode == 0, opened.stderr
    assert opened.stdout.strip() == "False"
