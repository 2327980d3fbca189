"""Help given to members with a hardship file, read from the records already in the app
(visits, handouts, prizes — services.benefits), never typed again: who was visited, what
each received in a year, and the year's 帮扶情况统计表."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from unionapp.db.engine import Database
from unionapp.db.models import Activity, ActivityPrize, Handout, HandoutRecipient, HardshipFile, Visit
from unionapp.domain.hardship import LEVEL_LABELS
from unionapp.services.benefits import NO_GROUP, benefits_in
from unionapp.services.hardship_common import chunks, files_query


@dataclass(frozen=True)
class HelpStat:
    member_id: int
    name: str
    group_name: str
    level_label: str
    visits: int  # done visits in the year, with or without money
    visit_money_fen: int  # money and gifts of those visits
    handouts: int
    handout_fen: int
    prizes_fen: int
    total_fen: int


def visited_in(session: Session, member_ids: list[int], start: date, end: date) -> set[int]:
    """Those of `member_ids` with a done visit between the two days."""
    seen: set[int] = set()
    for part in chunks(member_ids):
        query = select(Visit.member_id).where(
            Visit.member_id.in_(part), Visit.status == "done", Visit.visit_date.between(start, end)
        )
        seen.update(session.scalars(query.distinct()))
    return seen


def help_fen_in(session: Session, member_ids: list[int], year: int) -> dict[int, int]:
    """member id → money and goods received in the year, summed in the database on the
    same records and rules as services.benefits (done visits, issued handouts, prizes
    handed out), so a list of hundreds of files costs three queries, not a year's lines."""
    total: dict[int, int] = defaultdict(int)
    start, end = date(year, 1, 1), date(year, 12, 31)
    for part in chunks(member_ids):
        queries = (
            select(Visit.member_id, func.sum(Visit.money_fen + Visit.gift_value_fen))
            .where(Visit.member_id.in_(part), Visit.status == "done", Visit.visit_date.between(start, end))
            .group_by(Visit.member_id),
            select(HandoutRecipient.member_id, func.sum(HandoutRecipient.value_fen))
            .join(Handout, Handout.id == HandoutRecipient.handout_id)
            .where(HandoutRecipient.member_id.in_(part), Handout.year == year, Handout.status == "issued")
            .group_by(HandoutRecipient.member_id),
            select(ActivityPrize.member_id, func.sum(ActivityPrize.value_fen))
            .join(Activity, Activity.id == ActivityPrize.activity_id)
            .where(ActivityPrize.member_id.in_(part), Activity.year == year, Activity.prizes_issued.is_(True))
            .group_by(ActivityPrize.member_id),
        )
        for query in queries:
            for member_id, fen in session.execute(query):
                total[member_id] += int(fen or 0)
    return dict(total)


def _open_in_year(session: Session, year: int) -> list:
    """Files open at some time in the year, in the group sheet's order."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    query = files_query().where(
        HardshipFile.opened_on <= end, or_(HardshipFile.closed_on.is_(None), HardshipFile.closed_on >= start)
    )
    return list(session.execute(query))


def help_statistics(db: Database, year: int) -> list[HelpStat]:
    """帮扶情况统计表: each member with a file open at any time in the year, and what they
    received that year (services.benefits' lines, and every done visit counted), in the
    group sheet's order; the report adds the total line."""
    with db.session() as s:
        records = _open_in_year(s, year)
        if not records:
            return []
        newest: dict[int, tuple] = {}
        for r in records:  # a member with a file closed and another opened: the newer one's level
            if r[1] not in newest or (r[7], r[0]) > (newest[r[1]][7], newest[r[1]][0]):
                newest[r[1]] = r
        lines = [r for r in benefits_in(s, year) if r.member_id in newest]
        visits = _visit_counts(s, list(newest), year)
    money: dict[tuple[int, str], int] = defaultdict(int)
    counts: dict[int, int] = defaultdict(int)
    for line in lines:
        money[(line.member_id, line.source)] += line.money_fen + line.goods_fen
        counts[line.member_id] += line.source == "handout"
    stats = []
    for mid, r in newest.items():  # dicts keep the query's order
        visit_fen, handout_fen, prize_fen = (money[(mid, k)] for k in ("visit", "handout", "prize"))
        stats.append(
            HelpStat(
                mid,
                r[2],
                r[4] or NO_GROUP,
                LEVEL_LABELS.get(r[6], r[6]),
                visits.get(mid, 0),
                visit_fen,
                counts[mid],
                handout_fen,
                prize_fen,
                visit_fen + handout_fen + prize_fen,
            )
        )
    return stats


def _visit_counts(session: Session, member_ids: list[int], year: int) -> dict[int, int]:
    found: dict[int, int] = {}
    for part in chunks(member_ids):
        query = (
            select(Visit.member_id, func.count(Visit.id))
            .where(
                Visit.member_id.in_(part),
                Visit.status == "done",
                Visit.visit_date.between(date(year, 1, 1), date(year, 12, 31)),
            )
            .group_by(Visit.member_id)
        )
        found.update(dict(session.execute(query).all()))
    return found
