"""Hardship rosters (困难职工花名册) → plan_hardship_import → apply_hardship_import: members
matched on the roster (namesakes by group, ID number or birth date), school words for the
level and causes mapped and remembered, the household from 成员N columns or from the two
totals, bad rows refused in Chinese with their row, one transaction."""

from __future__ import annotations

from datetime import date

import pytest

from unionapp.domain.import_mapping import ImportMappings
from unionapp.domain.members import MemberInput
from unionapp.importers.errors import ImportRefused
from unionapp.importers.fields import area_fields
from unionapp.importers.hardship import apply_hardship_import, plan_hardship_import
from unionapp.importers.hardship_rows import COUNTED_ONLY, FROM_TOTAL, OTHER_PERSON
from unionapp.importers.template_columns import EXAMPLE_ID, EXAMPLE_NAME
from unionapp.services import hardship, members
from unionapp.services.hardship import FileInput
from unionapp.services.import_mappings import load_mappings

from .congress_school import PEOPLE, ZHANG_MIDDLE_ID
from .test_templates import fill_example, save
from .workbooks import write_xlsx

TODAY = date(2024, 12, 2)
TITLES = ["某某中学困难职工花名册", "填报单位：校工会"]


@pytest.fixture
def school(db) -> dict[str, int]:
    """Seven members, two of them named 张伟 (高中组 1980-05-06, 初中组 1985-07-08)."""
    made = {}
    for key, name, gender, birth, group, department, title, id_number in PEOPLE:
        data = MemberInput(name=name, gender=gender, birth_date=birth, group_name=group, department=department,
                           title=title, id_number=id_number)  # fmt: skip
        made[key] = members.add_member(db, data)
    return made


def files_by_member(db) -> dict[int, hardship.FileDetail]:
    return {f.member_id: hardship.view_file(db, f.id, today=TODAY) for f in hardship.list_files(db, today=TODAY)}


def test_a_roster_with_title_rows_and_school_headers_opens_a_file_each(db, school, tmp_path):
    header = ["序号", "姓名", "所在部门", "出生年月", "困难类别", "建档立卡日期", "致困原因",
              "成员1姓名", "成员1与本人关系", "成员1月收入（元）", "成员2姓名", "成员2关系", "成员2月收入",
              "家庭人口", "家庭月收入", "帮扶措施", "备注"]  # fmt: skip
    rows = [
        [1, "张伟", "高中组", None, "特困职工", date(2023, 11, 20), "本人患病、子女上学",
         "张伟", "本人", "2,800", "刘梅", "妻子", 1200, None, None, "春节慰问；医疗互助", "住院两次"],
        [2, "张伟", None, "1985-07-08", "一般困难", "2024.3.1", "配偶重病/助学",
         None, None, None, None, None, None, 4, 6000, None, None],
        [3, "李娜", None, None, "困难", None, "灾害", None, "女儿", None, None, None, None, None, None, None, None],
        [],
        [None, "合计", None, None, None, None, None, None, None, None, None, None, None, None, None, None, "3人"],
    ]  # fmt: skip
    path = write_xlsx(tmp_path / "困难.xlsx", header, rows, titles=TITLES, sheet="困难职工")
    plan = plan_hardship_import(db, path, today=TODAY)
    assert plan.refused == [] and plan.header_row == 3 and plan.ignored_columns == []
    assert plan.summary() == "新建困难职工档案 3 份，有问题 0 行"
    assert [(p.name, p.group_name, p.level_label, p.people) for p in plan.adds] == [
        ("张伟", "高中组", "特困", 2), ("张伟", "初中组", "一般", 4), ("李娜", "小学组", "困难", 2)]  # fmt: skip

    result = apply_hardship_import(db, plan)
    assert (result.added, result.refused) == (3, 0)
    got = files_by_member(db)
    high = got[school["zhang_high"]]
    assert (high.row.level, high.row.opened_on, high.causes) == (
        "extreme",
        date(2023, 11, 20),
        ("illness_self", "schooling"),
    )
    assert [(h.relation, h.name, h.monthly_income_fen) for h in high.household] == [
        ("本人", "张伟", 280000), ("配偶", "刘梅", 120000)]  # fmt: skip
    assert (high.per_head_fen, high.plan, high.notes) == (200000, "春节慰问；医疗互助", "住院两次")
    middle = got[school["zhang_middle"]]
    assert middle.row.opened_on == date(2024, 3, 1) and middle.causes == ("illness_family", "schooling")
    # The totals: nobody invented; the member carries the income, three people counted only.
    assert [(h.relation, h.monthly_income_fen, h.note) for h in middle.household] == [
        ("本人", 600000, FROM_TOTAL)] + [(OTHER_PERSON, 0, COUNTED_ONLY)] * 3  # fmt: skip
    assert (middle.people, middle.monthly_income_fen, middle.per_head_fen) == (4, 600000, 150000)
    li = got[school["li"]]
    assert li.row.opened_on == TODAY  # a blank 建档日期 is the day of the import
    assert [(h.relation, h.name) for h in li.household] == [("本人", "李娜"), ("子女", "")]  # the member added
    assert members.get_member(db, school["zhang_high"]).hardship_level == "extreme"  # the mirror


