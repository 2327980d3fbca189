"""The checkup commands: export checkups|checkup-signin|checkup-coverage and import
checkups, with --campaign (optional when this year has exactly one campaign). Exit codes
0/1/2, one Chinese line per problem on stderr, nothing written on refusal. Every test runs
on SQLite and on PostgreSQL: the data is prepared through the services on the `db`
fixture, and the command gets that database as --db (the file's path, or the server's URL)."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date

import openpyxl
import pytest
from sqlalchemy import func, select

from unionapp import cli, config
from unionapp.db.models import AuditEntry, LedgerEntry
from unionapp.db.opening import open_database
from unionapp.domain.idcard import make_id_number
from unionapp.domain.members import MemberInput
from unionapp.services import checkups, members, settings
from unionapp.services.checkups import CampaignInput

YEAR = date.today().year
FIRST = date(YEAR, 1, 1)  # a checkup day that is never in the future
UNION = "阳光中学工会委员会"
NOTE = "乳腺结节，建议半年后复查"
STAFF = [("李梅", "F", date(1980, 3, 4)), ("王芳", "F", date(1975, 11, 30)), ("张伟", "M", date(1982, 5, 5))]
IDS = {name: make_id_number("340102", birth, 20 + i, gender) for i, (name, gender, birth) in enumerate(STAFF)}


def opened(db_arg):
    return open_database(config.database_url(db_arg))


def db_arg_of(db) -> str:
    """What the user passes as --db for this database: the file's path, or the server's URL."""
    return str(db.sqlite_path) if db.sqlite_path else db.url.render_as_string(hide_password=False)


@pytest.fixture
def school(db):
    """A database with one campaign this year; returns (its --db value, campaign id)."""
    settings.save(db, settings.UnionSettings(union_name=UNION, chair_name="王建国"))
    for name, gender, birth in STAFF:
        members.add_member(
            db,
            MemberInput(
                name=name,
                gender=gender,
                birth_date=birth,
                id_number=IDS[name],
                phone="13812345678",
                group_name="高中组",
            ),
        )
    cid = checkups.create_campaign(
        db,
        CampaignInput(
            year=YEAR,
            name="年度体检",
            eligibility="all_active",
            date_from=FIRST,
            date_to=date(YEAR, 12, 31),
            hospital="市第一人民医院",
            package="A套餐",
            cost_per_person_fen=40_000,
        ),
    )
    return db_arg_of(db), cid


def add_campaign(db_arg, name: str) -> int:
    db = opened(db_arg)
    try:
        return checkups.create_campaign(
            db, CampaignInput(year=YEAR, name=name, eligibility="women", date_from=FIRST, date_to=date(YEAR, 12, 31))
        )
    finally:
        db.dispose()


def state(db_arg, cid) -> tuple:
    """Everything an import could change: the people's results, ledger and audit rows."""
    db = opened(db_arg)
    try:
        people = tuple(
            (p.name, p.status, p.checkup_date, p.absence_reason, p.followup_note) for p in checkups.list_people(db, cid)
        )
        with db.session() as s:
            return people, s.scalar(select(func.count(LedgerEntry.id))), s.scalar(select(func.count(AuditEntry.id)))
    finally:
        db.dispose()


def sheet(path) -> list[tuple]:
    return [tuple(r) for r in openpyxl.load_workbook(path).worksheets[0].iter_rows(values_only=True)]


def returned(path, rows):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["姓名", "身份证号", "体检日期", "是否体检", "需复查", "备注"])
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


# ---------------------------------------------------------------- export


def test_hospital_list_is_masked_unless_full_id(school, tmp_path, capsys):
    db_arg, _cid = school
    masked, full = tmp_path / "名单.xlsx", tmp_path / "名单-完整.xlsx"
    assert cli.main(["--db", db_arg, "export", "checkups", "-o", str(masked)]) == 0  # the year's only campaign
    said = capsys.readouterr()
    assert said.err == "" and "已导出 3 行" in said.out and "已部分隐藏" in said.out
    assert cli.main(["--db", db_arg, "export", "checkups", "-o", str(full), "--full-id"]) == 0
    assert "含完整身份证号" in capsys.readouterr().out
    plain, whole = repr(sheet(masked)), repr(sheet(full))
    assert sheet(masked)[0][0] == f"{UNION}{YEAR}年度体检名单（市第一人民医院）"
    for number in IDS.values():
        assert number not in plain and number[:6] + "********" + number[-4:] in plain
        assert number in whole


@pytest.mark.parametrize("report", ["checkups", "checkup-signin", "checkup-coverage"])
def test_every_checkup_report_exports_in_every_format(school, tmp_path, capsys, report):
    db_arg, cid = school
    for suffix in ("xlsx", "pdf", "csv"):
        out = tmp_path / f"{report}.{suffix}"
        assert cli.main(["--db", db_arg, "export", report, "-o", str(out), "--campaign", str(cid)]) == 0
        assert f"到 {out}" in capsys.readouterr().out
        assert out.stat().st_size > (500 if suffix != "csv" else 100)
    assert sheet(tmp_path / f"{report}.xlsx")[0][0].startswith(f"{UNION}{YEAR}年度体检")


def test_coverage_has_health_notes_only_with_include_health(school, tmp_path, capsys):
    db_arg, cid = school
    db = opened(db_arg)
    try:
        team = {p.name: p.id for p in checkups.list_people(db, cid)}
        checkups.set_status(db, cid, [team["李梅"]], "followup", FIRST, note=NOTE)
    finally:
        db.dispose()
    plain, health = tmp_path / "plain.csv", tmp_path / "health.csv"
    assert cli.main(["--db", db_arg, "export", "checkup-coverage", "-o", str(plain)]) == 0
    assert cli.main(["--db", db_arg, "export", "checkup-coverage", "-o", str(health), "--include-health"]) == 0
    assert "健康信息" in capsys.readouterr().out
    assert NOTE not in plain.read_text(encoding="utf-8-sig")
    assert NOTE in health.read_text(encoding="utf-8-sig")


