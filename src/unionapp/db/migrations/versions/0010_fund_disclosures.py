"""fund disclosures (经费收支公开记录): each time the union's accounts were posted for the
staff to see, for the inspection binder's 经费公开次数

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-04
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "fund_disclosures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("published_on", sa.Date(), nullable=False),
        sa.Column("period", sa.String(length=50), nullable=False),
        sa.Column("place", sa.String(length=100), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fund_disclosures")),
    )
    with op.batch_alter_table("fund_disclosures", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_fund_disclosures_year"), ["year"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("fund_disclosures", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_fund_disclosures_year"))
    op.drop_table("fund_disclosures")
