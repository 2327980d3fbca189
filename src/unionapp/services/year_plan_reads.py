"""Reading the union's year (年度工作计划): the template, a year's items with what each is
linked to, the records an item can be linked to, and the year-end 年度工作台账 with the
linked records' own figures (read through their areas' services, not recomputed here).
`year_plan` (the writes) imports this module and re-exports its names."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from unionapp.db.engine import Database
from unionapp.db.models import (
    Activity,
    CheckupCampaign,
    CongressSession,
    Handout,
    YearPlanItem,
    YearPlanTemplate,
)
from unionapp.domain.care import month_bounds
from unionapp.domain.errors import DomainError
from unionapp.domain.year_plan import AREA_LABELS, LINK_KINDS

KIND_LABELS = {"handout": "发放", "activity": "活动", "checkup_campaign": "体检", "congress_session": "教代会"}


class PlanError(DomainError):
    """What is wrong with a plan item or template item (every problem, one message)."""

    def __init__(self, problems: list[str]):
        self.problems = list(problems)
        super().__init__("；".join(self.problems))


@dataclass(frozen=True)
class TemplateRow:
    id: int
    month: int
    title: str
    owner: str
    area: str
    area_label: str
    monthly: bool
    sort_order: int


@dataclass(frozen=True)
class PlanItemRow:
    id: int
    year: int
    month: int
    title: str
    owner: str
    area: str
    area_label: str
    done_on: date | None
    note: str
    link_kind: str
    link_id: int | None
    link_text: str  # "发放：三八慰问（2024-03-08）"; "" when not linked
    overdue: bool  # its month has ended and it is not done (and it was in the plan by then)
    version: int


@dataclass(frozen=True)
class LinkChoice:
    kind: str  # domain.year_plan.LINK_KINDS value
    id: int
    text: str
    day: date


@dataclass(frozen=True)
class LedgerLine:
    month: int
    title: str
    owner: str
    done_on: date | None
    what: str  # the linked record, or the note
    people: int | None  # the linked record's people; None when nothing is linked
    money_fen: int | None
    note: str


def template_rows_in(session: Session) -> list[TemplateRow]:
    query = select(YearPlanTemplate).order_by(YearPlanTemplate.month, YearPlanTemplate.sort_order, YearPlanTemplate.id)
    return [
        TemplateRow(t.id, t.month, t.title, t.owner, t.area, AREA_LABELS.get(t.area, t.area), t.monthly, t.sort_order)
        for t in session.scalars(query)
    ]


def list_template(db: Database) -> list[TemplateRow]:
    """The template year by month (a monthly item under its first month)."""
    with db.session() as s:
        return template_rows_in(s)


def month_ended(year: int, month: int, today: date) -> bool:
    return today > month_bounds(year, month)[1]


def _overdue(item: YearPlanItem, today: date) -> bool:
    """Not done, its month over, and it was in the plan before its month ended (an item
    copied into the plan afterwards, as when the plan is first made in December, was never due)."""
    if item.done_on is not None or not month_ended(item.year, item.month, today):
        return False
    return item.created_on is None or item.created_on <= month_bounds(item.year, item.month)[1]


def _item_row(item: YearPlanItem, links: dict[tuple[str, int], LinkChoice], today: date) -> PlanItemRow:
    link = links.get((item.link_kind, item.link_id)) if item.link_id is not None else None
    return PlanItemRow(
        item.id,
        item.year,
        item.month,
        item.title,
        item.owner,
        item.area,
        AREA_LABELS.get(item.area, item.area),
        item.done_on,
        item.note,
        item.link_kind,
        item.link_id,
        f"{KIND_LABELS[link.kind]}：{link.text}" if link else "",
        _overdue(item, today),
        item.version,
    )


def _ordered(query):
    return query.order_by(YearPlanItem.month, YearPlanItem.sort_order, YearPlanItem.id)


def item_rows_in(session: Session, items: list[YearPlanItem], today: date) -> list[PlanItemRow]:
    links = linked_records_in(session, [(i.link_kind, i.link_id) for i in items if i.link_id is not None])
    return [_item_row(i, links, today) for i in items]


def list_items(db: Database, year: int, today: date | None = None) -> list[PlanItemRow]:
    """The year's items by month, then template order."""
    with db.session() as s:
        items = list(s.scalars(_ordered(select(YearPlanItem).where(YearPlanItem.year == year))))
        return item_rows_in(s, items, today or date.today())


def overdue_items(db: Database, today: date | None = None) -> list[PlanItemRow]:
    """This year's items whose month has ended, not done: one indexed query."""
    today = today or date.today()
    query = select(YearPlanItem).where(
        YearPlanItem.year == today.year, YearPlanItem.month < today.month, YearPlanItem.done_on.is_(None)
    )
    with db.session() as s:
        return [row for row in item_rows_in(s, list(s.scalars(_ordered(query))), today) if row.overdue]


def _choice(kind: str, record_id: int, name: str, day: date) -> LinkChoice:
    return LinkChoice(kind, record_id, f"{name}（{day.isoformat()}）", day)


def _session_titles(session: Session, meetings: list[CongressSession]) -> dict[int, str]:
    # The areas' read modules load when an item links to one: the start's care list
    # reads overdue items (mostly unlinked) on the way to its first paint.
    from unionapp.services.congress_session_reads import session_rows_in

    return {row.id: row.title for row in session_rows_in(session, meetings)}


