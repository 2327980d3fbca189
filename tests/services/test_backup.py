"""Backups: consistent, verified snapshots; retention; inspecting and restoring."""

import sqlite3
from datetime import datetime, timedelta

import pytest

from unionapp.domain.members import MemberInput
from unionapp.services import backup, members
from unionapp.services.backup import BackupError


def add(db, name):
    return members.add_member(db, MemberInput(name=name))


def test_snapshot_holds_what_is_still_in_the_wal(db, db_path, tmp_path):
    add(db, "张三")  # committed, but in WAL mode it may sit in union.db-wal only
    copy = backup.backup_now(db_path, "manual", tmp_path / "usb")
    with sqlite3.connect(copy) as conn:
        assert conn.execute("SELECT name FROM members").fetchall() == [("张三",)]
    assert backup.integrity_problems(copy) == []
    assert not list((tmp_path / "usb").glob("*.partial"))


def test_auto_backup_only_when_data_changed(db, db_path, data_dir):
    add(db, "张三")
    first = backup.auto_backup(db_path)
    assert first is not None and first.exists()
    assert backup.auto_backup(db_path) is None
    add(db, "李四")
    assert backup.auto_backup(db_path) is not None


def test_prune_keeps_7_daily_and_12_monthly(tmp_path):
    start = datetime(2026, 11, 21, 9, 0, 0)
    made = []
    for days in range(0, 400, 1):  # one backup a day for 400 days, two on some days
        for hour in (9, 17) if days % 3 == 0 else (9,):
            when = (start - timedelta(days=days)).replace(hour=hour)
            path = tmp_path / backup.snapshot_name(tmp_path / "union.db", "auto", when)
            path.write_bytes(b"x")
            made.append(path)
    (tmp_path / "union-manual-20200101-000000.db").write_bytes(b"x")
    backup.prune(tmp_path, "union")
    kept = sorted(p.name for p in tmp_path.glob("union-auto-*.db"))
    months = {name.split("-")[2][:6] for name in kept}
    days = {name.split("-")[2] for name in kept}
    assert len(months) == 12 and len(days) <= 7 + 12
    assert f"union-auto-{start:%Y%m%d}-090000.db" not in kept  # the later one of the same day is kept
    assert f"union-auto-{start:%Y%m%d}-170000.db" in kept
    assert (tmp_path / "union-manual-20200101-000000.db").exists()


def test_inspect_and_restore(db, db_path, tmp_path):
    add(db, "张三")
    saved = backup.backup_now(db_path, "manual", tmp_path / "b")
    add(db, "李四")
    info = backup.inspect_backup(saved)
    assert info.counts["会员"] == 1 and info.schema
    assert "会员 1 条" in info.describe()
    db.dispose()
    safety = backup.restore(db_path, saved)
    assert [r.name for r in members.list_members(db)] == ["张三"]
    with sqlite3.connect(safety) as conn:
        assert conn.execute("SELECT count(*) FROM members").fetchone() == (2,)


def test_damaged_or_foreign_backup_is_refused(db_path, tmp_path):
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"SQLite format 3\x00" + b"\xff" * 5000)
    with pytest.raises(BackupError, match="损坏|不是"):
        backup.inspect_backup(junk)
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE t (x)")
    with pytest.raises(BackupError, match="不是工会助手的备份"):
        backup.inspect_backup(other)
    with pytest.raises(BackupError, match="找不到"):
        backup.inspect_backup(tmp_path / "missing.db")


def test_unwritable_target_leaves_nothing(db, db_path, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    with pytest.raises(BackupError, match="备份|写入"):
        backup.backup_now(db_path, "manual", blocker / "sub")
