"""Revision 0009 gives each member the roster marks 困难 or 特困 an open hardship file, and
seeds the year plan's template."""

from datetime import date

from alembic import command
from sqlalchemy import create_engine, text

from unionapp import config
from unionapp.db.migrate import _alembic_config, current_revision, head_revision
from unionapp.db.opening import open_database

MEMBER = (
    "INSERT INTO members (name, search_keys, sort_key, ethnicity, political_status, phone, department, title,"
    " status, is_union_member, native_province, hardship_level, hardship_since, retirement_category, notes,"
    " created_at, updated_at, version) VALUES (:name, '', '', '', '', '', '', '', 'active', 1, '', :level, :since,"
    " 'M60', '', '2021-03-04 08:00:00', '2021-03-04 08:00:00', 1)"
)


def test_upgrade_from_0008_files_the_members_marked_in_hardship(db_path):
    engine = create_engine(config.database_url(str(db_path)))
    cfg = _alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0008")
        for name, level, since in (("甲", "extreme", "2020-05-01"), ("乙", "hardship", None), ("丙", "", None)):
            conn.execute(text(MEMBER), {"name": name, "level": level, "since": since})
    engine.dispose()
    db = open_database(config.database_url(str(db_path)))
    assert current_revision(db.engine) == head_revision()
    with db.engine.connect() as conn:
        files = conn.execute(
            text(
                "SELECT m.name, f.level, f.opened_on, f.closed_on FROM hardship_files f"
                " JOIN members m ON m.id = f.member_id ORDER BY m.name"
            )
        ).all()
    opened = [(n, lv, str(d), c) for n, lv, d, c in files]
    assert sorted(opened) == sorted(
        [("甲", "extreme", str(date(2020, 5, 1)), None), ("乙", "hardship", "2021-03-04", None)]
    )
    db.dispose()
