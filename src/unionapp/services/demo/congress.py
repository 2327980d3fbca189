"""The demo school's staff congress (教代会): the current term, elected in late April, with
one constituency per working 工会小组 and its delegates (about one per ten members, at
most some 200), one seat ended and filled by a replacement; two sessions — the term's first
at its election and the next in spring (or autumn) — with attendance and resolutions; and
some twenty proposals in every state from 待审查 to a second round. Written through the
services, after the funds: the congress moves no money."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select

from unionapp.db.engine import Database
from unionapp.db.models import Member, UnionGroup
from unionapp.domain.congress import DEFAULT_RULE, quorum_needed
from unionapp.services import congress, proposals
from unionapp.services.congress import (
    DelegateInput,
    ResolutionInput,
    SessionInput,
    TermInput,
    guess_category,
)
from unionapp.services.proposals import ProposalInput, ReplyInput

# (title, category, office): what delegates of a school usually ask for.
PROPOSALS = [
    ("关于改善教职工午餐质量的建议", "logistics", "总务处"),
    ("关于增设教师休息室的建议", "logistics", "总务处"),
    ("关于完善绩效工资考核办法的建议", "welfare", "校长室"),
    ("关于减少非教学性事务的建议", "teaching", "办公室"),
    ("关于加强青年教师培养的建议", "teaching", "教务处"),
    ("关于更新多媒体教学设备的建议", "teaching", "总务处"),
    ("关于组织教职工健康体检增加项目的建议", "welfare", "工会"),
    ("关于规范作业布置与批改的建议", "teaching", "教务处"),
    ("关于改善校园停车秩序的建议", "logistics", "总务处"),
    ("关于开展教职工心理健康讲座的建议", "welfare", "工会"),
    ("关于完善班主任津贴发放办法的建议", "welfare", "财务室"),
    ("关于加强校园安全巡查的建议", "logistics", "德育处"),
    ("关于优化课程表编排的建议", "teaching", "教务处"),
    ("关于为教职工办理互助保险的建议", "welfare", "工会"),
    ("关于修缮学校体育场地的建议", "logistics", "总务处"),
    ("关于建立教师读书角的建议", "other", "办公室"),
    ("关于增加教研活动时间的建议", "teaching", "教务处"),
    ("关于改进学生课后服务安排的建议", "teaching", "德育处"),
    ("关于提高退休教师慰问标准的建议", "welfare", "工会"),
    ("关于校务公开栏及时更新的建议", "other", "办公室"),
]
REASONS = "广大教职工反映强烈，直接影响日常工作和生活，需要学校统筹解决。"
MEASURES = "建议由承办部门调研后制定具体方案，在下次教代会上报告落实情况。"
REPLIES = "经研究，学校已将此项列入本学期工作计划，由承办部门负责落实，预计学期末前完成。"
# What each demo proposal's path is, in order; the second session's ones are still moving.
FIRST_SESSION_STATES = [
    "satisfied", "satisfied", "basic", "second_round", "rejected",
    "converted", "satisfied", "basic", "satisfied", "rejected",
]  # fmt: skip
SECOND_SESSION_STATES = [
    "submitted", "submitted", "waiting", "waiting", "overdue",
    "overdue", "replied", "replied", "satisfied", "unsatisfied_open",
]  # fmt: skip


@dataclass(frozen=True)
class _Dates:
    term_start: date
    first: date
    second: date


def _dates(today: date) -> _Dates:
    """The term began on the last 25 April more than a year before the second session,
    which was this spring (or last autumn, early in the year)."""
    second = date(today.year, 3, 20) if today >= date(today.year, 5, 1) else date(today.year - 1, 10, 20)
    start = date(second.year - 1, 4, 25)
    return _Dates(start, start, second)


def create_congress(db: Database, seed: int, today: date) -> None:
    """The demo congress; nothing when the roster has no working members."""
    rng = random.Random(seed * 7 + 18)
    when = _dates(today)
    with db.session() as s:
        staff = s.execute(
            select(Member.id, Member.title, Member.department, Member.group_id, UnionGroup.name)
            .join(UnionGroup, Member.group_id == UnionGroup.id)
            .where(Member.status == "active", Member.is_union_member.is_(True), UnionGroup.name != "退休组")
            .order_by(Member.id)
        ).all()
    if len(staff) < 6:
        return
    end = date(when.term_start.year + 5, 4, 24)
    term_id = congress.create_term(db, TermInput(1, "第一届教职工代表大会", when.term_start, end, "换届选举产生"))
    per_seat = max(10, len(staff) // 200)
    congress.constituencies_from_groups(db, term_id, members_per_seat=per_seat)
    delegate_ids = _elect(db, term_id, staff, rng, when.term_start)
    _replace_one(db, term_id, delegate_ids, staff, rng, when)
    first = _session(db, term_id, 1, when.first, "第一届教职工代表大会第一次会议", rng)
    second = _session(db, term_id, 2, when.second, "第一届教职工代表大会第二次会议", rng)
    _resolutions(
        db, first, [("关于校长工作报告的决议", 0), ("关于财务工作报告的决议", 0), ("关于工会工作报告的决议", 0)]
    )
    _resolutions(
        db,
        second,
        [("关于《教职工绩效工资分配方案》的决议", 4), ("关于《教职工考勤管理办法（修订）》的决议", 60)],
    )
    _proposals(db, term_id, first, FIRST_SESSION_STATES, PROPOSALS[:10], when.first, today, rng)
    _proposals(db, term_id, second, SECOND_SESSION_STATES, PROPOSALS[10:], when.second, today, rng)


def _elect(db: Database, term_id: int, staff, rng: random.Random, on: date) -> list[int]:
    """Each constituency's seats filled from its group's members, drawn at random."""
    chosen: list[DelegateInput] = []
    for seat in congress.list_constituencies(db, term_id):
        people = [p for p in staff if p.group_id == seat.group_id]
        rng.shuffle(people)
        picked = people[: seat.seats]
        chosen += [DelegateInput(p.id, on, seat.id, guess_category(p.title, p.department)) for p in picked]
    congress.add_delegates(db, term_id, chosen)
    return [d.id for d in congress.list_delegates(db, term_id, on=on)]


def _replace_one(db: Database, term_id: int, delegate_ids: list[int], staff, rng, when: _Dates) -> None:
    """One delegate resigned half-way; the constituency elected another member (补选)."""
    if len(delegate_ids) < 4:
        return
    sitting = {d.member_id for d in congress.list_delegates(db, term_id)}
    leaving = congress.list_delegates(db, term_id)[rng.randrange(len(delegate_ids))]
    others = [p for p in staff if p.group_id == leaving.group_id and p.id not in sitting]
    if not others:
        return
    ended = when.first + (when.second - when.first) / 2
    new = rng.choice(others)
    congress.replace_delegate(
        db,
        leaving.id,
        ended,
        "辞去代表职务",
        DelegateInput(
            new.id, ended + timedelta(days=14), leaving.constituency_id, guess_category(new.title, new.department)
        ),
    )


def _session(db: Database, term_id: int, number: int, day: date, name: str, rng: random.Random) -> int:
    agenda = "\n".join(
        [
            "听取和审议校长工作报告",
            "听取和审议财务工作报告",
            "听取和审议工会工作报告",
            "听取提案工作报告",
            "表决有关决议",
        ]
    )
    session_id = congress.create_session(
        db,
        SessionInput(term_id, number, name, day, "学校报告厅", agenda, "\n".join(congress_documents())),
    )
    people = congress.list_attendance(db, session_id)
    leave = [p.delegate_id for p in people if rng.random() < 0.06]
    absent = [p.delegate_id for p in people if p.delegate_id not in leave and rng.random() < 0.03]
    # However the dice fall, the session has its quorum (a small demo school has few delegates).
    away = (leave + absent)[: max(0, len(people) - quorum_needed(len(people), DEFAULT_RULE))]
    leave, absent = [d for d in leave if d in away], [d for d in absent if d in away]
    present = [p.delegate_id for p in people if p.delegate_id not in away]
    congress.set_attendance(db, session_id, present, "present")
    if leave:
        congress.set_attendance(db, session_id, leave, "leave", "外出培训")
    if absent:
        congress.set_attendance(db, session_id, absent, "absent")
    return session_id


def congress_documents() -> list[str]:
    return ["校长工作报告", "财务工作报告", "工会工作报告", "提案工作报告"]


def _resolutions(db: Database, session_id: int, items: list[tuple[str, int]]) -> None:
    """Each item's title and how many in a hundred of those present voted against it (a
    large share fails the resolution)."""
    present = congress.get_session(db, session_id).present
    for title, against_pct in items:
        against = present * against_pct // 100
        abstain = min(2, present - against)
        votes_for = present - against - abstain
        congress.add_resolution(db, session_id, ResolutionInput(title, votes_for, against, abstain))


def _proposals(db, term_id, session_id, states, items, submitted, today, rng) -> None:
    delegates = [d for d in congress.list_delegates(db, term_id, on=submitted) if d.in_office]
    if len(delegates) < 3:
        return
    for (title, category, office), state in zip(items, states, strict=True):
        proposer, *cosigners = rng.sample(delegates, 3)
        day = submitted - timedelta(days=rng.randint(3, 10))
        pid = proposals.create_proposal(
            db,
            ProposalInput(
                session_id,
                proposer.id,
                title,
                max(day, congress.get_term(db, term_id).start_date),
                category,
                REASONS,
                MEASURES,
                tuple(c.id for c in cosigners),
            ),
        )
        _advance(db, pid, state, office, submitted, today)


def _advance(db: Database, pid: int, state: str, office: str, session_day: date, today: date) -> None:
    """Take a proposal along its demo path."""
    if state == "submitted":
        return
    screened = session_day + timedelta(days=7)
    if state == "rejected":
        proposals.screen_proposal(db, pid, "rejected", screened, "不属于学校职权范围，已向提案人说明")
        return
    if state == "converted":
        proposals.screen_proposal(db, pid, "converted", screened, "涉及面较小，转为意见建议交有关部门参考", office)
        return
    if state in ("waiting", "overdue"):  # due some days ago, or in some weeks
        due = today - timedelta(days=10) if state == "overdue" else today + timedelta(days=20)
        proposals.screen_proposal(db, pid, "accepted", screened, office=office, due_date=max(due, screened))
        return
    due = screened + timedelta(days=30)
    proposals.screen_proposal(db, pid, "accepted", screened, office=office, due_date=due)
    replied = screened + timedelta(days=20)
    proposals.add_reply(db, pid, ReplyInput(replied, REPLIES))
    if state == "replied":
        return
    answered = replied + timedelta(days=5)
    if state in ("satisfied", "basic"):
        proposals.set_feedback(db, pid, state, answered)
        return
    # The open second round is due in some weeks; the finished one was due a month on.
    next_due = (
        max(answered, today) + timedelta(days=15) if state == "unsatisfied_open" else answered + timedelta(days=30)
    )
    proposals.set_feedback(db, pid, "unsatisfied", answered, "落实进度较慢", next_due=next_due)
    if state == "second_round":
        again = answered + timedelta(days=20)
        proposals.add_reply(db, pid, ReplyInput(again, "已按提案人意见补充落实措施，本学期内完成。"))
        proposals.set_feedback(db, pid, "basic", again + timedelta(days=3))
