"""What the 困难帮扶 tab reads, in one go on a worker thread: the files (the list's rows,
no details) and the roster for the member picker and the search. Only plain rows cross
to the GUI thread. A file's details are read one at a time, when asked, by the service
(which records each view)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from unionapp.db.engine import Database
from unionapp.domain.hardship import LEVEL_LABELS
from unionapp.services import hardship, members
from unionapp.services.hardship import FileRow
from unionapp.services.members import MemberRow


@dataclass(frozen=True)
class Listing:
    include_closed: bool
    files: list[FileRow]
    members: list[MemberRow]  # the whole roster: the picker offers those in service

    @property
    def keys(self) -> dict[int, str]:
        """Member id → pinyin search text, for the search box."""
        return {m.id: m.search_text for m in self.members}

    @property
    def active(self) -> list[MemberRow]:
        return [m for m in self.members if m.status == "active"]


def today() -> date:
    """The tab's today (tests may move it)."""
    return date.today()


def load(db: Database, include_closed: bool, day: date) -> Listing:
    return Listing(include_closed, hardship.list_files(db, include_closed, day), members.list_members(db))


def counts_text(rows: list[FileRow]) -> str:
    """ "在档 12 人（特困 2，困难 7，一般 3），待复核 4 人，本年未走访 5 人" """
    open_rows = [r for r in rows if r.open]
    if not rows:
        return "还没有困难职工档案"
    levels = [(label, sum(r.level == code for r in open_rows)) for code, label in LEVEL_LABELS.items()]
    parts = "，".join(f"{label} {n}" for label, n in levels if n)
    text = f"在档 {len(open_rows)} 人" + (f"（{parts}）" if parts else "")
    due = sum(r.review_due for r in open_rows)
    unvisited = sum(not r.visited_this_year for r in open_rows)
    text += f"，待复核 {due} 人，本年未走访 {unvisited} 人"
    closed = len(rows) - len(open_rows)
    return text + (f"；已销档 {closed} 份" if closed else "")
