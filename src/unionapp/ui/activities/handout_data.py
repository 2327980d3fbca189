"""What the 发放 page reads, each part in one go on a worker thread: a year's handouts, one
handout's recipients, and the context its dialog offers (members, groups, expense
categories, earlier handouts). Only plain rows cross to the GUI thread."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from unionapp.db.engine import Database
from unionapp.services import groups, handouts, ledger, members, settings
from unionapp.services.groups import GroupRow
from unionapp.services.handouts import HandoutRow, RecipientRow
from unionapp.services.ledger import CategoryRow
from unionapp.services.members import MemberRow


@dataclass(frozen=True)
class YearData:
    year: int
    years: list[int]  # years that have handouts, with this one, newest first
    handouts: list[HandoutRow]


@dataclass(frozen=True)
class Context:
    """What the handout dialog offers, read once and kept until 刷新."""

    members: list[MemberRow]
    groups: list[GroupRow]
    categories: list[CategoryRow]  # expense leaves
    handouts: list[HandoutRow]  # every handout, for "the list of another handout"
    chair: str

    def category_id(self, code: str) -> int | None:
        return next((c.id for c in self.categories if c.code == code), None)


def today() -> date:
    """The page's today (tests may move it)."""
    return date.today()


def load_year(db: Database, year: int, today: date) -> YearData:
    years = sorted(set(handouts.handout_years(db)) | {year, today.year}, reverse=True)
    return YearData(year, years, handouts.list_handouts(db, year))


def load_recipients(db: Database, handout_id: int) -> list[RecipientRow]:
    return handouts.list_recipients(db, handout_id)


def load_context(db: Database) -> Context:
    leaves = [c for c in ledger.list_categories(db) if not c.has_children and c.active and c.direction == "expense"]
    return Context(
        members.list_members(db),
        groups.list_groups(db),
        leaves,
        handouts.list_handouts(db),
        settings.load(db).chair_name,
    )