def choices_in(session: Session, kind: str, where) -> list[LinkChoice]:
    """The records of one kind matching `where` (a list of conditions), oldest first."""
    if kind == "handout":
        query = select(Handout.id, Handout.name, Handout.handout_date).where(*where)
        return [_choice(kind, i, n, d) for i, n, d in session.execute(query.order_by(Handout.handout_date, Handout.id))]
    if kind == "activity":
        query = select(Activity.id, Activity.name, Activity.date_from).where(*where)
        return [_choice(kind, i, n, d) for i, n, d in session.execute(query.order_by(Activity.date_from, Activity.id))]
    if kind == "checkup_campaign":
        query = select(CheckupCampaign.id, CheckupCampaign.name, CheckupCampaign.date_from).where(*where)
        rows = session.execute(query.order_by(CheckupCampaign.date_from, CheckupCampaign.id))
        return [_choice(kind, i, n, d) for i, n, d in rows]
    meetings = list(session.scalars(select(CongressSession).where(*where).order_by(CongressSession.session_date)))
    titles = _session_titles(session, meetings)
    return [_choice(kind, m.id, titles[m.id], m.session_date) for m in meetings]


ID_COLUMNS = {
    "handout": Handout.id,
    "activity": Activity.id,
    "checkup_campaign": CheckupCampaign.id,
    "congress_session": CongressSession.id,
}


def linked_records_in(session: Session, links: Iterable[tuple[str, int]]) -> dict[tuple[str, int], LinkChoice]:
    """(kind, id) → the record as a LinkChoice, one query per kind named; gone ones left out."""
    wanted: dict[str, set[int]] = {}
    for kind, record_id in links:
        if kind in ID_COLUMNS:
            wanted.setdefault(kind, set()).add(record_id)
    found = {}
    for kind, ids in wanted.items():
        for choice in choices_in(session, kind, [ID_COLUMNS[kind].in_(sorted(ids))]):
            found[(kind, choice.id)] = choice
    return found


def year_condition(kind: str, year: int) -> list:
    """The records of `kind` that belong to `year` (a handout only once issued)."""
    if kind == "handout":
        return [Handout.year == year, Handout.status == "issued"]
    if kind == "activity":
        return [Activity.year == year]
    if kind == "checkup_campaign":
        return [CheckupCampaign.year == year]
    first, last = date(year, 1, 1), date(year, 12, 31)
    return [CongressSession.session_date >= first, CongressSession.session_date <= last]


def link_choices(db: Database, year: int, area: str) -> list[LinkChoice]:
    """What an item of `area` can be linked to in `year`: the year's issued handouts,
    activities, checkup campaigns or congress sessions, oldest first; [] for other areas."""
    kind = LINK_KINDS.get(area)
    if kind is None:
        return []
    with db.session() as s:
        return choices_in(s, kind, year_condition(kind, year))


def _figures_in(session: Session, links: set[tuple[str, int]]) -> dict[tuple[str, int], tuple[int, int]]:
    """(kind, id) → (people, money in fen) from each area's own rows."""
    from unionapp.services.activity_reads import activity_rows_in
    from unionapp.services.checkup_costs import attended_count, cost_fen
    from unionapp.services.congress_session_reads import session_rows_in
    from unionapp.services.handout_reads import handout_rows_in

    ids: dict[str, list[int]] = {}
    for kind, record_id in links:
        ids.setdefault(kind, []).append(record_id)
    figures: dict[tuple[str, int], tuple[int, int]] = {}
    if ids.get("handout"):
        handouts = list(session.scalars(select(Handout).where(Handout.id.in_(ids["handout"]))))
        figures.update({("handout", r.id): (r.recipients, r.total_fen) for r in handout_rows_in(session, handouts)})
    if ids.get("activity"):
        activities = list(session.scalars(select(Activity).where(Activity.id.in_(ids["activity"]))))
        figures.update({("activity", r.id): (r.attended, r.spent_fen) for r in activity_rows_in(session, activities)})
    for c in session.scalars(select(CheckupCampaign).where(CheckupCampaign.id.in_(ids.get("checkup_campaign", [])))):
        union_cost = cost_fen(session, c) if c.payer == "union" else 0
        figures[("checkup_campaign", c.id)] = (attended_count(session, c.id), union_cost)
    if ids.get("congress_session"):
        meetings = list(session.scalars(select(CongressSession).where(CongressSession.id.in_(ids["congress_session"]))))
        figures.update(
            {("congress_session", r.id): (r.present, r.proposals) for r in session_rows_in(session, meetings)}
        )
    return figures


def year_ledger(db: Database, year: int) -> list[LedgerLine]:
    """年度工作台账: every item of the year by month; a linked one with its record's figures
    (a handout: recipients and total; an activity: who took part and prizes + costs; a
    checkup campaign: people checked and the union's cost; a session: delegates present —
    and, in the money column's place, nothing: its proposals are counted in `what`)."""
    with db.session() as s:
        items = list(s.scalars(_ordered(select(YearPlanItem).where(YearPlanItem.year == year))))
        keys = {(i.link_kind, i.link_id) for i in items if i.link_id is not None}
        links = linked_records_in(s, keys)
        figures = _figures_in(s, {k for k in keys if k in links})
    return [_ledger_line(i, links, figures) for i in items]


def _ledger_line(item: YearPlanItem, links: dict, figures: dict) -> LedgerLine:
    key = (item.link_kind, item.link_id)
    link = links.get(key) if item.link_id is not None else None
    if link is None:
        return LedgerLine(item.month, item.title, item.owner, item.done_on, item.note, None, None, item.note)
    people, money = figures.get(key, (0, 0))
    what = f"{KIND_LABELS[link.kind]}：{link.text}"
    if link.kind == "congress_session":
        what, money = f"{what}，提案 {money} 件", None
    return LedgerLine(item.month, item.title, item.owner, item.done_on, what, people, money, item.note)
