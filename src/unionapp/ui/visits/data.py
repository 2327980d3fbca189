"""What the 五必访 tab reads, each part in one go on a worker thread: the register's rows
for the filter, and the context around them (what needs attention, the types, groups and
members for the pickers). Only plain rows cross to the GUI thread."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

from unionapp.db.engine import Database
from unionapp.domain.dates import format_date
from unionapp.services import groups, members, settings, visits
from unionapp.services.groups import GroupRow
from unionapp.services.members import MemberRow
from unionapp.services.visits import AttentionItem, SummaryRow, TypeRow, VisitFilter, VisitRow


@dataclass(frozen=True)
class Context:
    attention: list[AttentionItem]
    types: list[TypeRow]
    groups: list[GroupRow]
    members: list[MemberRow]
    chair: str

    @property
    def member_keys(self) -> dict[int, str]:
        """Member id → its "|pinyin|initials|" search text, for the register's search box."""
        return {m.id: m.search_text for m in self.members}


@dataclass(frozen=True)
class Summary:
    year: int
    by_type: list[SummaryRow]
    by_group: list[SummaryRow]


def load_context(db: Database) -> Context:
    return Context(
        visits.attention(db),
        visits.list_types(db),
        groups.list_groups(db),
        members.list_members(db),
        settings.load(db).chair_name,
    )


def load_rows(db: Database, flt: VisitFilter) -> list[VisitRow]:
    # The text is matched in memory (with pinyin): the service narrows by everything else.
    return visits.list_visits(
        db, VisitFilter(flt.date_from, flt.date_to, flt.type_id, flt.member_id, flt.group_id, flt.status)
    )


def load_summary(db: Database, year: int) -> Summary:
    return Summary(year, *visits.yearly_summary(db, year))


def month_period(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def year_period(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year, 12, 31)


def period_words(start: date, end: date) -> str:
    """ "2026年11月", "2026年", or "2026-03-01 至 2026-05-31" for the status bar."""
    if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31) and start.year == end.year:
        return f"{start.year}年"
    if start.day == 1 and (start, end) == month_period(start.year, start.month):
        return f"{start.year}年{start.month}月"
    return f"{format_date(start)} 至 {format_date(end)}"
