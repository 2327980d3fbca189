"""export care-list|year-plan|hardship: the month chosen with --month (a month 13 refused,
exit 2, nothing written), this month by default; the year plan and its 台账; an empty year
refused in words; the hardship roster masked unless --full, the full one audited, and the
year's 帮扶情况统计表 with --stats."""

from __future__ import annotations

from datetime import date

import openpyxl
import pytest

from unionapp import cli
from unionapp.domain.idcard import make_id_number
from unionapp.domain.members import MemberInput
from unionapp.services import hardship, members, year_plan
from unionapp.services.audit import AuditFilter, search_entries
from unionapp.services.hardship import FileInput, HouseholdInput

OPENED = date(2024, 5, 1)


def db_arg_of(db) -> str:
    return str(db.sqlite_path) if db.sqlite_path else db.url.render_as_string(hide_password=False)


def run(db, capsys, *args) -> tuple[int, str, str]:
    capsys.readouterr()
    code = cli.main(["--db", db_arg_of(db), *args])
    said = capsys.readouterr()
    return code, said.out, said.err


def texts(path) -> str:
    book = openpyxl.load_workbook(path)
    return "\n".join(str(v) for ws in book.worksheets for r in ws.iter_rows(values_only=True) for v in r if v)


@pytest.fixture
def school(db):
    """Two members born in March, one of them on file as 特困 with a household of three."""
    ids = {}
    for i, name in enumerate(["张丽", "王强"]):
        birth = date(1975 + i, 3, 9 + i)
        gender = "FM"[i]
        ids[name] = members.add_member(
            db,
            MemberInput(
                name=name, gender=gender, birth_date=birth, id_number=make_id_number("110101", birth, 20 + i, gender)
            ),
        )
    household = (
        HouseholdInput("本人", "张丽", 345_600),
        HouseholdInput("配偶", "", 0, "重病卧床"),
        HouseholdInput("子女", "", 0),
    )
    ids["file"] = hardship.open_file(
        db, FileInput(ids["张丽"], "extreme", OPENED, ("illness_family", "schooling"), "每季度走访", "", household)
    )
    return ids


def _exported_audits(db) -> list:
    return [r for r in search_entries(db, AuditFilter(entity="hardship_file")).rows if "导出" in r.summary]


def test_care_list_for_the_month_asked(db, school, tmp_path, capsys):
    out = tmp_path / "关爱.xlsx"
    code, said, err = run(db, capsys, "export", "care-list", "--month", "2025-03", "-o", str(out))
    assert code == 0, err
    text = texts(out)
    assert "2025年3月关爱提醒" in text and "本月生日（2 项）" in text
    assert "张丽" in text and "王强" in text and f"到 {out}" in said


def test_care_list_defaults_to_this_month_and_writes_a_pdf(db, school, tmp_path, capsys):
    today = date.today()
    out = tmp_path / "关爱.pdf"
    code, _said, err = run(db, capsys, "export", "care-list", "-o", str(out))
    assert code == 0, err
    assert out.read_bytes().startswith(b"%PDF")
    xlsx = tmp_path / "关爱.xlsx"
    assert run(db, capsys, "export", "care-list", "-o", str(xlsx))[0] == 0
    assert f"{today.year}年{today.month}月关爱提醒" in texts(xlsx) or date.today() != today  # midnight


@pytest.mark.parametrize("month", ["2026-13", "2026-0", "12-2026", "下个月"])
def test_a_month_that_is_not_one_is_a_usage_error(db, tmp_path, capsys, month):
    out = tmp_path / "关爱.xlsx"
    code, _said, err = run(db, capsys, "export", "care-list", "--month", month, "-o", str(out))
    assert code == 2 and f"月份“{month}”不对，请写成 2026-12 这样的年月" in err
    assert not out.exists()


def test_year_plan_and_its_ledger(db, school, tmp_path, capsys):
    assert year_plan.ensure_year(db, 2025) > 0
    first = year_plan.list_items(db, 2025)[0]
    year_plan.mark_done(db, first.id, date(2025, 1, 18), "走访困难职工 8 户")
    out = tmp_path / "计划.xlsx"
    code, _said, err = run(db, capsys, "export", "year-plan", "--year", "2025", "-o", str(out))
    assert code == 0, err
    text = texts(out)
    assert "2025年度工作计划表" in text and first.title in text and "2025-01-18 完成" in text
    ledger = tmp_path / "台账.xlsx"
    assert run(db, capsys, "export", "year-plan", "--year", "2025", "--ledger", "-o", str(ledger))[0] == 0
    text = texts(ledger)
    assert "2025年度工作计划完成情况" in text and "走访困难职工 8 户" in text and "未完成" in text


def test_a_year_without_a_plan_is_refused_in_words(db, tmp_path, capsys):
    out = tmp_path / "计划.pdf"
    code, _said, err = run(db, capsys, "export", "year-plan", "--year", "2031", "-o", str(out))
    assert code == 1 and "2031 年还没有年度工作计划" in err and not out.exists()


def test_hardship_roster_masked_by_default_and_full_only_when_asked_and_audited(db, school, tmp_path, capsys):
    masked = tmp_path / "花名册.xlsx"
    code, said, err = run(db, capsys, "export", "hardship", "-o", str(masked))
    assert code == 0, err
    text = texts(masked)
    assert "张丽" in text and "特困" in text and "家属大病" not in text and "3456" not in text
    assert "未含家庭经济情况" in said and _exported_audits(db) == []
    full = tmp_path / "花名册全.xlsx"
    code, said, err = run(db, capsys, "export", "hardship", "--full", "-o", str(full))
    assert code == 0, err
    text = texts(full)
    assert "家属大病、子女上学" in text and "3456" in text and "1152" in text and "含家庭经济情况，注意保密" in text
    assert "已记入操作日志" in said
    [entry] = _exported_audits(db)
    assert "共 1 人" in entry.summary and entry.details["items"] == [{"id": school["file"], "name": "张丽"}]


def test_hardship_stats_for_a_year(db, school, tmp_path, capsys):
    out = tmp_path / "统计.xlsx"
    code, _said, err = run(db, capsys, "export", "hardship", "--stats", "--year", "2025", "-o", str(out))
    assert code == 0, err
    rows = [r for r in openpyxl.load_workbook(out).worksheets[0].iter_rows(values_only=True)]
    assert "2025年帮扶情况统计表" in rows[0][0]
    assert [r[1] for r in rows if isinstance(r[0], int)] == ["张丽"]
    assert any(r[0] == "合计" for r in rows)


def test_a_read_only_database_cannot_export_the_details_it_could_not_log(db, school, monkeypatch):
    from unionapp.reports.hardship import load_roster_report

    monkeypatch.setattr(db, "read_only", True)
    with pytest.raises(hardship.HardshipError, match="只读"):
        load_roster_report(db, full=True)
    assert [r[1] for r in load_roster_report(db).rows] == ["张丽"]  # the masked list needs no log
    monkeypatch.undo()
    assert _exported_audits(db) == []
