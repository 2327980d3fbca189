"""Database files whose path holds `#`, `?`, `%`, spaces, quotes, brackets or Chinese, in
the file's name and its folder's: opened, checked, backed up, verified, restored and
backed up automatically as the file itself, never as another (empty) file named by the
part of the path before the `#` or `?`, and never `pctA.db` for `pct%41.db`.

Windows users name folders "资料#2024" and "50% 完成"; SQLite's `file:` URIs and
SQLAlchemy's URLs read those characters as syntax unless they are escaped."""

from __future__ import annotations

import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from opening_helpers import damage_table_pages
from unionapp import cli, config
from unionapp.db import snapshots
from unionapp.db.opening import DamagedDatabaseError, open_database
from unionapp.domain.members import MemberInput
from unionapp.services import backup, members
from unionapp.services.demo import create_demo

MEMBERS = 150
FOLDER = "资料#2024"
NAMES = ["工会#2.db", "a?b.db", "pct%41.db", 'it\'s "q".db', "a b.db", "工会数据.db", "工会[1].db"]
BACKUP_NAME = "备份#3.db"


def count_members(path: Path) -> int:
    """Read with a plain file name (no URI), so this helper can't share the app's mistake."""
    with closing(sqlite3.connect(str(path))) as conn:
        return conn.execute("SELECT count(*) FROM members").fetchone()[0]


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    """A closed demo database at a plain path, copied to the odd ones by each test."""
    folder = tmp_path_factory.mktemp("template")
    path = folder / "union.db"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv(config.DATA_DIR_ENV, str(folder / "appdata"))
        db = open_database(config.database_url(str(path)))
        try:
            create_demo(db, members_count=MEMBERS, years=1, seed=4)
        finally:
            db.dispose()
    assert count_members(path) == MEMBERS
    return path


@pytest.fixture
def backups(tmp_path, monkeypatch) -> Path:
    """The backups folder, with a `#` and a `%` of its own."""
    folder = tmp_path / "备份 #1 100%"
    monkeypatch.setenv(config.BACKUP_DIR_ENV, str(folder))
    return folder


@pytest.fixture(params=NAMES)
def odd(request, template, tmp_path, backups) -> Path:
    """The demo database at `资料#2024/<odd name>`."""
    folder = tmp_path / "work" / FOLDER
    folder.mkdir(parents=True)
    return Path(shutil.copyfile(template, folder / request.param))


def assert_no_stray_files(odd: Path, *allowed: str) -> None:
    """Beside the database only its own files (and `allowed`); nothing named after a part
    of its path (`工会`, `a`, `pctA.db`, `资料`) anywhere."""
    work = odd.parent.parent
    own = {odd.name + suffix for suffix in ("", "-wal", "-shm", "-journal", ".lock")} | set(allowed)
    found = {p.relative_to(work).as_posix() for p in work.rglob("*")}
    assert found <= {FOLDER} | {f"{FOLDER}/{name}" for name in own}, found
    assert not (odd.parent / "pctA.db").exists()


def assert_backups_named_for(odd: Path, folder: Path) -> list[Path]:
    made = sorted(folder.iterdir())
    assert made, "no backup written"
    assert all(p.name.startswith(f"{odd.stem}-") or p.name == f".{odd.stem}.last" for p in made), made
    return [p for p in made if p.suffix == ".db"]


# ---------------------------------------------------------------- the helper itself


def test_uris_escape_what_sqlite_reads_as_syntax():
    from unionapp.db.sqlite_uri import file_uri, sqlite_uri

    assert file_uri("/tmp/资料#2024/a?b%41 c.db", mode="ro") == (
        "file:///tmp/%E8%B5%84%E6%96%99%232024/a%3Fb%2541%20c.db?mode=ro"
    )
    # A Windows drive keeps its colon after the third slash; a share gets an empty authority.
    assert (
        file_uri("C:/资料#1/x.db", mode="ro", immutable=1)
        == "file:///C:/%E8%B5%84%E6%96%99%231/x.db?mode=ro&immutable=1"
    )
    assert file_uri("//server/share/a#b.db") == "file:////server/share/a%23b.db"
    assert sqlite_uri("a#b.db").endswith("/a%23b.db")


@pytest.mark.parametrize("name", NAMES)
def test_database_url_gives_back_the_real_path(tmp_path, name):
    path = tmp_path / FOLDER / name
    path.parent.mkdir()
    db = open_database(config.database_url(str(path)))
    try:
        assert db.sqlite_path == path
    finally:
        db.dispose()
    assert path.exists() and sorted(p.name for p in path.parent.iterdir()) == [name]


# ---------------------------------------------------------------- open and check


