"""hardship files (困难职工档案) with household and reviews, the union's year plan and
its template (seeded from the seed work plans); members already marked 困难/特困 get a
file; one more import-mapping area

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-04
"""

from datetime import date, datetime

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "year_plan_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("month", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=100), nullable=False),
        sa.Column("owner", sa.String(length=50), nullable=False),
        sa.Column("area", sa.String(length=20), nullable=False),
        sa.Column("done_on", sa.Date(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("link_kind", sa.String(length=30), nullable=False),
        sa.Column("link_id", sa.Integer(), nullable=True),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.Column("created_on", sa.Date(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint("month BETWEEN 1 AND 12", name=op.f("ck_year_plan_items_month")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_year_plan_items")),
        sa.UniqueConstraint("year", "month", "title", name="uq_year_plan_items_year_month_title"),
    )
    with op.batch_alter_table("year_plan_items", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_year_plan_items_year"), ["year"], unique=False)

    op.create_table(
        "year_plan_template",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("month", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=100), nullable=False),
        sa.Column("owner", sa.String(length=50), nullable=False),
        sa.Column("area", sa.String(length=20), nullable=False),
        sa.Column("monthly", sa.Boolean(), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.CheckConstraint("month BETWEEN 1 AND 12", name=op.f("ck_year_plan_template_month")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_year_plan_template")),
    )
    op.create_table(
        "hardship_files",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("level", sa.String(length=20), nullable=False),
        sa.Column("opened_on", sa.Date(), nullable=False),
        sa.Column("causes", sa.String(length=100), nullable=False),
        sa.Column("plan", sa.Text(), nullable=False),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.Column("close_reason", sa.String(length=200), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint("level IN ('extreme', 'hardship', 'general')", name=op.f("ck_hardship_files_level")),
        sa.CheckConstraint("closed_on IS NULL OR closed_on >= opened_on", name=op.f("ck_hardship_files_dates")),
        sa.ForeignKeyConstraint(["member_id"], ["members.id"], name=op.f("fk_hardship_files_member_id_members")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hardship_files")),
    )
    with op.batch_alter_table("hardship_files", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_hardship_files_member_id"), ["member_id"], unique=False)

    op.create_table(
        "hardship_household",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("file_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=50), nullable=False),
        sa.Column("relation", sa.String(length=20), nullable=False),
        sa.Column("monthly_income_fen", sa.Integer(), nullable=False),
        sa.Column("note", sa.String(length=200), nullable=False),
        sa.CheckConstraint("monthly_income_fen >= 0", name=op.f("ck_hardship_household_income")),
        sa.ForeignKeyConstraint(
            ["file_id"], ["hardship_files.id"], name=op.f("fk_hardship_household_file_id_hardship_files")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hardship_household")),
    )
    with op.batch_alter_table("hardship_household", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_hardship_household_file_id"), ["file_id"], unique=False)

    op.create_table(
        "hardship_reviews",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("file_id", sa.Integer(), nullable=False),
        sa.Column("reviewed_on", sa.Date(), nullable=False),
        sa.Column("outcome", sa.String(length=10), nullable=False),
        sa.Column("level_before", sa.String(length=20), nullable=False),
        sa.Column("level_after", sa.String(length=20), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.CheckConstraint("outcome IN ('confirm', 'change', 'close')", name=op.f("ck_hardship_reviews_outcome")),
        sa.ForeignKeyConstraint(
            ["file_id"], ["hardship_files.id"], name=op.f("fk_hardship_reviews_file_id_hardship_files")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hardship_reviews")),
    )
    with op.batch_alter_table("hardship_reviews", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_hardship_reviews_file_id"), ["file_id"], unique=False)

    _redraw_mapping_areas(AREAS_AFTER)
    _seed_template()
    _file_marked_members()


def downgrade() -> None:
    _redraw_mapping_areas(AREAS_BEFORE)
    with op.batch_alter_table("hardship_reviews", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_hardship_reviews_file_id"))

    op.drop_table("hardship_reviews")
    with op.batch_alter_table("hardship_household", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_hardship_household_file_id"))

    op.drop_table("hardship_household")
    with op.batch_alter_table("hardship_files", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_hardship_files_member_id"))

    op.drop_table("hardship_files")
    op.drop_table("year_plan_template")
    with op.batch_alter_table("year_plan_items", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_year_plan_items_year"))

    op.drop_table("year_plan_items")


AREAS_BEFORE = "area IN ('members', 'ledger', 'visits', 'checkups', 'handouts', 'activity', 'delegates', 'proposals')"
AREAS_AFTER = (
    "area IN ('members', 'ledger', 'visits', 'checkups', 'handouts', 'activity', 'delegates', 'proposals', 'hardship')"
)


def _redraw_mapping_areas(condition: str) -> None:
    """The import mappings' area check, redrawn for the hardship importer."""
    with op.batch_alter_table("import_mappings", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_import_mappings_area"), type_="check")
        batch_op.create_check_constraint("area", condition)


# The seed work plans' year as this revision seeds it, a frozen copy of
# domain.year_plan.DEFAULT_TEMPLATE: (month, title, owner, area, monthly).
TEMPLATE = [
    (1, "春节送温暖：走访慰问困难职工、退休教职工", "工会主席", "visits", False),
    (1, "春节慰问品发放", "生活委员", "handouts", False),
    (2, "制定本年度工会工作计划和经费预算", "工会主席", "funds", False),
    (3, "三八妇女节慰问及女教职工活动", "女工委员", "handouts", False),
    (3, "召开教代会（春季学期）", "工会主席", "congress", False),
    (4, "职工互助保险续保", "生活委员", "", False),
    (5, "春季教职工文体活动", "文体委员", "activities", False),
    (7, "防暑降温慰问品发放", "生活委员", "handouts", False),
    (8, "工会档案整理，迎接上级检查", "工会主席", "", False),
    (9, "教师节慰问与庆教龄活动", "工会主席", "activities", False),
    (9, "召开教代会（秋季学期）", "工会主席", "congress", False),
    (10, "重阳节退休教师座谈及慰问", "生活委员", "handouts", False),
    (10, "女教职工健康体检", "女工委员", "checkups", False),
    (11, "困难职工档案复核", "生活委员", "hardship", False),
    (12, "评优评先与年度工作总结", "工会主席", "", False),
    (12, "经费年终结账与收支公开", "经审委员", "funds", False),
    (1, "会员生日祝福", "生活委员", "handouts", True),
    (1, "工会小组（小家）活动", "各小组长", "activities", True),
]


def _seed_template() -> None:
    table = sa.table(
        "year_plan_template",
        sa.column("month", sa.Integer),
        sa.column("title", sa.String),
        sa.column("owner", sa.String),
        sa.column("area", sa.String),
        sa.column("monthly", sa.Boolean),
        sa.column("sort_order", sa.Integer),
    )
    rows = [
        dict(month=m, title=t, owner=o, area=a, monthly=every, sort_order=i)
        for i, (m, t, o, a, every) in enumerate(TEMPLATE, start=1)
    ]
    op.bulk_insert(table, rows)


def _file_marked_members() -> None:
    """A member the roster marks 困难 or 特困 gets an open file at that level, opened on the
    roster's 建档立卡日期 (or the day the member was entered): the files are the record from
    now on, and the roster's mark follows them."""
    bind = op.get_bind()
    members = sa.table(
        "members",
        sa.column("id", sa.Integer),
        sa.column("hardship_level", sa.String),
        sa.column("hardship_since", sa.Date),
        sa.column("created_at", sa.DateTime),
    )
    marked = bind.execute(
        sa.select(members.c.id, members.c.hardship_level, members.c.hardship_since, members.c.created_at).where(
            members.c.hardship_level.in_(["extreme", "hardship"])
        )
    ).all()
    if not marked:
        return
    files = sa.table(
        "hardship_files",
        *(sa.column(n, sa.Integer) for n in ("member_id", "version")),
        *(sa.column(n, sa.String) for n in ("level", "causes", "plan", "close_reason", "notes")),
        sa.column("opened_on", sa.Date),
        *(sa.column(n, sa.DateTime) for n in ("created_at", "updated_at")),
    )
    now = datetime(2026, 12, 4)
    op.bulk_insert(
        files,
        [
            dict(
                member_id=member_id,
                level=level,
                opened_on=since or (created.date() if isinstance(created, datetime) else date(2026, 12, 4)),
                causes="",
                plan="",
                close_reason="",
                notes="由会员档案中的困难职工标记建档",
                created_at=now,
                updated_at=now,
                version=1,
            )
            for member_id, level, since, created in marked
        ],
    )
