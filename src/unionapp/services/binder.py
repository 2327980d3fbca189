"""The inspection binder's first-page indicators (主要指标), each read through the area's own
service so it equals what the area's report says; the binder (reports/binder.py) prints
them with the sentence saying how each is computed (domain/binder.INDICATORS).

Some figures are yearly by nature in their area (the budget, the year's activity
participation, the hardship help statistics, the disclosures): a term binder shows the
whole year's figure for them and says so in `how`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from unionapp.db.engine import Database
from unionapp.domain.activities import rate_text
from unionapp.domain.binder import INDICATORS, NO_DISCLOSURE_TEXT, WHOLE_YEAR_NOTE
from unionapp.domain.money import format_fen, percent_of
from unionapp.services import activities, budget, checkups, congress_session_reads, disclosures, dues, hardship
from unionapp.services.member_reads import list_members
from unionapp.services.proposal_reads import reply_summary
from unionapp.services.visit_reads import SummaryRow, VisitFilter, list_visits, yearly_summary
from unionapp.services.visit_types import list_types


@dataclass(frozen=True)
class Indicator:
    code: str
    label: str
    value: str  # the figure as printed: "286/300（95.3%）", "12 人次，3,600.00 元"
    how: str
    parts: dict = field(default_factory=dict)  # the raw numbers, for tests and the workbook


def _make(code: str, value: str, parts: dict, *, label: str = "", yearly: bool = False, term: bool = False):
    spec = INDICATORS[code]
    how = spec.how + (WHOLE_YEAR_NOTE if yearly and term else "")
    return Indicator(code, label or spec.label, value, how, parts)


def _is_term(date_from: date, date_to: date) -> bool:
    return (date_from, date_to) != (date(date_from.year, 1, 1), date(date_from.year, 12, 31))


def membership(db: Database, date_from: date, date_to: date, term: bool) -> list[Indicator]:
    """From the roster as it is now (the roster keeps no history of who was in post)."""
    staff = [m for m in list_members(db) if m.status == "active"]
    members = sum(m.is_union_member for m in staff)
    return [_make("membership", rate_text(members, len(staff)), {"members": members, "staff": len(staff)})]


def dues_rate(db: Database, date_from: date, date_to: date, term: bool, today: date) -> list[Indicator]:
    """Months of the period that have begun by `today` are due; a posted month counts."""
    months = [m for m in dues.dues_year(db, date_from.year) if date_from.month <= m.month <= date_to.month]
    due = [m for m in months if date(date_from.year, m.month, 1) <= today]
    posted = [m for m in due if m.posted]
    total = sum(m.total_fen for m in posted)
    value = rate_text(len(posted), len(due)) + (f"，会费 {format_fen(total)} 元" if posted else "")
    parts = {"posted": len(posted), "due": len(due), "total_fen": total}
    return [_make("dues", value, parts)]


def budget_rate(db: Database, date_from: date, date_to: date, term: bool) -> list[Indicator]:
    totals = next(r for r in budget.execution(db, date_from.year) if r.level == 0 and r.direction == "expense")
    pct = percent_of(totals.actual_fen, totals.budget_fen)
    value = (
        f"{format_fen(totals.actual_fen)} / {format_fen(totals.budget_fen)} 元（{pct}%）"
        if pct is not None
        else f"未编预算（本年支出 {format_fen(totals.actual_fen)} 元）"
    )
    parts = {"actual_fen": totals.actual_fen, "budget_fen": totals.budget_fen, "percent": pct}
    return [_make("budget", value, parts, yearly=True, term=term)]


def _visits_by_type(db: Database, date_from: date, date_to: date) -> list[SummaryRow]:
    """The 五必访 summary's by-type rows; for a term the same grouping over the term's visits."""
    if not _is_term(date_from, date_to):
        return yearly_summary(db, date_from.year)[0]
    order = {t.name: i for i, t in enumerate(list_types(db))}
    buckets: dict[str, list] = {}
    for v in list_visits(db, VisitFilter(date_from=date_from, date_to=date_to, status="done")):
        buckets.setdefault(v.type_name, []).append(v)
    rows = [
        SummaryRow(name, len(vs), sum(v.money_fen for v in vs), sum(v.gift_value_fen for v in vs))
        for name, vs in buckets.items()
    ]
    return sorted(rows, key=lambda r: order.get(r.label, 999))


def _count_money(count: int, money_fen: int, gift_fen: int) -> str:
    gifts = f"，慰问品 {format_fen(gift_fen)} 元" if gift_fen else ""
    return f"{count} 人次，慰问金 {format_fen(money_fen)} 元{gifts}"


def visits(db: Database, date_from: date, date_to: date, term: bool) -> list[Indicator]:
    rows = _visits_by_type(db, date_from, date_to)
    count, money, gifts = (sum(getattr(r, k) for r in rows) for k in ("count", "money_fen", "gift_value_fen"))
    by_type = {r.label: {"count": r.count, "money_fen": r.money_fen, "gift_value_fen": r.gift_value_fen} for r in rows}
    parts = {"count": count, "money_fen": money, "gift_value_fen": gifts, "by_type": by_type}
    out = [_make("visits", _count_money(count, money, gifts), parts)]
    # One line per type under the total; the total's sentence covers them (how is empty).
    out += [
        Indicator(
            "visits", f"五必访：{r.label}", _count_money(r.count, r.money_fen, r.gift_value_fen), "", by_type[r.label]
        )
        for r in rows
    ]
    return out


def checkup_coverage(db: Database, date_from: date, date_to: date, term: bool) -> list[Indicator]:
    """Campaigns starting in the period: the whole-staff ones, and the women's ones."""
    campaigns = [c for c in checkups.list_campaigns(db) if date_from <= c.date_from <= date_to]
    out = []
    for code, kind in (("checkup_all", "all_active"), ("checkup_women", "women")):
        chosen = [c for c in campaigns if c.eligibility == kind]
        eligible, attended = sum(c.eligible for c in chosen), sum(c.attended for c in chosen)
        value = rate_text(attended, eligible) if chosen else "本期没有这类体检"
        parts = {"eligible": eligible, "attended": attended, "campaigns": [c.id for c in chosen]}
        out.append(_make(code, value, parts))
    return out


