"""`unionapp template AREA -o FILE`: the template of each importer, with the database's own
lists, which `unionapp import` then reads without a question; refusals in Chinese."""

from __future__ import annotations

import openpyxl
import pytest

from unionapp import cli, config
from unionapp.db.opening import open_database
from unionapp.importers.fields import AREA_LABELS, area_fields
from unionapp.importers.templates import LISTS_SHEET
from unionapp.services import groups


@pytest.fixture
def school(db_arg):
    """An initialised database with a few groups of its own."""
    assert cli.main(["--db", db_arg, "init", "--union-name", "阳光中学工会委员会"]) == 0
    db = open_database(config.database_url(db_arg))
    try:
        for i in range(20):
            groups.add_group(db, f"第{i + 1}年级语文数学综合教研组")
    finally:
        db.dispose()
    return db_arg


@pytest.mark.parametrize(("area", "word"), [("members", "花名册"), ("ledger", "ledger"), ("visits", "五必访")])
def test_template_then_import(school, tmp_path, capsys, area, word):
    target = tmp_path / "模板"  # no extension: .xlsx is added
    capsys.readouterr()
    assert cli.main(["--db", school, "template", word, "-o", str(target)]) == 0
    saved = target.with_name("模板.xlsx")
    said = capsys.readouterr().out
    assert f"已保存{AREA_LABELS[area]}导入模板：{saved}" in said and f"unionapp import {area}" in said
    wb = openpyxl.load_workbook(saved)
    assert [c.value for c in wb.worksheets[0][1]] == list(area_fields(area).values())
    if area != "ledger":  # the school's groups, on the hidden sheet
        names = [c.value for c in next(wb[LISTS_SHEET].iter_cols()) if c.value]
        assert "第20年级语文数学综合教研组" in names
    assert cli.main(["--db", school, "import", area, str(saved), "--dry-run"]) == 0
    imported = capsys.readouterr()
    assert "有问题 0 行" in imported.out and "未导入的列" not in imported.out + imported.err


def test_checkups_template(school, tmp_path):
    assert cli.main(["--db", school, "template", "checkups", "-o", str(tmp_path / "体检.xlsx")]) == 0
    sheet = openpyxl.load_workbook(tmp_path / "体检.xlsx").worksheets[0]
    assert [c.value for c in sheet[1]] == list(area_fields("checkups").values())


def test_template_refusals(school, tmp_path, capsys):
    capsys.readouterr()
    assert cli.main(["--db", school, "template", "工资", "-o", str(tmp_path / "x.xlsx")]) == cli.EXIT_USAGE
    assert "没有“工资”这种导入模板，可选：members（会员花名册）" in capsys.readouterr().err
    assert cli.main(["--db", school, "template", "members", "-o", str(tmp_path / "x.csv")]) == cli.EXIT_REFUSED
    assert "只能保存为 .xlsx" in capsys.readouterr().err
    missing = tmp_path / "没有的文件夹" / "x.xlsx"
    assert cli.main(["--db", school, "template", "members", "-o", str(missing)]) == cli.EXIT_REFUSED
    assert f"文件夹“{missing.parent}”不存在" in capsys.readouterr().err
    assert list(tmp_path.glob("x.*")) == [] and not missing.parent.exists()


def test_a_template_needs_a_database(tmp_path, capsys):
    no_db = tmp_path / "none.db"
    code = cli.main(["--db", str(no_db), "template", "members", "-o", str(tmp_path / "x.xlsx")])
    assert code == cli.EXIT_REFUSED and "找不到数据库文件" in capsys.readouterr().err
    assert not no_db.exists() and not (tmp_path / "x.xlsx").exists()
