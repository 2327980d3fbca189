"""Schema versions: an empty file goes to head, an older one is upgraded after a backup,
a newer or foreign one is refused, and the models match the migrations."""

import sqlite3

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, inspect

from unionapp import config
from unionapp.db.errors import DatabaseOpenError
from unionapp.db.migrate import current_revision, head_revision
from unionapp.db.models import Base
from unionapp.db.opening import open_database


def test_empty_file_is_upgraded_to_head(db_path):
    db = open_database(config.database_url(str(db_path)))
    assert current_revision(db.engine) == head_revision()
    assert {"members", "union_groups", "settings", "audit_log"} <= set(inspect(db.engine).get_table_names())
    db.dispose()


def test_models_match_migrations(db):
    with db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []


def test_sqlite_pragmas(db):
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"


def test_newer_database_is_refused(db_path):
    open_database(config.database_url(str(db_path))).dispose()
    with sqlite3.connect(db_path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999_future'")
    with pytest.raises(DatabaseOpenError, match="更新版本"):
        open_database(config.database_url(str(db_path)))


def test_foreign_database_is_refused(db_path):
    with sqlite3.connect(db_path) as conn:
        conn.execute("CREATE TABLE orders (id INTEGER)")
    with pytest.raises(DatabaseOpenError, match="不是工会助手的数据库"):
        open_database(config.database_url(str(db_path)))


def test_not_a_database_file_is_refused(db_path):
    db_path.write_bytes(b"this is a spreadsheet, not a database" * 100)
    with pytest.raises(DatabaseOpenError, match="不是工会助手的数据库"):
        open_database(config.database_url(str(db_path)))


def test_older_database_is_backed_up_then_upgraded(db_path, data_dir):
    """A file made by the first release (revision 0001) with a member in it."""
    from alembic import command

    from unionapp.db.migrate import _alembic_config

    engine = create_engine(config.database_url(str(db_path)))
    cfg = _alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0001")
        conn.exec_driver_sql(
            "INSERT INTO members (name, search_keys, sort_key, ethnicity, political_status, phone, department, title,"
            " status, is_union_member, native_province, hardship_level, retirement_category, notes, created_at,"
            " updated_at, version) VALUES ('张三', '|zhangsan|zs|', 'zhang san', '', '', '', '', '', 'active', 1, '',"
            " '', 'M60', '', '2026-01-01', '2026-01-01', 1)"
        )
    engine.dispose()
    db = open_database(config.database_url(str(db_path)))
    assert current_revision(db.engine) == head_revision()
    from unionapp.services import members

    assert [r.name for r in members.list_members(db)] == ["张三"]
    assert {"fund_categories", "ledger_entries"} <= set(inspect(db.engine).get_table_names())
    db.dispose()
    backups = list((data_dir / "backups").glob("*before-upgrade*.db"))
    assert len(backups) == 1
    with sqlite3.connect(backups[0]) as conn:  # the backup is the file as it was
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)


def test_missing_file_without_create(db_path):
    with pytest.raises(DatabaseOpenError, match="找不到数据库文件"):
        open_database(config.database_url(str(db_path)), create=False)


def test_missing_folder(tmp_path):
    with pytest.raises(DatabaseOpenError, match="文件夹不存在"):
        open_database(config.database_url(str(tmp_path / "no" / "such" / "union.db")))
