"""What a school union spends in a year, for the demo: festival gifts, sports days,
training, the staff congress... and its other income. Amounts scale with the number of
union members and follow the seed charter's standards (prizes 1,500 to 3,000 元 an
event). Visits (五必访) are made by demo.visits, handouts by demo.handouts and the sports
meeting, 小家活动 and lecture by demo.activities, each through its service."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date

# Committee members who handle the money; the chair approves every payment.
HANDLERS = {"welfare": "李秀英", "sports": "赵敏", "women": "陈静", "finance": "刘芳"}
FULL_SIZE = 300  # members from which events cost their full fixed amounts


@dataclass(frozen=True)
class Planned:
    """An entry to write. `key` names it for a later reversal (`reverses`)."""

    day: date
    code: str  # category code
    amount_fen: int
    summary: str
    handler: str
    source: str = "manual"
    source_ref: int | None = None  # the month, for dues
    key: str = ""
    reverses: str = ""
    reason: str = ""
    scalable: bool = True  # False for amounts a standard fixes (a 300 元 hospital visit)


def _yuan(value: float) -> int:
    """Whole yuan in fen: invoices for gifts and prizes rarely have jiao and fen."""
    return max(int(value), 1) * 100


class _Year:
    def __init__(self, year: int, rng: random.Random, members: int):
        self.year, self.rng, self.members = year, rng, max(members, 1)
        self.out: list[Planned] = []

    def day(self, month: int, low: int = 1, high: int = 28) -> date:
        return date(self.year, month, self.rng.randint(low, high))

    def add(self, month: int, code: str, fen: int, summary: str, handler: str = HANDLERS["welfare"], **kw) -> None:
        self.out.append(Planned(self.day(month), code, fen, summary, handler, **kw))

    def per_head(self, low: float, high: float, share: float = 1.0) -> int:
        return _yuan(self.members * share * self.rng.uniform(low, high))

    def fixed(self, low: float, high: float) -> int:
        """An event's cost, smaller in a small union (a 30-member school holds no gala)."""
        return _yuan(self.rng.uniform(low, high) * min(1.0, self.members / FULL_SIZE))


def spending_for_year(year: int, rng: random.Random, members: int) -> list[Planned]:
    """The year's spending and non-dues income (dues and allocation are added by the caller;
    visits and their gift purchases by demo.visits, through the visits service)."""
    y = _Year(year, rng, members)
    _festivals(y)
    _activities(y)
    _business(y)
    _other_income(y)
    _a_correction(y)
    return y.out


def _festivals(y: _Year) -> None:
    """Festival gifts bought in bulk; the Spring-Festival, 三八, 重阳 and birthday gifts
    and 防暑降温 are handouts (demo.handouts), each with its list and entry."""
    y.add(1, "welfare", y.per_head(100, 150), "元旦慰问品")
    y.add(6, "welfare", y.per_head(90, 110), "端午节慰问品")
    y.add(9, "welfare", y.per_head(90, 110), "教师节慰问品")
    y.add(9, "welfare", y.per_head(180, 220), "中秋节慰问品")


def _activities(y: _Year) -> None:
    """Besides the spring sports meeting, the groups' 小家活动 and the lecture (demo.activities)."""
    sports = HANDLERS["sports"]
    y.add(5, "sports", y.fixed(1500, 3000), "教职工气排球比赛奖品", sports)
    y.add(10, "sports", y.fixed(1500, 3000) + y.per_head(5, 8), "秋季教职工篮球赛、拔河比赛奖品", sports)
    y.add(12, "sports", y.fixed(3000, 3000) + y.per_head(25, 35), "迎新年教职工联欢会", sports)
    y.add(11, "other_activity", y.per_head(25, 35), "教职工观影活动", sports)
    y.add(10, "other_activity", y.per_head(80, 120), "教职工秋季疗休养活动", sports)
    y.add(4, "education", y.per_head(15, 25), "“书香校园”教职工读书活动购书")
    y.add(2, "education", y.fixed(1500, 2500), "订阅《中国教工》《工人日报》等报刊")
    y.add(5, "publicity", y.fixed(1000, 2000), "工会宣传栏、职工之家展板更新")
    y.add(3, "special", y.fixed(2000, 4000), "女工委员会“巾帼建功”专项活动", HANDLERS["women"])


def _business(y: _Year) -> None:
    finance = HANDLERS["finance"]
    y.add(3, "meeting", y.fixed(3000, 3000) + y.per_head(8, 12), "教职工代表大会暨工会会员代表大会会务费", finance)
    y.add(7, "training", y.fixed(2000, 5000), "工会干部业务培训班", finance)
    for month in (3, 6, 9, 12):
        y.add(month, "other_expense", y.rng.randint(2000, 8000), "银行账户管理费、手续费", finance, scalable=False)
    if y.rng.random() < 0.5 and y.members >= 100:
        y.add(y.rng.randint(5, 9), "capital", y.fixed(15000, 40000), "购置职工之家健身器材", finance)


def _other_income(y: _Year) -> None:
    finance = HANDLERS["finance"]
    y.add(9, "admin_subsidy", y.per_head(90, 110), "学校行政拨付工会活动经费", finance)
    if y.rng.random() < 0.6:
        y.add(y.rng.randint(3, 11), "upper_subsidy", y.fixed(5000, 20000), "区教育工会困难职工帮扶补助", finance)
    for month in (3, 6, 9, 12):
        y.add(month, "other_income", y.rng.randint(5000, 50000), "银行存款利息", finance)


def _a_correction(y: _Year) -> None:
    """A gift invoice entered twice and reversed (红字冲销), as happens in real books."""
    month = y.rng.randint(2, 10)
    first = date(y.year, month, y.rng.randint(1, 20))
    fen = y.fixed(800, 2000)
    y.out.append(Planned(first, "welfare", fen, "工会活动慰问品（重复录入）", HANDLERS["welfare"], key="dup"))
    y.out.append(
        Planned(
            date(y.year, month, first.day + y.rng.randint(1, 8)),
            "welfare",
            fen,
            "",
            HANDLERS["welfare"],
            reverses="dup",
            reason="同一张发票重复记账",
        )
    )
