"""Demo checkups (体检) for the demo school: each year a checkup for all active staff in
spring (paid by the union one year, by the school administration the next) and the
women's checkup with 两癌筛查 in October to December (union paid). Most people go; some
miss it with a reason, a few need a follow-up, a few never came. This year's women's
checkup is in progress when the demo is made during it, and absent before October
(the app then reminds the chair to set it up).

The campaigns are made through `checkups.create_campaign` before the funds demo starts
(nobody has attended yet, so no money moves). Their results are written as the visits
are: `DemoPlanner` is the visits planner with each campaign's results joined into the
year's visits in date order, so the funds demo writes them in its transaction for the
year, before the year is closed, and the ledger entry they post (on the campaign's last
day) takes its voucher number in date order. One `record_results_in` call per campaign
keeps each person's own date and posts the union's cost once, without reversals.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from unionapp.db.engine import Database
from unionapp.db.models import CheckupPerson, Member
from unionapp.domain.checkups import ATTENDED
from unionapp.services import checkups, ledger
from unionapp.services.checkups import CampaignInput, PersonResult, record_results_in
from unionapp.services.demo.spending import HANDLERS
from unionapp.services.demo.visits import DemoYear, VisitPlanner

YEARLY_HOSPITALS = ["市第一人民医院体检中心", "市中心医院健康管理中心", "市第二人民医院体检中心"]
WOMEN_HOSPITAL = "市妇幼保健院"
ABSENT = ["出差", "外出培训", "病假住院", "家中有事", "已在其他医院自行体检", "带学生外出比赛", "本人放弃"]
ABSENT_WOMEN = ["产假", "怀孕，暂缓体检"]
FOLLOWUP = [
    "甲状腺结节，建议三个月后复查B超",
    "血压偏高，建议心内科复查",
    "空腹血糖偏高，建议复查",
    "肝功能异常，建议一个月后复查",
    "肺部小结节，建议一年后复查CT",
]
FOLLOWUP_WOMEN = ["乳腺结节（BI-RADS 3类），建议半年后复查", "宫颈细胞学检查异常，建议阴道镜检查"]
# (went, of whom a follow-up, missed with a reason); the rest were told and never came.
RATES = {"all_active": (0.9, 0.05, 0.07), "women": (0.86, 0.07, 0.09)}


@dataclass(frozen=True)
class Campaign:
    id: int
    eligibility: str
    date_from: date
    date_to: date
    cost_per_person_fen: int
    union_paid: bool


@dataclass
class CheckupResults:
    """One campaign's results, written on `visit_date` among the year's visits; the
    funds demo reads `visit_date`, `status` and `money_fen` as it does a visit's."""

    campaign: Campaign
    visit_date: date
    results: list[PersonResult]
    money_fen: int
    status: str = "done"


