"""PostgreSQL: id sequences past the seeded rows; pinyin sort keys compared byte by byte

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-21
"""

import sqlalchemy as sa
from alembic import op

from unionapp.db.postgres import reset_sequences

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name != "postgresql":
        return  # SQLite compares text byte by byte already and needs no sequences
    reset_sequences(conn)
    # A server's default collation (e.g. ICU zh-CN) orders "zhang san" differently from
    # SQLite; the key is built to be compared byte by byte, as "C" does.
    op.alter_column(
        "members",
        "sort_key",
        type_=sa.String(200, collation="C"),
        existing_type=sa.String(200),
        existing_nullable=False,
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.alter_column(
            "members",
            "sort_key",
            type_=sa.String(200),
            existing_type=sa.String(200, collation="C"),
            existing_nullable=False,
        )
