"""Is a database's schema exactly what this version's migrations build? A file from
elsewhere (a backup, a file opened with --db) may carry a trigger that copies ID numbers
out or changes amounts, a view in place of a table, or tables missing or altered behind
the version number: integrity and the version number can't tell. The reference is an
in-memory database migrated to the same revision, built once per revision and process;
the head's is stored (see reference_schema), so a file at the head costs a few ms.

What is compared on SQLite: tables; each column's name, declared type, NOT NULL,
default, primary-key position and hidden (generated) flag; indexes (named ones by name,
SQLite's automatic ones for UNIQUE/PRIMARY KEY by their columns, whatever their
sqlite_autoindex_* name); foreign keys; triggers and views (name, table and SQL). An extra
index counts as a difference too: the migrations make every index the app needs, and an
unexpected one (a UNIQUE index, say) can refuse ordinary saves. Only sqlite_sequence and
sqlite_stat1-4 are ignored; any other object SQLite loads counts, whatever its name.

Reading a schema into comparable form, its stored JSON form and comparing two schemas
are in schema_compare; this module picks the reference (stored or built from the
migrations), checks files and servers, and re-exports the public names (`__all__`)."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from functools import cache
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, inspect, text

from unionapp.db.engine import create_engine
from unionapp.db.errors import DatabaseOpenError
from unionapp.db.schema_compare import (
    IGNORED_TABLES,
    Schema,
    Table,
    compare_schemas,
    extra_missing,
    query_for,
    read_sqlite_schema,
    schema_from_json,
    schema_to_json,
)
from unionapp.db.snapshots import connect_read_only

# What the migrations build at the head revision; see reference_schema.
STORED_REFERENCE = Path(__file__).with_name("migrations") / "reference_schema.json"
SHOWN = 6  # differences named in a message; the rest are counted

__all__ = [
    "IGNORED_TABLES",
    "SHOWN",
    "STORED_REFERENCE",
    "Schema",
    "SchemaMismatchError",
    "Table",
    "build_reference",
    "describe_differences",
    "migrations_digest",
    "read_sqlite_schema",
    "reference_schema",
    "refuse_unexpected_schema",
    "schema_differences",
    "write_stored_reference",
]


class SchemaMismatchError(DatabaseOpenError):
    """The file's schema is not what this version's migrations build at its revision.
    `differences` lists them in Chinese."""

    def __init__(self, path: Path, differences: list[str]):
        super().__init__(
            f"这个数据库文件的结构与工会助手应有的结构不同（可能被其他程序改动过，或被放进了会在保存时"
            f"自动运行的内容），为了保护数据，没有打开它：{path}。不同之处：{describe_differences(differences)}。"
            "请用“文件 → 从备份恢复…”换回一个完好的备份，或请管理电脑的老师检查这个文件。"
        )
        self.path = path
        self.differences = differences


# ---------------------------------------------------------------- the entry points


def refuse_unexpected_schema(path: Path) -> None:
    """Raise SchemaMismatchError when an existing SQLite file's schema differs from the
    migrations' at its revision. Reads only, so it runs before any write or upgrade."""
    try:
        conn = connect_read_only(path)
        try:
            differences = schema_differences(conn)
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise DatabaseOpenError(f"无法读取数据库文件的结构（{exc}）：{path}。数据库没有改动。") from exc
    if differences:
        raise SchemaMismatchError(path, differences)


def schema_differences(target: Any) -> list[str]:
    """What differs between the database and what the migrations build at its revision,
    in Chinese, one sentence per difference; [] when they are the same, or when the
    revision is unknown (a newer app's file: refused elsewhere as such) or the file has
    no alembic_version but tables (another program's file: refused elsewhere).
    `target`: an Engine, a SQLAlchemy Connection or a sqlite3.Connection."""
    if isinstance(target, Engine):
        with target.connect() as conn:
            return schema_differences(conn)
    if isinstance(target, Connection) and target.dialect.name != "sqlite":
        return _server_differences(target)
    query = query_for(target)
    found = read_sqlite_schema(query)
    if "alembic_version" not in found.tables:
        if found.tables:
            return []
        return compare_schemas(Schema(), found)  # no tables: nothing may be there at all (a view, say)
    rows = query("SELECT version_num FROM alembic_version")
    if len(rows) > 1:
        return [_version_rows_changed(len(rows))]
    revision = rows[0][0] if rows else None
    if not _is_known(revision):
        return []
    return compare_schemas(reference_schema(revision), found)


def _version_rows_changed(count: int) -> str:
    return f"版本记录被改动（alembic_version 中有 {count} 行，应只有 1 行）"


def describe_differences(differences: list[str]) -> str:
    """The first few differences for a message, the rest counted."""
    shown = "；".join(differences[:SHOWN])
    more = len(differences) - SHOWN
    return shown + (f"；另有 {more} 处不同" if more > 0 else "")


@cache
def reference_schema(revision: str | None) -> Schema:
    """What the migrations build at `revision`. The head's is stored beside the
    migrations (building it costs 0.1-0.2 s, at every start); it is used only while the
    migration scripts are byte for byte the ones it was made from, else it is built."""
    stored = _stored_reference()
    if stored is not None and stored[0] == revision:
        return stored[1]
    return build_reference(revision)


