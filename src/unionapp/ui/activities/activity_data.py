"""What the 活动 page reads, each part in one go on a worker thread: a year's activities with
the year's participation, one activity's sign-ups, prizes, costs and rates, and the
context its dialogs offer (members, groups, expense categories). Only plain rows cross to
the GUI thread."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from unionapp.db.engine import Database
from unionapp.services import activities, groups, ledger, members
from unionapp.services.activities import ActivityRow, CostRow, EntryRow, GroupRate, PrizeRow
from unionapp.services.groups import GroupRow
from unionapp.services.ledger import CategoryRow
from unionapp.services.members import MemberRow


@dataclass(frozen=True)
class YearData:
    year: int
    years: list[int]  # years that have activities, with this one, newest first
    activities: list[ActivityRow]
    rates: list[GroupRate]  # the year's participation, the overall row last


@dataclass(frozen=True)
class Detail:
    activity_id: int
    entries: list[EntryRow]
    prizes: list[PrizeRow]
    costs: list[CostRow]
    rates: list[GroupRate]


@dataclass(frozen=True)
class Context:
    """What the dialogs offer, read once and kept until 刷新."""

    members: list[MemberRow]
    groups: list[GroupRow]
    categories: list[CategoryRow]  # expense leaves

    @property
    def member_keys(self) -> dict[int, str]:
        """Member id → its "|pinyin|initials|" search text, for the sign-ups' search box."""
        return {m.id: m.search_text for m in self.members}

    def category_id(self, code: str) -> int | None:
        return next((c.id for c in self.categories if c.code == code), None)


def load_year(db: Database, year: int, today: date) -> YearData:
    years = sorted(set(activities.activity_years(db)) | {year, today.year}, reverse=True)
    return YearData(year, years, activities.list_activities(db, year), activities.year_participation(db, year))


def load_detail(db: Database, activity_id: int) -> Detail:
    return Detail(
        activity_id,
        activities.list_entries(db, activity_id),
        activities.list_prizes(db, activity_id),
        activities.list_costs(db, activity_id),
        activities.participation(db, activity_id),
    )


def load_context(db: Database) -> Context:
    leaves = [c for c in ledger.list_categories(db) if not c.has_children and c.active and c.direction == "expense"]
    return Context(members.list_members(db), groups.list_groups(db), leaves)
