"""A database's schema in comparable form: read from SQLite (sqlite_master and the pragmas,
never a table's rows) into a Schema, compared with another one (each difference a sentence
in Chinese), and stored as JSON. What is read and compared, and why, is described in
schema_check, which picks the reference to compare with; this module imports nothing from it."""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass, field

IGNORED_TABLES = {"sqlite_sequence", "sqlite_stat1", "sqlite_stat2", "sqlite_stat3", "sqlite_stat4"}


@dataclass
class Table:
    columns: dict[str, tuple] = field(default_factory=dict)  # name -> (type, notnull, default, pk, hidden)
    indexes: dict[str, tuple] = field(default_factory=dict)  # key (see _index_key) -> definition
    foreign_keys: frozenset = frozenset()
    # CHECK, ON CONFLICT and COLLATE clauses from the CREATE TABLE (no pragma shows them),
    # normalised (see table_clauses), each with how many times it occurs
    clauses: dict[str, int] = field(default_factory=dict)


@dataclass
class Schema:
    tables: dict[str, Table] = field(default_factory=dict)
    triggers: dict[str, tuple[str, str]] = field(default_factory=dict)  # name -> (table, SQL)
    views: dict[str, str] = field(default_factory=dict)  # name -> SQL


# ---------------------------------------------------------------- reading SQLite


def query_for(conn):
    """`query(sql, params=())` -> rows, for a sqlite3.Connection or a SQLAlchemy Connection."""
    if isinstance(conn, sqlite3.Connection):
        return lambda sql, params=(): conn.execute(sql, params).fetchall()
    return lambda sql, params=(): conn.exec_driver_sql(sql, params).fetchall()


def read_sqlite_schema(query) -> Schema:
    """The schema as SQLite holds it: reads sqlite_master and pragmas, never a table's rows."""
    schema = Schema()
    objects = query("SELECT type, name, tbl_name, sql FROM sqlite_master")
    for kind, name, table, sql in objects:
        if kind == "table" and name not in IGNORED_TABLES:
            schema.tables[name] = _read_table(query, name)
            schema.tables[name].clauses = table_clauses(sql)
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


# ---------------------------------------------------------------- clauses only the SQL shows

_TOKEN = re.compile(
    r"""\s+|--[^\n]*|/\*.*?(?:\*/|$)|(?P<tok>'(?:[^']|'')*'|"(?:[^"]|"")*"|`(?:[^`]|``)*`|\[[^\]]*\]"""
    r"""|[A-Za-z_\u0080-\uffff][\w$\u0080-\uffff]*|\d[\w.]*|<>|!=|<=|>=|==|\|\||<<|>>|.)""",
    re.DOTALL,
)
_KEYWORDS = set(
    "ABORT AND AS ASC AUTOINCREMENT BETWEEN BINARY CASE CAST CHECK COLLATE CONFLICT CONSTRAINT CURRENT_DATE "
    "CURRENT_TIME CURRENT_TIMESTAMP DEFAULT DESC ELSE END ESCAPE EXISTS FAIL FOREIGN GENERATED GLOB IGNORE IN "
    "IS ISNULL KEY LIKE MATCH NOCASE NOT NOTNULL NULL ON OR PRIMARY REFERENCES REGEXP REPLACE ROLLBACK RTRIM "
    "SELECT THEN UNIQUE WHEN ALWAYS STORED VIRTUAL".split()
)
_TABLE_CONSTRAINTS = {"CONSTRAINT", "PRIMARY", "UNIQUE", "CHECK", "FOREIGN"}


def _tokens(sql: str) -> list[str]:
    """SQL's tokens, comments and whitespace dropped, keywords upper-cased, identifiers unquoted."""
    out = []
    for match in _TOKEN.finditer(sql):
        tok = match["tok"]
        if tok is None:
            continue
        if tok[0] in '"`[':
            tok = tok[1:-1].replace(tok[0] * 2, tok[0]) if tok[0] != "[" else tok[1:-1]
        elif tok.upper() in _KEYWORDS:
            tok = tok.upper()
        out.append(tok)
    return out


def _joined(tokens: list[str]) -> str:
    text = " ".join(tokens)
    return re.sub(r"\( | (?=[),])", lambda m: m[0].strip(), text)


