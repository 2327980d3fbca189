"""The demo school's hardship files and year plan.

Hardship files: each member the demo roster marks 困难 or 特困 gets a file through the
hardship service (the roster's mark then mirrors it) with causes, a household with incomes
and the help planned; files opened before this year's review month are reviewed in
November — most confirmed, one raised to 特困, one closed as 脱困 — and, when the demo's
today is in November or later, a few are left for the chair to review. The year plan:
this year's and last year's copied from the template, past items marked done (linked to
the handout, activity, checkup campaign or session of that month when there is one), a
congress the demo did not hold and two more of this year's past items left open (overdue on
the 首页), the rest still to come.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from sqlalchemy import select, update

from unionapp.db.engine import Database
from unionapp.db.models import Member
from unionapp.services import hardship, year_plan
from unionapp.services.hardship import FileInput, HouseholdInput

PLANS = [
    "春节、中秋走访慰问，送慰问金",
    "协助申请上级工会困难职工帮扶资金",
    "子女上学给予金秋助学补助",
    "组织工会委员结对帮扶，每季度走访一次",
]
NOTES_DONE = "已按计划完成"


def create_care(db: Database, seed: int, today: date) -> None:
    rng = random.Random(seed * 11 + 19)
    _files(db, rng, today)
    for year in (today.year - 1, today.year):
        _plan(db, year, rng, today)


def _files(db: Database, rng: random.Random, today: date) -> None:
    with db.session() as s:
        # The roster's mark mirrors a file; nobody files a member who has left the school.
        s.execute(
            update(Member)
            .where(Member.status.in_(("transferred", "deceased")), Member.hardship_level != "")
            .values(hardship_level="", hardship_since=None)
        )
        marked = s.execute(
            select(Member.id, Member.hardship_level, Member.hardship_since, Member.created_at)
            .where(Member.hardship_level.in_(("extreme", "hardship")), Member.status.in_(("active", "retired")))
            .order_by(Member.id)
        ).all()
    review_day = date(today.year, 11, 20)
    for index, (member_id, level, since, _created) in enumerate(marked):
        opened = min(since or date(today.year - 1, 3, 1), today)
        file_id = hardship.open_file(db, _file(rng, member_id, level, opened), today=today)
        if today < review_day or opened >= date(today.year, 11, 1):
            continue
        if index % 7 == 6:  # left for the chair: due for review on the 首页
            continue
        if index % 9 == 4:
            hardship.review_file(
                db, file_id, review_day, "close", note="家庭收入好转", close_reason="收入好转，已脱困", today=today
            )
        elif index % 9 == 2 and level == "hardship":
            hardship.review_file(db, file_id, review_day, "change", "extreme", "配偶病情加重，调整为特困", today=today)
        else:
            hardship.review_file(db, file_id, review_day, "confirm", note="情况属实，继续帮扶", today=today)


def _file(rng: random.Random, member_id: int, level: str, opened: date) -> FileInput:
    causes = tuple(sorted(rng.sample(["illness_self", "illness_family", "schooling", "disaster", "other"], 2)))
    people = rng.randint(2, 5)
    earner = rng.randint(2000, 4500) * 100  # fen a month
    household = [HouseholdInput("本人", "", earner)]
    household += [
        HouseholdInput(rng.choice(["配偶", "子女", "父亲", "母亲"]), "", rng.choice([0, 0, 150_000]))
        for _ in range(people - 1)
    ]
    return FileInput(member_id, level, opened, causes, rng.choice(PLANS), "", tuple(household))


def _plan(db: Database, year: int, rng: random.Random, today: date) -> None:
    """Copy the template and mark the past months' items done, leaving two of this year's
    past items open for the 首页."""
    year_plan.ensure_year(db, year, today=date(year, 1, 2))  # the plan made as the year began
    left_open = 0
    for item in year_plan.list_items(db, year, today=today):
        month_end = date(year + (item.month == 12), item.month % 12 + 1, 1) - timedelta(days=1)
        if month_end >= today:
            continue
        if year == today.year and left_open < 2 and item.area in ("", "hardship") and not item.title.startswith("会员"):
            left_open += 1
            continue
        day = min(month_end - timedelta(days=rng.randint(0, 10)), today)
        link = _link(db, year, item)
        if link is None and item.area == "congress":  # no session that term: not done
            continue
        kind, link_id, day = (link.kind, link.id, link.day) if link else ("", None, day)
        year_plan.mark_done(db, item.id, day, NOTES_DONE, kind, link_id, today=today)


def _link(db: Database, year: int, item):
    """The record of the item's area in its month: the only one, or the one sharing most
    words with its title (春节慰问品发放 → the Spring Festival handout, not the month's
    birthday one), if any."""
    if not item.area:
        return None
    words = _pairs(item.title)
    scored = [
        (len(words & _pairs(choice.text)), choice)
        for choice in year_plan.link_choices(db, year, item.area)
        if choice.day is not None and choice.day.month == item.month
    ]
    if len(scored) == 1:
        return scored[0][1]
    best = max(scored, key=lambda pair: pair[0], default=(0, None))
    return best[1] if best[0] > 0 else None


def _pairs(text: str) -> set[str]:
    """The text's two-character pieces, a rough measure of shared words in Chinese."""
    return {text[i : i + 2] for i in range(len(text) - 1)} - {"发放", "活动", "慰问"}
