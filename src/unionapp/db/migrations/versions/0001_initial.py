"""initial schema: members, union groups, settings, audit log

Revision ID: 0001
Revises:
Create Date: 2026-11-21
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("os_user", sa.String(length=100), nullable=False),
        sa.Column("operator", sa.String(length=50), nullable=False),
        sa.Column("action", sa.String(length=20), nullable=False),
        sa.Column("entity", sa.String(length=30), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=True),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("details", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
    )
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_log_at"), ["at"], unique=False)
        batch_op.create_index(batch_op.f("ix_audit_log_entity"), ["entity"], unique=False)

    op.create_table(
        "settings",
        sa.Column("key", sa.String(length=50), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_settings")),
    )
    op.create_table(
        "union_groups",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=50), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_union_groups")),
        sa.UniqueConstraint("name", name=op.f("uq_union_groups_name")),
    )
    op.create_table(
        "members",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=50), nullable=False),
        sa.Column("search_keys", sa.String(length=400), nullable=False),
        sa.Column("sort_key", sa.String(length=200), nullable=False),
        sa.Column("gender", sa.String(length=1), nullable=True),
        sa.Column("id_number", sa.String(length=18), nullable=True),
        sa.Column("birth_date", sa.Date(), nullable=True),
        sa.Column("ethnicity", sa.String(length=20), nullable=False),
        sa.Column("political_status", sa.String(length=20), nullable=False),
        sa.Column("phone", sa.String(length=20), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=True),
        sa.Column("department", sa.String(length=100), nullable=False),
        sa.Column("title", sa.String(length=50), nullable=False),
        sa.Column("work_start_date", sa.Date(), nullable=True),
        sa.Column("join_union_date", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("is_union_member", sa.Boolean(), nullable=False),
        sa.Column("native_province", sa.String(length=20), nullable=False),
        sa.Column("hardship_level", sa.String(length=20), nullable=False),
        sa.Column("hardship_since", sa.Date(), nullable=True),
        sa.Column("retirement_category", sa.String(length=3), nullable=False),
        sa.Column("retirement_date", sa.Date(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["group_id"], ["union_groups.id"], name=op.f("fk_members_group_id_union_groups")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_members")),
        sa.UniqueConstraint("id_number", name=op.f("uq_members_id_number")),
    )
    with op.batch_alter_table("members", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_members_group_id"), ["group_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_members_name"), ["name"], unique=False)
        batch_op.create_index("ix_members_name_birth", ["name", "birth_date"], unique=False)
        batch_op.create_index(batch_op.f("ix_members_sort_key"), ["sort_key"], unique=False)
        batch_op.create_index(batch_op.f("ix_members_status"), ["status"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("members", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_members_status"))
        batch_op.drop_index(batch_op.f("ix_members_sort_key"))
        batch_op.drop_index("ix_members_name_birth")
        batch_op.drop_index(batch_op.f("ix_members_name"))
        batch_op.drop_index(batch_op.f("ix_members_group_id"))

    op.drop_table("members")
    op.drop_table("union_groups")
    op.drop_table("settings")
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_log_entity"))
        batch_op.drop_index(batch_op.f("ix_audit_log_at"))

    op.drop_table("audit_log")
