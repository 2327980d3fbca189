"""`unionapp import handouts FILE` and `unionapp import activity FILE --id N`: exit codes
0/1/2, one Chinese line per problem on stderr, nothing written on refusal, the spending
rules' warnings answered by --reason, --name/--date for a file without those columns."""

from __future__ import annotations

from datetime import date

import openpyxl
import pytest
from sqlalchemy import func, select

from unionapp import cli
from unionapp.db.models import ActivityEntry, Handout, LedgerEntry
from unionapp.domain.members import MemberInput
from unionapp.domain.spending_rules import SpendingRule
from unionapp.services import activities, handouts, members, spending_rules
from unionapp.services.activities import ActivityInput

LAST = date.today().year - 1
WOMEN = f"{LAST}年三八节慰问品"
HEADER = ["姓名", "工会小组", "发放名称", "发放日期", "类型", "物品", "金额"]
GOOD = [
    ["李娜", "小学组", WOMEN, date(LAST, 3, 8), "三八慰问", "保温杯", 150],
    ["王芳", None, WOMEN, date(LAST, 3, 8), "三八慰问", "保温杯", 150],
    ["陈静", None, WOMEN, date(LAST, 3, 8), "三八慰问", "保温杯", 150],
    [None, "合计", None, None, None, None, 450],
]


def write_xlsx(path, header, rows):
    wb = openpyxl.Workbook()
    wb.active.append(header)
    for row in rows:
        wb.active.append(row)
    wb.save(path)
    return path


def db_arg_of(db) -> str:
    return str(db.sqlite_path) if db.sqlite_path else db.url.render_as_string(hide_password=False)


@pytest.fixture
def school(db):
    for name, gender, group in [("李娜", "F", "小学组"), ("王芳", "F", "初中组"), ("陈静", "F", "初中组")]:
        members.add_member(db, MemberInput(name=name, gender=gender, birth_date=date(1990, 1, 2), group_name=group))
    return db


def counts(db) -> tuple[int, int, int]:
    with db.session() as s:
        return tuple(s.scalar(select(func.count(m.id))) for m in (Handout, LedgerEntry, ActivityEntry))


def run(db, capsys, *args) -> tuple[int, str, str]:
    capsys.readouterr()
    code = cli.main(["--db", db_arg_of(db), "import", *args])
    said = capsys.readouterr()
    return code, said.out, said.err


def test_import_handouts_dry_run_then_for_real(school, tmp_path, capsys):
    path = write_xlsx(tmp_path / "发放.xlsx", HEADER, GOOD)
    code, out, err = run(school, capsys, "handouts", str(path), "--dry-run")
    assert code == 0 and err == ""
    assert "试运行（未写入）：新增已发放的发放 1 次，共 3 人次，合计 450.00 元" in out
    assert counts(school) == (0, 0, 0)
    code, out, err = run(school, capsys, "handouts", str(path))
    assert code == 0 and "导入完成：新增已发放的发放 1 次，共 3 人次，合计 450.00 元" in out
    (row,) = handouts.list_handouts(school)
    assert (row.name, row.status, row.total_fen) == (WOMEN, "issued", 45_000)
    assert counts(school) == (1, 1, 0)
    assert cli.main(["--db", db_arg_of(school), "check"]) == 0


def test_import_handouts_refusal_writes_nothing_and_says_why(school, tmp_path, capsys):
    bad = [*GOOD[:3], ["刘洋", None, WOMEN, date(LAST, 3, 8), "三八慰问", "保温杯", 150]]
    bad.append(["李娜", None, WOMEN, date(LAST, 3, 8), "三八慰问", "保温杯", -5])
    path = write_xlsx(tmp_path / "发放.xlsx", HEADER, bad)
    code, out, err = run(school, capsys, "handouts", str(path))
    lines = err.splitlines()
    assert code == 1 and "第 5 行（刘洋）：姓名“刘洋”不在会员名册中，请先在会员名单中添加或更正姓名" in lines
    assert any(line.startswith("第 6 行（李娜）：") and "负数" in line for line in lines)
    assert "整个文件没有导入" in lines[-1] and counts(school) == (0, 0, 0)
    code, out, err = run(school, capsys, "handouts", str(path), "--skip-errors")
    assert code == 0 and "跳过有问题的 2 行" in out and counts(school) == (1, 1, 0)