def test_two_campaigns_this_year_need_campaign(school, tmp_path, capsys):
    db_arg, cid = school
    other = add_campaign(db_arg, "女教职工体检")
    out = tmp_path / "list.xlsx"
    assert cli.main(["--db", db_arg, "export", "checkups", "-o", str(out)]) == cli.EXIT_USAGE
    err = capsys.readouterr().err
    assert f"{YEAR} 年有 2 个体检批次，请用 --campaign 编号 指定是哪一个" in err
    assert f"  {cid}　年度体检（" in err and f"  {other}　女教职工体检（" in err
    assert not out.exists()
    assert cli.main(["--db", db_arg, "export", "checkups", "-o", str(out), "--campaign", "999"]) == cli.EXIT_USAGE
    assert "找不到编号为 999 的体检批次" in capsys.readouterr().err and not out.exists()
    assert cli.main(["--db", db_arg, "export", "checkups", "-o", str(out), "--campaign", str(other)]) == 0
    assert sheet(out)[0][0] == f"{UNION}{YEAR}年女教职工体检名单"


def test_no_campaign_at_all_is_a_usage_error_without_traceback(db, tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "unionapp", "--db", db_arg_of(db), "import", "checkups", str(tmp_path / "x.xlsx")],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "LANG": "C.UTF-8"},
        timeout=120,
    )
    assert done.returncode == 2
    assert "还没有任何体检批次" in done.stderr and "Traceback" not in done.stderr


# ---------------------------------------------------------------- import


def test_import_writes_the_results(school, tmp_path, capsys):
    db_arg, cid = school
    book = returned(
        tmp_path / "back.xlsx",
        [
            ["李梅", IDS["李梅"], FIRST, "是", NOTE, None],
            ["王芳", IDS["王芳"], FIRST, "已检", "否", None],
            ["张伟", None, None, "未检", None, "出差"],
        ],
    )
    assert cli.main(["--db", db_arg, "import", "checkups", str(book)]) == 0
    said = capsys.readouterr()
    assert said.err == "" and "导入完成：“年度体检”更新 3 人，无变化 0 人，跳过 0 行" in said.out
    people, ledger_rows, _audit = state(db_arg, cid)
    assert people == (
        ("李梅", "followup", FIRST, "", NOTE),
        ("王芳", "done", FIRST, "", ""),
        ("张伟", "absent", None, "出差", ""),
    )  # by pinyin, as the list is kept
    assert ledger_rows == 1


def test_a_bad_row_refuses_the_file_and_writes_nothing(school, tmp_path, capsys):
    db_arg, cid = school
    book = returned(
        tmp_path / "bad.xlsx",
        [
            ["李梅", IDS["李梅"], FIRST, "是", None, None],
            ["赵六", None, FIRST, "是", None, None],
            ["王芳", IDS["王芳"], FIRST, "大概", None, None],
        ],
    )
    before = state(db_arg, cid)
    args = ["--db", db_arg, "import", "checkups", str(book), "--campaign", str(cid)]
    assert cli.main(args) == cli.EXIT_REFUSED
    err = capsys.readouterr().err.splitlines()
    assert err[0] == "第 3 行（赵六）：赵六不在本次体检名单中，请核对姓名，或先把此人加入名单"
    assert err[1] == "第 4 行（王芳）：“大概”无法识别是否体检，请填写“是”（已体检）或“否”（未参加）"
    # The unknown word once more, with the option that maps it; then the refusal.
    assert (
        err[2]
        == '是否体检“大概”（第 4 行）无法识别，最接近的是“是”“否”；如果是“是”，请加上 --map-value "是否体检:大概=是"'
    )
    assert "整个文件没有导入" in err[3]
    assert state(db_arg, cid) == before
    assert cli.main([*args, "--dry-run"]) == cli.EXIT_REFUSED
    said = capsys.readouterr()
    assert "试运行（未写入）" in said.out and "有问题 2 行" in said.out
    assert state(db_arg, cid) == before
    assert cli.main([*args, "--skip-errors"]) == 0
    assert "更新 1 人" in capsys.readouterr().out
    assert [p[1] for p in state(db_arg, cid)[0] if p[0] == "李梅"] == ["done"]


def test_a_clean_dry_run_writes_nothing(school, tmp_path, capsys):
    db_arg, cid = school
    book = returned(tmp_path / "ok.xlsx", [["李梅", IDS["李梅"], FIRST, "是", None, None]])
    before = state(db_arg, cid)
    assert cli.main(["--db", db_arg, "import", "checkups", str(book), "--dry-run"]) == 0
    assert "更新 1 人（已体检 1 人）" in capsys.readouterr().out
    assert state(db_arg, cid) == before


def test_import_with_two_campaigns_needs_campaign(school, tmp_path, capsys):
    db_arg, cid = school
    add_campaign(db_arg, "女教职工体检")
    book = returned(tmp_path / "ok.xlsx", [["李梅", IDS["李梅"], FIRST, "是", None, None]])
    before = state(db_arg, cid)
    assert cli.main(["--db", db_arg, "import", "checkups", str(book)]) == cli.EXIT_USAGE
    assert "--campaign" in capsys.readouterr().err
    assert state(db_arg, cid) == before
