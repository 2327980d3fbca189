"""`unionapp import delegates FILE --session N|--term N` and `unionapp import proposals FILE
--session N`: exit codes 0/1/2, one Chinese line per problem on stderr, the --map-value to
add for an unknown word, nothing written on refusal, the term or session listed when not
said or unknown."""

from __future__ import annotations

from datetime import date

import openpyxl
import pytest

from importers.congress_school import make_school, seat
from unionapp import cli
from unionapp.services import congress, proposals
from unionapp.services.congress import TermInput

D = date(2023, 4, 20)


def write_xlsx(path, header, rows):
    wb = openpyxl.Workbook()
    wb.active.append(["第一届教职工代表大会"])  # a title row above the header
    wb.active.append(header)
    for row in rows:
        wb.active.append(row)
    wb.save(path)
    return path


def db_arg_of(db) -> str:
    return str(db.sqlite_path) if db.sqlite_path else db.url.render_as_string(hide_password=False)


def run(db, capsys, *args) -> tuple[int, str, str]:
    capsys.readouterr()
    code = cli.main(["--db", db_arg_of(db), "import", *args])
    said = capsys.readouterr()
    return code, said.out, said.err


@pytest.fixture
def school(db):
    return make_school(db)


def test_delegates_by_session_then_by_term_all_or_nothing(db, school, tmp_path, capsys):
    good = write_xlsx(tmp_path / "d.xlsx", ["姓名", "工会小组", "选区", "代表类别"], [
        ["张伟", "高中组", "高中组", "教师代表"], ["陈静", None, "初中组", None]])  # fmt: skip
    code, out, err = run(db, capsys, "delegates", str(good), "--session", str(school["session"]), "--dry-run")
    assert code == 0 and "试运行（未写入）" in out and "将按工会小组新建选区：初中组" in out and err == ""
    assert congress.list_delegates(db, school["term"]) == []

    bad = write_xlsx(tmp_path / "bad.xlsx", ["姓名", "代表类别"], [["李娜", "干部"], ["周杰", None]])
    code, out, err = run(db, capsys, "delegates", str(bad), "--term", str(school["term"]))
    assert code == 1
    assert "第 3 行（李娜）：无法识别的代表类别“干部”" in err and "第 4 行（周杰）：姓名“周杰”不在会员名册中" in err
    assert '--map-value "代表类别:干部=学校领导"' in err and "整个文件没有导入" in err
    assert congress.list_delegates(db, school["term"]) == []

    code, out, err = run(db, capsys, "delegates", str(good), "--session", str(school["session"]))
    assert code == 0 and "新增代表 2 人，新建选区 1 个" in out
    assert {d.name for d in congress.list_delegates(db, school["term"])} == {"张伟", "陈静"}

    code, out, err = run(db, capsys, "delegates", str(bad), "--term", str(school["term"]), "--skip-errors",
                         "--map-value", "代表类别:干部=学校领导")  # fmt: skip
    assert code == 0 and "新增代表 1 人" in out
    li = next(d for d in congress.list_delegates(db, school["term"]) if d.name == "李娜")
    assert li.category == "leader"


def test_which_term_or_session_is_asked_in_words(db, school, tmp_path, capsys):
    path = write_xlsx(tmp_path / "d.xlsx", ["姓名"], [["陈静"]])
    code, _out, err = run(db, capsys, "delegates", str(path), "--term", "999")
    assert code == 2 and "找不到编号为 999 的教代会届次" in err and "第一届教职工代表大会" in err
    code, _out, err = run(db, capsys, "delegates", str(path), "--term", "1", "--session", "1")
    assert code == 2 and "只写一个" in err
    code, _out, err = run(db, capsys, "proposals", str(path), "--session", "999")
    assert code == 2 and "找不到编号为 999 的教代会会议" in err and "第一届第一次会议" in err
    congress.create_term(db, TermInput(2, "第二届教职工代表大会", date(2025, 9, 1), date(2029, 8, 31)))
    code, _out, err = run(db, capsys, "delegates", str(path))
    assert code == 2 and "有多届教代会，请用 --term" in err and "第二届教职工代表大会" in err
    code, out, _err = run(db, capsys, "proposals", str(path))  # one session: that one (and 陈静 is no proposal)
    assert code == 1


def test_proposals_with_their_replies_or_nothing(db, school, tmp_path, capsys):
    seat(db, school, "li", "chen", "wang", "zhao")
    header = ["编号", "案由", "提案人", "附议人", "提交日期", "审查结果", "承办部门", "答复期限", "答复日期", "答复内容",
              "提案人意见"]  # fmt: skip
    good = [[1, "关于改善午餐的建议", "王芳", "李娜、陈静", D, "立案", "总务处", date(2023, 6, 1), date(2023, 5, 20),
             "已改善", "满意"]]  # fmt: skip
    bad = good + [[2, "关于操场的建议", "赵强", "赵强、孙丽", D, None, None, None, None, None, None],
                  [3, "关于图书馆的建议", "李娜", "王芳、陈静", D, "立案", "总务处", date(2023, 6, 1), date(2023, 4, 1),
                   "已开放", None]]  # fmt: skip
    path = write_xlsx(tmp_path / "bad.xlsx", header, bad)
    code, _out, err = run(db, capsys, "proposals", str(path), "--session", str(school["session"]))
    assert code == 1
    assert "第 4 行（关于操场的建议）：提案人赵强不能同时作为附议人" in err
    assert "附议人“孙丽”不是第一届教职工代表大会的代表，不能附议" in err
    assert "第 5 行（关于图书馆的建议）：答复日期 2023-04-01 早于提交日期 2023-04-20" in err
    assert proposals.list_proposals(db, session_id=school["session"]) == []

    code, out, err = run(db, capsys, "proposals", str(write_xlsx(tmp_path / "good.xlsx", header, good)),
                         "--session", str(school["session"]))  # fmt: skip
    assert code == 0 and "新增提案 1 件" in out and err == ""
    (row,) = proposals.list_proposals(db, session_id=school["session"])
    assert (row.number, row.stage, row.office) == (1, "satisfied", "总务处")


def test_proposals_need_a_session_not_a_term(db, school, tmp_path, capsys):
    path = write_xlsx(tmp_path / "p.xlsx", ["案由", "提案人"], [["甲", "李娜"]])
    code, _out, err = run(db, capsys, "proposals", str(path), "--term", str(school["term"]))
    assert code == 2 and "请用 --session 会议编号" in err