def test_school_words_are_offered_for_mapping_and_remembered(db, school, tmp_path):
    path = write_xlsx(tmp_path / "h.xlsx", ["姓名", "困难级别", "致困原因"], [
        ["李娜", "低保", "下岗、大病"], ["陈静", "困难户", "下岗"], ["赵强", "特困", None]])  # fmt: skip
    plan = plan_hardship_import(db, path, today=TODAY)
    assert [r.row_number for r in plan.refused] == [2, 3] and len(plan.adds) == 1
    groups = {(u.field, u.text): u for u in plan.unknown_values()}
    assert set(groups) == {("level", "低保"), ("level", "困难户"), ("causes", "下岗")}
    assert groups[("causes", "下岗")].rows == (2, 3)
    assert "困难" in groups[("level", "困难户")].candidates  # offered, not taken
    assert plan.value_choices["level"] == ["特困", "困难", "一般"]
    assert "无法识别的困难级别“低保”" in " ".join(plan.problem_lines())

    chosen = ImportMappings()
    chosen.set_value("level", "低保", "特困")
    chosen.set_value("level", "困难户", "困难")
    chosen.set_value("causes", "下岗", "其他")
    again = plan_hardship_import(db, path, today=TODAY, mapping=chosen)
    assert again.refused == []
    assert [(p.name, p.level_label, p.causes_text) for p in again.adds] == [
        ("李娜", "特困", "本人大病、其他"), ("陈静", "困难", "其他"), ("赵强", "特困", "")]  # fmt: skip
    apply_hardship_import(db, again)
    assert load_mappings(db, "hardship").value("level", "低保") == "特困"

    other = write_xlsx(tmp_path / "next.xlsx", ["姓名", "困难级别", "致困原因"], [["孙丽", "低保", "下岗"]])
    (only,) = plan_hardship_import(db, other, today=TODAY).adds  # next year's file: no question
    assert (only.level_label, only.causes_text) == ("特困", "其他")


def test_an_income_that_is_not_a_number_is_the_rows_problem_and_nothing_is_written(db, school, tmp_path):
    header = ["姓名", "困难级别", "家庭人口", "家庭月收入", "成员1关系", "成员1月收入"]
    rows = [["李娜", "困难", 3, "约两千", None, None], ["陈静", "困难", None, None, "配偶", "2千"],
            ["赵强", "一般", 2, "3000元", None, None], ["孙丽", "困难", None, 5000, None, None]]  # fmt: skip
    path = write_xlsx(tmp_path / "h.xlsx", header, rows)
    plan = plan_hardship_import(db, path, today=TODAY)
    lines = plan.problem_lines()
    assert lines[0].startswith("第 2 行（李娜）：家庭月收入“约两千”不是数字：请只填写阿拉伯数字金额")
    assert lines[1].startswith("第 3 行（陈静）：成员1月收入“2千”不是数字")
    assert lines[2] == "第 5 行（孙丽）：填写了家庭月收入，请同时填写家庭人口（含本人），以便计算人均月收入"
    assert [p.name for p in plan.adds] == ["赵强"]
    with pytest.raises(ImportRefused, match="有 3 行数据有问题，整个文件没有导入"):
        apply_hardship_import(db, plan)
    assert hardship.list_files(db, today=TODAY) == []
    assert members.get_member(db, school["zhao"]).hardship_level == ""

    assert apply_hardship_import(db, plan, skip_errors=True).added == 1
    (zhao,) = files_by_member(db).values()
    assert (zhao.people, zhao.monthly_income_fen, zhao.per_head_fen) == (2, 300000, 150000)