def build_reference(revision: str | None) -> Schema:
    """Run the migrations up to `revision` in a database in memory and read its schema."""
    from alembic import command

    from unionapp.db.migrate import _alembic_config

    engine = create_engine("sqlite://")
    try:
        with engine.begin() as conn:
            if revision is None:  # an alembic_version with no row: just that table
                conn.exec_driver_sql(
                    "CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL, "
                    "CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num))"
                )
            else:
                cfg = _alembic_config()
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, revision)
        with engine.connect() as conn:
            return read_sqlite_schema(query_for(conn))
    finally:
        engine.dispose()


def migrations_digest() -> str:
    """A fingerprint of the migration scripts (env.py and every revision)."""
    from unionapp.db.migrate import MIGRATIONS_DIR

    digest = hashlib.sha256()
    for script in [MIGRATIONS_DIR / "env.py", *sorted((MIGRATIONS_DIR / "versions").glob("*.py"))]:
        # Line endings as checked out (Windows git) don't change what a script does.
        digest.update(script.name.encode() + b"\0" + script.read_bytes().replace(b"\r\n", b"\n") + b"\0")
    return digest.hexdigest()


def _stored_reference() -> tuple[str, Schema] | None:
    try:
        stored = json.loads(STORED_REFERENCE.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if stored.get("digest") != migrations_digest():
        return None
    return stored["revision"], schema_from_json(stored["schema"])


@cache
def stored_head() -> str | None:
    """The head revision, from the stored reference while the migration scripts are the
    ones it was made from (it is made at the head); None otherwise. Needs no Alembic."""
    stored = _stored_reference()
    return stored[0] if stored is not None else None


def write_stored_reference() -> Path:
    """Store the head's reference (run after adding a migration: `python -m unionapp.db.schema_check`)."""
    from unionapp.db.migrate import head_revision

    revision = head_revision()
    data = {"digest": migrations_digest(), "revision": revision, "schema": schema_to_json(build_reference(revision))}
    STORED_REFERENCE.write_text(_compact_json(data) + "\n", encoding="utf-8")
    reference_schema.cache_clear()
    stored_head.cache_clear()
    return STORED_REFERENCE


def _compact_json(value, indent: str = "") -> str:
    """Indented JSON with each list on one line: one line per column or index to review."""
    if not isinstance(value, dict) or not value:
        return json.dumps(value, ensure_ascii=False)
    inner = indent + " "
    items = ",\n".join(
        f"{inner}{json.dumps(key, ensure_ascii=False)}: {_compact_json(value[key], inner)}" for key in sorted(value)
    )
    return "{\n" + items + "\n" + indent + "}"


@cache
def _known_revisions() -> frozenset[str]:
    from alembic.script import ScriptDirectory

    from unionapp.db.migrate import _alembic_config

    return frozenset(s.revision for s in ScriptDirectory.from_config(_alembic_config()).walk_revisions())


def _is_known(revision: str | None) -> bool:
    """None (an alembic_version with no row) is the start of every history."""
    return revision is None or revision == stored_head() or revision in _known_revisions()


# ---------------------------------------------------------------- PostgreSQL


def _server_differences(conn: Connection) -> list[str]:
    """A server database through its catalog. Types, defaults and index details differ
    between dialects by design, so only table, column and (non-constraint) index NAMES are
    compared with the SQLite reference at the same revision. The migrations make no
    trigger, view or rule on a server (foreign keys' triggers are internal), so any
    non-internal trigger, any view or materialized view and any rule in the public schema
    is reported as extra."""
    from alembic.runtime.migration import MigrationContext

    inspector = inspect(conn)
    tables = set(inspector.get_table_names())
    if "alembic_version" not in tables:
        return []
    count = conn.execute(text("SELECT count(*) FROM alembic_version")).scalar_one()
    if count > 1:
        return [_version_rows_changed(count)]
    revision = MigrationContext.configure(conn).get_current_revision()
    if not _is_known(revision):
        return []
    reference = reference_schema(revision)
    out = extra_missing("表", reference.tables, dict.fromkeys(tables))
    for name in sorted(tables & reference.tables.keys()):
        columns = {c["name"] for c in inspector.get_columns(name)}
        out += [f"表 {name} 多出的列：{c}" for c in sorted(columns - reference.tables[name].columns.keys())]
        out += [f"表 {name} 缺少的列：{c}" for c in sorted(reference.tables[name].columns.keys() - columns)]
        indexes = {i["name"] for i in inspector.get_indexes(name) if not i.get("duplicates_constraint")}
        wanted = {key for key in reference.tables[name].indexes if ":" not in key}
        out += [f"多出的索引：{i}（在表 {name} 上）" for i in sorted(indexes - wanted)]
        out += [f"缺少的索引：{i}（在表 {name} 上）" for i in sorted(wanted - indexes)]
    return out + _server_extras(conn)


def _server_extras(conn: Connection) -> list[str]:
    triggers = conn.execute(
        text(
            "SELECT t.tgname, c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE NOT t.tgisinternal AND n.nspname = 'public' "
            "ORDER BY 1"
        )
    )
    out = [f"多出的触发器：{name}（在表 {table} 上）" for name, table in triggers]
    views = conn.execute(
        text(
            "SELECT viewname FROM pg_views WHERE schemaname = 'public' UNION "
            "SELECT matviewname FROM pg_matviews WHERE schemaname = 'public' ORDER BY 1"
        )
    )
    out += [f"多出的视图：{name}" for (name,) in views]
    rules = conn.execute(text("SELECT rulename, tablename FROM pg_rules WHERE schemaname = 'public' ORDER BY 1"))
    return out + [f"多出的规则：{name}（在表 {table} 上）" for name, table in rules]


if __name__ == "__main__":
    print(write_stored_reference())
