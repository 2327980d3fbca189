"""Planted SQL: a backup or a database file whose schema is not what the migrations build.

Each plant below is what the issue reproduced: a trigger copying ID numbers and phones
out of members, one adding 1.00 to every ledger amount, one deleting audit rows, a view
with an INSTEAD OF trigger in place of audit_log, a table missing behind a correct
alembic_version, a column dropped or retyped, an extra index (a difference too: the
migrations make every index the app needs), a CHECK or ON CONFLICT REPLACE written into a
table's SQL (no pragma shows them: they are read from the SQL), and a second row in
alembic_version. Each is refused when restored (the live file
unchanged), when opened (the file unchanged: refused before any write or upgrade) and by
`unionapp check`, each time naming what was planted."""

from __future__ import annotations

import shutil
import sqlite3
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import create_engine

from unionapp import config
from unionapp.db.errors import DatabaseOpenError
from unionapp.db.opening import open_database
from unionapp.db.snapshots import BackupError
from unionapp.domain.idcard import make_id_number
from unionapp.domain.members import MemberInput
from unionapp.services import backup, ledger, members

from .tools import Cli, assert_user_facing, file_sha

ID_NUMBER = make_id_number("110101", date(1980, 1, 1), 23, "M")
OTHER_ID = make_id_number("110101", date(1985, 6, 1), 7, "F")
PHONE = "13800001111"


@dataclass(frozen=True)
class Plant:
    sql: str
    named: tuple[str, ...]  # words every refusal must contain: what was planted, where

    def into(self, path: Path) -> Path:
        conn = sqlite3.connect(path)
        try:
            conn.executescript(self.sql)
        finally:
            conn.close()
        return path


PLANTS = {
    "trigger copying ID and phone": Plant(
        "CREATE TABLE harvest (who TEXT);"
        "CREATE TRIGGER copy_ids AFTER INSERT ON members BEGIN "
        "INSERT INTO harvest VALUES (NEW.id_number || ' ' || NEW.phone); END;",
        ("copy_ids", "members", "harvest"),
    ),
    "trigger adding 1.00 to amounts": Plant(
        "CREATE TRIGGER skim AFTER INSERT ON ledger_entries BEGIN "
        "UPDATE ledger_entries SET amount_fen = amount_fen + 100 WHERE id = NEW.id; END;",
        ("skim", "ledger_entries"),
    ),
    "trigger deleting audit rows": Plant(
        "CREATE TRIGGER forget AFTER INSERT ON audit_log BEGIN DELETE FROM audit_log WHERE id = NEW.id; END;",
        ("forget", "audit_log"),
    ),
    "view in place of audit_log": Plant(
        "DROP TABLE audit_log;"
        "CREATE VIEW audit_log AS SELECT 0 AS id, '' AS at, '' AS os_user, '' AS operator, '' AS action,"
        " '' AS entity, 0 AS entity_id, '' AS summary, '' AS details WHERE 0;"
        "CREATE TRIGGER swallow INSTEAD OF INSERT ON audit_log BEGIN SELECT 1; END;",
        ("视图：audit_log", "缺少的表：audit_log", "swallow"),
    ),
    "missing table": Plant("DROP TABLE ledger_entries;", ("缺少的表：ledger_entries",)),
    "column dropped": Plant("ALTER TABLE visits DROP COLUMN notes;", ("visits", "notes")),
    "column retyped": Plant(
        "PRAGMA writable_schema=ON;"
        "UPDATE sqlite_master SET sql = replace(sql, 'phone VARCHAR(20)', 'phone BLOB') WHERE name = 'members';",
        ("members", "phone", "类型"),
    ),
    "extra index": Plant("CREATE UNIQUE INDEX ix_members_phone ON members (phone);", ("ix_members_phone", "members")),
    "CHECK refusing an amount": Plant(
        "PRAGMA writable_schema=ON;"
        "UPDATE sqlite_master SET sql = substr(sql, 1, length(sql) - 1) || ', CHECK (amount_fen <> 12345))'"
        " WHERE name = 'ledger_entries';",
        ("表 ledger_entries 多出约束：CHECK (amount_fen <> 12345)",),
    ),
    "ON CONFLICT REPLACE on ID numbers": Plant(
        "PRAGMA writable_schema=ON;"
        "UPDATE sqlite_master SET sql = replace(sql, 'UNIQUE (id_number)', 'UNIQUE (id_number) ON CONFLICT REPLACE')"
        " WHERE name = 'members';",
        ("members", "UNIQUE (id_number) ON CONFLICT REPLACE"),
    ),
    "second alembic_version row": Plant(
        "INSERT INTO alembic_version VALUES ('0001');", ("版本记录被改动", "alembic_version 中有 2 行")
    ),
}
CASES = pytest.mark.parametrize("plant", PLANTS.values(), ids=PLANTS.keys())


