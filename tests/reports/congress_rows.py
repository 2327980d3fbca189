"""Hand-made congress rows for the report tests: the services' own row types, filled in
as a session of 8 delegates in two 选区 with three proposals in different states."""

from __future__ import annotations

from datetime import date

from unionapp.domain.congress import Makeup
from unionapp.services.congress_reads import DelegateRow
from unionapp.services.congress_session_reads import AttendanceRow, ResolutionRow, SessionRow
from unionapp.services.proposal_reads import ProposalDetail, ProposalRow, ReplyRow, ReplySummary

DAY = date(2024, 3, 15)
PLACES = ["语文组"] * 5 + ["数学组"] * 3
NAMES = ["张丽", "王芳", "李强", "赵敏", "陈静", "刘洋", "周杰", "吴婷"]


def delegate(i: int, **changes) -> DelegateRow:
    values = dict(
        id=i + 1, term_id=1, member_id=100 + i, name=NAMES[i], gender="F" if i % 2 == 0 else "M",
        birth_date=date(1980 + i * 2, 3, 9), group_id=1, group_name=PLACES[i], department="教学",
        title="一级教师", constituency_id=1 if i < 5 else 2, constituency_name=PLACES[i],
        category="teacher", category_label="一线教师", elected_on=date(2023, 9, 1), ended_on=None,
        end_reason="", replaces_id=None, replaces_name="", replaced_by_name="", note="",
        member_status="active", left_label="", in_office=True, young=i >= 6, version=1,
    )  # fmt: skip
    values.update(changes)
    return DelegateRow(**values)


def delegates() -> list[DelegateRow]:
    rows = [delegate(i) for i in range(8)]
    rows[3] = delegate(3, ended_on=date(2024, 1, 10), end_reason="调离本校", left_label="已调出", in_office=False)
    return rows


def makeup() -> Makeup:
    return Makeup(total=7, teachers=6, women=3, young=2, teacher_share_pct=60)


def session(**changes) -> SessionRow:
    values = dict(
        id=1, term_id=1, term_name="第一届", number=2, name="第二次会议", session_date=DAY, place="学校报告厅",
        agenda="听取校长工作报告\n审议提案工作报告\n表决通过决议", documents="校长工作报告\n财务工作报告",
        notes="", delegates=8, present=7, on_leave=1, unmarked=0, quorum_needed=6, quorum_met=True,
        quorum_text="应到 8 人，实到 7 人，超过三分之二（至少 6 人），符合规定", resolutions=2, proposals=3,
        version=1,
    )  # fmt: skip
    values.update(changes)
    return SessionRow(**values)


def attendance() -> list[AttendanceRow]:
    out = []
    for i in (0, 1, 2, 4, 5, 6, 7):
        state = "leave" if i == 7 else "present"
        out.append(
            AttendanceRow(
                i + 1,
                100 + i,
                NAMES[i],
                "F",
                PLACES[i],
                PLACES[i],
                "一线教师",
                state,
                "请假" if state == "leave" else "出席",
                "",
                "",
            )  # fmt: skip
        )
    return out


def resolutions() -> list[ResolutionRow]:
    return [
        ResolutionRow(1, 1, 1, "关于通过校长工作报告的决议", 6, 1, 0, 8, 7, True, "通过",
                      "赞成 6 票，超过全体代表 8 人的二分之一（至少 5 票）", "", 1),
        ResolutionRow(2, 1, 2, "关于修订绩效工资分配方案的决议", 4, 2, 1, 8, 7, False, "未通过",
                      "赞成 4 票，未超过全体代表 8 人的二分之一（至少 5 票）", "", 1),
    ]  # fmt: skip


def proposal(number: int, **changes) -> ProposalRow:
    values = dict(
        id=number, session_id=1, session_name="第一届第二次会议", term_id=1, number=number,
        title=f"关于改善教师食堂伙食的建议{number}", category="logistics", category_label="后勤保障",
        proposer_id=1, proposer_member_id=100, proposer_name="张丽", proposer_group="语文组",
        cosigner_names=("王芳", "李强"), submitted_on=date(2024, 3, 1), status="accepted", status_label="立案",
        screened_on=date(2024, 3, 5), screen_reason="", office="总务处", due_date=date(2024, 4, 5), round=1,
        replied_on=date(2024, 3, 20), reply="已与食堂承包方协商，增加菜品。", feedback="satisfied",
        feedback_label="满意", stage="satisfied", stage_label="满意", overdue=False, version=1,
    )  # fmt: skip
    values.update(changes)
    return ProposalRow(**values)


