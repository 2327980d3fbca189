"""Demo activities (活动) and handouts (发放) for the demo school's year.

Activities: the spring 教职工运动会 (文体活动) for the four working groups, with sign-ups
for 拔河 (a team per group), 跳绳 and 100米, attendance, results and places, prizes to the
first three of each event and one team prize (in all within the charter's 1,500–3,000 元),
a venue and an equipment cost; each group's 小家活动 once a term with a small materials
cost; a lecture in November for the whole school.

`ActivityPlanner` is the visits-and-checkups planner with the handouts (demo.handouts) and
these activities joined into the year's items in date order, so the funds demo writes them
in its transaction for the year, before the year is closed, and the entries they post take
their voucher numbers in date order. An activity lasts one day: its prizes and costs are
posted on that day.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from unionapp.db.engine import Database
from unionapp.db.models import Member, UnionGroup
from unionapp.domain.activities import DEFAULT_CATEGORY
from unionapp.services import activities, ledger
from unionapp.services.activities import ActivityInput, CostInput, EntryInput, NeedsReason, PrizeInput
from unionapp.services.demo.checkups import DemoPlanner
from unionapp.services.demo.handouts import DEMO_REASON, HandoutPlan, handouts_for_year, write_handout
from unionapp.services.demo.spending import HANDLERS
from unionapp.services.demo.visits import DemoYear

PLACES = ("第一名", "第二名", "第三名", "第四名")
# Individual prizes by place, goods, in fen; the tug-of-war winners' team prize on top.
PRIZES = ((30_000, "保温杯、运动毛巾"), (20_000, "运动水杯"), (10_000, "跳绳、毛巾"))
TEAM_PRIZE = (80_000, 120_000)
GROUP_THEMES = ["包饺子", "插花艺术", "手工编织", "户外徒步", "读书分享会", "茶艺体验", "烘焙体验", "羽毛球友谊赛"]
# The most one event, group activity or lecture takes (a track, a room, the hall): a
# large union's groups hold several activities, the demo writes one.
MOST = {"event": 40, "group": 60, "lecture": 300}
LECTURES = ["教职工心理健康讲座", "教职工健康知识讲座", "法律知识讲座（劳动合同与权益保护）"]


@dataclass(frozen=True)
class _Staff:
    id: int
    gender: str
    group_id: int


@dataclass
class ActivityPlan:
    """One activity to write on `visit_date` (its day); read by the funds demo as a visit."""

    data: ActivityInput
    entries: list[EntryInput]
    prizes: list[PrizeInput] = field(default_factory=list)
    costs: list[CostInput] = field(default_factory=list)
    status: str = "done"

    @property
    def visit_date(self) -> date:
        return self.data.date_to

    @property
    def money_fen(self) -> int:
        return sum(p.value_fen for p in self.prizes) + sum(c.amount_fen for c in self.costs)


class ActivityPlanner(DemoPlanner):
    """Visits, checkups, handouts and activities (see the module's docstring)."""

    def __init__(self, db: Database, seed: int, today: date, chair: str, years: int):
        super().__init__(db, seed, today, chair, years)
        self.handout_rng = random.Random(f"handouts-{seed}")  # apart, so visits and checkups stay as they were
        self.activity_rng = random.Random(f"activities-{seed}")
        self.cats = {c.code: c.id for c in ledger.list_categories(db) if c.active and not c.has_children}
        self.staff, self.groups = _staff(db)

    def for_year(self, year: int) -> DemoYear:
        out = super().for_year(year)
        extra: list = handouts_for_year(year, self.today, self.handout_rng, self.people, self.cats, self.chair)
        extra += [a for a in self._activities(year) if a.visit_date <= self.today]
        out.visits = sorted([*out.visits, *extra], key=lambda v: v.visit_date)  # stable: visits keep their order
        return out

    def write(self, session: Session, item) -> None:
        if isinstance(item, HandoutPlan):
            write_handout(session, item)
        elif isinstance(item, ActivityPlan):
            _write_activity(session, item)
        else:
            super().write(session, item)

    # ------------------------------------------------------------ planning

    def _activities(self, year: int) -> list[ActivityPlan]:
        rng = self.activity_rng
        plans = []
        if "sports" in self.cats and self.staff:
            plans.append(self._sports_meeting(year, rng))
            for month, term in ((5, "春季学期"), (11, "秋季学期")):
                plans += self._group_activities(year, month, term, rng)
        if "education" in self.cats and self.staff:
            plans.append(self._lecture(year, rng))
        return plans

    def _activity(self, name: str, kind: str, day: date, place: str, budget: int, groups=()) -> ActivityInput:
        return ActivityInput(
            name=name,
            kind=kind,
            date_from=day,
            date_to=day,
            place=place,
            organiser=HANDLERS["sports"],
            budget_fen=budget,
            category_id=self.cats[DEFAULT_CATEGORY[kind]],
            group_ids=tuple(groups),
            approver=self.chair,
        )

    def _sports_meeting(self, year: int, rng: random.Random) -> ActivityPlan:
        day = date(year, 4, rng.randint(15, 25))
        data = self._activity(f"{year}年春季教职工运动会", "sports", day, "学校田径场", 600_000, self.groups)
        entries, prizes = [], []
        by_group = {g: [s for s in self.staff if s.group_id == g] for g in self.groups}
        teams = [g for g in self.groups if by_group[g]]
        rng.shuffle(teams)  # the tug-of-war's order of finish
        for place, group in enumerate(teams):
            team = rng.sample(by_group[group], min(10, len(by_group[group])))
            name = self.groups[group]
            entries += [EntryInput(s.id, "拔河", name, True, "", PLACES[place] if place < 4 else "") for s in team]
            if place == 0:
                value = rng.randint(*TEAM_PRIZE) // 10_000 * 10_000
                prizes.append(
                    PrizeInput(team[0].id, "拔河团体第一名", "goods", "团体奖：体育用品", value, name, len(team))
                )
        for event, share, result in (("跳绳", 0.08, _rope), ("100米", 0.06, _sprint)):
            wanted = min(MOST["event"], max(3, round(len(self.staff) * share)))
            signed = rng.sample(self.staff, min(len(self.staff), wanted))
            came = [(s, result(rng)) for s in signed if rng.random() < 0.93]
            present = {s.id for s, _r in came}
            ranked = sorted(came, key=lambda sr: sr[1][0])
            placed = {s.id: PLACES[i] for i, (s, _r) in enumerate(ranked[:3])}
            entries += [EntryInput(s.id, event, "", True, r[1], placed.get(s.id, "")) for s, r in came]
            entries += [EntryInput(s.id, event, "", False, "", "", "未到") for s in signed if s.id not in present]
            for i, (s, _r) in enumerate(ranked[:3]):
                prizes.append(PrizeInput(s.id, f"{event}{PLACES[i]}", "goods", PRIZES[i][1], PRIZES[i][0]))
        costs = [
            CostInput(day, "场地费", rng.randint(8, 15) * 10_000, "田径场及音响租用"),
            CostInput(day, "器材费", rng.randint(3, 6) * 10_000, "拔河绳、跳绳、号码布"),
        ]
        return ActivityPlan(data, entries, prizes, costs)

    def _group_activities(self, year: int, month: int, term: str, rng: random.Random) -> list[ActivityPlan]:
        plans = []
        for group, name in self.groups.items():
            members = [s for s in self.staff if s.group_id == group]
            if not members:
                continue
            day = date(year, month, rng.randint(8, 26))
            theme = rng.choice(GROUP_THEMES)
            wanted = min(MOST["group"], max(1, round(len(members) * rng.uniform(0.35, 0.6))))
            came = rng.sample(members, wanted)
            data = self._activity(f"{name}{term}小家活动：{theme}", "group", day, "教工之家", 0, (group,))
            cost = CostInput(day, "材料费", len(came) * rng.randint(20, 40) * 100, f"{theme}材料（{len(came)} 人）")
            plans.append(ActivityPlan(data, [EntryInput(s.id, "", "", True) for s in came], [], [cost]))
        return plans

    def _lecture(self, year: int, rng: random.Random) -> ActivityPlan:
        day = date(year, 11, rng.randint(5, 25))
        data = self._activity(f"{year}年{rng.choice(LECTURES)}", "lecture", day, "学校报告厅", 300_000)
        signed = rng.sample(self.staff, min(MOST["lecture"], max(1, round(len(self.staff) * 0.3))))
        entries = [EntryInput(s.id, "", "", rng.random() < 0.9) for s in signed]
        return ActivityPlan(data, entries, [], [CostInput(day, "讲课费", rng.randint(15, 25) * 10_000, "外请专家")])


def _rope(rng: random.Random) -> tuple[float, str]:
    count = rng.randint(110, 200)
    return -count, f"{count}个/分钟"  # more is better: sorted by the negative


def _sprint(rng: random.Random) -> tuple[float, str]:
    seconds = round(rng.uniform(12.5, 19.0), 1)
    return seconds, f"{seconds}秒"


def _write_activity(session: Session, plan: ActivityPlan) -> None:
    activity_id = activities.create_activity_in(session, plan.data)
    activities.add_entries_in(session, activity_id, plan.entries)
    if plan.prizes:
        try:
            activities.add_prizes_in(session, activity_id, plan.prizes)
        except NeedsReason:  # a rule the chair added before the demo; the prizes were not kept
            activities.add_prizes_in(session, activity_id, plan.prizes, DEMO_REASON)
        activities.issue_prizes_in(session, activity_id)  # handed out at the meeting
    activities.add_costs_in(session, activity_id, plan.costs)


def _staff(db: Database) -> tuple[list[_Staff], dict[int, str]]:
    """Active union members in a group (id order), and the groups that have them."""
    with db.session() as s:
        rows = s.execute(
            select(Member.id, Member.gender, Member.group_id)
            .where(Member.status == "active", Member.is_union_member.is_(True), Member.group_id.is_not(None))
            .order_by(Member.id)
        ).all()
        names = dict(s.execute(select(UnionGroup.id, UnionGroup.name).order_by(UnionGroup.sort_order)).all())
    staff = [_Staff(r.id, r.gender or "M", r.group_id) for r in rows]
    used = {s.group_id for s in staff}
    return staff, {g: name for g, name in names.items() if g in used}