@pytest.fixture(scope="module")
def clean(tmp_path_factory) -> Path:
    """A closed database (no -wal) with a member and a ledger entry."""
    folder = tmp_path_factory.mktemp("clean")
    path = folder / "union.db"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv(config.DATA_DIR_ENV, str(folder / "appdata"))
        db = open_database(config.database_url(str(path)))
        try:
            members.add_member(db, MemberInput(name="张三", id_number=ID_NUMBER, phone=PHONE))
            category = next(c.id for c in ledger.list_categories(db) if c.code == "dues")
            ledger.add_entry(db, ledger.EntryInput(date.today(), category, 50000, "会费"))
        finally:
            db.dispose()
    assert not Path(f"{path}-wal").exists()
    return path


def copy_of(clean: Path, folder: Path, name: str = "union.db") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    return Path(shutil.copyfile(clean, folder / name))


def assert_names(text: str, plant: Plant) -> None:
    for word in plant.named:
        assert word in text, f"{word!r} not named in: {text}"


# ---------------------------------------------------------------- the plants work


def test_the_planted_triggers_do_what_the_issue_says(clean, tmp_path):
    """Without the schema check these files would do harm: shown here on the raw file."""
    path = PLANTS["trigger copying ID and phone"].into(copy_of(clean, tmp_path / "a"))
    PLANTS["trigger adding 1.00 to amounts"].into(path)
    PLANTS["trigger deleting audit rows"].into(path)
    conn = sqlite3.connect(path)
    try:
        conn.execute(
            "INSERT INTO members (name, search_keys, sort_key, id_number, ethnicity, political_status, phone,"
            " department, title, status, is_union_member, native_province, hardship_level,"
            " retirement_category, notes, created_at, updated_at, version) VALUES ('李四', '', '',"
            f" '{OTHER_ID}', '', '', '13900002222', '', '', 'active', 1, '', '', 'M60', '', '', '', 1)"
        )
        columns = [c[1] for c in conn.execute("PRAGMA table_info(ledger_entries)") if c[1] != "id"]
        values = ["voucher_no + 1" if c == "voucher_no" else c for c in columns]  # another 500.00 entry
        conn.execute(
            f"INSERT INTO ledger_entries ({', '.join(columns)}) SELECT {', '.join(values)} FROM ledger_entries"
        )
        conn.execute(
            "INSERT INTO audit_log (at, os_user, operator, action, entity, summary, details)"
            " VALUES ('2026-01-01', 'x', 'x', 'add', 'member', 'x', '')"
        )
        assert conn.execute("SELECT who FROM harvest").fetchall() == [(f"{OTHER_ID} 13900002222",)]
        assert conn.execute("SELECT amount_fen FROM ledger_entries ORDER BY id DESC").fetchone() == (50100,)
        assert conn.execute("SELECT count(*) FROM audit_log WHERE os_user = 'x'").fetchone() == (0,)
    finally:
        conn.close()


def test_the_planted_check_refuses_a_123_45_entry(clean, tmp_path):
    path = PLANTS["CHECK refusing an amount"].into(copy_of(clean, tmp_path))
    conn = sqlite3.connect(path)
    try:
        columns = [c[1] for c in conn.execute("PRAGMA table_info(ledger_entries)") if c[1] != "id"]
        values = {"voucher_no": "voucher_no + 1", "amount_fen": "12345"}
        with pytest.raises(sqlite3.IntegrityError, match="CHECK"):
            conn.execute(
                f"INSERT INTO ledger_entries ({', '.join(columns)})"
                f" SELECT {', '.join(values.get(c, c) for c in columns)} FROM ledger_entries"
            )
    finally:
        conn.close()


# ---------------------------------------------------------------- restore


