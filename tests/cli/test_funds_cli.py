"""The funds commands: export ledger|budget|execution|disclosure, import ledger.
Exit codes 0/1/2, one Chinese line per problem on stderr, nothing written on refusal.
Every test runs on SQLite and on PostgreSQL (`demo_db`, `db_arg`: the --db value)."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date

import openpyxl
import pytest

from unionapp import cli, config
from unionapp.db.opening import open_database
from unionapp.services import ledger
from unionapp.services.ledger import LedgerFilter

THIS_YEAR = date.today().year
LAST_YEAR = THIS_YEAR - 1


def run(*args):
    return subprocess.run(
        [sys.executable, "-m", "unionapp", *args],
        capture_output=True,
        text=True,
        env={**os.environ, "LANG": "C.UTF-8"},
        timeout=120,
    )


# The arguments of this module's demo database (tests/cli/conftest.py builds it once per engine).
DEMO_ARGS = ["demo", "--members", "60", "--years", "2", "--seed", "5"]


def opened(db_arg):
    return open_database(config.database_url(str(db_arg)))


def entries(db_arg, flt: LedgerFilter):
    db = opened(db_arg)
    try:
        return ledger.list_entries(db, flt)
    finally:
        db.dispose()


def entry_count(db_arg) -> int:
    return len(entries(db_arg, LedgerFilter()))


def fen(value) -> int:
    return round(value * 100)


@pytest.mark.parametrize("report", ["ledger", "budget", "execution", "disclosure"])
def test_every_funds_report_exports_to_xlsx_and_pdf(demo_db, tmp_path, capsys, report):
    for suffix in ("xlsx", "pdf"):
        out = tmp_path / f"{report}.{suffix}"
        assert cli.main(["--db", demo_db, "export", report, "-o", str(out), "--year", str(LAST_YEAR)]) == 0
        said = capsys.readouterr()
        assert f"到 {out}" in said.out and "身份证号" not in said.out and said.err == ""
        assert out.stat().st_size > 1000
    title = openpyxl.load_workbook(tmp_path / f"{report}.xlsx").worksheets[0]["A1"].value
    assert title.startswith("阳光中学工会委员会") and f"{LAST_YEAR}年" in title


def test_exported_ledger_totals_equal_the_ledger(demo_db, tmp_path):
    out = tmp_path / "账.xlsx"
    assert cli.main(["--db", demo_db, "export", "ledger", "-o", str(out), "--year", str(LAST_YEAR)]) == 0
    rows = [r for r in openpyxl.load_workbook(out).worksheets[0].iter_rows(values_only=True)]
    totals = next(r for r in rows if r[0] == "合计")
    booked = entries(demo_db, LedgerFilter(year=LAST_YEAR))
    assert fen(totals[4]) == sum(e.income_fen for e in booked)
    assert fen(totals[5]) == sum(e.expense_fen for e in booked)
    assert fen(totals[6]) == booked[-1].balance_fen


def test_ledger_period_from_to_and_the_current_year_by_default(demo_db, tmp_path):
    out = tmp_path / "q1.csv"
    args = [
        "--db",
        demo_db,
        "export",
        "ledger",
        "-o",
        str(out),
        "--from",
        f"{LAST_YEAR}-01-01",
        "--to",
        f"{LAST_YEAR}-03-31",
    ]
    assert cli.main(args) == 0
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM for Excel
    lines = raw.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("日期,凭证号,科目,摘要")
    q1 = entries(demo_db, LedgerFilter(date_from=date(LAST_YEAR, 1, 1), date_to=date(LAST_YEAR, 3, 31)))
    assert len(lines) == 1 + 1 + len(q1) + 1  # header, 期初余额, entries, 合计
    default = tmp_path / "今年.xlsx"
    assert cli.main(["--db", demo_db, "export", "ledger", "-o", str(default)]) == 0
    assert f"{THIS_YEAR}年收支明细账" in openpyxl.load_workbook(default).worksheets[0]["A1"].value


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--from", "2025-02-30"], "日期 2025-02-30 不存在"),
        (["--from", "2025-06-01", "--to", "2025-01-01"], "起始日期 2025-06-01 晚于截止日期 2025-01-01"),
        (["--year", "25"], "年份 25 不合理"),
    ],
)
def test_bad_export_options_are_refused_in_chinese(demo_db, tmp_path, capsys, extra, message):
    out = tmp_path / "x.xlsx"
    assert cli.main(["--db", demo_db, "export", "ledger", "-o", str(out), *extra]) == 1
    assert message in capsys.readouterr().err
    assert not out.exists()


def test_unknown_report_is_a_usage_error(demo_db, tmp_path):
    result = run("--db", demo_db, "export", "payroll", "-o", str(tmp_path / "x.xlsx"))
    assert result.returncode == 2 and "命令用法有误" in result.stderr and "Traceback" not in result.stderr


def test_bad_extension_is_refused(demo_db, tmp_path, capsys):
    assert cli.main(["--db", demo_db, "export", "disclosure", "-o", str(tmp_path / "x.docx")]) == 1
    assert "不支持的文件类型" in capsys.readouterr().err


# ---------------------------------------------------------------- import ledger


def write_ledger(path, rows):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append([f"阳光中学工会委员会{LAST_YEAR}年收支明细账"])
    ws.merge_cells("A1:F1")
    ws.append(["日期", "凭证号", "摘要", "科目", "收入", "支出", "经办人", "审批人"])
    for r in rows:
        ws.append(r)
    ws.append([None, None, "本年累计", None, 1, 1])
    wb.save(path)
    return path


GOOD = [
    [date(LAST_YEAR, 1, 31), 1, "1月会费", "会费收入", 1480, None, "刘芳", "王建国"],
    [date(LAST_YEAR, 2, 10), 2, "春节慰问品", "职工活动支出/职工集体福利支出", None, 9000.5, "李秀英", "王建国"],
]


@pytest.fixture
def empty_db(db_arg):
    assert cli.main(["--db", db_arg, "init", "--union-name", "阳光中学工会委员会"]) == 0
    return db_arg


def test_import_ledger_dry_run_then_for_real(empty_db, tmp_path, capsys):
    path = write_ledger(tmp_path / "账.xlsx", GOOD)
    capsys.readouterr()
    assert cli.main(["--db", empty_db, "import", "ledger", str(path), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "试运行（未写入）：记账 2 笔（收入 1,480.00 元，支出 9,000.50 元），有问题 0 行" in out
    assert entry_count(empty_db) == 0
    assert cli.main(["--db", empty_db, "import", "ledger", str(path)]) == 0
    assert "导入完成：记账 2 笔，跳过 0 行。" in capsys.readouterr().out
    booked = entries(empty_db, LedgerFilter(year=LAST_YEAR))
    assert [(e.summary, e.amount_fen, e.source) for e in booked] == [
        ("[原凭证 1] 1月会费", 148_000, "import"),
        ("[原凭证 2] 春节慰问品", 900_050, "import"),
    ]


def test_import_ledger_refusal_writes_nothing_and_says_why(empty_db, tmp_path):
    bad = [
        *GOOD,
        [date(LAST_YEAR, 3, 1), 2, "奖品", "文体活动", None, "12.345", "赵敏", "王建国"],
        [date(THIS_YEAR + 1, 1, 1), 4, "明年的账", "会费收入", 10, None, "", ""],
    ]
    path = write_ledger(tmp_path / "账.xlsx", bad)
    result = run("--db", empty_db, "import", "ledger", str(path))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert "第 5 行（奖品）：支出“12.345”最多只能有两位小数（到分）" in lines
    assert "第 5 行（奖品）：凭证号“2”与第 4 行重复" in lines
    assert any(line.startswith("第 6 行（明年的账）：日期") and "晚于今天" in line for line in lines)
    assert "整个文件没有导入" in lines[-1]
    assert entry_count(empty_db) == 0
    dry = run("--db", empty_db, "import", "ledger", str(path), "--dry-run")
    assert dry.returncode == 1 and entry_count(empty_db) == 0
    skipped = run("--db", empty_db, "import", "ledger", str(path), "--skip-errors")
    assert skipped.returncode == 0 and "导入完成：记账 2 笔，跳过 2 行。" in skipped.stdout
    assert entry_count(empty_db) == 2


def test_import_ledger_unreadable_file(empty_db, tmp_path, capsys):
    path = tmp_path / "账.xlsx"
    path.write_text("不是工作簿")
    assert cli.main(["--db", empty_db, "import", "ledger", str(path)]) == 1
    assert capsys.readouterr().err.strip()
    assert entry_count(empty_db) == 0
