"""Another account on the same computer must not read the members' ID numbers and phones:
every file the app creates is 0600 and every folder 0700, whatever the user's umask, and
files left readable by an earlier version lose their group and other bits when the app
opens them. A folder the user chose (a USB stick) keeps its own permissions."""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path

import pytest

from unionapp import config
from unionapp.db import lock

from .tools import Cli

pytestmark = pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX; on Windows the profile is private")

USUAL_UMASK = 0o022  # a desktop session's: new files 0644, folders 0755


def mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def modes_under(folder: Path) -> dict[str, int]:
    """Every file and folder below `folder` (itself included), by path, with its mode."""
    found = {str(folder): mode(folder)}
    for root, dirs, files in os.walk(folder):
        for name in dirs + files:
            found[os.path.join(root, name)] = mode(Path(root, name))
    return found


def assert_private(found: dict[str, int]) -> None:
    loose = {path: oct(m) for path, m in found.items() if m != (0o700 if os.path.isdir(path) else 0o600)}
    assert not loose, f"readable by others: {loose}"


def usual_umask():
    os.umask(USUAL_UMASK)


@pytest.fixture
def user_folder(tmp_path) -> Path:
    """A folder of the user's, as a desktop session makes it (0755): not the app's to change."""
    folder = tmp_path / "我的文档"
    folder.mkdir()
    os.chmod(folder, 0o755)
    return folder


@pytest.fixture
def run(data_dir, tmp_path):
    """The command line in a child process started with the usual umask."""
    cli = Cli(data_dir)

    def run_cli(*args):
        done = cli.run(*args, preexec=usual_umask)
        assert done.returncode == 0, done.stderr
        return done

    return run_cli


def test_every_file_and_folder_the_command_line_creates_is_private(run, data_dir, user_folder):
    db = user_folder / "union.db"
    run("--db", db, "init", "--union-name", "某某中学工会委员会", "--chair", "王建国")
    run("--db", db, "demo", "--members", "20", "--years", "1")
    run("--db", db, "backup")
    usb = user_folder / "usb"
    usb.mkdir()
    os.chmod(usb, 0o755)
    run("--db", db, "backup", "-o", usb / "工会备份.db")
    for name in ("名单.xlsx", "名单.csv", "名单.pdf"):
        run("--db", db, "export", "members", "-o", user_folder / name, "--full-id")
    assert_private(modes_under(data_dir))
    assert (data_dir / "unionapp.log").exists() and (data_dir / "local.json").exists()
    assert list((data_dir / "backups").glob("union-manual-*.db"))
    files = [db, usb / "工会备份.db"] + [user_folder / n for n in ("名单.xlsx", "名单.csv", "名单.pdf")]
    assert {str(f): mode(f) for f in files} == {str(f): 0o600 for f in files}
    # The user's own folders stay as the user made them.
    assert mode(user_folder) == 0o755 and mode(usb) == 0o755


def test_the_lock_file_is_private_whatever_the_umask(tmp_path):
    db = tmp_path / "union.db"
    before = os.umask(USUAL_UMASK)
    try:
        held = lock.acquire(db)
    finally:
        os.umask(before)
    try:
        assert mode(lock.lock_path(db)) == 0o600
    finally:
        held.release()


def loosen(*paths: Path) -> None:
    for path in paths:
        os.chmod(path, 0o755 if path.is_dir() else 0o644)


@pytest.fixture
def readable_leftovers(data_dir, user_folder, run):
    """What an earlier version left: a database with its -wal and -shm, a data folder,
    log, settings, backups folder and backup, all readable by every account."""
    db = user_folder / "union.db"
    run("--db", db, "demo", "--members", "5", "--years", "0")
    run("--db", db, "backup")
    (data_dir / "unionapp.log").write_text("older log\n", encoding="utf-8")
    (data_dir / "local.json").write_text('{"operator": "王建国"}', encoding="utf-8")
    backups = data_dir / "backups"
    loosen(data_dir, backups, *backups.iterdir(), data_dir / "unionapp.log", data_dir / "local.json", db)
    return db


def test_readable_files_left_by_an_earlier_version_are_made_private_at_open(readable_leftovers, data_dir, run):
    db = readable_leftovers
    writer = sqlite3.connect(db)  # a WAL still to be checkpointed: -wal and -shm beside the file
    try:
        writer.execute("PRAGMA journal_mode=WAL")
        writer.execute("UPDATE settings SET value = value")
        writer.commit()
        sidecars = [Path(f"{db}-wal"), Path(f"{db}-shm")]
        loosen(*sidecars)
        run("--db", db, "check")
        assert [mode(p) for p in sidecars] == [0o600, 0o600]
    finally:
        writer.close()
    assert mode(db) == 0o600
    assert_private(modes_under(data_dir))
    assert mode(db.parent) == 0o755  # the user's folder is not the app's to change


def test_a_chosen_backups_folder_keeps_its_permissions_and_the_users_files(data_dir, user_folder, run):
    db = user_folder / "union.db"
    usb = user_folder / "usb"
    usb.mkdir()
    cli = Cli(data_dir)
    cli.env[config.BACKUP_DIR_ENV] = str(usb)
    assert cli.run("--db", db, "demo", "--members", "5", "--years", "0", preexec=usual_umask).returncode == 0
    assert cli.run("--db", db, "backup", preexec=usual_umask).returncode == 0
    photo = usb / "照片.jpg"
    photo.write_bytes(b"\xff\xd8")
    [backup] = usb.glob("union-manual-*.db")
    loosen(usb, photo, backup)
    assert cli.run("--db", db, "check", preexec=usual_umask).returncode == 0
    assert (mode(usb), mode(photo), mode(backup)) == (0o755, 0o644, 0o600)


def test_the_window_makes_existing_files_private_and_creates_private_ones(readable_leftovers, data_dir, tmp_path):
    """The window's own start (run_gui), up to a filled main window."""
    cli = Cli(data_dir)
    cli.env.update(
        QT_QPA_PLATFORM="offscreen", UNIONAPP_STARTUP_REPORT="1", XDG_CONFIG_HOME=str(tmp_path / "config")
    )  # the window's QSettings, not the user's
    (data_dir / "unionapp.log").unlink()
    done = cli.run("--db", readable_leftovers, preexec=usual_umask)
    assert done.returncode == 0 and "window_filled_at=" in done.stdout, done.stderr
    assert mode(readable_leftovers) == 0o600
    assert_private(modes_under(data_dir))