def test_a_member_already_filed_a_namesake_and_the_same_person_twice_are_refused(db, school, tmp_path):
    hardship.open_file(db, FileInput(school["li"], "hardship", date(2022, 5, 1)), today=TODAY)
    rows = [["李娜", None, "特困"], ["张伟", None, "困难"], ["张伟", ZHANG_MIDDLE_ID, "困难"], ["陈静", None, "困难"],
            ["陈静", None, "一般"], ["周杰", None, "困难"], ["孙丽", None, None]]  # fmt: skip
    path = write_xlsx(tmp_path / "h.xlsx", ["姓名", "身份证号", "困难级别"], rows)
    plan = plan_hardship_import(db, path, today=TODAY)
    assert plan.problem_lines() == [
        "第 2 行（李娜）：李娜已有困难职工档案（2022-05-01 建档），请跳过这一行，或先在“困难帮扶”窗口中修改或复核原档案",
        "第 3 行（张伟）：会员名册中有 2 位名叫“张伟”的会员，请填写工会小组或身份证号以区分",
        "第 6 行（陈静）：与第 5 行是同一人，请删去或合并重复的行",
        "第 7 行（周杰）：姓名“周杰”不在会员名册中，请先在会员名单中添加或更正姓名",
        "第 8 行（孙丽）：没有填写困难级别，请填写“特困”“困难”或“一般”",
    ]
    assert [(p.name, p.entry.member_id) for p in plan.adds] == [
        ("张伟", school["zhang_middle"]),
        ("陈静", school["chen"]),
    ]
    apply_hardship_import(db, plan, skip_errors=True)
    assert set(files_by_member(db)) == {school["li"], school["zhang_middle"], school["chen"]}


def test_household_totals_and_listed_people_must_agree(db, school, tmp_path):
    header = ["姓名", "困难级别", "本人月收入", "家庭人口", "家庭月收入", "成员1姓名", "成员1关系", "成员1月收入"]
    rows = [
        ["李娜", "困难", None, 3, None, "王强", "丈夫", 1000],  # 2 people listed (with the member), 3 said
        ["陈静", "困难", 2500, 3, 2000, None, None, None],  # her own income over the household's
        ["赵强", "困难", 2500, 3, 4000, None, None, None],  # the rest on one counted-only row
        ["孙丽", "困难", None, None, None, "孙明", None, 500],  # no relation
        ["王芳", "困难", None, 40, None, None, None, None],
    ]
    plan = plan_hardship_import(db, write_xlsx(tmp_path / "h.xlsx", header, rows), today=TODAY)
    assert plan.problem_lines() == [
        "第 2 行（李娜）：家庭人口填写 3 人，但列出的家庭成员（含本人）共 2 人，请核对",
        "第 3 行（陈静）：本人月收入 2,500.00 元大于家庭月收入 2,000.00 元，请核对",
        "第 5 行（孙丽）：成员1（孙明）没有填写与本人的关系，请填写，如“配偶”“子女”",
        "第 6 行（王芳）：家庭人口“40”应是 1 到 30 之间的整数（含本人），请核对",
    ]
    (zhao,) = plan.adds
    assert [(h.relation, h.monthly_income_fen) for h in zhao.entry.household] == [
        ("本人", 250000), (OTHER_PERSON, 150000), (OTHER_PERSON, 0)]  # fmt: skip
    assert zhao.per_head_fen == 4000_00 // 3


def test_a_filing_date_after_today_or_after_leaving_is_refused(db, school, tmp_path):
    members.set_status(db, [school["sun"]], "transferred", date(2024, 6, 30), today=TODAY)
    rows = [["孙丽", "困难", "2024-09-01"], ["陈静", "困难", "2025-01-01"], ["赵强", "困难", "2024-06-30"]]
    plan = plan_hardship_import(
        db, write_xlsx(tmp_path / "h.xlsx", ["姓名", "困难级别", "建档日期"], rows), today=TODAY
    )
    assert plan.problem_lines() == [
        "第 2 行（孙丽）：孙丽已于 2024-06-30 离开本校（调出或去世），不能在此后建档，请删去这一行或核对建档日期",
        "第 3 行（陈静）：建档日期 2025-01-01 晚于今天，请核对",
    ]
    assert [p.name for p in plan.adds] == ["赵强"]


def test_the_template_reads_every_column_and_its_example_imports(db, tmp_path):
    members.add_member(db, MemberInput(name=EXAMPLE_NAME, id_number=EXAMPLE_ID, group_name="语文组"))
    path = save(db, "hardship", tmp_path)
    fill_example(path)
    plan = plan_hardship_import(db, path)
    assert plan.refused == [] and plan.ignored_columns == [] and plan.columns == area_fields("hardship")
    (only,) = plan.adds
    assert (only.level_label, only.causes_text, only.people) == ("困难", "家属大病、子女上学", 3)
    assert apply_hardship_import(db, plan).added == 1
