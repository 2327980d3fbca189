"""remembered import mappings: a file's own headers and coded values, per area

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "import_mappings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("area", sa.String(length=20), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("field", sa.String(length=40), nullable=False),
        sa.Column("source", sa.String(length=200), nullable=False),
        sa.Column("target", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("area IN ('members', 'ledger', 'visits', 'checkups')", name=op.f("ck_import_mappings_area")),
        sa.CheckConstraint(
            "(kind = 'column' AND field = '') OR (kind = 'value' AND field <> '' AND target <> '')",
            name=op.f("ck_import_mappings_kind"),
        ),
        sa.CheckConstraint("source <> ''", name=op.f("ck_import_mappings_source")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_import_mappings")),
        sa.UniqueConstraint("area", "kind", "field", "source", name="uq_import_mappings_key"),
    )


def downgrade() -> None:
    op.drop_table("import_mappings")
