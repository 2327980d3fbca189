"""Demo visits (五必访) for the demo school: a plausible year of hospital, childbirth,
bereavement, wedding and retirement visits, Spring-Festival stays of staff from other
provinces, and hardship visits, at the seed charter's standards (a few outside them,
with the reason written).

Visits are saved through `visits.add_visit_in`, so their money reaches the ledger as
the service posts it. The funds demo calls `write` for each visit inside its own
transaction for the year, in date order among its entries, before the year is closed:
vouchers then run in date order and closed years hold their visits' money.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from unionapp.db.engine import Database
from unionapp.db.models import FundCategory, FundYear, Member, VisitType
from unionapp.domain.retirement import statutory_retirement_date
from unionapp.services import visits
from unionapp.services.demo.spending import HANDLERS, Planned
from unionapp.services.visits import NeedsReason, VisitInput

HOME_PROVINCE = "安徽"  # the demo school's province: others are 外省籍
HOSPITAL = [
    "阑尾炎手术住院",
    "骨折住院",
    "肺炎住院",
    "胆囊手术住院",
    "腰椎间盘突出住院",
    "心脏支架手术住院",
    "甲状腺手术住院",
    "高血压住院治疗",
]
BEREAVED = {
    "M": ["父亲病故", "母亲病故", "岳父病故", "岳母病故", "配偶病故"],
    "F": ["父亲病故", "母亲病故", "公公病故", "婆婆病故", "配偶病故"],
}
HARDSHIP = ["本人患重大疾病", "家庭遭遇重大变故", "配偶患重病长期治疗", "子女患重病"]
MOOD = ["工作压力大，谈心疏导", "家庭变故后情绪低落，谈心谈话", "职称评审未通过，谈心谈话"]
# Per union member and year (the rates a school union sees).
RATES = {
    "hospital": 0.01,
    "bereavement": 0.006,
    "childbirth": 0.02,
    "wedding": 0.01,
    "festival": 0.01,
    "child_hardship": 0.15,
    "hardship": 0.1,
    "mood": 0.002,
}
OVER_STANDARD = {  # above the standard by this much, and the reason written for it
    "hospital": (20_000, "手术住院时间长、自付费用高，经工会委员会研究同意提高标准"),
    "major_hardship": (200_000, "家中房屋失火，损失严重，经工会委员会集体研究决定超标准慰问"),
}
DEMO_REASON = "演示数据"  # for a standard the chair changed before making the demo


@dataclass(frozen=True)
class _Person:
    id: int
    name: str
    gender: str
    birth: date
    status: str
    home: bool  # native of the school's province
    hardship: str
    hardship_since: date | None
    retires: date | None


@dataclass
class DemoYear:
    """What one year adds: visits (in date order) and the gift purchases they used."""

    visits: list[VisitInput] = field(default_factory=list)
    purchases: list[Planned] = field(default_factory=list)

    @property
    def money_fen(self) -> int:
        return sum(v.money_fen for v in self.visits if v.status == "done")


class VisitPlanner:
    """Plans each year's visits from the members and writes them through the service."""

    def __init__(self, db: Database, seed: int, today: date, chair: str):
        self.rng = random.Random(f"visits-{seed}")
        self.today, self.chair = today, chair
        self.types = {t.code: t for t in visits.list_types(db) if t.active}
        self.people = _people(db)
        self.married: set[int] = set()  # a wedding visit is once per person
        self._member_ids: set[int] = set()  # those visited in the year last planned
        self._kept: tuple[Session | None, list] = (None, [])

    # ------------------------------------------------------------ planning

    def for_year(self, year: int) -> DemoYear:
        last = min(date(year, 12, 31), self.today)
        out = DemoYear()
        if last < date(year, 1, 1) or not self.types:
            return out
        active = [p for p in self.people if p.status == "active"]
        living = [p for p in self.people if p.status in ("active", "retired")]
        self._hospital(out, year, last, living)
        self._family(out, year, last, active, living)
        self._retirements(out, year, last)
        self._festival(out, year, last, active)
        self._hardship(out, year, last, living)
        self._mood(out, year, last, active)
        if year == self.today.year:
            self._planned(out)
        out.visits.sort(key=lambda v: (v.visit_date, v.status))
        paid = [v for v in out.visits if v.money_fen and v.status == "done"]
        for number, visit in enumerate(paid, start=1):  # approvals numbered by date, per year
            visit.approval_no = f"工慰〔{year}〕{number}号"
        self._member_ids = {v.member_id for v in out.visits}
        return out

    def _add(
        self, out: DemoYear, code: str, person: _Person, day: date, money: int = 0, reason: str = "", **kw
    ) -> None:
        if code not in self.types:  # the chair retired this type before running the demo
            return
        kw.setdefault("approver", self.chair if money else "")
        out.visits.append(
            VisitInput(
                member_id=person.id,
                type_id=self.types[code].id,
                visit_date=day,
                reason=reason,
                visitors=f"{self.chair}、{HANDLERS['welfare']}",
                money_fen=money,
                **kw,
            )
        )

    def _fen(self, code: str, wanted: int = 0) -> int:
        """The standard's amount; for a range, `wanted` kept inside it."""
        standard = self.types[code].standard if code in self.types else None
        if standard is None or standard.money_kind not in ("fixed", "range"):
            return 0
        if standard.money_kind == "fixed":
            return standard.amount_fen
        return min(max(wanted, standard.amount_fen), standard.max_fen)

    def _over(self, code: str) -> tuple[int, str]:
        extra, why = OVER_STANDARD[code]
        standard = self.types[code].standard if code in self.types else None
        top = standard.max_fen if standard is not None and standard.money_kind == "range" else self._fen(code)
        return (top + extra, why) if top else (0, "")

    def _day(self, year: int, last: date, first_month: int = 1, last_month: int = 12) -> date | None:
        return self._between(date(year, first_month, 1), date(year, last_month, 28), last)

    def _between(self, start: date, end: date, last: date) -> date | None:
        end = min(end, last)
        return None if end < start else start + timedelta(days=self.rng.randint(0, (end - start).days))

    def _pick(self, pool: list[_Person], rate: float, least: int = 0) -> list[_Person]:
        wanted = max(least, round(len(pool) * rate * self.rng.uniform(0.7, 1.3)))
        return self.rng.sample(pool, min(wanted, len(pool)))

    def _hospital(self, out: DemoYear, year: int, last: date, living: list[_Person]) -> None:
        chosen = self._pick(living, RATES["hospital"], least=1)
        over = len(chosen) > 1 and self.rng.random() < 0.5  # now and then one above the standard
        for i, person in enumerate(chosen):
            day = self._day(year, last)
            if day is None:
                continue
            money, why = self._over("hospital") if over and i == 0 else (self._fen("hospital"), "")
            self._add(out, "hospital", person, day, money, self.rng.choice(HOSPITAL), warning_reason=why)

    def _family(self, out: DemoYear, year: int, last: date, active: list[_Person], living: list[_Person]) -> None:
        for person in self._pick(living, RATES["bereavement"], least=1):
            if day := self._day(year, last):
                self._add(
                    out, "bereavement", person, day, self._fen("bereavement"), self.rng.choice(BEREAVED[person.gender])
                )
        mothers = [p for p in active if p.gender == "F" and 23 <= year - p.birth.year <= 40]
        for person in self._pick(mothers, RATES["childbirth"]):
            if day := self._day(year, last):
                self._add(
                    out,
                    "childbirth",
                    person,
                    day,
                    self._fen("childbirth"),
                    self.rng.choice(["生育一女", "生育一子"]),
                    notes="符合生育政策",
                )
        single = [p for p in active if 24 <= year - p.birth.year <= 35 and p.id not in self.married]
        for person in self._pick(single, RATES["wedding"]):
            if day := self._day(year, last):
                self.married.add(person.id)
                self._add(out, "wedding", person, day, self._fen("wedding"), "新婚")

    def _retirements(self, out: DemoYear, year: int, last: date) -> None:
        """Everyone whose retirement date fell in the year, on that day."""
        for person in self.people:
            if person.status == "retired" and person.retires and year == person.retires.year and person.retires <= last:
                self._add(
                    out, "retirement", person, person.retires, self._fen("retirement"), "光荣退休", gift="退休纪念相册"
                )

    def _festival(self, out: DemoYear, year: int, last: date, active: list[_Person]) -> None:
        """外省籍 staff staying at school over the Spring Festival: a gift, no money."""
        away = [p for p in active if not p.home]
        chosen = self._pick(away, RATES["festival"] * len(active) / max(len(away), 1))
        gifts = []
        for person in chosen:
            if day := self._between(date(year, 1, 15), date(year, 2, 10), last):  # around the festival
                gifts.append(self.rng.choice([8_000, 9_000, 10_000]))
                self._add(
                    out, "festival_stay", person, day, reason="春节留校过年", gift="年货礼包", gift_value_fen=gifts[-1]
                )
        if gifts:  # bought at once, as welfare spending; the visits record who received them
            out.purchases.append(
                Planned(
                    date(year, 1, 15),
                    "welfare",
                    sum(gifts),
                    f"外省籍留校过年教职工年货礼包（{len(gifts)} 份）",
                    HANDLERS["welfare"],
                    scalable=False,
                )
            )

    def _hardship(self, out: DemoYear, year: int, last: date, living: list[_Person]) -> None:
        """困难职工: a visit when registered (建档立卡), then before each Spring Festival (the
        特困 all, some 困难); in August, help with a child's university fees (金秋助学)."""
        poor = [p for p in living if p.hardship and p.hardship_since and p.hardship_since.year <= year]
        festival = [p for p in poor if p.hardship_since.year < year]
        chosen = [p for p in festival if p.hardship == "extreme"]
        chosen += self._pick([p for p in festival if p.hardship != "extreme"], RATES["hardship"])
        chosen += [p for p in poor if p.hardship_since.year == year]
        outlier = self.rng.choice(chosen) if chosen and self.rng.random() < 0.3 else None
        for person in chosen:
            registered = person.hardship_since.year == year
            day = (
                person.hardship_since + timedelta(days=self.rng.randint(3, 20))
                if registered
                else self._day(year, last, 1, 1)
            )
            if day is None or day > last:
                continue
            wanted = self.rng.choice([200_000, 300_000, 500_000]) if person.hardship == "extreme" else 100_000
            money, why = (
                self._over("major_hardship") if person is outlier else (self._fen("major_hardship", wanted), "")
            )
            self._add(out, "major_hardship", person, day, money, self.rng.choice(HARDSHIP), warning_reason=why)
        for person in self._pick(poor, RATES["child_hardship"]):
            if day := self._day(year, last, 8, 8):
                self._add(
                    out,
                    "child_hardship",
                    person,
                    day,
                    self._fen("child_hardship", self.rng.choice([50_000, 80_000, 100_000])),
                    "子女考上大学，学费有困难",
                )

    def _mood(self, out: DemoYear, year: int, last: date, active: list[_Person]) -> None:
        for person in self._pick(active, RATES["mood"]):
            if day := self._day(year, last):
                self._add(out, "mood", person, day, reason=self.rng.choice(MOOD))

    def _planned(self, out: DemoYear) -> None:
        """This year's coming retirements, planned (待访) for their day."""
        horizon = self.today + timedelta(days=60)
        for person in self.people:
            if (
                person.status == "active"
                and person.retires
                and self.today < person.retires <= horizon
                and person.retires.year == self.today.year
            ):
                self._add(
                    out,
                    "retirement",
                    person,
                    person.retires,
                    self._fen("retirement"),
                    "光荣退休",
                    status="planned",
                    gift="退休纪念相册",
                )

    # ------------------------------------------------------------ writing

    def write(self, session: Session, data: VisitInput) -> None:
        """One visit through the service, in the caller's transaction. The plan follows
        the standards in force today; one the chair changed may still judge an earlier
        date otherwise, so such a visit is saved with DEMO_REASON (both raise before
        anything is added to the session)."""
        self._keep_loaded(session)
        try:
            visits.add_visit_in(session, data)
        except NeedsReason:
            visits.add_visit_in(session, replace(data, warning_reason=data.warning_reason or DEMO_REASON))

    def _keep_loaded(self, session: Session) -> None:
        """Hold the rows add_visit_in reads (members, types, categories, years) in the
        session: its identity map keeps objects only while referenced, and reloading
        them for every visit made a 10,000-member demo a fifth slower."""
        if self._kept[0] is not session:
            ids = sorted(self._member_ids)
            rows = [
                m
                for i in range(0, len(ids), 500)  # under old SQLite's 999 parameters
                for m in session.scalars(select(Member).where(Member.id.in_(ids[i : i + 500])))
            ]
            rows += [
                *session.scalars(select(VisitType)),
                *session.scalars(select(FundCategory)),
                *session.scalars(select(FundYear)),
            ]
            self._kept = (session, rows)


def _people(db: Database) -> list[_Person]:
    """Union members still with the school (active or retired), in id order."""
    with db.session() as s:
        rows = s.execute(
            select(
                Member.id,
                Member.name,
                Member.gender,
                Member.birth_date,
                Member.status,
                Member.native_province,
                Member.hardship_level,
                Member.hardship_since,
                Member.retirement_category,
                Member.retirement_date,
            )
            .where(
                Member.is_union_member.is_(True),
                Member.status.in_(("active", "retired")),
                Member.birth_date.is_not(None),
            )
            .order_by(Member.id)
        ).all()
    return [
        _Person(
            r.id,
            r.name,
            r.gender or "M",
            r.birth_date,
            r.status,
            not r.native_province or r.native_province == HOME_PROVINCE,
            r.hardship_level or "",
            r.hardship_since,
            r.retirement_date
            or (statutory_retirement_date(r.birth_date, r.retirement_category) if r.retirement_category else None),
        )
        for r in rows
    ]
