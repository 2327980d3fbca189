"""Where things live: the data folder, the default database, bundled resources, the log."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

APP_DIR_NAME = "unionapp"
# Tests and portable installs point the data folder elsewhere with this variable.
DATA_DIR_ENV = "UNIONAPP_DATA_DIR"


def data_dir() -> Path:
    override = os.environ.get(DATA_DIR_ENV)
    path = Path(override) if override else Path(platformdirs.user_data_dir(APP_DIR_NAME, appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


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
    return "sqlite:///" + str(path.resolve())
