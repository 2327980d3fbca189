"""The schema comparison's reference: the stored one is what the migrations build, and a
file upgraded from any revision compares equal to one built fresh at the head."""

import json

import pytest
from alembic import command
from sqlalchemy import create_engine

from unionapp.db import schema_check
from unionapp.db.migrate import _alembic_config, head_revision


def _upgrade(engine, revision: str) -> None:
    cfg = _alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)


def _migrated(revision: str):
    engine = create_engine("sqlite://")
    _upgrade(engine, revision)
    return engine


def test_stored_reference_is_what_the_migrations_build():
    stored = schema_check._stored_reference()
    assert stored is not None, (
        "the migrations changed since the stored reference was written: "
        "run `python -m unionapp.db.schema_check` and commit the file"
    )
    revision, schema = stored
    assert revision == head_revision()
    assert schema == schema_check.build_reference(revision)


@pytest.mark.parametrize("start", ["0001", "0002", "0003", "0004"])
def test_a_file_upgraded_from_an_older_revision_matches(start):
    engine = _migrated(start)
    try:
        assert schema_check.schema_differences(engine) == []  # as built at its own revision
        _upgrade(engine, "head")
        assert schema_check.schema_differences(engine) == []  # and at the head, once upgraded
    finally:
        engine.dispose()


def test_the_stored_reference_is_ignored_once_a_migration_changes(tmp_path, monkeypatch):
    stale = json.loads(schema_check.STORED_REFERENCE.read_text(encoding="utf-8"))
    stale["digest"] = "0" * 64
    stale["schema"]["tables"].pop("members")
    path = tmp_path / "reference_schema.json"
    path.write_text(json.dumps(stale), encoding="utf-8")
    monkeypatch.setattr(schema_check, "STORED_REFERENCE", path)
    schema_check.reference_schema.cache_clear()
    try:
        assert "members" in schema_check.reference_schema(head_revision()).tables
    finally:
        schema_check.reference_schema.cache_clear()


def test_differences_are_named_in_chinese():
    engine = _migrated("head")
    try:
        with engine.begin() as conn:
            conn.exec_driver_sql("CREATE VIEW everyone AS SELECT name, phone FROM members")
            conn.exec_driver_sql("CREATE INDEX ix_members_phone ON members (phone)")
            conn.exec_driver_sql("DROP INDEX ix_members_name")
            conn.exec_driver_sql("ALTER TABLE members ADD COLUMN spare TEXT")
        assert schema_check.schema_differences(engine) == [
            "表 members 多出的列：spare",
            "多出的索引：ix_members_phone（在表 members 上）",
            "缺少的索引：ix_members_name（在表 members 上）",
            "多出的视图：everyone",
        ]
    finally:
        engine.dispose()


def test_message_names_the_first_differences_and_counts_the_rest():
    text = schema_check.describe_differences([f"多出的表：t{n}" for n in range(10)])
    assert text.startswith("多出的表：t0；") and text.endswith("另有 4 处不同")
