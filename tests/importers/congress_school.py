"""A small school with a congress term for the congress import tests: members (two 张伟
told apart by group, ID number or birth date), a term 2021-09-01 to 2025-08-31 with one
选区 (高中组) and a session on 2023-04-20. Every date is explicit and in the past."""

from __future__ import annotations

from datetime import date

from unionapp.domain.members import MemberInput
from unionapp.services import congress, members
from unionapp.services.congress import ConstituencyInput, DelegateInput, SessionInput, TermInput

from .workbooks import id_for

TERM_START, TERM_END = date(2021, 9, 1), date(2025, 8, 31)
SESSION_DAY = date(2023, 4, 20)
ZHANG_MIDDLE_ID = id_for(date(1985, 7, 8), 13, "M")

PEOPLE = [
    # key, name, gender, birth, group, department, title, id number
    (
        "zhang_high",
        "张伟",
        "M",
        date(1980, 5, 6),
        "高中组",
        "高中部",
        "中学一级教师",
        id_for(date(1980, 5, 6), 11, "M"),
    ),
    ("zhang_middle", "张伟", "M", date(1985, 7, 8), "初中组", "初中部", "中学二级教师", ZHANG_MIDDLE_ID),
    ("li", "李娜", "F", date(1990, 1, 2), "小学组", "小学部", "小学高级教师", ""),
    ("chen", "陈静", "F", date(1992, 9, 9), "初中组", "初中部", "", ""),
    ("wang", "王芳", "F", date(1988, 3, 3), "行政组", "校长室", "副校长", ""),
    ("zhao", "赵强", "M", date(1979, 4, 4), "后勤组", "总务处", "工勤技能", ""),
    ("sun", "孙丽", "F", date(1995, 6, 6), "小学组", "小学部", "", ""),  # never a delegate
]


def make_school(db) -> dict[str, int]:
    made = {}
    for key, name, gender, birth, group, department, title, id_number in PEOPLE:
        made[key] = members.add_member(
            db,
            MemberInput(
                name=name,
                gender=gender,
                birth_date=birth,
                group_name=group,
                department=department,
                title=title,
                id_number=id_number,
            ),
        )
    made["term"] = congress.create_term(db, TermInput(1, "第一届教职工代表大会", TERM_START, TERM_END))
    groups = {m.group_name: m.group_id for m in members.list_members(db)}
    made["high"] = congress.add_constituency(db, made["term"], ConstituencyInput("高中组", groups["高中组"], 2))
    made["session"] = congress.create_session(db, SessionInput(made["term"], 1, "第一届第一次会议", SESSION_DAY))
    return made


def seat(db, made: dict[str, int], *keys: str) -> dict[str, int]:
    """Make these members delegates of the term (elected at its start); delegate ids by key."""
    congress.add_delegates(db, made["term"], [DelegateInput(made[k], TERM_START) for k in keys])
    by_member = {d.member_id: d.id for d in congress.list_delegates(db, made["term"])}
    return {k: by_member[made[k]] for k in keys}
