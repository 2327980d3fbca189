"""The command line as a contract: output, exit codes, all-or-nothing imports. Tests taking
`db_arg` run on SQLite and PostgreSQL; those taking `db_path` are about the SQLite file."""

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from unionapp import __version__, cli, config
from unionapp.db.opening import open_database
from unionapp.domain.idcard import make_id_number
from unionapp.services import members, settings

GOOD_ID = make_id_number("340104", date(1980, 5, 6), 11, "M")
BAD_ID = GOOD_ID[:-1] + ("1" if GOOD_ID[-1] != "1" else "2")


def run(*args, env_extra=None):
    env = {**os.environ, **(env_extra or {})}
    return subprocess.run(
        [sys.executable, "-m", "unionapp", *args], capture_output=True, text=True, env=env, timeout=120
    )


def write_roster(path, rows):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["阳光中学教职工花名册"])
    ws.merge_cells("A1:D1")
    ws.append(["序号", "姓名", "身份证号码", "工会小组"])
    for i, row in enumerate(rows, start=1):
        ws.append([i, *row])
    wb.save(path)
    return path


def opened(db_arg):
    return open_database(config.database_url(str(db_arg)))


def count(db_arg):
    db = opened(db_arg)
    try:
        return members.count_members(db)
    finally:
        db.dispose()


def is_url(db_arg: str) -> bool:
    return "://" in db_arg


def shown_location(db_arg: str) -> str:
    """Where `init` says the database is: the file, or the server's URL without its password."""
    if is_url(db_arg):
        return make_url(db_arg).render_as_string(hide_password=True)
    return str(Path(db_arg).resolve())


