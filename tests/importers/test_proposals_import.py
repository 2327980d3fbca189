"""Past proposals → plan_proposal_import → apply_proposal_import: proposers and co-signers
matched among the term's delegates by name, each proposal taken through its screening,
reply and feedback in one transaction, coded words and a school's own headers mapped, bad
rows refused in Chinese with their row and nothing written."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from unionapp.db.models import Proposal, ProposalReply
from unionapp.domain.import_mapping import ImportMappings
from unionapp.importers.errors import ImportRefused
from unionapp.importers.proposal_rows import split_names
from unionapp.importers.proposals import apply_proposal_import, plan_proposal_import
from unionapp.services import proposals
from unionapp.services.proposals import ProposalInput

from .congress_school import make_school, seat
from .workbooks import write_xlsx

HEADER = [
    "编号", "案由", "提案人", "附议人", "类别", "理由", "建议措施", "提交日期",
    "审查结果", "审查意见", "承办部门", "答复期限", "答复日期", "答复内容", "提案人意见",
]  # fmt: skip
D = date(2023, 4, 20)
EVERY_STATE = [
    [1, "关于改善教师午餐条件的建议", "王芳", "李娜、陈静", "福利", "菜品单一", "增加菜品", D,
     "立案", None, "总务处", date(2023, 5, 31), date(2023, 5, 20), "已增加两个菜品", "满意"],
    [2, "关于增加班主任津贴的建议", "李娜", "王芳，赵强", "福利待遇", None, None, D,
     "不立案", "不属于学校职权范围", None, None, None, None, None],
    [3, "关于规范教研活动的建议", "陈静", "李娜 赵强", "教学", None, None, D,
     "转为意见建议", "转教务处参考", "教务处", None, None, None, None],
    [4, "关于修缮操场的建议", "赵强", "王芳;陈静", "后勤", None, None, D,
     "立案", None, "总务处", date(2023, 6, 30), date(2023, 6, 1), "已列入暑期维修计划", "不满意"],
    [None, "关于开放图书馆的建议", "张伟（高中组）", "李娜、王芳", None, None, None, D,
     None, None, None, None, None, None, None],
    [6, "关于教师体检的建议", "李娜", "陈静、赵强", "其他", None, None, D,
     "立案", None, "工会", date(2023, 9, 1), None, None, None],
]  # fmt: skip


@pytest.fixture
def school(db):
    made = make_school(db)
    made["delegates"] = seat(db, made, "zhang_high", "zhang_middle", "li", "chen", "wang", "zhao")
    return made


def count(db, model) -> int:
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(model))


def test_split_names_on_every_separator():
    assert split_names("王芳、赵强，孙丽,周杰;陈静；李娜  张伟（高中组）") == [
        "王芳", "赵强", "孙丽", "周杰", "陈静", "李娜", "张伟(高中组)",
    ]  # fmt: skip


def test_past_proposals_in_every_state_in_one_transaction(db, school, tmp_path):
    path = write_xlsx(
        tmp_path / "提案.xlsx", HEADER, EVERY_STATE, titles=["第一届第一次教代会提案汇总表"], sheet="提案"
    )
    plan = plan_proposal_import(db, school["session"], path, today=date(2024, 1, 10))
    assert plan.refused == [], plan.problem_lines()
    assert plan.header_row == 2 and len(plan.adds) == 6
    assert "新增提案 6 件（其中立案 3 件，已答复 2 件）" in plan.summary()
    assert any("第 6 行提案人不满意，再次答复期限按反馈日期后 30 天计（2023-07-01）" in n for n in plan.notes)

    result = apply_proposal_import(db, plan)
    assert (result.added, result.refused) == (6, 0)
    rows = {p.number: p for p in proposals.list_proposals(db, session_id=school["session"], today=date(2024, 1, 10))}
    assert sorted(rows) == [1, 2, 3, 4, 5, 6]  # the blank number took the next free one
    assert rows[1].stage == "satisfied" and rows[1].office == "总务处" and rows[1].category == "welfare"
    assert set(rows[1].cosigner_names) == {"李娜", "陈静"}
    assert rows[2].status == "rejected" and rows[2].stage == "rejected"
    assert rows[3].status == "converted" and rows[3].category == "teaching"
    assert rows[4].round == 2 and rows[4].due_date == date(2023, 7, 1) and rows[4].overdue
    assert rows[5].status == "submitted" and rows[5].proposer_member_id == school["zhang_high"]
    assert rows[6].stage == "overdue" and rows[6].category == "other"
    detail = proposals.get_proposal(db, rows[1].id)
    assert detail.reasons == "菜品单一" and detail.measures == "增加菜品"
    assert [(r.round, r.replied_on, r.feedback) for r in detail.replies] == [(1, date(2023, 5, 20), "satisfied")]


def test_bad_rows_are_refused_by_row_and_nothing_is_written(db, school, tmp_path):
    proposals.create_proposal(
        db,
        ProposalInput(school["session"], school["delegates"]["li"], "已有的提案", D, cosigner_ids=(
            school["delegates"]["chen"], school["delegates"]["wang"]), number=7),
    )  # fmt: skip
    rows = [
        [1, "甲", "王芳", "李娜、孙丽", None, None, None, D, None, None, None, None, None, None, None],
        [2, "乙", "王芳", "王芳、李娜、陈静", None, None, None, D, None, None, None, None, None, None, None],
        [3, "丙", "李娜", "王芳、陈静", None, None, None, D,
         "立案", None, "总务处", date(2023, 5, 1), date(2023, 4, 1), "已办", None],
        [4, "丁", "孙丽", "王芳、陈静", None, None, None, D, None, None, None, None, None, None, None],
        [5, "戊", "张伟", "王芳、陈静", None, None, None, D, None, None, None, None, None, None, None],
        [6, "己", "李娜", "王芳", None, None, None, D, None, None, None, None, None, None, None],
        [7, "庚", "李娜", "王芳、陈静", None, None, None, D, None, None, None, None, None, None, None],
        [8, "辛", "李娜", "王芳、陈静", "民主管理", None, None, D, "同意", None, None, None, None, None, None],
        [9, "壬", "李娜", "王芳、陈静", None, None, None, D, "不立案", None, None, None, None, None, None],
        [10, "癸", "李娜", "王芳、陈静", None, None, None, D, None, None, None, None, None, None, "满意"],
    ]  # fmt: skip
    path = write_xlsx(tmp_path / "bad.xlsx", HEADER, rows)
    plan = plan_proposal_import(db, school["session"], path)
    lines = "\n".join(plan.problem_lines())
    assert "第 2 行（甲）：附议人“孙丽”不是第一届教职工代表大会的代表，不能附议" in lines
    assert "第 3 行（乙）：提案人王芳不能同时作为附议人" in lines
    assert "第 4 行（丙）：答复日期 2023-04-01 早于提交日期 2023-04-20" in lines
    assert "第 5 行（丁）：提案人“孙丽”不是第一届教职工代表大会的代表" in lines
    assert "第 6 行（戊）：本届代表中有 2 位名叫“张伟”" in lines
    assert "第 7 行（己）：附议人 1 人，少于规定的 2 人（依据学校教职工代表大会规定（教育部令第32号）" in lines
    assert "第 8 行（庚）：本次会议已有第 7 号提案（“已有的提案”）" in lines
    assert "第 9 行（辛）：无法识别的类别“民主管理”" in lines and "无法识别的审查结果“同意”" in lines
    assert "第 10 行（壬）：审查结果为“不立案”，须在“审查意见”中写明理由" in lines
    assert "第 11 行（癸）：有提案人意见，但没有答复日期和答复内容" in lines
    assert plan.adds == []
    with pytest.raises(ImportRefused):
        apply_proposal_import(db, plan)
    assert count(db, Proposal) == 1 and count(db, ProposalReply) == 0


def test_a_schools_own_headers_and_words_are_mapped_and_remembered(db, school, tmp_path):
    header = ["提案题目", "领衔人", "联名代表", "提案类型", "提出日期", "处理结果", "承办单位", "办理期限", "备注"]
    rows = [["关于校园绿化的建议", "陈静", "李娜、赵强", "民主管理", D, "同意", "总务处", date(2023, 6, 1), "x"]]
    path = write_xlsx(tmp_path / "own.xlsx", header, rows, titles=["2023年提案一览"])
    first = plan_proposal_import(db, school["session"], path)
    assert {(u.field, u.text) for u in first.unknown_values()} == {("status", "同意")}  # 提案类型 not read yet
    assert dict(first.column_choices)["提案类型"] == ""
    mapping = ImportMappings()
    mapping.set_value("category", "民主管理", "其他")
    mapping.set_value("status", "同意", "立案")
    mapping.set_column("提案类型", "category")
    plan = plan_proposal_import(db, school["session"], path, mapping=mapping)
    assert plan.refused == [] and plan.columns["title"] == "提案题目"
    assert "备注" in plan.ignored_columns
    apply_proposal_import(db, plan)
    (row,) = proposals.list_proposals(db, session_id=school["session"])
    assert (row.status, row.category, row.office, row.due_date) == ("accepted", "other", "总务处", date(2023, 6, 1))
    again = plan_proposal_import(db, school["session"], path)  # the remembered words, no question
    assert again.refused == [] and again.adds == [] and again.existing == [3]  # imported already: skipped
    assert "已导入过 1 行（跳过）" in again.summary()


def test_a_step_the_service_refuses_at_apply_is_told_by_row_and_rolls_back(db, school, tmp_path):
    rows = [EVERY_STATE[0], [2, "乙", "李娜", "王芳、陈静", None, None, None, D] + [None] * 7]
    path = write_xlsx(tmp_path / "p.xlsx", HEADER, rows)
    plan = plan_proposal_import(db, school["session"], path)
    assert plan.refused == []
    proposals.create_proposal(  # number 2 taken by another window after the preview
        db,
        ProposalInput(school["session"], school["delegates"]["li"], "抢先", D, cosigner_ids=(
            school["delegates"]["chen"], school["delegates"]["wang"]), number=2),
    )  # fmt: skip
    with pytest.raises(ImportRefused) as refused:
        apply_proposal_import(db, plan)
    assert refused.value.lines()[0].startswith("第 3 行（乙）：")
    assert "整个文件没有导入" in str(refused.value) and "第 3 行" in str(refused.value)
    assert count(db, Proposal) == 1 and count(db, ProposalReply) == 0
