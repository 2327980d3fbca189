"""What a shared PostgreSQL server needs beyond portable SQL: sequences, locks, upserts."""

from __future__ import annotations

from sqlalchemy import Connection, inspect, text
from sqlalchemy.orm import Session


def reset_sequences(conn: Connection, tables: list[str] | None = None) -> None:
    """After rows were inserted with their ids given (seeded charts, a copied database), move
    each id sequence past the largest id, or the next insert collides with an existing row."""
    if conn.dialect.name != "postgresql":
        return  # SQLite takes max(id) + 1 by itself
    inspector = inspect(conn)
    for table in tables or inspector.get_table_names():
        if "id" not in {column["name"] for column in inspector.get_columns(table)}:
            continue
        sequence = conn.scalar(text("SELECT pg_get_serial_sequence(:t, 'id')"), {"t": table})
        if sequence:
            conn.execute(
                text(f'SELECT setval(:s, coalesce((SELECT max(id) FROM "{table}"), 0) + 1, false)'), {"s": sequence}
            )


# Numbers for the advisory locks below: one lock space per kind of numbering.
LOCK_SPACES = {"voucher": 1, "year_plan": 2}


def serialize(session: Session, space: str, key: int) -> None:
    """Let one transaction at a time past this point for `key` (e.g. a year's voucher
    numbers) until it commits; others wait. SQLite has one writer anyway."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:space, :key)"), {"space": LOCK_SPACES[space], "key": key})


def insert_if_absent(session: Session, model, values: dict) -> None:
    """INSERT … ON CONFLICT DO NOTHING: a row two officers may create at the same moment
    (a new year's funds row) is made once; the second waits and finds it there."""
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    session.execute(insert(model).values(**values).on_conflict_do_nothing())