class DemoPlanner(VisitPlanner):
    """The visits planner with the checkups joined in (see the module's docstring)."""

    def __init__(self, db: Database, seed: int, today: date, chair: str, years: int):
        super().__init__(db, seed, today, chair)
        self.db = db
        self.checkup_rng = random.Random(f"checkups-{seed}")  # apart, so the visits stay as they were
        self.campaigns = _create_campaigns(db, self.checkup_rng, today, years) if years > 0 else []

    def for_year(self, year: int) -> DemoYear:
        out = super().for_year(year)
        extra = [r for c in self.campaigns if c.date_from.year == year if (r := self._results(c)) is not None]
        out.visits = sorted([*out.visits, *extra], key=lambda v: v.visit_date)  # stable: visits keep their order
        return out

    def write(self, session: Session, item) -> None:
        if not isinstance(item, CheckupResults):
            super().write(session, item)
            return
        record_results_in(session, item.campaign.id, item.results, what="登记体检结果")
        entry = ledger.live_entry_for(session, checkups.SOURCE, item.campaign.id)
        if entry is not None:  # the service posts without names; a demo entry has them, as all others
            entry.handler = HANDLERS["women" if item.campaign.eligibility == "women" else "welfare"]
            entry.approver = self.chair

    # ------------------------------------------------------------ one campaign's results

    def _results(self, c: Campaign) -> CheckupResults | None:
        """Results up to today; None before the campaign starts. A demo dated in the past
        (tests) records no attendance for a union-paid campaign still running: the
        service would date its cost on the real today, after the demo's."""
        last = min(c.date_to, self.today)
        if last < c.date_from:
            return None
        running = c.union_paid and min(c.date_to, date.today()) > self.today
        days = _workdays(c.date_from, c.date_to)
        results = [self._one(pid, gender, c, days, last, running) for pid, gender in _people(self.db, c.id)]
        attended = sum(r.status in ATTENDED for r in results)
        return CheckupResults(c, last, results, c.cost_per_person_fen * attended if c.union_paid else 0)

    def _one(
        self, pid: int, gender: str | None, c: Campaign, days: list[date], last: date, running: bool
    ) -> PersonResult:
        rng = self.checkup_rng
        went, follow, missed = RATES[c.eligibility]
        roll, day = rng.random(), rng.choice(days)
        women = gender == "F"
        if roll < went and day <= last and not running:
            if rng.random() < follow:
                return PersonResult(pid, "followup", day, note=rng.choice(FOLLOWUP + (FOLLOWUP_WOMEN if women else [])))
            return PersonResult(pid, "done", day)
        if roll < went or c.date_to > last or roll >= went + missed:
            return PersonResult(pid, "notified")  # still to come, or never came and never said why
        return PersonResult(pid, "absent", reason=rng.choice(ABSENT + (ABSENT_WOMEN if women else [])))


def _people(db: Database, campaign_id: int) -> list[tuple[int, str | None]]:
    """(person id, gender) in id order: two plain columns, as list_people's full rows
    for 10,000 people took a second a campaign."""
    with db.session() as s:
        return [
            (pid, gender)
            for pid, gender in s.execute(
                select(CheckupPerson.id, Member.gender)
                .join(Member, Member.id == CheckupPerson.member_id)
                .where(CheckupPerson.campaign_id == campaign_id)
                .order_by(CheckupPerson.id)
            )
        ]


def _workdays(start: date, end: date) -> list[date]:
    return [d for i in range((end - start).days + 1) if (d := start + timedelta(days=i)).weekday() < 5]


# ---------------------------------------------------------------- the campaigns


def _create_campaigns(db: Database, rng: random.Random, today: date, years: int) -> list[Campaign]:
    made = []
    for year in range(today.year - years + 1, today.year + 1):
        yearly_start = date(year, 3, 1) + timedelta(days=rng.randint(0, 45))
        union_paid = year % 2 == 0  # the school's administration pays every other year
        made.append(
            _create(
                db,
                CampaignInput(
                    year=year,
                    name=f"{year}年度教职工健康体检",
                    eligibility="all_active",
                    date_from=yearly_start,
                    date_to=yearly_start + timedelta(days=rng.randint(28, 42)),
                    hospital=rng.choice(YEARLY_HOSPITALS),
                    package="教职工年度体检套餐（男/女）",
                    cost_per_person_fen=rng.choice([45_000, 50_000, 55_000]),
                    payer="union" if union_paid else "admin",
                    notes="" if union_paid else "本年度体检费由学校行政经费支付",
                ),
            )
        )
        women_start = date(year, 10, rng.randint(8, 20))
        if women_start <= today:  # not set up yet before it starts: the app's reminder says so
            made.append(
                _create(
                    db,
                    CampaignInput(
                        year=year,
                        name=f"{year}年女教职工体检（含两癌筛查）",
                        eligibility="women",
                        date_from=women_start,
                        date_to=date(year, 12, rng.randint(10, 20)),
                        hospital=WOMEN_HOSPITAL,
                        package="女职工两癌筛查套餐",
                        cost_per_person_fen=rng.choice([28_000, 30_000, 32_000]),
                        payer="union",
                    ),
                )
            )
    return made


def _create(db: Database, data: CampaignInput) -> Campaign:
    cid = checkups.create_campaign(db, data)
    return Campaign(
        cid, data.eligibility, data.date_from, data.date_to, data.cost_per_person_fen, data.payer == "union"
    )