@CASES
def test_restore_refuses_a_tampered_backup(clean, tmp_path, data_dir, plant):
    live = copy_of(clean, tmp_path / "live")
    tampered = plant.into(copy_of(clean, tmp_path / "backups-elsewhere", "union-manual-20260101-120000.db"))
    before = file_sha(live)
    with pytest.raises(BackupError) as refused:
        backup.restore(live, tampered)
    assert_names(str(refused.value), plant)
    assert "不能用来恢复" in str(refused.value)
    assert file_sha(live) == before
    assert not list(data_dir.rglob("*before-restore*")), "nothing is written before the backup is refused"
    with pytest.raises(BackupError):
        backup.inspect_backup(tampered)


def test_restore_through_the_command_line_refuses_a_tampered_backup(clean, tmp_path, data_dir):
    plant = PLANTS["trigger copying ID and phone"]
    live = copy_of(clean, tmp_path / "live")
    tampered = plant.into(copy_of(clean, tmp_path / "elsewhere", "backup.db"))
    before = file_sha(live)
    done = Cli(data_dir).run("--db", live, "restore", tampered)
    assert done.returncode == 1
    assert_user_facing(done.stderr)
    assert_names(done.stderr, plant)
    assert file_sha(live) == before


# ---------------------------------------------------------------- open


@CASES
def test_open_refuses_a_tampered_file_before_writing(clean, tmp_path, plant):
    path = plant.into(copy_of(clean, tmp_path))
    before = file_sha(path)
    with pytest.raises(DatabaseOpenError) as refused:
        open_database(config.database_url(str(path)))
    assert_names(str(refused.value), plant)
    assert "没有打开" in str(refused.value)
    assert file_sha(path) == before


def test_a_tampered_older_file_is_refused_before_its_upgrade(tmp_path, data_dir):
    """Compared with what the migrations built at its own revision, not with the head."""
    from alembic import command

    from unionapp.db.migrate import _alembic_config

    path = tmp_path / "old.db"
    engine = create_engine(config.database_url(str(path)))
    cfg = _alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0004")
    engine.dispose()
    plant = PLANTS["trigger copying ID and phone"]
    plant.into(path)
    before = file_sha(path)
    with pytest.raises(DatabaseOpenError) as refused:
        open_database(config.database_url(str(path)))
    assert_names(str(refused.value), plant)
    assert file_sha(path) == before
    assert not list(data_dir.rglob("*before-upgrade*")), "refused before the upgrade's backup, too"


# ---------------------------------------------------------------- check


@CASES
def test_check_fails_naming_the_plant(clean, tmp_path, data_dir, plant):
    path = plant.into(copy_of(clean, tmp_path))
    done = Cli(data_dir).run("--db", path, "check")
    assert done.returncode == 1, done.stdout
    assert "检查通过" not in done.stdout
    assert_user_facing(done.stderr)
    assert_names(done.stderr, plant)


def test_check_on_postgresql_names_a_planted_trigger_view_and_rule(pg_server, data_dir):
    from unionapp.services.check import run_check

    name = pg_server.create_database()
    url = pg_server.url_for(name)
    try:
        db = open_database(url, create=False)
        try:
            with db.engine.begin() as conn:
                conn.exec_driver_sql(
                    "CREATE TABLE harvest (who text);"
                    "CREATE FUNCTION copy_ids() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                    "INSERT INTO harvest VALUES (NEW.id_number || ' ' || NEW.phone); RETURN NEW; END $$;"
                    "CREATE TRIGGER copy_ids_trg AFTER INSERT ON members FOR EACH ROW EXECUTE FUNCTION copy_ids();"
                    "CREATE VIEW audit_copy AS SELECT * FROM audit_log;"
                    "CREATE RULE no_audit AS ON INSERT TO audit_log DO INSTEAD NOTHING;"
                    "CREATE INDEX ix_members_phone ON members (phone);"
                )
            report = run_check(db)
        finally:
            db.dispose()
        assert not report.ok
        failed = "\n".join(text for good, text in report.lines if not good)
        for word in ("copy_ids_trg", "harvest", "audit_copy", "no_audit", "ix_members_phone"):
            assert word in failed, failed
        done = Cli(data_dir).run("--db", url, "check")
        assert done.returncode == 1 and "copy_ids_trg" in done.stderr, done.stdout + done.stderr
        assert_user_facing(done.stderr)
    finally:
        pg_server.drop_database(name)
