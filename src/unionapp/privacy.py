"""The app's files are its user's alone: they hold every member's ID number and phone.

On POSIX every entry point sets the umask to 0o077, so whatever the process creates
(database, its -wal/-shm/-journal, lock file, backups, log, local.json, exported
reports, their partial files and folders) is 0600 / 0700. Files made by an earlier
version, or copied in, lose their group and other bits when the app opens them. Only
what the app owns is touched: its data folder, a backups folder inside it, backups by
name, and the database it opens; never a folder the user chose, such as a USB stick's
root. On Windows the files live in the user's own profile, which others cannot read."""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

PRIVATE_UMASK = 0o077
FILE_MODE = 0o600
DIR_MODE = 0o700
# SQLite's own files beside a database, and the app's writer lock file.
DATABASE_COMPANIONS = ("-wal", "-shm", "-journal", ".lock")
# What the backup service writes into a backups folder (see services/backup.py): snapshots
# named "<stem>-<reason>-<stamp>[_n].db", a partial one, and the ".<stem>.last" markers.
_BACKUP_NAME = re.compile(
    r"^(?:.+-(?:auto|manual|before-upgrade|before-restore)-\d{8}-\d{6}(?:_\d+)?\.db"
    r"(?:\.partial)?|\..+\.last)$"
)


def private_by_default() -> None:
    """From now on every file and folder this process creates is readable by its user only."""
    if os.name == "posix":
        os.umask(PRIVATE_UMASK)


def make_private(path: str | os.PathLike) -> None:
    """Take the group and other bits off an existing file or folder (0644 -> 0600,
    0755 -> 0700; a read-only 0444 file stays read-only, 0400). Quietly does nothing
    where modes can't change: a missing file, another user's, a FAT USB stick."""
    if os.name != "posix":
        return
    try:
        mode = stat.S_IMODE(os.stat(path).st_mode)
        if mode & PRIVATE_UMASK:
            os.chmod(path, mode & ~PRIVATE_UMASK)
    except OSError:
        pass


def protect_database(path: Path) -> None:
    """The database file being opened and the files SQLite and the app keep beside it."""
    make_private(path)
    for suffix in DATABASE_COMPANIONS:
        make_private(path.with_name(path.name + suffix))


def protect_app_files() -> None:
    """The data folder and what the app keeps in it, and the backups wherever they are."""
    from unionapp import config

    try:
        folder = config.data_dir()
    except OSError:  # can't be made (a read-only home): the command says so if it needs it
        return
    make_private(folder)
    for name in ("local.json", "local.json.partial"):
        make_private(folder / name)
    make_private(config.log_path())
    protect_backups(config.backup_dir(), folder)


def protect_backups(backups: Path, data_folder: Path) -> None:
    """Our backups in `backups`; the folder itself only when it is inside the data folder
    (a folder the user chose, such as a USB stick, keeps its own permissions)."""
    try:
        inside = backups.resolve().is_relative_to(data_folder.resolve())
        names = [entry.name for entry in os.scandir(backups)]
    except OSError:  # missing, or a drive that is not plugged in
        return
    if inside:
        make_private(backups)
    for name in names:
        if inside or _BACKUP_NAME.match(name):
            make_private(backups / name)