def test_version():
    result = run("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"unionapp {__version__}"


def test_init_sets_union_name(db_arg, capsys):
    assert cli.main(["--db", db_arg, "init", "--union-name", "阳光中学工会委员会", "--chair", "王建国"]) == 0
    out = capsys.readouterr().out
    assert f"数据库已就绪：{shown_location(db_arg)}" in out
    password = make_url(db_arg).password if is_url(db_arg) else None
    assert not password or password not in out  # a server's password is never printed
    db = opened(db_arg)
    assert settings.load(db).union_name == "阳光中学工会委员会"
    assert settings.load(db).chair_name == "王建国"
    db.dispose()


def test_demo(db_arg, capsys):
    assert cli.main(["--db", db_arg, "demo", "--members", "50", "--seed", "3"]) == 0
    assert "50 位会员" in capsys.readouterr().out
    assert count(db_arg) == 50
    assert cli.main(["--db", db_arg, "demo", "--members", "50"]) == 1
    assert "空的数据库" in capsys.readouterr().err
    assert count(db_arg) == 50


def test_usage_error_exit_2(db_arg):
    result = run("--db", db_arg, "import", "payroll", "x.xlsx")
    assert result.returncode == 2
    assert "命令用法有误" in result.stderr
    assert "Traceback" not in result.stderr


def test_import_good_file(db_arg, tmp_path, capsys):
    path = write_roster(tmp_path / "roster.xlsx", [["张三", GOOD_ID, "高中组"], ["李四", "", "初中组"]])
    assert cli.main(["--db", db_arg, "import", "members", str(path), "--dry-run"]) == 0
    assert "试运行" in capsys.readouterr().out
    assert count(db_arg) == 0
    assert cli.main(["--db", db_arg, "import", "members", str(path)]) == 0
    assert "新增 2 人" in capsys.readouterr().out
    assert count(db_arg) == 2


def test_import_bad_row_refuses_whole_file(db_arg, tmp_path):
    path = write_roster(tmp_path / "roster.xlsx", [["张三", GOOD_ID, "高中组"], ["李四", BAD_ID, "初中组"]])
    result = run("--db", db_arg, "import", "members", str(path))
    assert result.returncode == 1
    assert "第 4 行" in result.stderr and "校验位" in result.stderr
    assert "Traceback" not in result.stderr
    assert count(db_arg) == 0
    result = run("--db", db_arg, "import", "members", str(path), "--skip-errors")
    assert result.returncode == 0, result.stderr
    assert "新增 1 人" in result.stdout and "跳过 1 行" in result.stdout
    assert count(db_arg) == 1


@pytest.mark.parametrize(
    "content, suffix, message",
    [
        # Text under an Excel name is read (as systems export it), and said to be text.
        (b"not a workbook at all", ".xlsx", "（它其实是文本文件（如 CSV），只是扩展名为 Excel）"),
        (b"a,b\n1,2\n", ".csv", "没有找到表头行"),
        (bytes(range(256)) * 4, ".xlsx", "不是有效的 Excel 工作簿"),
    ],
)
def test_import_unreadable_file(db_arg, tmp_path, content, suffix, message):
    path = tmp_path / f"roster{suffix}"
    path.write_bytes(content)
    result = run("--db", db_arg, "import", "members", str(path))
    assert result.returncode == 1
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_import_missing_file(db_arg, tmp_path):
    result = run("--db", db_arg, "import", "members", str(tmp_path / "nope.xlsx"))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and result.stderr.strip()


def test_database_locked_by_another_copy(db_path, tmp_path):
    """Another process holding a write transaction: a Chinese message, exit 1, nothing written."""
    import sqlite3

    open_database(config.database_url(str(db_path))).dispose()
    path = write_roster(tmp_path / "roster.xlsx", [["张三", GOOD_ID, "高中组"]])
    holder = sqlite3.connect(db_path, timeout=0)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        result = run(
            "--db", str(db_path), "import", "members", str(path), env_extra={"UNIONAPP_BUSY_TIMEOUT_MS": "200"}
        )
    finally:
        holder.rollback()
        holder.close()
    assert result.returncode == 1
    assert "占用" in result.stderr
    assert "Traceback" not in result.stderr
    assert count(db_path) == 0


def test_read_only_database(db_path, tmp_path, monkeypatch, capsys):
    cli.main(["--db", str(db_path), "init", "--union-name", "测试工会"])
    path = write_roster(tmp_path / "roster.xlsx", [["张三", GOOD_ID, "高中组"]])
    import unionapp.db.opening as opening

    # Tests run as root, for whom chmod 444 does not stop writing: make the check say read-only.
    monkeypatch.setattr(opening, "is_writable", lambda p: False)
    assert cli.main(["--db", str(db_path), "import", "members", str(path)]) == 1
    assert "只读" in capsys.readouterr().err
    monkeypatch.undo()
    assert count(db_path) == 0


def test_no_display_refuses_gui(db_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    result = subprocess.run(
        [sys.executable, "-m", "unionapp", "--db", str(db_path)], capture_output=True, text=True, env=env, timeout=60
    )
    assert result.returncode == 1
    assert "显示器" in result.stderr


def test_export_roster_masked_and_full(db_arg, tmp_path, capsys):
    cli.main(["--db", db_arg, "demo", "--members", "30", "--seed", "2"])
    out = tmp_path / "roster.xlsx"
    assert cli.main(["--db", db_arg, "export", "members", "-o", str(out)]) == 0
    assert "已部分隐藏" in capsys.readouterr().out
    values = [c.value for row in openpyxl.load_workbook(out).active.iter_rows() for c in row]
    ids = [v for v in values if isinstance(v, str) and len(v) == 18 and v[:6].isdigit()]
    assert ids and all("********" in v for v in ids)
    assert cli.main(["--db", db_arg, "export", "members", "-o", str(out), "--full-id"]) == 0
    values = [c.value for row in openpyxl.load_workbook(out).active.iter_rows() for c in row]
    assert any(isinstance(v, str) and len(v) == 18 and "*" not in v and v[:6].isdigit() for v in values)


@pytest.mark.parametrize("report", ["birthdays", "retirements"])
def test_export_other_member_reports_to_pdf(db_arg, tmp_path, report):
    cli.main(["--db", db_arg, "demo", "--members", "300", "--seed", "2"])
    out = tmp_path / f"{report}.pdf"
    result = run("--db", db_arg, "export", report, "-o", str(out), "--from", "2026-12-01")
    assert result.returncode == 0, result.stderr
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True).stdout
    assert ("生日名单" if report == "birthdays" else "退休预告") in text
    assert "第1页共1页" in text.replace(" ", "")


def test_export_refusals(db_arg, tmp_path):
    cli.main(["--db", db_arg, "init"])
    bad_ext = run("--db", db_arg, "export", "members", "-o", str(tmp_path / "x.doc"))
    assert bad_ext.returncode == 1 and ".xlsx" in bad_ext.stderr
    bad_date = run("--db", db_arg, "export", "retirements", "-o", str(tmp_path / "x.pdf"), "--from", "2026-13-01")
    assert bad_date.returncode == 1 and "不存在" in bad_date.stderr
    for result in (bad_ext, bad_date):
        assert "Traceback" not in result.stderr


def test_export_from_a_missing_file_is_refused(db_path, tmp_path):
    no_db = run("--db", str(db_path), "export", "members", "-o", str(tmp_path / "x.pdf"))
    assert no_db.returncode == 1 and "找不到数据库文件" in no_db.stderr
    assert "Traceback" not in no_db.stderr
    assert not db_path.exists()


def test_backup_check_restore(db_path, tmp_path, capsys):
    cli.main(["--db", str(db_path), "demo", "--members", "20", "--years", "1"])
    target = tmp_path / "U盘" / "工会备份.db"
    assert cli.main(["--db", str(db_path), "backup", "-o", str(target)]) == 0
    assert "已备份并校验" in capsys.readouterr().out
    cli.main(
        [
            "--db",
            str(db_path),
            "import",
            "members",
            str(write_roster(tmp_path / "r.xlsx", [["新人", GOOD_ID, "高中组"]])),
        ]
    )
    assert count(db_path) == 21
    assert cli.main(["--db", str(db_path), "check"]) == 0
    assert "检查通过" in capsys.readouterr().out
    assert cli.main(["--db", str(db_path), "restore", str(target)]) == 0
    out = capsys.readouterr().out
    assert "会员 20 条" in out and "恢复前的数据已备份到" in out
    assert count(db_path) == 20


def test_backup_of_either_engine_is_a_verified_file_and_restore_of_a_server_is_refused(db_arg, tmp_path, capsys):
    """A backup is a SQLite file any PC can open, from a file or from a shared database;
    restoring over a shared database is refused in Chinese (the server's own tool, pg_dump,
    does that) and changes nothing."""
    cli.main(["--db", db_arg, "demo", "--members", "20", "--years", "1"])
    copy = tmp_path / "工会备份.db"
    assert cli.main(["--db", db_arg, "backup", "-o", str(copy)]) == 0
    assert "已备份并校验" in capsys.readouterr().out and copy.exists()
    assert count(copy) == 20 and cli.main(["--db", str(copy), "check"]) == 0
    capsys.readouterr()
    if not is_url(db_arg):
        return
    assert cli.main(["--db", db_arg, "backup", "-o", str(copy)]) == 1  # never over an existing file
    assert "文件已经存在" in capsys.readouterr().err
    assert cli.main(["--db", db_arg, "restore", str(copy)]) == 1
    assert "pg_dump" in capsys.readouterr().err
    assert count(db_arg) == 20


def test_check_passes_then_fails_on_drift(db_arg, capsys):
    cli.main(["--db", db_arg, "demo", "--members", "20", "--years", "1"])
    assert cli.main(["--db", db_arg, "check"]) == 0
    assert "检查通过" in capsys.readouterr().out
    db = opened(db_arg)
    try:
        with db.session() as s:
            s.execute(text("UPDATE ledger_entries SET amount_fen = amount_fen + 7 WHERE source = 'dues'"))
    finally:
        db.dispose()
    assert cli.main(["--db", db_arg, "check"]) == 1
    assert "✗" in capsys.readouterr().err


def test_restore_refuses_junk(db_path, tmp_path):
    cli.main(["--db", str(db_path), "demo", "--members", "20", "--years", "1"])
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not a database")
    result = run("--db", str(db_path), "restore", str(junk))
    assert result.returncode == 1 and "损坏" in result.stderr and "Traceback" not in result.stderr
    assert count(db_path) == 20


def test_copy_to_a_new_file_and_not_over_records(db_arg, tmp_path, capsys):
    """`copy` from either engine into a new file; never into a database that has records."""
    cli.main(["--db", db_arg, "demo", "--members", "20", "--years", "1"])
    target = tmp_path / "副本.db"
    assert cli.main(["--db", db_arg, "copy", "--to", str(target)]) == 0
    out = capsys.readouterr().out
    assert "复制完成" in out and "会员 20 条" in out and "核对一致" in out
    assert count(target) == 20
    assert cli.main(["--db", str(target), "check"]) == 0
    capsys.readouterr()
    assert cli.main(["--db", db_arg, "copy", "--to", str(target)]) == 1
    assert "目标数据库不是空的（已有会员 20 条）" in capsys.readouterr().err
    assert count(target) == 20


def test_a_command_ends_at_once_with_its_output_files_and_database_closed(tmp_path):
    """`python -m unionapp` skips the interpreter's teardown after a command: what it
    printed still arrives, the exit code is kept, and the database was closed properly
    (no -wal or lock file left) and the export is whole."""
    folder = tmp_path / "work"
    folder.mkdir()
    db = folder / "union.db"
    assert run("--db", str(db), "init", "--union-name", "阳光中学工会").returncode == 0
    done = run("--db", str(db), "demo", "--members", "30", "--years", "1")
    assert done.returncode == 0 and done.stdout.strip()
    out = folder / "roster.xlsx"
    exported = run("--db", str(db), "export", "members", "-o", str(out))
    assert exported.returncode == 0 and str(out) in exported.stdout
    assert openpyxl.load_workbook(out).active.max_row > 30
    assert sorted(p.name for p in folder.iterdir()) == ["roster.xlsx", "union.db"]
    refused = run("--db", str(db), "export", "members", "-o", str(folder / "no_such_dir" / "x.xlsx"))
    assert refused.returncode == cli.EXIT_REFUSED and refused.stderr.strip()