def hardship_figures(db: Database, date_from: date, date_to: date, term: bool) -> list[Indicator]:
    files = hardship.list_files(db, include_closed=True, today=date_to)
    on_file = [f for f in files if f.opened_on <= date_to and (f.closed_on is None or f.closed_on > date_to)]
    opened = sum(date_from <= f.opened_on <= date_to for f in on_file)
    stats = hardship.help_statistics(db, date_from.year)
    total = sum(s.total_fen for s in stats)
    return [
        _make(
            "hardship_files", f"{len(on_file)} 人（本期新建 {opened} 人）", {"on_file": len(on_file), "opened": opened}
        ),
        _make(
            "hardship_help",
            f"{len(stats)} 人，{format_fen(total)} 元",
            {"people": len(stats), "total_fen": total},
            yearly=True,
            term=term,
        ),
    ]


def activity_rate(db: Database, date_from: date, date_to: date, term: bool) -> list[Indicator]:
    rates = activities.year_participation(db, date_from.year)
    overall = rates[-1]  # the 合计 row comes last
    parts = {"took_part": overall.took_part, "members": overall.members}
    return [_make("activity", rate_text(overall.took_part, overall.members), parts, yearly=True, term=term)]


def proposal_figures(db: Database, date_from: date, date_to: date, term: bool, today: date) -> list[Indicator]:
    """Proposals of the congress sessions held in the period, as each session's 提案答复情况 counts them."""
    sessions = [s for s in congress_session_reads.list_sessions(db) if date_from <= s.session_date <= date_to]
    sums = [reply_summary(db, session_id=s.id, today=today) for s in sessions]
    keys = ("submitted", "accepted", "replied", "satisfied", "basic", "unsatisfied")
    n = {k: sum(getattr(r, k) for r in sums) for k in keys}
    n["sessions"] = len(sessions)
    felt = n["satisfied"] + n["basic"]
    accepted = f"{n['accepted']} 件（共收到 {n['submitted']} 件）" if sessions else "本期没有召开教代会"
    return [
        _make("proposals", accepted, n),
        _make("proposal_reply", rate_text(n["replied"], n["accepted"]), n),
        _make("proposal_satisfied", rate_text(felt, felt + n["unsatisfied"]), n),
    ]


def disclosure_count(db: Database, date_from: date, date_to: date, term: bool) -> list[Indicator]:
    count = disclosures.count_disclosures(db, date_from.year)
    value = f"{count} 次" if count else NO_DISCLOSURE_TEXT
    return [_make("disclosures", value, {"count": count}, yearly=True, term=term)]


Reader = Callable[..., list[Indicator]]
# In INDICATORS order; a reader may give several indicators.
_READERS: tuple[tuple[Reader, bool], ...] = (  # (reader, takes today)
    (membership, False),
    (dues_rate, True),
    (budget_rate, False),
    (visits, False),
    (checkup_coverage, False),
    (hardship_figures, False),
    (activity_rate, False),
    (proposal_figures, True),
    (disclosure_count, False),
)


def indicators(db: Database, date_from: date, date_to: date, today: date | None = None) -> list[Indicator]:
    """The first page's figures for a period inside one year (a year or a term), in
    INDICATORS order; `today` decides which dues months are due and which replies overdue."""
    today = today or date.today()
    term = _is_term(date_from, date_to)
    out: list[Indicator] = []
    for reader, takes_today in _READERS:
        out += reader(db, date_from, date_to, term, today) if takes_today else reader(db, date_from, date_to, term)
    return out
