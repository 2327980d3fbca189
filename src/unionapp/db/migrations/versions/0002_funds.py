"""union funds: categories, years, budget, ledger, dues

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-21
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "fund_categories",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=50), nullable=False),
        sa.Column("direction", sa.String(length=10), nullable=False),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["parent_id"], ["fund_categories.id"], name=op.f("fk_fund_categories_parent_id_fund_categories")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fund_categories")),
        sa.UniqueConstraint("code", name=op.f("uq_fund_categories_code")),
    )
    op.create_table(
        "fund_years",
        sa.Column("year", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("opening_balance_fen", sa.Integer(), nullable=False),
        sa.Column("closed", sa.Boolean(), nullable=False),
        sa.Column("closed_at", sa.DateTime(), nullable=True),
        sa.Column("closing_balance_fen", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("year", name=op.f("pk_fund_years")),
    )
    op.create_table(
        "budget_lines",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("category_id", sa.Integer(), nullable=False),
        sa.Column("amount_fen", sa.Integer(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["category_id"], ["fund_categories.id"], name=op.f("fk_budget_lines_category_id_fund_categories")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_budget_lines")),
        sa.UniqueConstraint("year", "category_id", name="uq_budget_lines_year_category"),
    )
    with op.batch_alter_table("budget_lines", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_budget_lines_year"), ["year"], unique=False)

    op.create_table(
        "ledger_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("entry_date", sa.Date(), nullable=False),
        sa.Column("voucher_no", sa.Integer(), nullable=False),
        sa.Column("category_id", sa.Integer(), nullable=False),
        sa.Column("direction", sa.String(length=10), nullable=False),
        sa.Column("amount_fen", sa.Integer(), nullable=False),
        sa.Column("summary", sa.String(length=200), nullable=False),
        sa.Column("handler", sa.String(length=50), nullable=False),
        sa.Column("approver", sa.String(length=50), nullable=False),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=True),
        sa.Column("reversal_of_id", sa.Integer(), nullable=True),
        sa.Column("reversal_reason", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["category_id"], ["fund_categories.id"], name=op.f("fk_ledger_entries_category_id_fund_categories")
        ),
        sa.ForeignKeyConstraint(
            ["reversal_of_id"], ["ledger_entries.id"], name=op.f("fk_ledger_entries_reversal_of_id_ledger_entries")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ledger_entries")),
        sa.UniqueConstraint("reversal_of_id", name=op.f("uq_ledger_entries_reversal_of_id")),
        sa.UniqueConstraint("year", "voucher_no", name="uq_ledger_entries_year_voucher"),
    )
    with op.batch_alter_table("ledger_entries", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_ledger_entries_category_id"), ["category_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_ledger_entries_entry_date"), ["entry_date"], unique=False)
        batch_op.create_index("ix_ledger_entries_source", ["source", "source_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_ledger_entries_year"), ["year"], unique=False)

    op.create_table(
        "dues_postings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("month", sa.Integer(), nullable=False),
        sa.Column("member_count", sa.Integer(), nullable=False),
        sa.Column("total_fen", sa.Integer(), nullable=False),
        sa.Column("remit_fen", sa.Integer(), nullable=False),
        sa.Column("income_entry_id", sa.Integer(), nullable=True),
        sa.Column("remit_entry_id", sa.Integer(), nullable=True),
        sa.Column("exempt_member_ids", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["income_entry_id"], ["ledger_entries.id"], name=op.f("fk_dues_postings_income_entry_id_ledger_entries")
        ),
        sa.ForeignKeyConstraint(
            ["remit_entry_id"], ["ledger_entries.id"], name=op.f("fk_dues_postings_remit_entry_id_ledger_entries")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dues_postings")),
        sa.UniqueConstraint("year", "month", name="uq_dues_postings_year_month"),
    )
    op.create_table(
        "dues_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("posting_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("amount_fen", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["member_id"], ["members.id"], name=op.f("fk_dues_items_member_id_members")),
        sa.ForeignKeyConstraint(
            ["posting_id"], ["dues_postings.id"], name=op.f("fk_dues_items_posting_id_dues_postings")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dues_items")),
    )
    with op.batch_alter_table("dues_items", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_dues_items_member_id"), ["member_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_dues_items_posting_id"), ["posting_id"], unique=False)

    with op.batch_alter_table("members", schema=None) as batch_op:
        batch_op.add_column(sa.Column("base_pay_fen", sa.Integer(), nullable=True))

    _seed_categories()


# The default chart of categories as this revision seeds it: (code, name, direction,
# [(sub code, sub name)]). A frozen copy, so a later change to domain.funds.DEFAULT_CATEGORIES
# never changes what this revision did; tests/db check that the two agree today.
CATEGORIES = [
    ("dues", "会费收入", "income", []),
    ("allocation", "拨缴经费收入", "income", []),
    ("upper_subsidy", "上级补助收入", "income", []),
    ("admin_subsidy", "行政补助收入", "income", []),
    ("other_income", "其他收入", "income", []),
    (
        "activity",
        "职工活动支出",
        "expense",
        [
            ("education", "职工教育支出"),
            ("sports", "文体活动支出"),
            ("publicity", "宣传活动支出"),
            ("welfare", "职工集体福利支出"),  # festival, birthday, wedding, bereavement, retirement greetings
            ("other_activity", "其他活动支出"),
        ],
    ),
    (
        "rights",
        "维权支出",
        "expense",
        [
            ("warmth", "送温暖费"),  # hospital visits and 送温暖
            ("hardship", "困难职工帮扶费"),
            ("labour_protection", "劳动保护费"),
            ("other_rights", "其他维权支出"),
        ],
    ),
    (
        "business",
        "业务支出",
        "expense",
        [
            ("training", "培训费"),
            ("meeting", "会议费"),
            ("special", "专项业务费"),
            ("other_business", "其他业务支出"),
        ],
    ),
    ("capital", "资本性支出", "expense", []),
    ("remit", "上解上级支出", "expense", []),  # the upper union's share of dues
    ("other_expense", "其他支出", "expense", []),
]


def _seed_categories() -> None:
    """The default chart of categories; the chair may rename, add or retire them later."""
    table = sa.table(
        "fund_categories",
        sa.column("id", sa.Integer),
        sa.column("code", sa.String),
        sa.column("name", sa.String),
        sa.column("direction", sa.String),
        sa.column("parent_id", sa.Integer),
        sa.column("sort_order", sa.Integer),
        sa.column("active", sa.Boolean),
        sa.column("version", sa.Integer),
    )
    rows, next_id = [], 1
    for order, (code, name, direction, children) in enumerate(CATEGORIES, start=1):
        parent_id = next_id
        rows.append(
            dict(
                id=parent_id,
                code=code,
                name=name,
                direction=direction,
                parent_id=None,
                sort_order=order * 100,
                active=True,
                version=1,
            )
        )
        next_id += 1
        for sub_order, (sub_code, sub_name) in enumerate(children, start=1):
            rows.append(
                dict(
                    id=next_id,
                    code=sub_code,
                    name=sub_name,
                    direction=direction,
                    parent_id=parent_id,
                    sort_order=order * 100 + sub_order,
                    active=True,
                    version=1,
                )
            )
            next_id += 1
    op.bulk_insert(table, rows)


def downgrade() -> None:
    with op.batch_alter_table("members", schema=None) as batch_op:
        batch_op.drop_column("base_pay_fen")

    with op.batch_alter_table("dues_items", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_dues_items_posting_id"))
        batch_op.drop_index(batch_op.f("ix_dues_items_member_id"))

    op.drop_table("dues_items")
    op.drop_table("dues_postings")
    with op.batch_alter_table("ledger_entries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_ledger_entries_year"))
        batch_op.drop_index("ix_ledger_entries_source")
        batch_op.drop_index(batch_op.f("ix_ledger_entries_entry_date"))
        batch_op.drop_index(batch_op.f("ix_ledger_entries_category_id"))

    op.drop_table("ledger_entries")
    with op.batch_alter_table("budget_lines", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_budget_lines_year"))

    op.drop_table("budget_lines")
    op.drop_table("fund_years")
    op.drop_table("fund_categories")
