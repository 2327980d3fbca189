"""`unionapp import hardship FILE` and `unionapp template hardship -o FILE`: exit codes, one
Chinese line per problem on stderr with the --map-value to add, nothing written on refusal,
--dry-run, --skip-errors, --map-value remembered for the next file."""

from __future__ import annotations

from datetime import date

import openpyxl

from unionapp import cli
from unionapp.domain.members import MemberInput
from unionapp.services import hardship, members

HEADER = ["姓名", "困难类别", "建档日期", "致困原因", "家庭人口", "家庭月收入"]


def write_xlsx(path, rows, header=HEADER):
    wb = openpyxl.Workbook()
    wb.active.append(["困难职工花名册"])  # a title row above the header
    wb.active.append(header)
    for row in rows:
        wb.active.append(row)
    wb.save(path)
    return path


def db_arg_of(db) -> str:
    return str(db.sqlite_path) if db.sqlite_path else db.url.render_as_string(hide_password=False)


def run(db, capsys, *args) -> tuple[int, str, str]:
    capsys.readouterr()
    code = cli.main(["--db", db_arg_of(db), *args])
    said = capsys.readouterr()
    return code, said.out, said.err


def test_import_hardship_all_or_nothing_then_mapped(db, tmp_path, capsys):
    for name in ("李娜", "陈静", "赵强"):
        members.add_member(db, MemberInput(name=name, group_name="语文组"))
    rows = [["李娜", "特困", date(2024, 11, 1), "大病", 3, 4500], ["陈静", "低保", date(2024, 11, 1), None, 2, 3000],
            ["赵强", "困难", date(2024, 11, 1), None, 2, "约两千"]]  # fmt: skip
    path = write_xlsx(tmp_path / "困难.xlsx", rows)

    code, out, err = run(db, capsys, "import", "hardship", str(path), "--dry-run")
    assert code == 1 and "试运行（未写入）：新建困难职工档案 1 份，有问题 2 行" in out
    assert "第 4 行（陈静）：无法识别的困难级别“低保”" in err
    assert "第 5 行（赵强）：家庭月收入“约两千”不是数字" in err
    assert '--map-value "困难级别:低保=' in err

    code, out, err = run(db, capsys, "import", "hardship", str(path))
    assert code == 1 and "整个文件没有导入" in err and hardship.list_files(db) == []

    code, out, err = run(
        db, capsys, "import", "hardship", str(path), "--map-value", "困难级别:低保=特困", "--skip-errors"
    )
    assert code == 0 and "导入完成：新建困难职工档案 2 份，跳过有问题的 1 行。" in out
    assert {(f.name, f.level_label) for f in hardship.list_files(db)} == {("李娜", "特困"), ("陈静", "特困")}
    assert members.get_member(db, members.list_members(db)[1].id).hardship_level == "extreme"

    again = write_xlsx(tmp_path / "again.xlsx", [["赵强", "低保", date(2024, 11, 1), None, 2, 3000],
                                                 ["李娜", "困难", None, None, None, None]])  # fmt: skip
    code, out, err = run(db, capsys, "import", "hardship", str(again), "--skip-errors")
    assert code == 0 and "新建困难职工档案 1 份" in out  # 低保 remembered; 李娜 already filed
    assert "第 4 行（李娜）：李娜已有困难职工档案（2024-11-01 建档）" in err


def test_template_hardship_is_saved_and_an_unknown_column_is_named(db, tmp_path, capsys):
    members.add_member(db, MemberInput(name="李娜"))
    target = tmp_path / "模板"
    code, out, _err = run(db, capsys, "template", "hardship", "-o", str(target))
    assert code == 0 and "已保存困难职工档案导入模板" in out and "unionapp import hardship 文件名" in out
    sheet = openpyxl.load_workbook(tmp_path / "模板.xlsx").worksheets[0]
    headers = [c.value for c in sheet[1]]
    assert headers[:7] == ["姓名", "身份证号", "出生日期", "工会小组", "困难级别", "建档日期", "致困原因"]
    assert "家庭人口" in headers and "成员1姓名" in headers and "帮扶措施" in headers

    path = write_xlsx(tmp_path / "h.xlsx", [["李娜", "困难", 1500]], header=["姓名", "困难级别", "人均收入"])
    code, out, _err = run(db, capsys, "import", "hardship", str(path), "--dry-run")
    assert code == 0 and "未导入的列：“人均收入”" in out
    code, _out, err = run(db, capsys, "import", "hardship", str(path), "--map", "人均收入=工资")
    assert code == 2 and "不是困难职工档案的字段" in err
