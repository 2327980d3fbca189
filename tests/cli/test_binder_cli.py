"""`unionapp export binder`: the PDF and the workbook for a year or a term, the sections
asked for, hardship only when asked, and refusals in Chinese that write nothing."""

from __future__ import annotations

import shutil

import openpyxl
import pytest

from unionapp import cli

DEMO_ARGS = ["demo", "--members", "80", "--years", "1", "--seed", "5"]


def run(db, capsys, *args) -> tuple[int, str, str]:
    code = cli.main(["--db", db, *args])
    said = capsys.readouterr()
    return code, said.out, said.err


def _year() -> int:
    from datetime import date

    return date.today().year


@pytest.mark.skipif(shutil.which("pdfinfo") is None, reason="poppler-utils not installed")
def test_binder_pdf_for_a_term_with_the_sections_asked(demo_db, tmp_path, capsys):
    out = tmp_path / "台账.pdf"
    code, said, err = run(
        demo_db,
        capsys,
        "export",
        "binder",
        "--year",
        str(_year()),
        "--term",
        "1",
        "--sections",
        "visits,dues",
        "-o",
        str(out),
    )
    assert code == 0, err
    assert out.read_bytes().startswith(b"%PDF") and "身份证号、手机号已部分隐藏" in said
    import subprocess

    text = subprocess.run(["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True).stdout
    assert f"{_year()}年春季学期工作台账" in text
    contents = text.split("\f")[1]
    assert contents.index("会费收缴") < contents.index("五必访登记与慰问金签收表")
    assert "会员名册" not in contents and "困难职工" not in contents


def test_binder_xlsx_with_hardship_has_its_sheets(demo_db, tmp_path, capsys):
    out = tmp_path / "台账.xlsx"
    code, said, err = run(
        demo_db,
        capsys,
        "export",
        "binder",
        "--year",
        str(_year()),
        "--sections",
        "basic,roster",
        "--include-hardship",
        "-o",
        str(out),
    )
    assert code == 0, err
    names = openpyxl.load_workbook(out, read_only=True).sheetnames
    assert names == ["基本情况", "会员名册", "困难职工花名册", "帮扶情况统计表"]
    assert "含困难职工帮扶情况" in said


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--sections", "roster,foo"], "不认识的台账部分：foo"),
        (["--sections", "hardship"], "--include-hardship"),
        (["--term", "3"], "学期“3”不对"),
        (["-o-csv"], "不能导出为 CSV"),
    ],
)
def test_refusals_are_in_chinese_and_write_nothing(demo_db, tmp_path, capsys, args, message):
    folder = tmp_path / "out"
    folder.mkdir()
    out = folder / ("台账.csv" if args == ["-o-csv"] else "台账.pdf")
    extra = [] if args == ["-o-csv"] else args
    code, _said, err = run(demo_db, capsys, "export", "binder", "--year", str(_year()), *extra, "-o", str(out))
    assert code != 0 and message in err
    assert list(folder.iterdir()) == []
