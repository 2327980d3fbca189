"""The command line as a contract: output, exit codes, all-or-nothing imports."""

import os
import subprocess
import sys
from datetime import date

import openpyxl
import pytest

from unionapp import __version__, cli, config
from unionapp.db.opening import open_database
from unionapp.domain.idcard import make_id_number
from unionapp.services import members, settings

GOOD_ID = make_id_number("340104", date(1980, 5, 6), 11, "M")
BAD_ID = GOOD_ID[:-1] + ("1" if GOOD_ID[-1] != "1" else "2")


def run(*args, env_extra=None):
    env = {**os.environ, **(env_extra or {})}
    return subprocess.run([sys.executable, "-m", "unionapp", *args], capture_output=True, text=True, env=env, timeout=120)


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


def count(db_path):
    db = open_database(config.database_url(str(db_path)))
    try:
        return members.count_members(db)
    finally:
        db.dispose()


def test_version():
    result = run("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"unionapp {__version__}"


def test_init_sets_union_name(db_path, capsys):
    assert cli.main(["--db", str(db_path), "init", "--union-name", "阳光中学工会委员会", "--chair", "王建国"]) == 0
    assert "数据库已就绪" in capsys.readouterr().out
    db = open_database(config.database_url(str(db_path)))
    assert settings.load(db).union_name == "阳光中学工会委员会"
    assert settings.load(db).chair_name == "王建国"
    db.dispose()


def test_demo(db_path, capsys):
    assert cli.main(["--db", str(db_path), "demo", "--members", "50", "--seed", "3"]) == 0
    assert "50 位会员" in capsys.readouterr().out
    assert count(db_path) == 50
    assert cli.main(["--db", str(db_path), "demo", "--members", "50"]) == 1
    assert "空的数据库" in capsys.readouterr().err
    assert count(db_path) == 50


def test_usage_error_exit_2(db_path):
    result = run("--db", str(db_path), "import", "payroll", "x.xlsx")
    assert result.returncode == 2
    assert "命令用法有误" in result.stderr
    assert "Traceback" not in result.stderr


def test_import_good_file(db_path, tmp_path, capsys):
    path = write_roster(tmp_path / "roster.xlsx", [["张三", GOOD_ID, "高中组"], ["李四", "", "初中组"]])
    assert cli.main(["--db", str(db_path), "import", "members", str(path), "--dry-run"]) == 0
    assert "试运行" in capsys.readouterr().out
    assert count(db_path) == 0
    assert cli.main(["--db", str(db_path), "import", "members", str(path)]) == 0
    assert "新增 2 人" in capsys.readouterr().out
    assert count(db_path) == 2


def test_import_bad_row_refuses_whole_file(db_path, tmp_path):
    path = write_roster(tmp_path / "roster.xlsx", [["张三", GOOD_ID, "高中组"], ["李四", BAD_ID, "初中组"]])
    result = run("--db", str(db_path), "import", "members", str(path))
    assert result.returncode == 1
    assert "第 4 行" in result.stderr and "校验位" in result.stderr
    assert "Traceback" not in result.stderr
    assert count(db_path) == 0
    result = run("--db", str(db_path), "import", "members", str(path), "--skip-errors")
    assert result.returncode == 0, result.stderr
    assert "新增 1 人" in result.stdout and "跳过 1 行" in result.stdout
    assert count(db_path) == 1


@pytest.mark.parametrize("content, suffix, message", [
    (b"not a workbook at all", ".xlsx", "不是"),
    (b"a,b\n1,2\n", ".csv", ".xlsx"),
])
def test_import_unreadable_file(db_path, tmp_path, content, suffix, message):
    path = tmp_path / f"roster{suffix}"
    path.write_bytes(content)
    result = run("--db", str(db_path), "import", "members", str(path))
    assert result.returncode == 1
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_import_missing_file(db_path, tmp_path):
    result = run("--db", str(db_path), "import", "members", str(tmp_path / "nope.xlsx"))
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
        result = run("--db", str(db_path), "import", "members", str(path), env_extra={"UNIONAPP_BUSY_TIMEOUT_MS": "200"})
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
    result = subprocess.run([sys.executable, "-m", "unionapp", "--db", str(db_path)], capture_output=True, text=True,
                            env=env, timeout=60)
    assert result.returncode == 1
    assert "显示器" in result.stderr


def test_export_roster_masked_and_full(db_path, tmp_path, capsys):
    cli.main(["--db", str(db_path), "demo", "--members", "30", "--seed", "2"])
    out = tmp_path / "roster.xlsx"
    assert cli.main(["--db", str(db_path), "export", "members", "-o", str(out)]) == 0
    assert "已部分隐藏" in capsys.readouterr().out
    values = [c.value for row in openpyxl.load_workbook(out).active.iter_rows() for c in row]
    ids = [v for v in values if isinstance(v, str) and len(v) == 18 and v[:6].isdigit()]
    assert ids and all("********" in v for v in ids)
    assert cli.main(["--db", str(db_path), "export", "members", "-o", str(out), "--full-id"]) == 0
    values = [c.value for row in openpyxl.load_workbook(out).active.iter_rows() for c in row]
    assert any(isinstance(v, str) and len(v) == 18 and "*" not in v and v[:6].isdigit() for v in values)


@pytest.mark.parametrize("report", ["birthdays", "retirements"])
def test_export_other_member_reports_to_pdf(db_path, tmp_path, report):
    cli.main(["--db", str(db_path), "demo", "--members", "300", "--seed", "2"])
    out = tmp_path / f"{report}.pdf"
    result = run("--db", str(db_path), "export", report, "-o", str(out), "--from", "2026-12-01")
    assert result.returncode == 0, result.stderr
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True).stdout
    assert ("生日名单" if report == "birthdays" else "退休预告") in text
    assert "第1页共1页" in text.replace(" ", "")


