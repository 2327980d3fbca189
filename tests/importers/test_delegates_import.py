"""Delegate lists → plan_delegate_import → apply_delegate_import: people matched on the
roster (group, ID number or birth date for namesakes), 选区 by name or made from a 工会小组,
代表类别 words and value mappings, a school's own headers mapped, bad rows refused in
Chinese with their row, one transaction."""

from __future__ import annotations

from datetime import date

import pytest

from unionapp.domain.errors import DomainError
from unionapp.domain.import_mapping import ImportMappings
from unionapp.importers.delegates import apply_delegate_import, plan_delegate_import
from unionapp.importers.errors import ImportRefused
from unionapp.services import congress, members
from unionapp.services.errors import NotFoundError
from unionapp.services.import_mappings import load_mappings

from .congress_school import TERM_START, ZHANG_MIDDLE_ID, make_school, seat
from .workbooks import write_xlsx

HEADER = ["序号", "姓名", "身份证号", "工会小组", "选区", "代表类别", "当选日期", "备注"]
TITLES = ["第一届教职工代表大会代表名单"]


@pytest.fixture
def school(db):
    return make_school(db)


def delegates_by_member(db, term_id) -> dict[int, congress.DelegateRow]:
    return {d.member_id: d for d in congress.list_delegates(db, term_id)}


def test_a_delegate_list_adds_everyone_and_makes_a_constituency_from_a_group(db, school, tmp_path):
    rows = [
        [1, "张伟", None, "高中组", "高中组", "教师代表", date(2021, 9, 1)],
        [2, "张伟", ZHANG_MIDDLE_ID, None, "初中组", "一线教师", None, "初中部"],
        [3, "王芳", None, None, None, None, "2021.9.1"],  # category guessed: 副校长 in 校长室
        [4, "赵强", None, None, "初中组", "工勤", date(2022, 3, 1), "补选"],
        [],
        [None, "合计", None, None, None, "4人"],
    ]
    path = write_xlsx(tmp_path / "代表.xlsx", HEADER, rows, titles=TITLES, sheet="代表名单")
    plan = plan_delegate_import(db, school["term"], path)
    assert plan.refused == [] and plan.header_row == 2 and len(plan.adds) == 4
    assert list(plan.new_constituencies) == ["初中组"]
    assert "新增代表 4 人，新建选区 1 个" in plan.summary()
    assert [p.category_label for p in plan.adds] == ["一线教师", "一线教师", "学校领导", "教辅/工勤"]

    result = apply_delegate_import(db, plan)
    assert (result.added, result.constituencies, result.refused) == (4, 1, 0)
    got = delegates_by_member(db, school["term"])
    assert set(got) == {school[k] for k in ("zhang_high", "zhang_middle", "wang", "zhao")}
    high, middle = got[school["zhang_high"]], got[school["zhang_middle"]]
    assert high.constituency_id == school["high"] and high.category == "teacher"
    assert middle.constituency_name == "初中组" and middle.note == "初中部"
    assert got[school["wang"]].category == "leader" and got[school["wang"]].elected_on == TERM_START
    assert got[school["wang"]].constituency_id is None  # 行政组 has no 选区 in this term
    zhao = got[school["zhao"]]
    assert (zhao.category, zhao.elected_on, zhao.constituency_name) == ("support", date(2022, 3, 1), "初中组")
    made = {c.name: c for c in congress.list_constituencies(db, school["term"])}
    assert made["初中组"].group_name == "初中组"


def test_namesakes_told_apart_by_birth_date_and_a_blank_constituency_is_the_groups(db, school, tmp_path):
    path = write_xlsx(tmp_path / "d.xlsx", ["姓名", "出生日期", "代表类别"], [["张伟", "1980-05-06", None]])
    plan = plan_delegate_import(db, school["term"], path)
    assert plan.refused == []
    (only,) = plan.adds
    assert only.entry.member_id == school["zhang_high"]
    assert only.constituency == "高中组" and only.entry.constituency_id == school["high"]


