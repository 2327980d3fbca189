"""One writer per file, with a real second process: a held lock says who has the file
open, a crashed holder's lock file is taken over, the command line's writing commands
are refused while the lock is held and its reading ones still work."""

from __future__ import annotations

import json
import os
import platform

import pytest
from sqlalchemy.exc import DBAPIError

from opening_helpers import Holder, another_process_finds
from unionapp import cli, config
from unionapp.db import lock
from unionapp.db.lock import DatabaseLockedError, current_holder, lock_path
from unionapp.db.opening import READ_ONLY_IN_USE, close_database, open_database
from unionapp.domain.members import MemberInput
from unionapp.services import members


@pytest.fixture
def holder(db, db_path):
    """A second copy of the app (another process) with the database open for writing."""
    db.dispose()
    other = Holder(db_path)
    yield other
    if other.proc.poll() is None:
        other.stop()


def test_held_lock_says_who_has_the_file(holder, db_path):
    with pytest.raises(DatabaseLockedError) as caught:
        lock.acquire(db_path)
    who = caught.value.holder
    assert who.operator == "李老师" and who.pid == holder.proc.pid and who.computer == platform.node()
    message = str(caught.value)
    assert f"这个数据库已被 {platform.node()} 上的 李老师" in message
    assert "同一时间只能有一个工会助手修改它" in message
    assert who.since is not None and f"{who.since:%Y-%m-%d %H:%M}" in message
    assert current_holder(db_path) == who


def test_lock_is_free_again_when_the_holder_closes(holder, db_path):
    holder.stop()
    assert not lock_path(db_path).exists()
    assert current_holder(db_path) is None
    mine = lock.acquire(db_path)
    assert json.loads(lock_path(db_path).read_text(encoding="utf-8"))["pid"] == os.getpid()
    mine.release()


def test_stale_lock_of_a_crashed_copy_is_taken_over(holder, db_path):
    holder.crash()
    left = json.loads(lock_path(db_path).read_text(encoding="utf-8"))
    assert left["pid"] == holder.proc.pid  # the file is still there, its OS lock went with the process
    assert current_holder(db_path) is None
    mine = lock.acquire(db_path, operator="王老师")
    taken = json.loads(lock_path(db_path).read_text(encoding="utf-8"))
    assert taken["pid"] == os.getpid() and taken["operator"] == "王老师"
    mine.release()
    assert not lock_path(db_path).exists()


def test_lock_taken_twice_in_one_process_is_shared(db, db_path):
    db.dispose()
    first = lock.acquire(db_path)
    second = lock.acquire(db_path)  # the window re-opening the same file
    assert second is first
    first.release()
    assert another_process_finds(db_path) == "held"  # still held for the other user of it
    second.release()
    assert another_process_finds(db_path) == "free"


def test_operator_named_later_is_written_to_the_lock_file(db, db_path):
    db.dispose()
    mine = lock.acquire(db_path)
    mine.set_operator("赵主席")
    assert json.loads(lock_path(db_path).read_text(encoding="utf-8"))["operator"] == "赵主席"
    mine.release()


def test_window_open_refused_then_read_only(holder, db_path):
    url = config.database_url(str(db_path))
    with pytest.raises(DatabaseLockedError, match="李老师"):
        open_database(url, lock=True)
    db = open_database(url, create=False, read_only=True)
    assert db.read_only and db.read_only_reason == READ_ONLY_IN_USE
    assert members.count_members(db) == 0
    with pytest.raises(DBAPIError):
        members.add_member(db, MemberInput(name="不该写入"))
    close_database(db)


def test_window_open_takes_and_close_gives_back_the_lock(db, db_path):
    db.dispose()
    opened = open_database(config.database_url(str(db_path)), lock=True)
    assert opened.writer_lock is not None and opened.writer_lock.held
    assert current_holder(db_path).pid == os.getpid()
    close_database(opened)
    assert current_holder(db_path) is None and not lock_path(db_path).exists()


@pytest.mark.parametrize(
    "command",
    [
        ["init", "--union-name", "测试工会"],
        ["demo", "--members", "5", "--years", "0"],
        ["import", "members", "ROSTER"],
        ["restore", "BACKUP"],
    ],
)
def test_cli_writing_commands_refused_while_held(holder, db_path, tmp_path, capsys, command):
    roster = tmp_path / "roster.xlsx"
    roster.write_bytes(b"not needed: refused before reading")
    backup_file = tmp_path / "b.db"
    backup_file.write_bytes(b"")
    args = [str(roster) if a == "ROSTER" else str(backup_file) if a == "BACKUP" else a for a in command]
    before = db_path.read_bytes()
    assert cli.main(["--db", str(db_path), *args]) == 1
    err = capsys.readouterr().err
    assert f"这个数据库已被 {platform.node()} 上的 李老师" in err and "没有写入任何数据" in err
    assert db_path.read_bytes() == before


def test_cli_reading_commands_work_while_held(holder, db_path, tmp_path, capsys):
    assert cli.main(["--db", str(db_path), "check"]) == 0
    assert cli.main(["--db", str(db_path), "backup", "-o", str(tmp_path / "copy.db")]) == 0
    assert (tmp_path / "copy.db").exists()
    assert cli.main(["--db", str(db_path), "export", "members", "-o", str(tmp_path / "m.csv")]) == 0
    capsys.readouterr()


def test_cli_writing_command_releases_the_lock(db, db_path, capsys):
    db.dispose()
    assert cli.main(["--db", str(db_path), "init", "--union-name", "测试工会"]) == 0
    assert current_holder(db_path) is None and not lock_path(db_path).exists()
    capsys.readouterr()
