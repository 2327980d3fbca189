"""export handout-receipts|activity-signin|prize-receipts|activities|benefits on the demo
school: files written in each format, --id chosen or the newest said, unknown ids and
names refused (exit 2) with the choices and nothing written."""

from __future__ import annotations

from datetime import date

import openpyxl
import pytest

from unionapp import cli, config
from unionapp.cli.common import ACTIVITY_EXPORTS
from unionapp.db.opening import open_database
from unionapp.services import activities, benefits, handouts

DEMO_ARGS = ["demo", "--members", "120", "--years", "1", "--seed", "3"]
YEAR = date.today().year


def sheet(path) -> list[tuple]:
    return [tuple(r) for r in openpyxl.load_workbook(path).worksheets[0].iter_rows(values_only=True)]


def fen(value) -> int:
    return round(value * 100)


def _db(arg):
    return open_database(config.database_url(str(arg)), create=False)


@pytest.mark.parametrize("report", ACTIVITY_EXPORTS)
def test_every_report_writes_xlsx_pdf_and_csv(demo_db, tmp_path, capsys, report):
    for suffix in ("xlsx", "pdf", "csv"):
        out = tmp_path / f"{report}.{suffix}"
        assert cli.main(["--db", demo_db, "export", report, "-o", str(out), "--year", str(YEAR)]) == 0
        said = capsys.readouterr()
        assert f"到 {out}" in said.out and said.err == ""
        assert out.stat().st_size > (60 if suffix == "csv" else 500)  # a CSV may hold only its header


def test_without_id_the_newest_handout_is_used_and_named(demo_db, tmp_path, capsys):
    db = _db(demo_db)
    newest = handouts.list_handouts(db)[0]
    out = tmp_path / "发放签收表.xlsx"
    assert cli.main(["--db", demo_db, "export", "handout-receipts", "-o", str(out)]) == 0
    assert f"编号 {newest.id}" in capsys.readouterr().out
    values = sheet(out)
    assert newest.name in values[0][0]
    total = next(r for r in values if r[1] == "合计")
    assert fen(total[4]) == newest.total_fen == sum(r.value_fen for r in handouts.list_recipients(db, newest.id))
    subtotals = [r for r in values if r[1] == "本组合计"]
    assert sum(fen(r[4]) for r in subtotals) == newest.total_fen


def test_prize_receipts_total_the_activity_s_prizes(demo_db, tmp_path):
    db = _db(demo_db)
    with_prizes = next(a for a in activities.list_activities(db) if a.prizes_fen)
    out = tmp_path / "奖品.xlsx"
    assert cli.main(["--db", demo_db, "export", "prize-receipts", "--id", str(with_prizes.id), "-o", str(out)]) == 0
    total = next(r for r in sheet(out) if r[1] == "合计")
    assert fen(total[6]) == with_prizes.prizes_fen


def test_benefits_total_equals_the_service_s_lines(demo_db, tmp_path):
    lines = benefits.benefits(_db(demo_db), YEAR)
    out = tmp_path / "福利.xlsx"
    assert cli.main(["--db", demo_db, "export", "benefits", "--year", str(YEAR), "-o", str(out)]) == 0
    totals = [r for r in sheet(out) if r[1] == "合计"]
    assert len(totals) == 3  # per member, by kind, by group: the same sum
    assert {fen(r[9]) for r in totals} == {sum(r.money_fen + r.goods_fen for r in lines)}


def test_one_member_s_details(demo_db, tmp_path):
    db = _db(demo_db)
    line = benefits.benefits(db, YEAR)[0]
    out = tmp_path / "明细.xlsx"
    args = ["--db", demo_db, "export", "benefits", "--year", str(YEAR), "--member", str(line.member_id)]
    assert cli.main([*args, "-o", str(out)]) == 0
    rows = [r for r in sheet(out) if isinstance(r[0], int)]
    assert rows and {r[1] for r in rows} == {line.name}
    assert len(rows) == len(benefits.benefits(db, YEAR, line.member_id))


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["handout-receipts", "--id", "999999"], "找不到编号为 999999 的发放"),
        (["prize-receipts", "--id", "999999"], "找不到编号为 999999 的活动"),
        (["activity-signin", "--year", "1999"], "1999 年没有活动"),
        (["benefits", "--member", "查无此人"], "找不到名叫“查无此人”的会员"),
    ],
)
def test_unknown_choices_are_refused_and_nothing_is_written(demo_db, tmp_path, capsys, args, said):
    out = tmp_path / "x.pdf"
    assert cli.main(["--db", demo_db, "export", *args, "-o", str(out)]) == 2
    assert said in capsys.readouterr().err
    assert not out.exists()


def test_an_empty_database_says_there_is_no_handout(db_arg, tmp_path, capsys):
    assert cli.main(["--db", db_arg, "init", "--union-name", "阳光中学工会委员会"]) == 0
    out = tmp_path / "x.pdf"
    assert cli.main(["--db", db_arg, "export", "handout-receipts", "-o", str(out)]) == 2
    assert "还没有任何发放" in capsys.readouterr().err and not out.exists()
