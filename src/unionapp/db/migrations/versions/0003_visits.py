"""five must-visits: types, standards, visits

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-21
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "visit_types",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=50), nullable=False),
        sa.Column("synonyms", sa.Text(), nullable=False),
        sa.Column("category_id", sa.Integer(), nullable=True),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["category_id"], ["fund_categories.id"], name=op.f("fk_visit_types_category_id_fund_categories")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_visit_types")),
        sa.UniqueConstraint("code", name=op.f("uq_visit_types_code")),
        sa.UniqueConstraint("name", name=op.f("uq_visit_types_name")),
    )
    op.create_table(
        "visit_standards",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("type_id", sa.Integer(), nullable=False),
        sa.Column("effective_from", sa.Date(), nullable=False),
        sa.Column("source_doc", sa.String(length=100), nullable=False),
        sa.Column("money_kind", sa.String(length=10), nullable=False),
        sa.Column("amount_fen", sa.Integer(), nullable=False),
        sa.Column("max_fen", sa.Integer(), nullable=False),
        sa.Column("gift_cap_fen", sa.Integer(), nullable=False),
        sa.Column("yearly_cap_fen", sa.Integer(), nullable=False),
        sa.Column("repeat", sa.String(length=20), nullable=False),
        sa.ForeignKeyConstraint(["type_id"], ["visit_types.id"], name=op.f("fk_visit_standards_type_id_visit_types")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_visit_standards")),
        sa.UniqueConstraint("type_id", "effective_from", name="uq_visit_standards_type_from"),
    )
    with op.batch_alter_table("visit_standards", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_visit_standards_type_id"), ["type_id"], unique=False)

    op.create_table(
        "visits",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("type_id", sa.Integer(), nullable=False),
        sa.Column("visit_date", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("reason", sa.String(length=100), nullable=False),
        sa.Column("visitors", sa.String(length=200), nullable=False),
        sa.Column("money_fen", sa.Integer(), nullable=False),
        sa.Column("gift", sa.String(length=200), nullable=False),
        sa.Column("gift_value_fen", sa.Integer(), nullable=False),
        sa.Column("approver", sa.String(length=50), nullable=False),
        sa.Column("approval_no", sa.String(length=50), nullable=False),
        sa.Column("for_family", sa.Boolean(), nullable=False),
        sa.Column("warnings", sa.Text(), nullable=False),
        sa.Column("warning_reason", sa.Text(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["member_id"], ["members.id"], name=op.f("fk_visits_member_id_members")),
        sa.ForeignKeyConstraint(["type_id"], ["visit_types.id"], name=op.f("fk_visits_type_id_visit_types")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_visits")),
    )
    with op.batch_alter_table("visits", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_visits_member_id"), ["member_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_visits_type_id"), ["type_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_visits_visit_date"), ["visit_date"], unique=False)

    _seed_types()


# The seed school's visit types as this revision seeds them: (code, name, money kind,
# amount or min, max, gift cap, repeat, ledger category, synonyms), amounts in fen. A frozen
# copy, so a later change to domain.visits.DEFAULT_TYPES never changes what this revision
# did; tests/db check that the two agree today.
TYPES = [
    (
        "hospital",
        "生病住院",
        "fixed",
        30_000,
        0,
        0,
        "yearly_per_reason",
        "warmth",
        ("住院", "生病", "病", "住院慰问", "看望病人", "疾病"),
    ),
    ("childbirth", "生育", "fixed", 30_000, 0, 0, "", "welfare", ("生小孩", "生孩子", "分娩", "生育慰问", "添丁")),
    (
        "bereavement",
        "直系亲属去世",
        "fixed",
        80_000,
        0,
        0,
        "",
        "welfare",
        ("丧事", "去世", "亲属去世", "丧葬", "奔丧", "直系亲属病故"),
    ),
    ("wedding", "结婚", "fixed", 50_000, 0, 0, "once", "welfare", ("办喜事", "结婚", "婚礼", "新婚")),
    ("retirement", "退休", "fixed", 50_000, 0, 0, "once", "welfare", ("退休慰问", "退休欢送", "光荣退休")),
    (
        "major_hardship",
        "重大困难",
        "range",
        100_000,
        1_000_000,
        0,
        "",
        "hardship",
        ("重大疾病", "家庭重大灾难", "大病", "困难帮扶", "重大变故"),
    ),
    (
        "child_hardship",
        "子女残疾或上大学困难",
        "range",
        50_000,
        100_000,
        0,
        "yearly",
        "hardship",
        ("子女上大学", "助学", "子女残疾", "金秋助学"),
    ),
    ("festival_stay", "外省籍留校过年", "gift", 0, 0, 10_000, "yearly", "welfare", ("留校过年", "春节留校", "外省籍")),
    ("birthday", "生日", "gift", 0, 0, 30_000, "yearly", "welfare", ("生日慰问", "过生日")),
    ("family_dispute", "家庭纠纷", "none", 0, 0, 0, "", "welfare", ("家庭矛盾",)),
    ("mood", "思想情绪波动", "none", 0, 0, 0, "", "welfare", ("情绪波动", "谈心", "思想波动")),
]


def _seed_types() -> None:
    """The seed school's visit types and standards (docs/domain.md), effective from 2000."""
    from datetime import date

    conn = op.get_bind()
    categories = dict(conn.execute(sa.text("SELECT code, id FROM fund_categories")).all())
    types = sa.table(
        "visit_types",
        sa.column("id", sa.Integer),
        sa.column("code", sa.String),
        sa.column("name", sa.String),
        sa.column("synonyms", sa.Text),
        sa.column("category_id", sa.Integer),
        sa.column("sort_order", sa.Integer),
        sa.column("active", sa.Boolean),
        sa.column("version", sa.Integer),
    )
    standards = sa.table(
        "visit_standards",
        sa.column("type_id", sa.Integer),
        sa.column("effective_from", sa.Date),
        sa.column("source_doc", sa.String),
        sa.column("money_kind", sa.String),
        sa.column("amount_fen", sa.Integer),
        sa.column("max_fen", sa.Integer),
        sa.column("gift_cap_fen", sa.Integer),
        sa.column("yearly_cap_fen", sa.Integer),
        sa.column("repeat", sa.String),
    )
    type_rows, standard_rows = [], []
    for order, (code, name, kind, amount, high, gift_cap, repeat, category, synonyms) in enumerate(TYPES, 1):
        type_rows.append(
            dict(
                id=order,
                code=code,
                name=name,
                synonyms="|".join(synonyms),
                category_id=categories.get(category),
                sort_order=order,
                active=True,
                version=1,
            )
        )
        standard_rows.append(
            dict(
                type_id=order,
                effective_from=date(2000, 1, 1),
                source_doc="本会默认标准",
                money_kind=kind,
                amount_fen=amount,
                max_fen=high,
                gift_cap_fen=gift_cap,
                yearly_cap_fen=0,
                repeat=repeat,
            )
        )
    op.bulk_insert(types, type_rows)
    op.bulk_insert(standards, standard_rows)


def downgrade() -> None:
    with op.batch_alter_table("visits", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_visits_visit_date"))
        batch_op.drop_index(batch_op.f("ix_visits_type_id"))
        batch_op.drop_index(batch_op.f("ix_visits_member_id"))

    op.drop_table("visits")
    with op.batch_alter_table("visit_standards", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_visit_standards_type_id"))

    op.drop_table("visit_standards")
    op.drop_table("visit_types")
