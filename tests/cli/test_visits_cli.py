"""The visits commands: export visits|visit-receipts|visit-summary, import visits.
Exit codes 0/1/2, one Chinese line per problem on stderr, nothing written on refusal.
Every test runs on SQLite and on PostgreSQL (`demo_db`, `db_arg`: the --db value)."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date

import openpyxl
import pytest
from sqlalchemy import func, select

from unionapp import cli, config
from unionapp.db.models import LedgerEntry, Visit
from unionapp.db.opening import open_database
from unionapp.domain.members import MemberInput
from unionapp.services import members, visits
from unionapp.services.visits import VisitFilter

TODAY = date.today()
LAST_YEAR = TODAY.year - 1
UNION = "阳光中学工会委员会"


def run(*args):
    return subprocess.run(
        [sys.executable, "-m", "unionapp", *args],
        capture_output=True,
        text=True,
        env={**os.environ, "LANG": "C.UTF-8"},
        timeout=120,
    )


def opened(db_arg):
    return open_database(config.database_url(str(db_arg)))


def counts(db_arg) -> tuple[int, int]:
    db = opened(db_arg)
    try:
        with db.session() as s:
            return s.scalar(select(func.count(Visit.id))), s.scalar(select(func.count(LedgerEntry.id)))
    finally:
        db.dispose()


def done_visits(db_arg, start: date, end: date):
    db = opened(db_arg)
    try:
        return visits.list_visits(db, VisitFilter(date_from=start, date_to=end, status="done"))
    finally:
        db.dispose()


def fen(value) -> int:
    return round(value * 100)


def sheet(path) -> list[tuple]:
    return [tuple(r) for r in openpyxl.load_workbook(path).worksheets[0].iter_rows(values_only=True)]


# The arguments of this module's demo database (tests/cli/conftest.py builds it once per engine).
DEMO_ARGS = ["demo", "--members", "200", "--years", "2", "--seed", "5"]


# ---------------------------------------------------------------- export


@pytest.mark.parametrize("report", ["visits", "visit-receipts", "visit-summary"])
def test_every_visit_report_exports_to_xlsx_and_pdf(demo_db, tmp_path, capsys, report):
    for suffix in ("xlsx", "pdf", "csv"):
        out = tmp_path / f"{report}.{suffix}"
        assert cli.main(["--db", demo_db, "export", report, "-o", str(out), "--year", str(LAST_YEAR)]) == 0
        said = capsys.readouterr()
        assert f"到 {out}" in said.out and said.err == ""
        assert out.stat().st_size > 500
    title = sheet(tmp_path / f"{report}.xlsx")[0][0]
    assert title.startswith(UNION) and f"{LAST_YEAR}年" in title


def test_exported_register_and_receipts_total_the_year_s_visits(demo_db, tmp_path):
    year = done_visits(demo_db, date(LAST_YEAR, 1, 1), date(LAST_YEAR, 12, 31))
    paid = [v for v in year if v.money_fen]
    assert len(paid) >= 5
    for report, money_col, rows in (("visits", 7, None), ("visit-receipts", 5, paid)):
        out = tmp_path / f"{report}.xlsx"
        assert cli.main(["--db", demo_db, "export", report, "-o", str(out), "--year", str(LAST_YEAR)]) == 0
        values = sheet(out)
        totals = next(r for r in values if r[0] == "合计")
        assert fen(totals[money_col]) == sum(v.money_fen for v in year)
        if rows is not None:
            header = next(i for i, r in enumerate(values) if r[0] == "序号")
            assert values[header][6] == "领取人签字"
            assert len(values[header + 1 : values.index(totals)]) == len(rows)


def test_default_periods_are_this_month_and_this_year(demo_db, tmp_path):
    out = tmp_path / "本月.xlsx"
    assert cli.main(["--db", demo_db, "export", "visits", "-o", str(out)]) == 0
    assert sheet(out)[0][0] == f"{UNION}{TODAY.year}年{TODAY.month}月五必访登记表"
    out = tmp_path / "今年.xlsx"
    assert cli.main(["--db", demo_db, "export", "visit-summary", "-o", str(out)]) == 0
    assert sheet(out)[0][0] == f"{UNION}{TODAY.year}年五必访统计表"
    out = tmp_path / "一季度.xlsx"
    assert (
        cli.main(
            [
                "--db",
                demo_db,
                "export",
                "visit-receipts",
                "-o",
                str(out),
                "--from",
                f"{LAST_YEAR}-01-01",
                "--to",
                f"{LAST_YEAR}-03-31",
            ]
        )
        == 0
    )
    assert sheet(out)[0][0] == f"{UNION}{LAST_YEAR}年1月1日至3月31日慰问金发放签收表"


def test_bad_dates_are_refused_and_nothing_is_written(demo_db, tmp_path, capsys):
    out = tmp_path / "x.xlsx"
    args = ["--db", demo_db, "export", "visits", "-o", str(out), "--from", "2025-06-01", "--to", "2025-01-01"]
    assert cli.main(args) == 1
    assert "起始日期 2025-06-01 晚于截止日期 2025-01-01" in capsys.readouterr().err
    assert not out.exists()
    result = run("--db", demo_db, "export", "visit-list", "-o", str(out))
    assert result.returncode == 2 and "命令用法有误" in result.stderr and "Traceback" not in result.stderr


# ---------------------------------------------------------------- import


HEADER = ["序号", "日期", "姓名", "工会小组", "事由", "慰问金", "走访人", "审批人", "备注"]


def write_register(path, rows):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append([f"{UNION}{LAST_YEAR}年五必访登记表"])
    ws.merge_cells("A1:I1")
    ws.append(HEADER)
    for r in rows:
        ws.append(r)
    ws.append(["合计", None, None, None, None, 1400])
    wb.save(path)
    return path


GOOD = [
    [1, date(LAST_YEAR, 3, 5), "张伟", "高中组", "因阑尾炎住院", 300, "王建国", "王建国", None],
    [2, date(LAST_YEAR, 4, 9), "李娜", None, "丧事", 800, "王建国", "王建国", "母亲去世"],
    [3, date(LAST_YEAR, 5, 1), "李娜", None, "谈心", None, "王建国", None, None],
]


@pytest.fixture
def school(db_arg):
    assert cli.main(["--db", db_arg, "init", "--union-name", UNION]) == 0
    db = opened(db_arg)
    try:
        for name, group, birth in [
            ("张伟", "高中组", date(1980, 1, 1)),
            ("张伟", "初中组", date(1985, 1, 1)),
            ("李娜", "小学组", date(1990, 1, 1)),
        ]:
            members.add_member(db, MemberInput(name=name, gender="M", birth_date=birth, group_name=group))
    finally:
        db.dispose()
    return db_arg


def test_import_visits_dry_run_then_for_real(school, tmp_path, capsys):
    path = write_register(tmp_path / "登记表.xlsx", GOOD)
    capsys.readouterr()
    assert cli.main(["--db", school, "import", "visits", str(path), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert (
        "试运行（未写入）：新增走访记录 3 条（其中待访 0 条，慰问金合计 1,100.00 元），已有相同记录 0 条（跳过），有问题 0 行"
        in out
    )
    assert counts(school) == (0, 0)
    assert cli.main(["--db", school, "import", "visits", str(path)]) == 0
    assert "导入完成：新增走访记录 3 条，已有相同记录 0 条，跳过 0 行。" in capsys.readouterr().out
    assert counts(school) == (3, 2)
    got = done_visits(school, date(LAST_YEAR, 1, 1), date(LAST_YEAR, 12, 31))
    assert [(v.member_name, v.group_name, v.type_name, v.reason, v.money_fen) for v in got] == [
        ("张伟", "高中组", "生病住院", "因阑尾炎住院", 30_000),
        ("李娜", "小学组", "直系亲属去世", "", 80_000),
        ("李娜", "小学组", "思想情绪波动", "", 0),
    ]
    check = run("--db", school, "check")
    assert check.returncode == 0, check.stderr


def test_import_visits_refusal_writes_nothing_and_says_why(school, tmp_path):
    bad = [
        *GOOD,
        [4, date(LAST_YEAR, 6, 1), "张伟", None, "住院", 300, "王建国", "王建国", None],
        [5, date(LAST_YEAR, 6, 2), "王五", None, "住院", 300, "王建国", "王建国", None],
        [6, date(LAST_YEAR, 6, 3), "李娜", None, "留校过年", 100, "王建国", "王建国", None],
    ]
    path = write_register(tmp_path / "登记表.xlsx", bad)
    result = run("--db", school, "import", "visits", str(path))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert "第 6 行（张伟）：会员名册中有 2 位名叫“张伟”的会员，请填写工会小组或身份证号以区分" in lines
    assert any(line.startswith("第 7 行（王五）：姓名“王五”不在会员名册中") for line in lines)
    assert any(line.startswith("第 8 行（李娜）：") and "不能填写慰问金" in line for line in lines)
    assert "整个文件没有导入" in lines[-1]
    assert counts(school) == (0, 0)
    dry = run("--db", school, "import", "visits", str(path), "--dry-run")
    assert dry.returncode == 1 and "有问题 3 行" in dry.stdout and counts(school) == (0, 0)
    skipped = run("--db", school, "import", "visits", str(path), "--skip-errors")
    assert skipped.returncode == 0 and "导入完成：新增走访记录 3 条，已有相同记录 0 条，跳过 3 行。" in skipped.stdout
    assert counts(school) == (3, 2)


def test_import_visits_unreadable_file(school, tmp_path, capsys):
    path = tmp_path / "登记表.xlsx"
    path.write_text("不是工作簿")
    assert cli.main(["--db", school, "import", "visits", str(path)]) == 1
    assert capsys.readouterr().err.strip()
    assert counts(school) == (0, 0)
