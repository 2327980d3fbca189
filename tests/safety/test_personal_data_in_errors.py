"""An unexpected database error must not put a member's full ID number or phone on the
screen or into unionapp.log (a file that is sent to whoever helps with a problem): the
SQL parameters are never in the error's text, and whatever reaches the log is masked."""

from __future__ import annotations

import logging
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import text

from unionapp import config
from unionapp.db.engine import Database
from unionapp.domain.idcard import make_id_number

from .tools import CJK, Cli

ID_NUMBER = make_id_number("110101", date(1990, 3, 7), 12, "M")
PHONE = "13812345678"
SHOWN_ID, SHOWN_PHONE = ID_NUMBER[:6] + "********" + ID_NUMBER[-4:], "138****5678"

# A statement that fails with the member's data as parameters, and one with it in the SQL.
BY_PARAMETERS = "INSERT INTO no_such_table (id_number, phone) VALUES (:id_number, :phone)"
IN_THE_SQL = f"SELECT * FROM members WHERE id_number = '{ID_NUMBER}' AND phone = '{PHONE}' AND no_such_column = 1"


def fail(db: Database, statement: str) -> None:
    with db.session() as session:
        session.execute(text(statement), {"id_number": ID_NUMBER, "phone": PHONE} if ":" in statement else {})


def assert_no_personal_data(output: str) -> None:
    assert ID_NUMBER not in output and PHONE not in output, output


def test_masking_free_text_hides_id_like_and_mobile_like_runs():
    from unionapp.domain.masking import mask_text

    line = f"[parameters: ('{ID_NUMBER}', '{PHONE}', '{ID_NUMBER[:6]}{ID_NUMBER[8:17]}')] at 2026-01-02 12:30:45,123"
    masked = mask_text(line)
    assert SHOWN_ID in masked and SHOWN_PHONE in masked and "110101*****" in masked
    assert masked.endswith("at 2026-01-02 12:30:45,123")
    assert mask_text("订单 123456789012345678901 / 金额 1234567.89") == "订单 123456789012345678901 / 金额 1234567.89"


def test_every_engine_hides_the_sql_parameters(db_path):
    fresh = Database(config.database_url(str(db_path)))
    db_path.touch()
    read_only = Database(config.database_url(str(db_path)), read_only=True)
    try:
        assert fresh.engine.hide_parameters and read_only.engine.hide_parameters
    finally:
        fresh.dispose()
        read_only.dispose()


def test_no_engine_is_made_around_the_one_that_hides_parameters():
    """SQLAlchemy's create_engine is called in db/engine.py only; everything else uses its wrapper."""
    import ast

    import unionapp

    source = Path(unionapp.__file__).parent
    wrapper = source / "db" / "engine.py"
    offenders = []
    for path in sorted(source.rglob("*.py")):
        if path == wrapper:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            imported = (
                isinstance(node, ast.ImportFrom)
                and (node.module or "").startswith("sqlalchemy")
                and any(alias.name == "create_engine" for alias in node.names)
            )
            called = (
                isinstance(node, ast.Attribute)
                and node.attr == "create_engine"
                and isinstance(node.value, ast.Name)
                and node.value.id == "sqlalchemy"
            )
            if imported or called:
                offenders.append(f"{path.relative_to(source)}:{node.lineno}")
    assert not offenders, f"engines that may show SQL parameters: {offenders}"


# ---------------------------------------------------------------- the command line

CLI_WITH_A_FAILING_SERVICE = f"""
import sys
from sqlalchemy import text
from unionapp import cli
from unionapp.services import members

statement = sys.argv.pop(1)

def list_members(db):
    with db.session() as session:
        session.execute(text(statement), {{"id_number": {ID_NUMBER!r}, "phone": {PHONE!r}}} if ":" in statement else {{}})

members.list_members = list_members
sys.exit(cli.main(sys.argv[1:]))
"""


@pytest.mark.parametrize("statement", [BY_PARAMETERS, IN_THE_SQL], ids=["parameters", "sql"])
def test_the_command_line_says_one_chinese_line_and_logs_masked(data_dir, tmp_path, statement):
    cli = Cli(data_dir)
    db = tmp_path / "union.db"
    assert cli.run("--db", db, "demo", "--members", "3", "--years", "0").returncode == 0
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            CLI_WITH_A_FAILING_SERVICE,
            statement,
            "--db",
            str(db),
            "export",
            "members",
            "-o",
            str(tmp_path / "名单.xlsx"),
        ],
        env=cli.env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )
    assert done.returncode == 1
    assert_no_personal_data(done.stderr + done.stdout)
    assert "Traceback" not in done.stderr and CJK.search(done.stderr), done.stderr
    assert len(done.stderr.strip().splitlines()) == 1 and str(data_dir / "unionapp.log") in done.stderr
    logged = (data_dir / "unionapp.log").read_text(encoding="utf-8")
    assert "Traceback" in logged and "no such" in logged  # the details are there, for whoever helps
    assert_no_personal_data(logged)


# ---------------------------------------------------------------- the window


@pytest.fixture
def app_log(data_dir, qapp):
    """The window's log set up as at its start; the handlers it adds are removed after."""
    from unionapp.ui.shell import app

    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    app.setup_logging()
    yield data_dir / "unionapp.log"
    for handler in root.handlers[:]:
        if handler not in handlers:
            root.removeHandler(handler)
            handler.close()
    root.setLevel(level)


@pytest.mark.parametrize("statement", [BY_PARAMETERS, IN_THE_SQL], ids=["parameters", "sql"])
def test_the_windows_polite_error_dialog_logs_no_personal_data(app_log, db, monkeypatch, statement):
    from unionapp.ui.widgets import common

    shown = []
    monkeypatch.setattr(common.QMessageBox, "warning", lambda _parent, title, message: shown.append(message))
    common.guarded(None, lambda: fail(db, statement))
    assert len(shown) == 1 and "意外错误" in shown[0]
    assert_no_personal_data(shown[0])
    logged = app_log.read_text(encoding="utf-8")
    assert "unexpected error" in logged and "Traceback" in logged
    assert_no_personal_data(logged)


def test_an_error_reaching_the_windows_error_hook_is_masked_too(app_log, db, monkeypatch, capsys):
    from unionapp.ui.shell import app

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # restored after the test
    app.install_excepthook()
    try:
        fail(db, BY_PARAMETERS)
    except Exception as exc:  # noqa: BLE001 - handed to the hook as Qt would
        sys.excepthook(type(exc), exc, exc.__traceback__)
    try:
        raise RuntimeError(f"会员 {ID_NUMBER} 的手机 {PHONE} 无法保存")
    except RuntimeError as exc:
        sys.excepthook(type(exc), exc, exc.__traceback__)
    logged = app_log.read_text(encoding="utf-8")
    assert logged.count("unexpected error") == 2 and SHOWN_ID in logged and SHOWN_PHONE in logged
    assert_no_personal_data(logged + capsys.readouterr().err)