def test_open_and_check_read_the_file_itself(odd, capsys):
    db = open_database(config.database_url(str(odd)))
    try:
        assert db.sqlite_path == odd
        assert members.count_members(db) == MEMBERS
    finally:
        db.dispose()
    assert cli.main(["--db", str(odd), "check"]) == 0
    out = capsys.readouterr().out
    assert f"会员 {MEMBERS} 条" in out and "检查通过" in out
    assert_no_stray_files(odd)


def test_check_finds_damage_in_the_file_itself(odd, capsys):
    damage_table_pages(odd)
    with pytest.raises(DamagedDatabaseError):
        open_database(config.database_url(str(odd)))
    assert cli.main(["--db", str(odd), "check"]) == 1
    assert "检查通过" not in capsys.readouterr().out
    assert_no_stray_files(odd)


def test_a_new_database_is_made_at_exactly_that_path(tmp_path, capsys):
    for name in NAMES:
        path = tmp_path / FOLDER / name
        path.parent.mkdir(exist_ok=True)
        assert cli.main(["--db", str(path), "init", "--union-name", "测试工会"]) == 0
        assert str(path) in capsys.readouterr().out
        assert path.exists() and count_members(path) == 0
    assert sorted(
        p.name for p in (tmp_path / FOLDER).iterdir() if not p.name.endswith((".lock", "-wal", "-shm"))
    ) == sorted(NAMES)


# ---------------------------------------------------------------- backups


def test_backup_holds_the_data(odd, backups, capsys):
    assert cli.main(["--db", str(odd), "backup"]) == 0
    assert "已备份并校验" in capsys.readouterr().out
    [made] = assert_backups_named_for(odd, backups)
    assert count_members(made) == MEMBERS
    assert_no_stray_files(odd)


def test_backup_to_a_named_file_holds_the_data_and_verifies(odd, capsys):
    target = odd.parent / BACKUP_NAME
    assert cli.main(["--db", str(odd), "backup", "-o", str(target)]) == 0
    assert "已备份并校验" in capsys.readouterr().out
    assert count_members(target) == MEMBERS
    info = backup.check_restorable(target)
    assert info.counts["会员"] == MEMBERS
    assert backup.inspect_backup(target, quick=True).counts == info.counts
    assert_no_stray_files(odd, BACKUP_NAME)


def test_restore_keeps_the_data_it_replaces(odd, backups, capsys):
    target = odd.parent / BACKUP_NAME
    assert cli.main(["--db", str(odd), "backup", "-o", str(target)]) == 0
    db = open_database(config.database_url(str(odd)))
    try:
        members.add_member(db, MemberInput(name="备份之后新来的"))
    finally:
        db.dispose()
    assert cli.main(["--db", str(odd), "restore", str(target)]) == 0
    assert "已恢复" in capsys.readouterr().out
    assert count_members(odd) == MEMBERS
    [before_restore] = assert_backups_named_for(odd, backups)
    assert "before-restore" in before_restore.name
    assert count_members(before_restore) == MEMBERS + 1
    assert_no_stray_files(odd, BACKUP_NAME)


def test_automatic_backup_at_start(odd, backups):
    made = backup.auto_backup(odd)
    assert made is not None and count_members(made) == MEMBERS
    assert backup.auto_backup(odd) is None  # nothing changed since
    assert_backups_named_for(odd, backups)
    assert_no_stray_files(odd)


def test_pruning_leaves_other_databases_backups_alone(backups):
    """ "a?b" or "工会[1]" read as a pattern matches "aXb" or "工会1"."""
    backups.mkdir()
    # Two on one day: pruning their own database's backups would delete the older one.
    theirs = [backups / f"{stem}-auto-20240101-0{hour}0000.db" for stem in ("aXb", "工会1") for hour in (8, 9)]
    for path in theirs:
        path.write_bytes(b"")
    for stem in ("a?b", "工会[1]"):
        backup.prune(backups, stem)
    assert all(path.exists() for path in theirs)


def test_an_empty_copy_of_a_full_database_is_no_backup(odd, backups, monkeypatch, capsys):
    """What a wrong path did: a sound, empty database written as the backup. The counts of
    every table are compared with the source's, so it is refused, never "已备份并校验"."""
    real_connect = snapshots.connect_read_only

    class EmptyBehind:
        """The source as a mis-built URI saw it: counted right, copied from an empty file."""

        def __init__(self, path):
            self.conn = real_connect(path)

        def __getattr__(self, name):
            return getattr(self.conn, name)

        def backup(self, target, **kwargs):
            with closing(sqlite3.connect(":memory:")) as empty:
                empty.backup(target, **kwargs)

    monkeypatch.setattr(
        snapshots, "connect_read_only", lambda path: EmptyBehind(path) if Path(path) == odd else real_connect(path)
    )
    assert cli.main(["--db", str(odd), "backup"]) == 1
    err = capsys.readouterr().err
    assert "核对不符" in err and "已备份并校验" not in err
    assert not backups.exists() or not list(backups.glob("*.db*"))
