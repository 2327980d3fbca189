"""Schema versions: create an empty database, upgrade an older one (after a backup),
refuse one made by a newer version of the app or by another program."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, inspect

from unionapp import config
from unionapp.db.errors import DatabaseOpenError
from unionapp.db.snapshots import write_snapshot

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).with_name("migrations")

# Alembic is imported by the functions that use it: a file already at the head opens
# without it (db.opening), which saves a tenth of a second at every command's start.


def _alembic_config() -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_alembic_config()).get_current_head()


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def schema_state(engine: Engine) -> str:
    """ "empty", "current", "older", "newer" or "foreign" (tables but not ours)."""
    tables = set(inspect(engine).get_table_names())
    if not tables:
        return "empty"
    if "alembic_version" not in tables:
        return "foreign"
    rev = current_revision(engine)
    if rev == head_revision():
        return "current"
    from alembic.script import ScriptDirectory

    known = {s.revision for s in ScriptDirectory.from_config(_alembic_config()).walk_revisions()}
    return "older" if rev in known or rev is None else "newer"


def upgrade_to_head(engine: Engine) -> None:
    from alembic import command

    cfg = _alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


def snapshot_sqlite(path: Path, reason: str) -> Path:
    """A verified copy in the backups folder before the file is changed (upgrade, restore)."""
    folder = config.backup_dir()
    return write_snapshot(path, folder / f"{path.stem}-{reason}-{datetime.now():%Y%m%d-%H%M%S}.db")


def prepare_schema(engine: Engine, sqlite_path: Path | None) -> str:
    """Bring the schema to head; returns the state found. Raises DatabaseOpenError."""
    state = schema_state(engine)
    if state == "newer":
        raise DatabaseOpenError("这个数据库是由更新版本的工会助手创建的，当前版本无法打开。请安装最新版本的工会助手。")
    if state == "foreign":
        raise DatabaseOpenError("这个文件不是工会助手的数据库（里面有其他程序的数据），请选择正确的数据库文件。")
    if state == "older" and sqlite_path is not None:
        snapshot_sqlite(sqlite_path, "before-upgrade")
    if state in ("empty", "older"):
        upgrade_to_head(engine)
    return state