def test_export_refusals(db_path, tmp_path):
    cli.main(["--db", str(db_path), "init"])
    bad_ext = run("--db", str(db_path), "export", "members", "-o", str(tmp_path / "x.doc"))
    assert bad_ext.returncode == 1 and ".xlsx" in bad_ext.stderr
    bad_date = run("--db", str(db_path), "export", "retirements", "-o", str(tmp_path / "x.pdf"), "--from", "2026-13-01")
    assert bad_date.returncode == 1 and "不存在" in bad_date.stderr
    no_db = run("--db", str(tmp_path / "missing.db"), "export", "members", "-o", str(tmp_path / "x.pdf"))
    assert no_db.returncode == 1 and "找不到数据库文件" in no_db.stderr
    for result in (bad_ext, bad_date, no_db):
        assert "Traceback" not in result.stderr


def test_backup_check_restore(db_path, tmp_path, capsys):
    cli.main(["--db", str(db_path), "demo", "--members", "20", "--years", "1"])
    target = tmp_path / "U盘" / "工会备份.db"
    assert cli.main(["--db", str(db_path), "backup", "-o", str(target)]) == 0
    assert "已备份并校验" in capsys.readouterr().out
    cli.main(["--db", str(db_path), "import", "members", str(write_roster(tmp_path / "r.xlsx", [["新人", GOOD_ID, "高中组"]]))])
    assert count(db_path) == 21
    assert cli.main(["--db", str(db_path), "check"]) == 0
    assert "检查通过" in capsys.readouterr().out
    assert cli.main(["--db", str(db_path), "restore", str(target)]) == 0
    out = capsys.readouterr().out
    assert "会员 20 条" in out and "恢复前的数据已备份到" in out
    assert count(db_path) == 20


def test_check_fails_on_drift_and_restore_refuses_junk(db_path, tmp_path, capsys):
    import sqlite3

    cli.main(["--db", str(db_path), "demo", "--members", "20", "--years", "1"])
    with sqlite3.connect(db_path) as conn:
        conn.execute("UPDATE ledger_entries SET amount_fen = amount_fen + 7 WHERE source = 'dues'")
    assert cli.main(["--db", str(db_path), "check"]) == 1
    assert "✗" in capsys.readouterr().err
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not a database")
    result = run("--db", str(db_path), "restore", str(junk))
    assert result.returncode == 1 and "损坏" in result.stderr and "Traceback" not in result.stderr