def test_bad_rows_are_refused_by_row_in_chinese_and_nothing_is_written(db, school, tmp_path):
    seat(db, school, "li")
    rows = [
        ["周杰", None, None, None, None, None],  # not on the roster
        ["李娜", None, None, None, None, None],  # already a delegate of the term
        ["陈静", None, None, None, "教师", date(2026, 1, 5)],  # after the term
        ["陈静", None, None, None, "教师", None],
        ["陈静", None, None, None, None, None],  # the same person again
        ["张伟", None, None, None, None, None],  # which 张伟?
        ["孙丽", None, None, "高三年级", "干部", None],  # unknown 选区 and category
    ]
    path = write_xlsx(tmp_path / "bad.xlsx", HEADER[1:], rows)
    plan = plan_delegate_import(db, school["term"], path)
    lines = "\n".join(plan.problem_lines())
    assert "第 2 行（周杰）：姓名“周杰”不在会员名册中" in lines
    assert "第 3 行（李娜）：李娜已是第一届教职工代表大会的代表（2021-09-01 当选）" in lines
    assert "第 4 行（陈静）：当选日期 2026-01-05 不在第一届教职工代表大会的任期" in lines
    assert "第 6 行（陈静）：与第 5 行是同一人" in lines
    assert "第 7 行（张伟）：会员名册中有 2 位名叫“张伟”的会员" in lines
    assert "第 8 行（孙丽）：无法识别的选区“高三年级”" in lines and "无法识别的代表类别“干部”" in lines
    unknown = {(u.field, u.text): u.candidates for u in plan.unknown_values()}
    assert "学校领导" in unknown[("category", "干部")]
    assert ("constituency", "高三年级") in unknown
    assert [p.row_number for p in plan.adds] == [5]
    with pytest.raises(ImportRefused) as refused:
        apply_delegate_import(db, plan)
    assert "整个文件没有导入" in str(refused.value)
    assert set(delegates_by_member(db, school["term"])) == {school["li"]}

    result = apply_delegate_import(db, plan, skip_errors=True)  # the good row only
    assert (result.added, result.refused) == (1, 6)
    assert set(delegates_by_member(db, school["term"])) == {school["li"], school["chen"]}


def test_a_schools_own_headers_and_words_are_mapped_and_remembered(db, school, tmp_path):
    header = ["代表姓名", "所在科室", "代表团", "当选类别", "选举时间"]
    rows = [["孙丽", "小学组", "高中年级", "干部", date(2021, 9, 3)], ["陈静", None, "高中年级", "中层", None]]
    path = write_xlsx(tmp_path / "own.xlsx", header, rows, titles=["2021年代表选举结果"])
    first = plan_delegate_import(db, school["term"], path)
    assert "当选类别" in dict(first.column_choices) and len(first.refused) == 2
    mapping = ImportMappings()
    mapping.set_column("所在科室", "group")
    mapping.set_column("当选类别", "category")
    mapping.set_value("category", "干部", "学校领导")
    mapping.set_value("constituency", "高中年级", "高中组")
    plan = plan_delegate_import(db, school["term"], path, mapping=mapping)
    assert plan.refused == [] and plan.columns["category"] == "当选类别"
    assert [(p.name, p.entry.category, p.entry.constituency_id) for p in plan.adds] == [
        ("孙丽", "leader", school["high"]),
        ("陈静", "admin", school["high"]),
    ]
    apply_delegate_import(db, plan)
    kept = load_mappings(db, "delegates")
    assert kept.value("category", "干部") == "学校领导" and kept.column("当选类别") == "category"
    assert len(delegates_by_member(db, school["term"])) == 2


def test_someone_who_left_before_the_election_is_refused(db, school, tmp_path):
    members.set_status(db, [school["sun"]], "transferred", on=date(2021, 7, 1))
    path = write_xlsx(tmp_path / "d.xlsx", ["姓名", "当选日期"], [["孙丽", date(2021, 9, 1)], ["陈静", None]])
    plan = plan_delegate_import(db, school["term"], path)
    assert plan.problem_lines() == [
        "第 2 行（孙丽）：孙丽已于 2021-07-01 离开本校（调出或去世），不能当选代表，请删去这一行"
    ]
    assert [p.name for p in plan.adds] == ["陈静"]


def test_the_service_refusing_at_apply_rolls_everything_back(db, school, tmp_path):
    path = write_xlsx(tmp_path / "d.xlsx", ["姓名", "选区"], [["陈静", "初中组"], ["李娜", None]])
    plan = plan_delegate_import(db, school["term"], path)
    assert plan.refused == []
    seat(db, school, "li")  # seated by another window after the preview
    with pytest.raises(DomainError, match="整个文件没有导入"):
        apply_delegate_import(db, plan)
    assert set(delegates_by_member(db, school["term"])) == {school["li"]}
    assert [c.name for c in congress.list_constituencies(db, school["term"])] == ["高中组"]  # 初中组 not made


def test_no_such_term(db, school, tmp_path):
    path = write_xlsx(tmp_path / "d.xlsx", ["姓名"], [["陈静"]])
    with pytest.raises(NotFoundError):
        plan_delegate_import(db, school["term"] + 99, path)
