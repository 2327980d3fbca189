"""A full disk during a backup, an export and an import: the command says so in Chinese,
leaves no half-written file, and every record already saved is still there."""

from __future__ import annotations

import pytest

from .tools import SIDECARS, assert_user_facing, copy_database, file_sha, state_of

KB = 1024


def _says_disk_full(stderr: str, disk) -> None:
    assert_user_facing(stderr)
    assert any(word in stderr for word in disk.full_words), stderr


def test_backup_to_a_full_disk_says_so_and_leaves_nothing_there(cli, after, small_disk, tmp_path):
    disk = small_disk(512 * KB)  # the database is 3.5 MB
    source = after.copy_to(tmp_path / "data")
    sha = file_sha(source)
    done = cli.run("--db", source, "backup", "-o", disk.folder / "工会备份.db", preexec=disk.preexec())
    assert done.returncode == 1
    _says_disk_full(done.stderr, disk)
    assert "备份没有完成" in done.stderr and "数据库本身没有受影响" in done.stderr
    assert list(disk.folder.iterdir()) == [], "a half-written backup (or its journal) was left behind"
    assert file_sha(source) == sha
    cli.check(source)
    assert state_of(source) == after.state


@pytest.mark.parametrize("name", ["花名册.xlsx", "花名册.pdf"])
def test_export_to_a_full_disk_keeps_the_old_file_and_the_data(cli, after, small_disk, tmp_path, name):
    disk = small_disk(512 * KB)  # the 10,000-row roster is 0.6 MB as xlsx, 1.2 MB as PDF
    db = after.copy_to(tmp_path / "data")
    earlier = disk.folder / name
    earlier.write_bytes(b"last month's roster")  # an earlier export the user kept under the same name
    done = cli.run("--db", db, "export", "members", "-o", earlier, preexec=disk.preexec())
    assert done.returncode == 1
    _says_disk_full(done.stderr, disk)
    assert name in done.stderr
    assert [p.name for p in disk.folder.iterdir()] == [name], "a half-written temporary file was left"
    assert earlier.read_bytes() == b"last month's roster"
    cli.check(db)
    assert state_of(db) == after.state


def test_import_onto_a_full_disk_writes_nothing_and_keeps_the_data(cli, before, roster, small_disk, tmp_path):
    """The database itself on a USB stick that fills up while the 10,000 rows are written."""
    disk = small_disk(1024 * KB)  # the database is 0.2 MB before, 3.5 MB after
    db = before.copy_to(disk.folder)
    done = cli.run("--db", db, "import", "members", roster, preexec=disk.preexec())
    assert done.returncode == 1
    _says_disk_full(done.stderr, disk)
    assert "没有保存" in done.stderr and "导入完成" not in done.stdout
    # Copied off the stick, as one would on another computer: sound and exactly as before.
    rescued = copy_database(db, tmp_path / "rescued", SIDECARS)
    cli.check(rescued)
    assert state_of(rescued) == before.state
    # Opened where it is, on the still nearly full stick: the same.
    cli.check(db)
    assert state_of(db) == before.state