def test_import_handouts_outside_a_rule_needs_a_reason(school, tmp_path, capsys):
    spending_rules.add_rule(school, SpendingRule("festival_per_person_year", date(2000, 1, 1), max_fen=10_000))
    path = write_xlsx(tmp_path / "发放.xlsx", HEADER, GOOD)
    code, out, err = run(school, capsys, "handouts", str(path))
    assert code == 1 and "超出开支标准：发放“" in err and "--reason" in err
    assert counts(school) == (0, 0, 0)
    code, out, err = run(school, capsys, "handouts", str(path), "--reason", "当年校务会决定")
    assert code == 0 and counts(school) == (1, 1, 0)
    assert handouts.list_handouts(school)[0].warning_reason == "当年校务会决定"


def test_import_handouts_name_and_date_from_the_command_line(school, tmp_path, capsys):
    path = write_xlsx(tmp_path / "中秋.xlsx", ["姓名", "慰问品", "价值"], [["李娜", "月饼", 80], ["王芳", "月饼", 80]])
    code, out, err = run(school, capsys, "handouts", str(path))
    assert code == 2 and "发放名称、发放日期" in err and "--name" in err
    code, out, err = run(school, capsys, "handouts", str(path), "--name", "中秋慰问", "--date", "2024-13-01")
    assert code == 2 and "--date" in err
    code, out, err = run(
        school,
        capsys,
        "handouts",
        str(path),
        "--name",
        f"{LAST}年中秋慰问",
        "--date",
        f"{LAST}-09-20",
        "--kind",
        "节日慰问",
    )
    assert code == 0, err
    (row,) = handouts.list_handouts(school)
    assert (row.kind, row.handout_date, row.total_fen) == ("festival", date(LAST, 9, 20), 16_000)
    code, out, err = run(
        school, capsys, "handouts", str(path), "--name", "x", "--date", f"{LAST}-09-21", "--category", "无此科目"
    )
    assert code == 1 and "没有名为“无此科目”的支出科目" in err


def test_import_activity_needs_its_id_and_signs_people_up(school, tmp_path, capsys):
    meet = activities.create_activity(
        school, ActivityInput(f"{LAST}年教职工运动会", "sports", date(LAST, 10, 20), date(LAST, 10, 20))
    )
    rows = [["李娜", "跳绳", "√"], ["王芳", "拔河", "否"], ["刘洋", "拔河", "是"]]
    path = write_xlsx(tmp_path / "报名.xlsx", ["姓名", "项目", "签到"], rows)
    code, out, err = run(school, capsys, "activity", str(path))
    assert code == 2 and "--id" in err
    code, out, err = run(school, capsys, "activity", str(path), "--id", str(meet))
    assert code == 1 and "第 4 行（刘洋）：姓名“刘洋”不在会员名册中，请先在会员名单中添加或更正姓名" in err.splitlines()
    assert counts(school) == (0, 0, 0)
    code, out, err = run(school, capsys, "activity", str(path), "--id", str(meet), "--skip-errors")
    assert code == 0 and "新增报名 2 人次" in out
    assert {(e.name, e.event, e.attended) for e in activities.list_entries(school, meet)} == {
        ("李娜", "跳绳", True),
        ("王芳", "拔河", False),
    }
    code, out, err = run(school, capsys, "activity", str(path), "--id", "999")
    assert code == 1 and err.strip()


@pytest.mark.parametrize("area", ["handouts", "activity"])
def test_template_for_the_new_areas(school, tmp_path, capsys, area):
    out_path = tmp_path / f"{area}.xlsx"
    assert cli.main(["--db", db_arg_of(school), "template", area, "-o", str(out_path)]) == 0
    said = capsys.readouterr().out
    assert out_path.exists() and f"unionapp import {area} 文件名" in said
    assert ("--id 活动编号" in said) == (area == "activity")
