"""health checkups: campaigns and people

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-21
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "checkup_campaigns",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("eligibility", sa.String(length=20), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=True),
        sa.Column("hospital", sa.String(length=100), nullable=False),
        sa.Column("package", sa.String(length=100), nullable=False),
        sa.Column("date_from", sa.Date(), nullable=False),
        sa.Column("date_to", sa.Date(), nullable=False),
        sa.Column("cost_per_person_fen", sa.Integer(), nullable=False),
        sa.Column("invoice_total_fen", sa.Integer(), nullable=True),
        sa.Column("payer", sa.String(length=10), nullable=False),
        sa.Column("category_id", sa.Integer(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["category_id"], ["fund_categories.id"], name=op.f("fk_checkup_campaigns_category_id_fund_categories")
        ),
        sa.ForeignKeyConstraint(
            ["group_id"], ["union_groups.id"], name=op.f("fk_checkup_campaigns_group_id_union_groups")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_checkup_campaigns")),
    )
    with op.batch_alter_table("checkup_campaigns", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_checkup_campaigns_year"), ["year"], unique=False)

    op.create_table(
        "checkup_people",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("checkup_date", sa.Date(), nullable=True),
        sa.Column("absence_reason", sa.String(length=200), nullable=False),
        sa.Column("followup_note", sa.Text(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["campaign_id"], ["checkup_campaigns.id"], name=op.f("fk_checkup_people_campaign_id_checkup_campaigns")
        ),
        sa.ForeignKeyConstraint(["member_id"], ["members.id"], name=op.f("fk_checkup_people_member_id_members")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_checkup_people")),
        sa.UniqueConstraint("campaign_id", "member_id", name="uq_checkup_people_campaign_member"),
    )
    with op.batch_alter_table("checkup_people", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_checkup_people_campaign_id"), ["campaign_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_checkup_people_member_id"), ["member_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("checkup_people", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_checkup_people_member_id"))
        batch_op.drop_index(batch_op.f("ix_checkup_people_campaign_id"))

    op.drop_table("checkup_people")
    with op.batch_alter_table("checkup_campaigns", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_checkup_campaigns_year"))

    op.drop_table("checkup_campaigns")
