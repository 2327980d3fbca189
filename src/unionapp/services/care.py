"""The month's care list (首页, 本月关爱提醒): the people and things the union owes attention
in a month, gathered from every area in a few indexed queries, each line with the action
that settles it; a settled line is simply no longer found. The rules' pieces live in
`care_people` (members in service) and `care_records` (the areas' records), over
`care_common`; this module puts them in the page's order and re-exports the rows."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from unionapp.db.engine import Database
from unionapp.db.models import Member
from unionapp.domain.care import CARE_KINDS
from unionapp.services import care_people, care_records
from unionapp.services.care_common import CareLine, CareList, active_members
from unionapp.services.settings import get_values

__all__ = ["CareLine", "CareList", "care_counts", "care_list", "has_members"]


def care_list(db: Database, year: int, month: int, today: date | None = None) -> CareList:
    """The lines of `month`, in CARE_KINDS order. Rules about a moment (hospital follow-ups,
    retirements ahead, overdue items) count from `today`; rules about the month (birthdays,
    teaching ages, the women's checkup, the Spring Festival) from the month."""
    today = today or date.today()
    province = get_values(db, {"school_province": ""})["school_province"]
    with db.session() as s:
        people = active_members(s)
        found = [
            *care_people.birthdays(s, people, year, month),
            *care_records.hospital(s, today),
            *care_records.rechecks(s, year),
            *care_people.womens_checkup(s, people, year, month),
            *care_people.retiring(s, people, today),
            *care_people.teaching_ages(people, year, month),
            *care_people.far_from_home(s, people, province, year, month),
        ]
    found += care_records.hardship(db, today)
    found += care_records.budget(db, year)
    found += care_records.plan(db, today)
    found += care_records.proposals(db, today)
    order = {kind: place for place, kind in enumerate(CARE_KINDS)}
    lines = sorted(found, key=lambda x: order[x.kind])  # stable: each rule's own order is kept
    counts = dict.fromkeys(CARE_KINDS, 0)
    for x in lines:
        counts[x.kind] += 1
    return CareList(year, month, lines, counts)


def has_members(db: Database) -> bool:
    """Is anyone on the roster at all (an empty list then says to add the roster first)?"""
    with db.session() as s:
        return s.scalar(select(Member.id).limit(1)) is not None


def care_counts(db: Database, today: date | None = None) -> int:
    """How many lines this month's list holds, for the tab's title."""
    today = today or date.today()
    return len(care_list(db, today.year, today.month, today).lines)
