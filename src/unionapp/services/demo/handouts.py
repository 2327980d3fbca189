"""Demo handouts (发放) for the demo school's year: the Spring-Festival gift to every active
member, the 三八 gift to every active woman on 7 March, 防暑降温 in July (labour
protection), a birthday cake card each month to those born in it, and the 重阳 gift to
the retired in October. Each is made through the handouts service with its rule and
issued, so it posts its one ledger entry as the chair's would; the next month's birthday
list waits as a draft (待发放) in the current year.

The funds demo writes them among the year's entries in date order, before the year is
closed (a closed year refuses them), as it writes the visits.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy.orm import Session

from unionapp.domain.handouts import DEFAULT_CATEGORY
from unionapp.services import handouts
from unionapp.services.demo.spending import HANDLERS
from unionapp.services.handouts import HandoutInput, NeedsReason

DEMO_REASON = "演示数据"  # for a spending rule the chair added before making the demo


@dataclass(frozen=True)
class _Gift:
    kind: str
    rule: str
    name: str  # after the year: "2025年三八节慰问品"
    item: str
    value_fen: int
    handler: str


SPRING = _Gift("festival", "all", "春节慰问品", "年货礼包（米、油、干果）", 40_000, HANDLERS["welfare"])
WOMEN = _Gift("womens_day", "women", "三八节慰问品", "护肤礼盒", 15_000, HANDLERS["women"])
SUMMER = _Gift("summer", "all", "夏季防暑降温用品", "绿豆、白糖、茶叶、花露水", 3_000, HANDLERS["welfare"])
BIRTHDAY = _Gift("birthday", "birth_month", "生日祝福", "生日蛋糕券", 10_000, HANDLERS["welfare"])
ELDERS = _Gift("festival", "retirees", "重阳节慰问品", "保健品礼盒", 20_000, HANDLERS["welfare"])


@dataclass
class HandoutPlan:
    """One handout to write on `visit_date`; the funds demo reads `visit_date`, `status`
    and `money_fen` as it does a visit's ("planned": left a draft, no money)."""

    data: HandoutInput
    visit_date: date
    money_fen: int  # the plan's estimate, for balancing the year's spending
    status: str = "done"


def handouts_for_year(
    year: int, today: date, rng: random.Random, people: list, cats: dict[str, int], chair: str
) -> list[HandoutPlan]:
    """The year's handouts up to today, numbered 工发〔year〕n号 in date order. `people`
    are the planner's union members (id, gender, birth, status)."""
    active = [p for p in people if p.status == "active"]
    counts = {
        "all": len(active),
        "women": sum(p.gender == "F" for p in active),
        "retirees": sum(p.status == "retired" for p in people),
    }
    born = [sum(p.birth.month == m for p in active) for m in range(13)]
    wanted = [
        (SPRING, date(year, 1, rng.randint(15, 25)), None),
        (WOMEN, date(year, 3, 7), None),
        (SUMMER, date(year, 7, rng.randint(1, 10)), None),
        (ELDERS, date(year, 10, rng.randint(8, 25)), None),
        *((BIRTHDAY, date(year, month, rng.randint(1, 5)), month) for month in range(1, 13)),
    ]
    plans: list[HandoutPlan] = []
    upcoming = None
    for gift, day, month in sorted(wanted, key=lambda w: w[1]):
        code = DEFAULT_CATEGORY[gift.kind]
        if code not in cats:  # the chair split or retired the category before the demo
            continue
        if day > today:
            if gift is BIRTHDAY and upcoming is None:
                upcoming = (gift, day, month)
            continue
        people_count = born[month] if month else counts[gift.rule]
        if people_count:
            plans.append(_plan(gift, day, month, cats[code], chair, people_count))
    if upcoming is not None:  # next month's cards, still being listed
        gift, day, month = upcoming
        plans.append(_plan(gift, day, month, cats[DEFAULT_CATEGORY[gift.kind]], chair, 0, status="planned"))
    for number, plan in enumerate((p for p in plans if p.status == "done"), start=1):
        plan.data = replace(plan.data, approval_no=f"工发〔{year}〕{number}号")
    return plans


def _plan(
    gift: _Gift, day: date, month: int | None, category_id: int, chair: str, people: int, status: str = "done"
) -> HandoutPlan:
    name = f"{day.year}年{month}月{gift.name}" if month else f"{day.year}年{gift.name}"
    data = HandoutInput(
        name=name,
        kind=gift.kind,
        handout_date=day,
        value_kind="goods",
        item=gift.item,
        value_fen=gift.value_fen,
        category_id=category_id,
        rule=gift.rule,
        rule_month=month,
        approver=chair if status == "done" else "",
        handler=gift.handler,
    )
    return HandoutPlan(data, day, gift.value_fen * people, status)


def write_handout(session: Session, plan: HandoutPlan) -> None:
    """The list picked by its rule on its date, then issued (one ledger entry)."""
    data = plan.data
    ids = handouts.pick_in(session, data.rule, data.handout_date, month=data.rule_month)
    handout_id = handouts.create_handout_in(session, data, ids)
    if plan.status != "done" or not ids:
        return
    try:
        handouts.issue_handout_in(session, handout_id)
    except NeedsReason:  # raised before anything changed: issue again with the reason
        handouts.issue_handout_in(session, handout_id, DEMO_REASON)
