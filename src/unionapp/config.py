"""Where things live: the data folder, the default database, bundled resources, the log."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import platformdirs

APP_DIR_NAME = "unionapp"
# Tests and portable installs point the data folder elsewhere with this variable.
DATA_DIR_ENV = "UNIONAPP_DATA_DIR"
# Tests and CI point the backups folder elsewhere; it wins over the user's choice.
BACKUP_DIR_ENV = "UNIONAPP_BACKUP_DIR"
BACKUP_DIR_KEY = "backup_dir"


def data_dir() -> Path:
    override = os.environ.get(DATA_DIR_ENV)
    path = Path(override) if override else Path(platformdirs.user_data_dir(APP_DIR_NAME, appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def local_settings_path() -> Path:
    """Settings of this computer (not of the database), such as where backups go."""
    return data_dir() / "local.json"


def read_local_setting(key: str) -> str | None:
    try:
        values = json.loads(local_settings_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):  # missing or hand-damaged: the defaults apply
        return None
    value = values.get(key) if isinstance(values, dict) else None
    return value if isinstance(value, str) and value else None


def write_local_setting(key: str, value: str | None) -> None:
    """Set (or with None remove) one setting; the file is replaced whole, never half-written."""
    path = local_settings_path()
    try:
        values = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        values = {}
    if not isinstance(values, dict):
        values = {}
    if value is None:
        values.pop(key, None)
    else:
        values[key] = value
    partial = path.with_name(path.name + ".partial")
    partial.write_text(json.dumps(values, ensure_ascii=False, indent=2), encoding="utf-8")
    os.replace(partial, path)


def backup_dir() -> Path:
    """Where backups go: the environment variable, else the folder chosen on this
    computer, else 'backups' in the data folder. Not created here."""
    chosen = os.environ.get(BACKUP_DIR_ENV) or read_local_setting(BACKUP_DIR_KEY)
    return Path(chosen) if chosen else default_backup_dir()


def default_backup_dir() -> Path:
    return data_dir() / "backups"


def default_db_path() -> Path:
    return data_dir() / "unionapp.db"


def log_path() -> Path:
    return data_dir() / "unionapp.log"


def resource_path(*parts: str) -> Path:
    """A file under resources/, both from a source checkout and from a PyInstaller bundle."""
    if getattr(sys, "frozen", False):
        base = Path(getattr(sys, "_MEIPASS", Path(sys.executable).parent))
    else:
        base = Path(__file__).resolve().parents[2]
    return base.joinpath("resources", *parts)


def font_path() -> Path:
    return resource_path("fonts", "wqy-microhei.ttc")


def database_url(db: str | None) -> str:
    """`--db` takes a SQLAlchemy URL or a file path; no value means the default file."""
    if db and "://" in db:
        return db
    path = Path(db).expanduser() if db else default_db_path()
    return sqlite_url(path.resolve())


def sqlite_url(path: str | os.PathLike) -> str:
    """SQLAlchemy URL text of a SQLite file; make_url() gives back exactly `path`. Built,
    not pasted: a "?", "#" or "%" in a file name is part of the name, not URL syntax."""
    from sqlalchemy.engine import URL  # not at import: the CLI parses arguments without SQLAlchemy

    return URL.create("sqlite", database=os.path.abspath(os.fspath(path))).render_as_string(hide_password=False)
