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
sqlite_stat1-4 are ignored; any other object SQLite loads counts, whatever its name."""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, inspect, text

from unionapp.db.engine import create_engine
from unionapp.db.errors import DatabaseOpenError
from unionapp.db.snapshots import connect_read_only

# What the migrations build at the head revision; see reference_schema.
STORED_REFERENCE = Path(__file__).with_name("migrations") / "reference_schema.json"
IGNORED_TABLES = {"sqlite_sequence", "sqlite_stat1", "sqlite_stat2", "sqlite_stat3", "sqlite_stat4"}
SHOWN = 6  # differences named in a message; the rest are counted


@dataclass
class Table:
    columns: dict[str, tuple] = field(default_factory=dict)  # name -> (type, notnull, default, pk, hidden)
    indexes: dict[str, tuple] = field(default_factory=dict)  # key (see _index_key) -> definition
    foreign_keys: frozenset = frozenset()


@dataclass
class Schema:
    tables: dict[str, Table] = field(default_factory=dict)
    triggers: dict[str, tuple[str, str]] = field(default_factory=dict)  # name -> (table, SQL)
    views: dict[str, str] = field(default_factory=dict)  # name -> SQL


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
    query = _query_for(target)
    found = read_sqlite_schema(query)
    if "alembic_version" not in found.tables:
        if found.tables:
            return []
        return _compare(Schema(), found)  # no tables: nothing may be there at all (a view, say)
    row = query("SELECT version_num FROM alembic_version")
    revision = row[0][0] if row else None
    if not _is_known(revision):
        return []
    return _compare(reference_schema(revision), found)


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
            return read_sqlite_schema(_query_for(conn))
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
    return stored["revision"], _schema_from_json(stored["schema"])


def write_stored_reference() -> Path:
    """Store the head's reference (run after adding a migration: `python -m unionapp.db.schema_check`)."""
    from unionapp.db.migrate import head_revision

    revision = head_revision()
    data = {"digest": migrations_digest(), "revision": revision, "schema": _schema_to_json(build_reference(revision))}
    STORED_REFERENCE.write_text(_compact_json(data) + "\n", encoding="utf-8")
    reference_schema.cache_clear()
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


def _schema_to_json(schema: Schema) -> dict:
    tables = {
        name: {"columns": table.columns, "indexes": table.indexes, "foreign_keys": sorted(table.foreign_keys)}
        for name, table in schema.tables.items()
    }
    return {"tables": tables, "triggers": schema.triggers, "views": schema.views}


def _schema_from_json(data: dict) -> Schema:
    tables = {
        name: Table(
            {c: _tuple(v) for c, v in table["columns"].items()},
            {k: _tuple(v) for k, v in table["indexes"].items()},
            frozenset(_tuple(fk) for fk in table["foreign_keys"]),
        )
        for name, table in data["tables"].items()
    }
    return Schema(tables, {n: _tuple(v) for n, v in data["triggers"].items()}, dict(data["views"]))


def _tuple(value):
    """JSON's lists back into the tuples the comparison uses."""
    return tuple(_tuple(v) for v in value) if isinstance(value, list) else value


# ---------------------------------------------------------------- reading SQLite


def _query_for(conn):
    if isinstance(conn, sqlite3.Connection):
        return lambda sql, params=(): conn.execute(sql, params).fetchall()
    return lambda sql, params=(): conn.exec_driver_sql(sql, params).fetchall()


@cache
def _known_revisions() -> frozenset[str]:
    from alembic.script import ScriptDirectory

    from unionapp.db.migrate import _alembic_config

    return frozenset(s.revision for s in ScriptDirectory.from_config(_alembic_config()).walk_revisions())


def _is_known(revision: str | None) -> bool:
    """None (an alembic_version with no row) is the start of every history."""
    return revision is None or revision in _known_revisions()


def read_sqlite_schema(query) -> Schema:
    """The schema as SQLite holds it: reads sqlite_master and pragmas, never a table's rows."""
    schema = Schema()
    objects = query("SELECT type, name, tbl_name, sql FROM sqlite_master")
    for kind, name, table, sql in objects:
        if kind == "table" and name not in IGNORED_TABLES:
            schema.tables[name] = _read_table(query, name)
        elif kind == "trigger":
            schema.triggers[name] = (table, _normal_sql(sql))
        elif kind == "view":
            schema.views[name] = _normal_sql(sql)
    return schema