def details() -> list[ProposalDetail]:
    answered = proposal(1)
    waiting = proposal(
        2, replied_on=None, reply="", feedback="", feedback_label="", stage="overdue", stage_label="逾期未答复",
        overdue=True, office="教务处", title="关于减少非教学任务的建议",
    )  # fmt: skip
    rejected = proposal(
        3, status="rejected", status_label="不立案", office="", due_date=None, replied_on=None, reply="",
        feedback="", feedback_label="", stage="rejected", stage_label="不立案", screen_reason="属个人诉求",
    )  # fmt: skip
    reply = ReplyRow(1, "总务处", date(2024, 3, 20), answered.reply, "satisfied", "满意", date(2024, 3, 22), "")
    return [
        ProposalDetail(answered, "食堂菜品单一，价格偏高。" * 3, "增加菜品；公开价格。", (2, 3), (reply,)),
        ProposalDetail(waiting, "教师非教学任务过多。", "精简检查评比。", (2, 3), ()),
        ProposalDetail(rejected, "个人住房问题。", "", (2, 3), ()),
    ]


def summary() -> ReplySummary:
    return ReplySummary(submitted=3, accepted=2, rejected=1, converted=0, waiting=1, overdue=1, replied=1,
                        satisfied=1, basic=0, unsatisfied=0, no_feedback=0)  # fmt: skip


# ---------------------------------------------------------------- the same, through the services

TERM_START, TERM_END = date(2021, 9, 1), date(2025, 8, 31)
SESSION_DAY = date(2024, 3, 20)
PHONE = "13812345678"


def build_school(db) -> dict:
    """A term of 9 delegates in two 选区 (one seat ended), a session with 7 present and
    1 on leave, two resolutions and four proposals (answered and satisfied, overdue,
    rejected, awaiting screening), all through the services. Returns the ids."""
    from unionapp.domain.idcard import make_id_number
    from unionapp.domain.members import MemberInput
    from unionapp.services import congress, groups, members, proposals
    from unionapp.services.congress import (
        ConstituencyInput,
        DelegateInput,
        ResolutionInput,
        SessionInput,
        TermInput,
    )
    from unionapp.services.proposals import ProposalInput, ReplyInput

    people = []
    for i, name in enumerate(NAMES + ["郑新"]):
        group = PLACES[i] if i < 8 else "数学组"
        if group not in {g.name for g in groups.list_groups(db)}:
            groups.add_group(db, group)
        birth = date(1980 + i * 2, 3, 9)
        gender = "F" if i % 2 == 0 else "M"
        id_number = make_id_number("110101", birth, 10 + i, gender)
        people.append(members.add_member(db, MemberInput(
            name=name, gender=gender, birth_date=birth, group_name=group, id_number=id_number, phone=PHONE,
        )))  # fmt: skip
    term_id = congress.create_term(db, TermInput(1, "第一届教职工代表大会", TERM_START, TERM_END))
    places = [
        congress.add_constituency(db, term_id, ConstituencyInput(g, seats=s)) for g, s in (("语文组", 5), ("数学组", 4))
    ]
    congress.add_delegates(db, term_id, [
        DelegateInput(m, TERM_START, places[0] if i < 5 else places[1]) for i, m in enumerate(people)
    ])  # fmt: skip
    ids = {d.name: d.id for d in congress.list_delegates(db, term_id)}
    congress.end_delegate(db, ids["郑新"], date(2023, 6, 30), "辞去代表职务")
    sid = congress.create_session(db, SessionInput(
        term_id, 2, "第二次会议", SESSION_DAY, "学校报告厅", "听取校长工作报告\n审议提案工作报告", "校长工作报告\n财务工作报告",
    ))  # fmt: skip
    present = [ids[n] for n in NAMES[:7]]
    congress.set_attendance(db, sid, present, "present")
    congress.set_attendance(db, sid, [ids["吴婷"]], "leave", "外出培训")
    congress.add_resolution(db, sid, ResolutionInput("关于通过校长工作报告的决议", 6, 1, 0))
    congress.add_resolution(db, sid, ResolutionInput("关于修订绩效工资分配方案的决议", 4, 2, 1))

    def propose(title: str, proposer: str) -> int:
        cosigners = tuple(ids[n] for n in NAMES[:3] if n != proposer)[:2]
        return proposals.create_proposal(db, ProposalInput(
            sid, ids[proposer], title, SESSION_DAY, "logistics", "食堂菜品单一。", "增加菜品。", cosigners,
        ))  # fmt: skip

    answered = propose("关于改善教师食堂伙食的建议", "张丽")
    proposals.screen_proposal(db, answered, "accepted", date(2024, 3, 25), office="总务处", due_date=date(2024, 4, 30))
    proposals.add_reply(db, answered, ReplyInput(date(2024, 4, 10), "已与承包方协商，每周增加两个菜品。"))
    proposals.set_feedback(db, answered, "satisfied", date(2024, 4, 12))
    overdue = propose("关于减少非教学任务的建议", "王芳")
    proposals.screen_proposal(db, overdue, "accepted", date(2024, 3, 25), office="教务处", due_date=date(2024, 4, 30))
    rejected = propose("关于解决个人住房的建议", "李强")
    proposals.screen_proposal(db, rejected, "rejected", date(2024, 3, 25), reason="属个人诉求，转工会个别走访")
    pending = propose("关于增设教师休息室的建议", "张丽")
    return {"term": term_id, "session": sid, "delegates": ids, "proposals": [answered, overdue, rejected, pending]}
