"""Sign-up lists → plan_activity_import → apply_activity_import: people matched on the
roster (group or ID number for namesakes), 签到 words and value mappings, the same
person twice refused, those already signed up skipped, one transaction."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from unionapp.db.models import ActivityEntry, AuditEntry
from unionapp.domain.errors import DomainError
from unionapp.domain.import_mapping import ImportMappings
from unionapp.domain.members import MemberInput
from unionapp.importers.activity import apply_activity_import, plan_activity_import
from unionapp.importers.errors import ImportRefused
from unionapp.importers.template_columns import EXAMPLE_ID
from unionapp.importers.templates import template_workbook
from unionapp.services import activities, members
from unionapp.services.activities import ActivityInput
from unionapp.services.errors import NotFoundError

from .workbooks import id_for, write_xlsx

TODAY = date.today()
LAST = TODAY.year - 1
HEADER = ["序号", "姓名", "工会小组", "项目", "队伍", "成绩", "名次", "签到", "备注"]
TITLES = [f"{LAST}年教职工运动会报名表"]
ZHANG_MIDDLE = id_for(date(1985, 7, 8), 13, "M")


@pytest.fixture
def people(db):
    made = {}
    for key, name, gender, birth, group, id_number in [
        ("zhang_high", "张伟", "M", date(1980, 5, 6), "高中组", id_for(date(1980, 5, 6), 11, "M")),
        ("zhang_middle", "张伟", "M", date(1985, 7, 8), "初中组", ZHANG_MIDDLE),
        ("li", "李娜", "F", date(1990, 1, 2), "小学组", ""),
        ("chen", "陈静", "F", date(1992, 9, 9), "初中组", ""),
        ("example", "李明", "M", date(1985, 3, 7), "语文组", EXAMPLE_ID),  # the templates' example person
    ]:
        made[key] = members.add_member(
            db, MemberInput(name=name, gender=gender, birth_date=birth, group_name=group, id_number=id_number)
        )
    made["meet"] = activities.create_activity(
        db, ActivityInput(f"{LAST}年教职工运动会", "sports", date(LAST, 10, 20), date(LAST, 10, 20))
    )
    return made


def entries(db, activity_id) -> int:
    with db.session() as s:
        return s.scalar(select(func.count(ActivityEntry.id)).where(ActivityEntry.activity_id == activity_id))


GOOD = [
    [1, "张伟", "高中组", "男子100米", "高中组队", "13.2秒", "第一名", "√"],
    [2, "张伟", "初中", "男子100米", None, "14.0秒", "第三名", "是"],
    [3, "李娜", None, "拔河", "小学组队", None, None, None],
    [4, "李娜", None, "跳绳", None, "180个", "第二名", "已参加", "自带跳绳"],
    [5, "陈静", None, "拔河", None, None, None, "否"],
    [],
    [None, "合计", None, None, None, None, None, 3],
]


def test_a_sign_up_list_signs_everyone_up_in_one_transaction(db, people, tmp_path):
    path = write_xlsx(tmp_path / "signup.xlsx", HEADER, GOOD, titles=TITLES, sheet="报名表")
    plan = plan_activity_import(db, people["meet"], path)
    assert plan.refused == [] and len(plan.adds) == 5 and plan.header_row == 2
    assert "新增报名 5 人次（4 人，其中已签到 3 人次）" in plan.summary()
    result = apply_activity_import(db, plan)
    assert (result.added, result.existing, result.refused) == (5, 0, 0)
    got = {(e.member_id, e.event): e for e in activities.list_entries(db, people["meet"])}
    first = got[(people["zhang_high"], "男子100米")]
    assert (first.team, first.result, first.place, first.attended) == ("高中组队", "13.2秒", "第一名", True)
    assert got[(people["zhang_middle"], "男子100米")].attended  # "初中" picks the 初中组 张伟
    assert not got[(people["li"], "拔河")].attended and got[(people["li"], "跳绳")].note == "自带跳绳"
    assert not got[(people["chen"], "拔河")].attended
    with db.session() as s:
        assert s.scalar(select(func.count()).where(AuditEntry.action == "import", AuditEntry.entity == "activity")) == 1
    again = plan_activity_import(db, people["meet"], path)
    assert again.adds == [] and len(again.existing) == 5


def test_bad_rows_refuse_the_whole_list(db, people, tmp_path):
    rows = [
        [1, "李娜", None, "跳绳", None, None, None, "是"],
        [2, "刘洋", None, "跳绳", None, None, None, "是"],  # not on the roster
        [3, "张伟", None, "跳绳", None, None, None, "是"],  # two 张伟
        [4, "李娜", None, "跳绳", None, None, None, "是"],  # twice in one event
        [5, "陈静", None, "跳绳", None, None, None, "到了"],  # an unknown word
    ]
    path = write_xlsx(tmp_path / "bad.xlsx", HEADER, rows)
    plan = plan_activity_import(db, people["meet"], path)
    lines = plan.problem_lines()
    assert lines[0] == "第 3 行（刘洋）：姓名“刘洋”不在会员名册中，请先在会员名单中添加或更正姓名"
    assert lines[1].startswith("第 4 行（张伟）：会员名册中有 2 位名叫“张伟”的会员")
    assert lines[2].startswith("第 5 行（李娜）：与第 2 行是同一人报名项目“跳绳”")
    assert lines[3].startswith("第 6 行（陈静）：“到了”看不出是否参加")
    assert [(u.field, u.text) for u in plan.unknown_values()] == [("attended", "到了")]
    with pytest.raises(ImportRefused):
        apply_activity_import(db, plan)
    assert entries(db, people["meet"]) == 0
    result = apply_activity_import(db, plan, skip_errors=True)
    assert (result.added, result.refused) == (1, 4) and entries(db, people["meet"]) == 1
    mapping = ImportMappings()
    mapping.set_value("attended", "到了", "是")
    mapped = plan_activity_import(db, people["meet"], path, mapping=mapping)
    assert [p.entry.attended for p in mapped.adds] == [True]  # 陈静; 李娜 is already signed up
    assert len(mapped.existing) == 1


def test_an_id_number_tells_namesakes_apart_and_a_missing_activity_is_said(db, people, tmp_path):
    header = ["名字", "身份证号", "比赛项目", "是否参加"]
    path = write_xlsx(tmp_path / "ids.xlsx", header, [["张伟", ZHANG_MIDDLE, "象棋", "√"]])
    plan = plan_activity_import(db, people["meet"], path)
    assert [p.entry.member_id for p in plan.adds] == [people["zhang_middle"]]
    with pytest.raises(NotFoundError):
        plan_activity_import(db, 9999, path)


def test_the_service_refusing_rolls_everything_back(db, people, tmp_path):
    path = write_xlsx(tmp_path / "signup.xlsx", HEADER, GOOD[:2])
    plan = plan_activity_import(db, people["meet"], path)
    activities.delete_activity(db, people["meet"], "录入错误")  # deleted while the preview was open
    with pytest.raises(DomainError, match="整个文件没有导入"):
        apply_activity_import(db, plan)
    with db.session() as s:
        assert s.scalar(select(func.count(ActivityEntry.id))) == 0


@pytest.mark.parametrize("area", ["handouts", "activity"])
def test_the_templates_example_row_imports(db, people, tmp_path, area):
    import openpyxl

    from unionapp.importers.handouts import plan_handout_import

    path = tmp_path / f"{area}.xlsx"
    path.write_bytes(template_workbook(db, area))
    wb = openpyxl.load_workbook(path)
    sheet, guide = wb.worksheets[0], wb["填写说明"]
    labels = [c.value for c in sheet[1]]
    examples = {r[0]: r[1] for r in guide.iter_rows(values_only=True) if r and r[0] in labels}
    for column, label in enumerate(labels, 1):  # row 2: the rows below the header are prepared, not empty
        sheet.cell(2, column, examples.get(label))
    wb.save(path)
    if area == "activity":
        plan = plan_activity_import(db, people["meet"], path)
        assert plan.refused == [] and len(plan.adds) == 1
        return
    plan = plan_handout_import(db, path)
    assert plan.problem_lines() == [] and len(plan.handouts) == 1 and plan.handouts[0].kind == "womens_day"