def _read_table(query, name: str) -> Table:
    table = Table()
    for _cid, column, kind, notnull, default, pk, hidden in query("SELECT * FROM pragma_table_xinfo(?)", (name,)):
        table.columns[column] = ((kind or "").upper().strip(), notnull, default, pk, hidden)
    for _seq, index, unique, origin, partial in query("SELECT * FROM pragma_index_list(?)", (name,)):
        columns = tuple(
            (col, desc, coll)
            for _no, _cid, col, desc, coll, key in query("SELECT * FROM pragma_index_xinfo(?)", (index,))
            if key
        )
        sql = query("SELECT sql FROM sqlite_master WHERE type='index' AND name=?", (index,))
        sql = sql[0][0] if sql else None
        definition = (unique, origin, partial, columns)
        if sql is not None and (partial or any(col is None for col, _d, _c in columns)):
            definition += (_normal_sql(sql),)  # a WHERE or an expression: its text is the definition
        table.indexes[_index_key(index, origin, columns, sql)] = definition
    keys: dict[int, list] = {}
    for fk_id, _seq, parent, child_col, parent_col, on_update, on_delete, match in query(
        "SELECT * FROM pragma_foreign_key_list(?)", (name,)
    ):
        keys.setdefault(fk_id, []).append((parent, child_col, parent_col, on_update, on_delete, match))
    table.foreign_keys = frozenset(tuple(rows) for rows in keys.values())
    return table


def _index_key(name: str, origin: str, columns: tuple, sql: str | None) -> str:
    """Named indexes by name; SQLite's own (no SQL: a UNIQUE or PRIMARY KEY constraint) by
    what they cover, since their sqlite_autoindex_* numbers follow declaration order."""
    if sql is None and origin in ("u", "pk"):
        return f"{origin}:" + ",".join(str(col) for col, _d, _c in columns)
    return name


def _normal_sql(sql: str | None) -> str:
    return re.sub(r"\s+", " ", sql or "").strip()


# ---------------------------------------------------------------- comparing


def _compare(expected: Schema, found: Schema) -> list[str]:
    out = _extra_missing("表", expected.tables, found.tables)
    for name in sorted(expected.tables.keys() & found.tables.keys()):
        out += _compare_table(name, expected.tables[name], found.tables[name])
    for name in sorted(found.triggers.keys() - expected.triggers.keys()):
        on = found.triggers[name][0]
        out.append(f"多出的触发器：{name}（在{'视图' if on in found.views else '表'} {on} 上）")
    for name in sorted(expected.triggers.keys() - found.triggers.keys()):
        out.append(f"缺少的触发器：{name}（在表 {expected.triggers[name][0]} 上）")
    out += [
        f"触发器 {name} 的定义不同"
        for name in sorted(expected.triggers.keys() & found.triggers.keys())
        if expected.triggers[name] != found.triggers[name]
    ]
    out += _extra_missing("视图", expected.views, found.views)
    out += [
        f"视图 {name} 的定义不同"
        for name in sorted(expected.views.keys() & found.views.keys())
        if expected.views[name] != found.views[name]
    ]
    return out


def _extra_missing(what: str, expected: dict, found: dict) -> list[str]:
    return [f"多出的{what}：{name}" for name in sorted(found.keys() - expected.keys())] + [
        f"缺少的{what}：{name}" for name in sorted(expected.keys() - found.keys())
    ]


COLUMN_PARTS = ("类型", "非空约束", "默认值", "主键", "生成方式")


def _compare_table(name: str, expected: Table, found: Table) -> list[str]:
    out = [f"表 {name} 多出的列：{c}" for c in found.columns if c not in expected.columns]
    out += [f"表 {name} 缺少的列：{c}" for c in expected.columns if c not in found.columns]
    for column in sorted(expected.columns.keys() & found.columns.keys()):
        want, have = expected.columns[column], found.columns[column]
        for part, a, b in zip(COLUMN_PARTS, want, have, strict=True):
            if a != b:
                out.append(f"表 {name} 的列 {column} {part}不同（应为 {_shown(a)}，实为 {_shown(b)}）")
    for key in sorted(found.indexes.keys() - expected.indexes.keys()):
        out.append(f"多出的{_index_words(key, name)}")
    for key in sorted(expected.indexes.keys() - found.indexes.keys()):
        out.append(f"缺少的{_index_words(key, name)}")
    out += [
        f"{_index_words(key, name)}的定义不同"
        for key in sorted(expected.indexes.keys() & found.indexes.keys())
        if expected.indexes[key] != found.indexes[key]
    ]
    if expected.foreign_keys != found.foreign_keys:
        out.append(f"表 {name} 的外键不同")
    return out


def _index_words(key: str, table: str) -> str:
    kind, _, columns = key.partition(":")
    if kind == "u" and columns:
        return f"唯一约束（表 {table} 的列 {columns}）"
    if kind == "pk" and columns:
        return f"主键约束（表 {table} 的列 {columns}）"
    return f"索引：{key}（在表 {table} 上）"


def _shown(value) -> str:
    return "空" if value in (None, "") else str(value)


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
    revision = MigrationContext.configure(conn).get_current_revision()
    if not _is_known(revision):
        return []
    reference = reference_schema(revision)
    out = _extra_missing("表", reference.tables, dict.fromkeys(tables))
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
