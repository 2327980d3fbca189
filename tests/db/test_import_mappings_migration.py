"""Revision 0006 adds the remembered import mappings to a database that already has records."""

import sqlite3

import pytest
from alembic import command
from sqlalchemy import create_engine, inspect

from unionapp import config
from unionapp.db.migrate import _alembic_config, current_revision, head_revision
from unionapp.db.opening import open_database
from unionapp.services import import_mappings, members


def _at_0005_with_a_member(db_path) -> None:
    engine = create_engine(config.database_url(str(db_path)))
    cfg = _alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0005")
        conn.exec_driver_sql(
            "INSERT INTO members (name, search_keys, sort_key, ethnicity, political_status, phone, department, title,"
            " status, is_union_member, native_province, hardship_level, retirement_category, notes, created_at,"
            " updated_at, version) VALUES ('张三', '|zhangsan|zs|', 'zhang san', '', '', '', '', '', 'active', 1, '',"
            " '', 'M60', '', '2026-01-01', '2026-01-01', 1)"
        )
    engine.dispose()


def test_upgrade_from_0005_keeps_records_and_adds_an_empty_mappings_table(db_path):
    _at_0005_with_a_member(db_path)
    db = open_database(config.database_url(str(db_path)))
    assert current_revision(db.engine) == head_revision()
    assert "import_mappings" in inspect(db.engine).get_table_names()
    assert [r.name for r in members.list_members(db)] == ["张三"]
    assert import_mappings.list_mappings(db) == []
    db.dispose()


@pytest.mark.parametrize(
    "values",
    [
        "('payroll', 'column', '', '所在工会小组', 'group_name')",  # no such area
        "('members', 'cell', '', '所在工会小组', 'group_name')",  # no such kind
        "('members', 'column', 'status', '所在工会小组', 'group_name')",  # a column belongs to no field
        "('ledger', 'value', '', '送温暖慰问', '维权支出/送温暖费')",  # a value must name its field
        "('ledger', 'value', 'category', '送温暖慰问', '')",  # a value maps to something
        "('members', 'column', '', '', 'group_name')",  # the file's text is never empty
    ],
)
def test_the_table_refuses_rows_the_service_would_never_write(db_path, values):
    open_database(config.database_url(str(db_path))).dispose()
    with sqlite3.connect(db_path) as conn, pytest.raises(sqlite3.IntegrityError, match="CHECK"):
        conn.execute(
            "INSERT INTO import_mappings (area, kind, field, source, target, created_at, updated_at)"
            f" VALUES {values[:-1]}, '2026-01-01', '2026-01-01')"
        )


def test_one_mapping_per_area_kind_field_and_source(db_path):
    open_database(config.database_url(str(db_path))).dispose()
    row = "('members', 'column', '', '所在工会小组', 'group_name', '2026-01-01', '2026-01-01')"
    insert = f"INSERT INTO import_mappings (area, kind, field, source, target, created_at, updated_at) VALUES {row}"
    with sqlite3.connect(db_path) as conn:
        conn.execute(insert)
        with pytest.raises(sqlite3.IntegrityError, match="UNIQUE"):
            conn.execute(insert)
