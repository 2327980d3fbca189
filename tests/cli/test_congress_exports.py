"""export congress-delegates|congress-signin|proposals|proposal-replies|congress-resolutions|
congress-archive: every report written, the newest session used and named when --session
is not given, --forms, --term for the roster, unknown numbers refused (exit 2) with the
choices and nothing written, phones masked unless --full-id."""

from __future__ import annotations

from datetime import date

import openpyxl
import pytest
from tests.reports import congress_rows as rows

from unionapp import cli
from unionapp.cli.common import CONGRESS_EXPORTS
from unionapp.services import congress
from unionapp.services.congress import SessionInput

PDF_ONLY = {"congress-archive"}


def db_arg_of(db) -> str:
    return str(db.sqlite_path) if db.sqlite_path else db.url.render_as_string(hide_password=False)


def run(db, capsys, *args) -> tuple[int, str, str]:
    capsys.readouterr()
    code = cli.main(["--db", db_arg_of(db), *args])
    said = capsys.readouterr()
    return code, said.out, said.err


@pytest.fixture
def school(db):
    return rows.build_school(db)


def test_every_report_writes_xlsx_and_pdf_and_says_which_session(db, school, tmp_path, capsys):
    for report in CONGRESS_EXPORTS:
        for suffix in ("xlsx", "pdf"):
            out = tmp_path / f"{report}.{suffix}"
            code, said, err = run(db, capsys, "export", report, "-o", str(out))
            assert code == 0, err
            assert f"到 {out}" in said and out.stat().st_size > 500
            if report == "congress-delegates":
                assert "使用当前届次：编号" in said and "手机号已部分隐藏" in said
            else:
                assert f"使用最新的会议：编号 {school['session']}　第一届教职工代表大会第二次会议" in said


def test_the_archive_refuses_csv_in_words(db, school, tmp_path, capsys):
    out = tmp_path / "档案.csv"
    code, _said, err = run(
        db, capsys, "export", "congress-archive", "--session", str(school["session"]), "-o", str(out)
    )
    assert code != 0 and "不能导出为 CSV" in err and not out.exists()


def test_session_chosen_and_forms_one_sheet_per_proposal(db, school, tmp_path, capsys):
    later = congress.create_session(
        db, SessionInput(school["term"], 3, "第三次会议", date(2024, 11, 20), "报告厅", "", "")
    )
    out = tmp_path / "提案表.xlsx"
    code, said, _err = run(
        db, capsys, "export", "proposals", "--forms", "--session", str(school["session"]), "-o", str(out)
    )
    assert code == 0 and "未指定" not in said
    assert openpyxl.load_workbook(out).sheetnames == ["第1号提案", "第2号提案", "第3号提案", "第4号提案"]
    newest = tmp_path / "汇总.xlsx"
    code, said, _err = run(db, capsys, "export", "proposals", "-o", str(newest))
    assert code == 0 and f"编号 {later}　第一届教职工代表大会第三次会议" in said
    values = [tuple(r) for r in openpyxl.load_workbook(newest).worksheets[0].iter_rows(values_only=True)]
    assert "共收到提案 0 件" in values[2][0]


def test_unknown_session_and_term_are_refused_with_the_choices(db, school, tmp_path, capsys):
    out = tmp_path / "x.xlsx"
    code, _said, err = run(db, capsys, "export", "congress-signin", "--session", "99", "-o", str(out))
    assert code == 2 and "找不到编号为 99 的教代会会议" in err and "第二次会议" in err and not out.exists()
    code, _said, err = run(db, capsys, "export", "congress-delegates", "--term", "7", "-o", str(out))
    assert code == 2 and "找不到编号为 7 的教代会届次" in err and not out.exists()


def test_no_session_yet_is_told_plainly(db, tmp_path, capsys):
    out = tmp_path / "x.pdf"
    code, _said, err = run(db, capsys, "export", "congress-archive", "-o", str(out))
    assert code == 2 and "还没有任何教代会会议" in err and not out.exists()


def test_roster_phones_masked_unless_full_id(db, school, tmp_path, capsys):
    masked, full = tmp_path / "m.xlsx", tmp_path / "f.xlsx"
    assert run(db, capsys, "export", "congress-delegates", "-o", str(masked))[0] == 0
    code, said, _err = run(db, capsys, "export", "congress-delegates", "--full-id", "-o", str(full))
    assert code == 0 and "含完整身份证号/手机号" in said

    def text(path):
        return " ".join(
            str(v) for r in openpyxl.load_workbook(path).worksheets[0].iter_rows(values_only=True) for v in r
        )

    assert rows.PHONE not in text(masked) and "138****5678" in text(masked)
    assert rows.PHONE in text(full)
