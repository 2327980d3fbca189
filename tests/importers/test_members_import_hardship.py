"""A roster's 困难类别/建档立卡日期 columns: the hardship file is the record. A level for a
member with no open file opens one (on the 建档立卡日期, else the import day); a member with
an open file is left alone and named in the plan's note; someone who had left is refused."""

from __future__ import annotations

from datetime import date

import pytest

from unionapp.domain.members import MemberInput
from unionapp.importers.members import apply_member_import, plan_member_import
from unionapp.services import hardship, members
from unionapp.services.hardship import FileInput

from .workbooks import write_xlsx

TODAY = date(2024, 12, 2)
HEADER = ["姓名", "出生日期", "工会小组", "困难类别", "建档立卡日期"]


@pytest.fixture
def school(db) -> dict[str, str]:
    made = {}
    for name, born in [("李娜", date(1990, 1, 2)), ("陈静", date(1992, 9, 9)), ("赵强", date(1979, 4, 4)),
                       ("孙丽", date(1995, 6, 6))]:  # fmt: skip
        made[name] = members.add_member(db, MemberInput(name=name, birth_date=born, group_name="语文组"))
    hardship.open_file(db, FileInput(made["陈静"], "hardship", date(2022, 5, 1)), today=TODAY)
    hardship.open_file(db, FileInput(made["赵强"], "extreme", date(2021, 3, 1)), today=TODAY)
    return made


def files(db) -> dict[str, tuple[str, date]]:
    return {f.name: (f.level, f.opened_on) for f in hardship.list_files(db, today=TODAY)}


def test_a_level_opens_a_file_and_a_filed_member_is_left_alone(db, school, tmp_path):
    rows = [
        ["李娜", date(1990, 1, 2), "语文组", "特困职工", date(2024, 11, 20)],  # no file yet: opened
        ["陈静", date(1992, 9, 9), "语文组", "特困", None],  # filed as 困难: kept, named
        ["赵强", date(1979, 4, 4), "语文组", "否", None],  # filed as 特困: not closed by a roster
        ["孙丽", date(1995, 6, 6), "数学组", None, None],  # no level, no file
        ["周杰", date(1988, 8, 8), "数学组", "一般", None],  # new member: filed on the import day
    ]
    plan = plan_member_import(db, write_xlsx(tmp_path / "r.xlsx", HEADER, rows), today=TODAY)
    assert plan.refused == []
    assert "新建困难职工档案 2 份" in plan.summary()
    assert [(m.name, m.level_label, m.opened_on) for m in plan.marks.opens] == [
        ("李娜", "特困", date(2024, 11, 20)), ("周杰", "一般", TODAY)]  # fmt: skip
    (note,) = [n for n in plan.notes if "困难职工档案" in n]
    assert note.startswith("陈静、赵强已有困难职工档案，花名册中的困难类别与档案不同，未改动")
    assert [u.data.name for u in plan.updates] == ["孙丽"]  # the group; nobody's mark is a change

    result = apply_member_import(db, plan)
    assert result.files_opened == 2 and "新建困难职工档案 2 份" in result.summary()
    assert files(db) == {
        "李娜": ("extreme", date(2024, 11, 20)),
        "陈静": ("hardship", date(2022, 5, 1)),
        "赵强": ("extreme", date(2021, 3, 1)),
        "周杰": ("general", TODAY),
    }
    by_name = {m.name: m for m in members.list_members(db)}
    assert (by_name["李娜"].hardship_level, by_name["李娜"].hardship_since) == ("extreme", date(2024, 11, 20))
    assert (by_name["周杰"].hardship_level, by_name["周杰"].hardship_since) == ("general", TODAY)
    assert by_name["赵强"].hardship_level == "extreme" and by_name["孙丽"].hardship_level == ""

    again = plan_member_import(db, write_xlsx(tmp_path / "r2.xlsx", HEADER, rows), today=TODAY)
    assert again.marks.opens == [] and "新建困难职工档案" not in again.summary()  # filed once


def test_a_leaver_or_a_refused_row_opens_no_file(db, school, tmp_path):
    members.set_status(db, [school["孙丽"]], "transferred", date(2024, 6, 30), today=TODAY)
    rows = [
        ["孙丽", date(1995, 6, 6), "语文组", "困难", date(2024, 9, 1)],
        ["李娜", date(1990, 1, 2), "语文组", "困难", date(2025, 1, 1)],  # after today
        ["吴用", date(1990, 1, 2), "语文组", "困难", None],
    ]
    plan = plan_member_import(db, write_xlsx(tmp_path / "r.xlsx", HEADER, rows), today=TODAY)
    lines = plan.problem_lines()
    assert lines[0].startswith(
        "第 2 行（孙丽）：孙丽已于 2024-06-30 离开本校（调出或去世），不能按“困难类别”在此后建档"
    )
    assert lines[1] == "第 3 行（李娜）：建档立卡日期不能晚于今天"
    assert [m.name for m in plan.marks.opens] == ["吴用"]
    result = apply_member_import(db, plan, skip_errors=True)
    assert (result.added, result.files_opened) == (1, 1)
    assert set(files(db)) == {"陈静", "赵强", "吴用"}