def table_clauses(sql: str | None) -> dict[str, int]:
    """Every CHECK (...), ON CONFLICT <action> and COLLATE <name> in a CREATE TABLE, as
    normalised text (a column's prefixed by the column's name; an ON CONFLICT of a table
    constraint by that constraint), with how many times each occurs."""
    tokens = _tokens(sql or "")
    try:
        body = tokens[tokens.index("(") + 1 :]
    except ValueError:  # CREATE TABLE ... AS SELECT: no definitions
        return {}
    parts: list[list[str]] = [[]]
    depth = 0
    for tok in body:
        depth += (tok == "(") - (tok == ")")
        if depth < 0:
            break
        if tok == "," and depth == 0:
            parts.append([])
        else:
            parts[-1].append(tok)
    found: dict[str, int] = {}
    for part in parts:
        if not part:
            continue
        constraint = part[0].upper() in _TABLE_CONSTRAINTS
        if part[0].upper() == "CONSTRAINT" and len(part) > 2:
            part = part[2:]  # a constraint's name is no clause
        prefix = [] if constraint else [part[0]]
        for clause in _part_clauses(part):
            if clause[0] == "ON" and constraint:
                clause = part[: part.index("ON")] + clause
            key = _joined(prefix + clause)
            found[key] = found.get(key, 0) + 1
    return found


def _part_clauses(part: list[str]) -> list[list[str]]:
    out = []
    i = 0
    while i < len(part):
        tok = part[i]
        if tok == "CHECK" and i + 1 < len(part) and part[i + 1] == "(":
            depth, j = 0, i + 1
            while j < len(part):
                depth += (part[j] == "(") - (part[j] == ")")
                j += 1
                if depth == 0:
                    break
            out.append(part[i:j])
            i = j
        elif tok == "ON" and i + 2 < len(part) and part[i + 1] == "CONFLICT":
            out.append(part[i : i + 3])
            i += 3
        elif tok == "COLLATE" and i + 1 < len(part):
            out.append(["COLLATE", part[i + 1].upper()])
            i += 2
        else:
            i += 1
    return out


# ---------------------------------------------------------------- comparing


def compare_schemas(expected: Schema, found: Schema) -> list[str]:
    """What differs from `expected` in `found`, in Chinese, one sentence per difference."""
    out = extra_missing("表", expected.tables, found.tables)
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
    out += extra_missing("视图", expected.views, found.views)
    out += [
        f"视图 {name} 的定义不同"
        for name in sorted(expected.views.keys() & found.views.keys())
        if expected.views[name] != found.views[name]
    ]
    return out


def extra_missing(what: str, expected: dict, found: dict) -> list[str]:
    """ "多出的/缺少的 {what}" for the names only in `found` / only in `expected`."""
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
    for clause in sorted(found.clauses.keys() | expected.clauses.keys()):
        more = found.clauses.get(clause, 0) - expected.clauses.get(clause, 0)
        if more:
            out.append(f"表 {name} {'多出' if more > 0 else '缺少'}约束：{clause}")
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


# ---------------------------------------------------------------- the stored (JSON) form


def schema_to_json(schema: Schema) -> dict:
    tables = {
        name: {
            "columns": table.columns,
            "indexes": table.indexes,
            "foreign_keys": sorted(table.foreign_keys),
            "clauses": table.clauses,
        }
        for name, table in schema.tables.items()
    }
    return {"tables": tables, "triggers": schema.triggers, "views": schema.views}


def schema_from_json(data: dict) -> Schema:
    tables = {
        name: Table(
            {c: _tuple(v) for c, v in table["columns"].items()},
            {k: _tuple(v) for k, v in table["indexes"].items()},
            frozenset(_tuple(fk) for fk in table["foreign_keys"]),
            dict(table.get("clauses", {})),
        )
        for name, table in data["tables"].items()
    }
    return Schema(tables, {n: _tuple(v) for n, v in data["triggers"].items()}, dict(data["views"]))


def _tuple(value):
    """JSON's lists back into the tuples the comparison uses."""
    return tuple(_tuple(v) for v in value) if isinstance(value, list) else value
