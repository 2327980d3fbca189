"""staff congress (教代会): its rules, terms, constituencies, delegates, sessions,
attendance and resolutions; proposals with co-signers and replies; two more
import-mapping areas

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-04
"""

from datetime import date, datetime

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "congress_rules",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("effective_from", sa.Date(), nullable=False),
        sa.Column("quorum_num", sa.Integer(), nullable=False),
        sa.Column("quorum_den", sa.Integer(), nullable=False),
        sa.Column("pass_num", sa.Integer(), nullable=False),
        sa.Column("pass_den", sa.Integer(), nullable=False),
        sa.Column("min_cosigners", sa.Integer(), nullable=False),
        sa.Column("teacher_share_pct", sa.Integer(), nullable=False),
        sa.Column("young_age", sa.Integer(), nullable=False),
        sa.Column("source_doc", sa.String(length=100), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "0 < quorum_num AND quorum_num < quorum_den AND 0 < pass_num AND pass_num < pass_den AND min_cosigners >= 0 AND teacher_share_pct BETWEEN 0 AND 100 AND young_age > 0",
            name=op.f("ck_congress_rules_shape"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_congress_rules")),
        sa.UniqueConstraint("effective_from", name=op.f("uq_congress_rules_effective_from")),
    )
    op.create_table(
        "congress_terms",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint("end_date > start_date", name=op.f("ck_congress_terms_dates")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_congress_terms")),
        sa.UniqueConstraint("number", name=op.f("uq_congress_terms_number")),
    )
    op.create_table(
        "congress_constituencies",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("term_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=50), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=True),
        sa.Column("seats", sa.Integer(), nullable=False),
        sa.CheckConstraint("seats >= 0", name=op.f("ck_congress_constituencies_seats")),
        sa.ForeignKeyConstraint(
            ["group_id"], ["union_groups.id"], name=op.f("fk_congress_constituencies_group_id_union_groups")
        ),
        sa.ForeignKeyConstraint(
            ["term_id"], ["congress_terms.id"], name=op.f("fk_congress_constituencies_term_id_congress_terms")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_congress_constituencies")),
        sa.UniqueConstraint("term_id", "name", name="uq_congress_constituencies_term_name"),
    )
    with op.batch_alter_table("congress_constituencies", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_congress_constituencies_term_id"), ["term_id"], unique=False)

    op.create_table(
        "congress_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("term_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("session_date", sa.Date(), nullable=False),
        sa.Column("place", sa.String(length=100), nullable=False),
        sa.Column("agenda", sa.Text(), nullable=False),
        sa.Column("documents", sa.Text(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["term_id"], ["congress_terms.id"], name=op.f("fk_congress_sessions_term_id_congress_terms")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_congress_sessions")),
        sa.UniqueConstraint("term_id", "number", name="uq_congress_sessions_term_number"),
    )
    with op.batch_alter_table("congress_sessions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_congress_sessions_session_date"), ["session_date"], unique=False)
        batch_op.create_index(batch_op.f("ix_congress_sessions_term_id"), ["term_id"], unique=False)

    op.create_table(
        "congress_delegates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("term_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("constituency_id", sa.Integer(), nullable=True),
        sa.Column("category", sa.String(length=10), nullable=False),
        sa.Column("elected_on", sa.Date(), nullable=False),
        sa.Column("ended_on", sa.Date(), nullable=True),
        sa.Column("end_reason", sa.String(length=50), nullable=False),
        sa.Column("replaces_id", sa.Integer(), nullable=True),
        sa.Column("note", sa.String(length=200), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["constituency_id"],
            ["congress_constituencies.id"],
            name=op.f("fk_congress_delegates_constituency_id_congress_constituencies"),
        ),
        sa.ForeignKeyConstraint(["member_id"], ["members.id"], name=op.f("fk_congress_delegates_member_id_members")),
        sa.ForeignKeyConstraint(
            ["replaces_id"],
            ["congress_delegates.id"],
            name=op.f("fk_congress_delegates_replaces_id_congress_delegates"),
        ),
        sa.ForeignKeyConstraint(
            ["term_id"], ["congress_terms.id"], name=op.f("fk_congress_delegates_term_id_congress_terms")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_congress_delegates")),
        sa.UniqueConstraint("term_id", "member_id", name="uq_congress_delegates_term_member"),
    )
    with op.batch_alter_table("congress_delegates", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_congress_delegates_member_id"), ["member_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_congress_delegates_term_id"), ["term_id"], unique=False)

    op.create_table(
        "congress_resolutions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("votes_for", sa.Integer(), nullable=False),
        sa.Column("votes_against", sa.Integer(), nullable=False),
        sa.Column("votes_abstain", sa.Integer(), nullable=False),
        sa.Column("delegates", sa.Integer(), nullable=False),
        sa.Column("present", sa.Integer(), nullable=False),
        sa.Column("passed", sa.Boolean(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "votes_for >= 0 AND votes_against >= 0 AND votes_abstain >= 0", name=op.f("ck_congress_resolutions_votes")
        ),
        sa.ForeignKeyConstraint(
            ["session_id"], ["congress_sessions.id"], name=op.f("fk_congress_resolutions_session_id_congress_sessions")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_congress_resolutions")),
        sa.UniqueConstraint("session_id", "number", name="uq_congress_resolutions_session_number"),
    )
    with op.batch_alter_table("congress_resolutions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_congress_resolutions_session_id"), ["session_id"], unique=False)

    op.create_table(
        "congress_attendance",
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("delegate_id", sa.Integer(), nullable=False),
        sa.Column("present", sa.Boolean(), nullable=False),
        sa.Column("note", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(
            ["delegate_id"],
            ["congress_delegates.id"],
            name=op.f("fk_congress_attendance_delegate_id_congress_delegates"),
        ),
        sa.ForeignKeyConstraint(
            ["session_id"], ["congress_sessions.id"], name=op.f("fk_congress_attendance_session_id_congress_sessions")
        ),
        sa.PrimaryKeyConstraint("session_id", "delegate_id", name=op.f("pk_congress_attendance")),
    )
    op.create_table(
        "proposals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("proposer_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("reasons", sa.Text(), nullable=False),
        sa.Column("measures", sa.Text(), nullable=False),
        sa.Column("category", sa.String(length=20), nullable=False),
        sa.Column("submitted_on", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("screened_on", sa.Date(), nullable=True),
        sa.Column("screen_reason", sa.Text(), nullable=False),
        sa.Column("office", sa.String(length=50), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["proposer_id"], ["congress_delegates.id"], name=op.f("fk_proposals_proposer_id_congress_delegates")
        ),
        sa.ForeignKeyConstraint(
            ["session_id"], ["congress_sessions.id"], name=op.f("fk_proposals_session_id_congress_sessions")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_proposals")),
        sa.UniqueConstraint("session_id", "number", name="uq_proposals_session_number"),
    )
    with op.batch_alter_table("proposals", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_proposals_proposer_id"), ["proposer_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_proposals_session_id"), ["session_id"], unique=False)

    op.create_table(
        "proposal_cosigners",
        sa.Column("proposal_id", sa.Integer(), nullable=False),
        sa.Column("delegate_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["delegate_id"],
            ["congress_delegates.id"],
            name=op.f("fk_proposal_cosigners_delegate_id_congress_delegates"),
        ),
        sa.ForeignKeyConstraint(
            ["proposal_id"], ["proposals.id"], name=op.f("fk_proposal_cosigners_proposal_id_proposals")
        ),
        sa.PrimaryKeyConstraint("proposal_id", "delegate_id", name=op.f("pk_proposal_cosigners")),
    )
    op.create_table(
        "proposal_replies",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("proposal_id", sa.Integer(), nullable=False),
        sa.Column("round", sa.Integer(), nullable=False),
        sa.Column("office", sa.String(length=50), nullable=False),
        sa.Column("replied_on", sa.Date(), nullable=False),
        sa.Column("reply", sa.Text(), nullable=False),
        sa.Column("feedback", sa.String(length=20), nullable=False),
        sa.Column("feedback_on", sa.Date(), nullable=True),
        sa.Column("feedback_note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["proposal_id"], ["proposals.id"], name=op.f("fk_proposal_replies_proposal_id_proposals")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_proposal_replies")),
        sa.UniqueConstraint("proposal_id", "round", name="uq_proposal_replies_proposal_round"),
    )
    with op.batch_alter_table("proposal_replies", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_proposal_replies_proposal_id"), ["proposal_id"], unique=False)

    _redraw_mapping_areas(AREAS_AFTER)
    _seed_rules()


def downgrade() -> None:
    _redraw_mapping_areas(AREAS_BEFORE)
    with op.batch_alter_table("proposal_replies", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_proposal_replies_proposal_id"))

    op.drop_table("proposal_replies")
    op.drop_table("proposal_cosigners")
    with op.batch_alter_table("proposals", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_proposals_session_id"))
        batch_op.drop_index(batch_op.f("ix_proposals_proposer_id"))

    op.drop_table("proposals")
    op.drop_table("congress_attendance")
    with op.batch_alter_table("congress_resolutions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_congress_resolutions_session_id"))

    op.drop_table("congress_resolutions")
    with op.batch_alter_table("congress_delegates", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_congress_delegates_term_id"))
        batch_op.drop_index(batch_op.f("ix_congress_delegates_member_id"))

    op.drop_table("congress_delegates")
    with op.batch_alter_table("congress_sessions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_congress_sessions_term_id"))
        batch_op.drop_index(batch_op.f("ix_congress_sessions_session_date"))

    op.drop_table("congress_sessions")
    with op.batch_alter_table("congress_constituencies", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_congress_constituencies_term_id"))

    op.drop_table("congress_constituencies")
    op.drop_table("congress_terms")
    op.drop_table("congress_rules")


AREAS_BEFORE = "area IN ('members', 'ledger', 'visits', 'checkups', 'handouts', 'activity')"
AREAS_AFTER = "area IN ('members', 'ledger', 'visits', 'checkups', 'handouts', 'activity', 'delegates', 'proposals')"


def _redraw_mapping_areas(condition: str) -> None:
    """The import mappings' area check, redrawn for the two new importers."""
    with op.batch_alter_table("import_mappings", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_import_mappings_area"), type_="check")
        batch_op.create_check_constraint("area", condition)


# The rule this revision seeds, a frozen copy of domain.congress.DEFAULT_RULE:
# (from, quorum num/den, pass num/den, min co-signers, teacher share %, young age, source).
RULES = [(date(2012, 1, 1), 2, 3, 1, 2, 2, 60, 35, "学校教职工代表大会规定（教育部令第32号）")]


def _seed_rules() -> None:
    counts = "quorum_num quorum_den pass_num pass_den min_cosigners teacher_share_pct young_age".split()
    table = sa.table(
        "congress_rules",
        sa.column("effective_from", sa.Date),
        *(sa.column(name, sa.Integer) for name in counts),
        sa.column("source_doc", sa.String),
        sa.column("created_at", sa.DateTime),
    )
    rows = [
        dict(zip(counts, numbers), effective_from=start, source_doc=doc, created_at=datetime(2026, 12, 4))
        for start, *numbers, doc in RULES
    ]
    op.bulk_insert(table, rows)
