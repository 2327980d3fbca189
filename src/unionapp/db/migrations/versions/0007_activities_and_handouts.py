"""activities and handouts: spending rules, handouts and their recipients, activities
with their groups, sign-ups, prizes and costs; two more import-mapping areas

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03
"""

from datetime import date, datetime

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "spending_rules",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("effective_from", sa.Date(), nullable=False),
        sa.Column("min_fen", sa.Integer(), nullable=False),
        sa.Column("max_fen", sa.Integer(), nullable=False),
        sa.Column("share_bp", sa.Integer(), nullable=False),
        sa.Column("source_doc", sa.String(length=100), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_spending_rules")),
        sa.UniqueConstraint("kind", "effective_from", name="uq_spending_rules_kind_from"),
    )
    op.create_table(
        "activities",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("date_from", sa.Date(), nullable=False),
        sa.Column("date_to", sa.Date(), nullable=False),
        sa.Column("place", sa.String(length=100), nullable=False),
        sa.Column("organiser", sa.String(length=50), nullable=False),
        sa.Column("budget_fen", sa.Integer(), nullable=False),
        sa.Column("category_id", sa.Integer(), nullable=True),
        sa.Column("prizes_issued", sa.Boolean(), nullable=False),
        sa.Column("approver", sa.String(length=50), nullable=False),
        sa.Column("approval_no", sa.String(length=50), nullable=False),
        sa.Column("warnings", sa.Text(), nullable=False),
        sa.Column("warning_reason", sa.Text(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["category_id"], ["fund_categories.id"], name=op.f("fk_activities_category_id_fund_categories")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_activities")),
    )
    with op.batch_alter_table("activities", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_activities_date_from"), ["date_from"], unique=False)
        batch_op.create_index(batch_op.f("ix_activities_year"), ["year"], unique=False)

    op.create_table(
        "handouts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("handout_date", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("value_kind", sa.String(length=10), nullable=False),
        sa.Column("item", sa.String(length=100), nullable=False),
        sa.Column("value_fen", sa.Integer(), nullable=False),
        sa.Column("category_id", sa.Integer(), nullable=True),
        sa.Column("rule", sa.String(length=20), nullable=False),
        sa.Column("rule_month", sa.Integer(), nullable=True),
        sa.Column("rule_group_id", sa.Integer(), nullable=True),
        sa.Column("rule_handout_id", sa.Integer(), nullable=True),
        sa.Column("approver", sa.String(length=50), nullable=False),
        sa.Column("approval_no", sa.String(length=50), nullable=False),
        sa.Column("handler", sa.String(length=50), nullable=False),
        sa.Column("warnings", sa.Text(), nullable=False),
        sa.Column("warning_reason", sa.Text(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint("value_fen >= 0", name=op.f("ck_handouts_value")),
        sa.ForeignKeyConstraint(
            ["category_id"], ["fund_categories.id"], name=op.f("fk_handouts_category_id_fund_categories")
        ),
        sa.ForeignKeyConstraint(
            ["rule_group_id"], ["union_groups.id"], name=op.f("fk_handouts_rule_group_id_union_groups")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_handouts")),
    )
    with op.batch_alter_table("handouts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_handouts_handout_date"), ["handout_date"], unique=False)
        batch_op.create_index(batch_op.f("ix_handouts_year"), ["year"], unique=False)

    op.create_table(
        "activity_costs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.Column("cost_date", sa.Date(), nullable=False),
        sa.Column("item", sa.String(length=50), nullable=False),
        sa.Column("amount_fen", sa.Integer(), nullable=False),
        sa.Column("note", sa.String(length=200), nullable=False),
        sa.CheckConstraint("amount_fen > 0", name=op.f("ck_activity_costs_amount")),
        sa.ForeignKeyConstraint(
            ["activity_id"], ["activities.id"], name=op.f("fk_activity_costs_activity_id_activities")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_activity_costs")),
    )
    with op.batch_alter_table("activity_costs", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_activity_costs_activity_id"), ["activity_id"], unique=False)

    op.create_table(
        "activity_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("event", sa.String(length=50), nullable=False),
        sa.Column("team", sa.String(length=50), nullable=False),
        sa.Column("attended", sa.Boolean(), nullable=False),
        sa.Column("result", sa.String(length=50), nullable=False),
        sa.Column("place", sa.String(length=20), nullable=False),
        sa.Column("note", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["activity_id"], ["activities.id"], name=op.f("fk_activity_entries_activity_id_activities")
        ),
        sa.ForeignKeyConstraint(["member_id"], ["members.id"], name=op.f("fk_activity_entries_member_id_members")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_activity_entries")),
        sa.UniqueConstraint("activity_id", "member_id", "event", name="uq_activity_entries_person_event"),
    )
    with op.batch_alter_table("activity_entries", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_activity_entries_activity_id"), ["activity_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_activity_entries_member_id"), ["member_id"], unique=False)

    op.create_table(
        "activity_groups",
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["activity_id"], ["activities.id"], name=op.f("fk_activity_groups_activity_id_activities")
        ),
        sa.ForeignKeyConstraint(
            ["group_id"], ["union_groups.id"], name=op.f("fk_activity_groups_group_id_union_groups")
        ),
        sa.PrimaryKeyConstraint("activity_id", "group_id", name=op.f("pk_activity_groups")),
    )
    op.create_table(
        "activity_prizes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("team", sa.String(length=50), nullable=False),
        sa.Column("team_size", sa.Integer(), nullable=False),
        sa.Column("award", sa.String(length=50), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("item", sa.String(length=100), nullable=False),
        sa.Column("value_fen", sa.Integer(), nullable=False),
        sa.CheckConstraint("value_fen >= 0 AND team_size >= 1", name=op.f("ck_activity_prizes_value")),
        sa.ForeignKeyConstraint(
            ["activity_id"], ["activities.id"], name=op.f("fk_activity_prizes_activity_id_activities")
        ),
        sa.ForeignKeyConstraint(["member_id"], ["members.id"], name=op.f("fk_activity_prizes_member_id_members")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_activity_prizes")),
    )
    with op.batch_alter_table("activity_prizes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_activity_prizes_activity_id"), ["activity_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_activity_prizes_member_id"), ["member_id"], unique=False)

    op.create_table(
        "handout_recipients",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("handout_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("value_fen", sa.Integer(), nullable=False),
        sa.Column("note", sa.String(length=200), nullable=False),
        sa.CheckConstraint("value_fen >= 0", name=op.f("ck_handout_recipients_value")),
        sa.ForeignKeyConstraint(
            ["handout_id"], ["handouts.id"], name=op.f("fk_handout_recipients_handout_id_handouts")
        ),
        sa.ForeignKeyConstraint(["member_id"], ["members.id"], name=op.f("fk_handout_recipients_member_id_members")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_handout_recipients")),
        sa.UniqueConstraint("handout_id", "member_id", name="uq_handout_recipients_handout_member"),
    )
    with op.batch_alter_table("handout_recipients", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_handout_recipients_handout_id"), ["handout_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_handout_recipients_member_id"), ["member_id"], unique=False)

    _widen_mapping_areas(AREAS_AFTER)
    _seed_rules()


def downgrade() -> None:
    _widen_mapping_areas(AREAS_BEFORE)
    with op.batch_alter_table("handout_recipients", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_handout_recipients_member_id"))
        batch_op.drop_index(batch_op.f("ix_handout_recipients_handout_id"))

    op.drop_table("handout_recipients")
    with op.batch_alter_table("activity_prizes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_activity_prizes_member_id"))
        batch_op.drop_index(batch_op.f("ix_activity_prizes_activity_id"))

    op.drop_table("activity_prizes")
    op.drop_table("activity_groups")
    with op.batch_alter_table("activity_entries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_activity_entries_member_id"))
        batch_op.drop_index(batch_op.f("ix_activity_entries_activity_id"))

    op.drop_table("activity_entries")
    with op.batch_alter_table("activity_costs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_activity_costs_activity_id"))

    op.drop_table("activity_costs")
    with op.batch_alter_table("handouts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_handouts_year"))
        batch_op.drop_index(batch_op.f("ix_handouts_handout_date"))

    op.drop_table("handouts")
    with op.batch_alter_table("activities", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_activities_year"))
        batch_op.drop_index(batch_op.f("ix_activities_date_from"))

    op.drop_table("activities")
    op.drop_table("spending_rules")


AREAS_BEFORE = "area IN ('members', 'ledger', 'visits', 'checkups')"
AREAS_AFTER = "area IN ('members', 'ledger', 'visits', 'checkups', 'handouts', 'activity')"


def _widen_mapping_areas(condition: str) -> None:
    """The import mappings' area check, redrawn for the two new importers."""
    with op.batch_alter_table("import_mappings", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_import_mappings_area"), type_="check")
        batch_op.create_check_constraint("area", condition)


# The seed charter's rule as this revision seeds it: (kind, from, min fen, max fen, share
# in basis points, source). A frozen copy of domain.spending_rules.DEFAULT_RULES.
RULES = [
    (
        "activity_prizes",
        date(2000, 1, 1),
        150_000,
        300_000,
        0,
        "学校工会章程（文体部：每次活动奖金总额或纪念品总值1500—3000元）",
    ),
]


def _seed_rules() -> None:
    table = sa.table(
        "spending_rules",
        sa.column("kind", sa.String),
        sa.column("effective_from", sa.Date),
        sa.column("min_fen", sa.Integer),
        sa.column("max_fen", sa.Integer),
        sa.column("share_bp", sa.Integer),
        sa.column("source_doc", sa.String),
        sa.column("created_at", sa.DateTime),
    )
    rows = [
        dict(
            kind=k,
            effective_from=d,
            min_fen=lo,
            max_fen=hi,
            share_bp=bp,
            source_doc=doc,
            created_at=datetime(2026, 12, 3),
        )
        for k, d, lo, hi, bp, doc in RULES
    ]
    op.bulk_insert(table, rows)
