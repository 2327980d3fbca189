"""Backups: consistent, verified snapshots; retention; inspecting and restoring."""

import json
import os
import sqlite3
from contextlib import closing
from datetime import datetime, timedelta

import pytest

from opening_helpers import damage_table_pages
from unionapp import config
from unionapp.domain.members import MemberInput
from unionapp.services import backup, members
from unionapp.services.backup import BackupError
from unionapp.services.demo import create_demo


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


# ---------------------------------------------------------------- the backups folder, listing, damaged files


def test_backup_folder_is_chosen_per_computer(data_dir, tmp_path, monkeypatch):
    monkeypatch.delenv(config.BACKUP_DIR_ENV, raising=False)
    assert backup.backup_folder() == data_dir / "backups"
    chosen = backup.set_backup_folder(tmp_path / "U盘" / "工会备份")
    assert chosen.is_dir()
    assert json.loads((data_dir / "local.json").read_text(encoding="utf-8"))["backup_dir"] == str(chosen)
    assert backup.backup_folder() == chosen
    monkeypatch.setenv(config.BACKUP_DIR_ENV, str(tmp_path / "ci"))  # tests and CI still win
    assert backup.backup_folder() == tmp_path / "ci"
    monkeypatch.delenv(config.BACKUP_DIR_ENV)
    backup.set_backup_folder(data_dir / "backups")  # back to the default: nothing stored
    assert "backup_dir" not in json.loads((data_dir / "local.json").read_text(encoding="utf-8"))


def test_unwritable_backup_folder_keeps_the_old_setting(data_dir, tmp_path, monkeypatch):
    monkeypatch.delenv(config.BACKUP_DIR_ENV, raising=False)
    good = backup.set_backup_folder(tmp_path / "good")
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    with pytest.raises(BackupError, match=f"备份文件夹没有改变，仍是 {good}"):
        backup.set_backup_folder(blocker / "backups")
    assert backup.backup_folder() == good


def test_chosen_folder_on_a_removed_stick_is_said_as_such(data_dir, tmp_path, monkeypatch):
    monkeypatch.delenv(config.BACKUP_DIR_ENV, raising=False)
    stick = tmp_path / "stick"
    backup.set_backup_folder(stick / "工会备份")
    (stick / "工会备份").rmdir()
    stick.rmdir()  # the stick is gone: its folder is not re-created on the computer's own disk
    with pytest.raises(BackupError, match="U盘"):
        backup.backup_folder()
    assert not stick.exists()


def test_list_backups_newest_first_with_kinds(db, db_path, tmp_path):
    folder = tmp_path / "b"
    folder.mkdir()
    names = {
        "union-auto-20261101-090000.db": "自动",
        "union-manual-20261120-090000.db": "手动",
        "union-before-upgrade-20261110-090000.db": "升级前",
        "union-before-restore-20261121-080000.db": "恢复前",
        "union-manual-20261120-090000_2.db": "手动",
        "工会数据-20261105-0900.db": "其他",
        "other-auto-20261121-100000.db": None,
    }  # another database's: not listed
    for name in names:
        (folder / name).write_bytes(b"x" * 10)
    (folder / "union-auto-20261121-120000.db.partial").write_bytes(b"x")  # unfinished: not listed
    os.utime(folder / "工会数据-20261105-0900.db", (datetime(2026, 11, 5, 9).timestamp(),) * 2)
    listed = backup.list_backups("union", folder)
    assert [(b.path.name, b.kind) for b in listed] == [
        ("union-before-restore-20261121-080000.db", "恢复前"),
        ("union-manual-20261120-090000_2.db", "手动"),
        ("union-manual-20261120-090000.db", "手动"),
        ("union-before-upgrade-20261110-090000.db", "升级前"),
        ("工会数据-20261105-0900.db", "其他"),
        ("union-auto-20261101-090000.db", "自动"),
    ]
    assert listed[0].made_at == datetime(2026, 11, 21, 8, 0) and listed[0].size == 10


def _closed_roster(db, db_path, count=200):
    create_demo(db, members_count=count, years=0, seed=1)
    db.dispose()
    return db_path


def test_latest_good_backup_skips_damaged_ones(db, db_path, tmp_path):
    _closed_roster(db, db_path)
    folder = tmp_path / "b"
    good = backup.backup_now(db_path, "auto", folder)
    newer = folder / backup.snapshot_name(db_path, "manual", datetime.now() + timedelta(hours=1))
    newer.write_bytes(good.read_bytes())
    damage_table_pages(newer)
    found = backup.latest_good_backup("union", folder)
    assert found is not None and found.path == good
    assert found.counts["会员"] == 200
    assert "会员 200 人" in found.counts_text()
    assert backup.latest_good_backup("other", folder) is None


def test_damaged_database_is_kept_aside_and_replaced(db, db_path, tmp_path):
    add(db, "张三")
    good = backup.backup_now(db_path, "auto", tmp_path / "b")
    _closed_roster_more(db)
    damage_table_pages(db_path)
    (db_path.parent / "union.db-wal").write_bytes(b"a WAL that belongs to the damaged file")
    damaged_bytes = db_path.read_bytes()
    aside = backup.replace_damaged(db_path, good)
    assert backup.is_damaged_copy(aside) and aside.parent == db_path.parent
    assert aside.read_bytes() == damaged_bytes  # kept, not deleted
    assert (db_path.parent / f"{aside.name}-wal").exists() and not (db_path.parent / "union.db-wal").exists()
    with closing(sqlite3.connect(db_path)) as conn:
        assert conn.execute("SELECT name FROM members").fetchall() == [("张三",)]
    assert backup.integrity_problems(db_path) == []


def _closed_roster_more(db, count=200):
    """Add enough members for the table to span many pages, then close the file."""
    for number in range(count):
        add(db, f"会员{number:03d}")
    db.dispose()


def test_restore_over_a_damaged_database_keeps_it_aside(db, db_path, tmp_path):
    add(db, "张三")
    good = backup.backup_now(db_path, "manual", tmp_path / "b")
    _closed_roster_more(db)
    damage_table_pages(db_path)
    kept = backup.restore(db_path, good)  # the damaged file can't be backed up: it is kept aside
    assert backup.is_damaged_copy(kept) and kept.exists()
    assert [r.name for r in members.list_members(db)] == ["张三"]


def test_backup_from_a_newer_version_is_refused(db, db_path, tmp_path):
    add(db, "张三")
    newer = backup.backup_now(db_path, "manual", tmp_path / "b")
    with closing(sqlite3.connect(newer)) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999_future'")
        conn.commit()
    with pytest.raises(BackupError, match="更新版本"):
        backup.restore(db_path, newer)
    assert [r.name for r in members.list_members(db)] == ["张三"]
    assert backup.latest_good_backup("union", tmp_path / "b") is None
