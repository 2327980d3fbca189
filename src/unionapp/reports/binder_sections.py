"""The binder's sections (reports.binder), each made by the reports the areas already
print: one function per section code of domain/binder.py, taking the binder's `Period`
and returning a report or a bundle of reports (its sub-sections). A section with no
records in the period is one line saying so, never left out.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import cached_property

from unionapp.domain.binder import NO_DISCLOSURE_TEXT, SECTIONS
from unionapp.reports import activities as activity_reports
from unionapp.reports import audit as audit_reports
from unionapp.reports import checkups as checkup_reports
from unionapp.reports import funds as fund_reports
from unionapp.reports import hardship as hardship_reports
from unionapp.reports import year_plan as plan_reports
from unionapp.reports.bundle import Bundle
from unionapp.reports.congress_archive import load_congress_archive
from unionapp.reports.handouts import handout_receipts_report
from unionapp.reports.members import roster
from unionapp.reports.model import Column, Report
from unionapp.reports.visits import receipts_report, register_report
from unionapp.services import (
    Database,
    activities,
    audit,
    checkups,
    congress,
    dues,
    groups,
    handouts,
    ledger,
    members,
)
from unionapp.services.audit import AuditFilter
from unionapp.services.ledger import LedgerFilter

NOTE_COLUMNS = (Column("note", "说明", "text", 60),)
DUES_COLUMNS = (
    Column("month", "月份", "text", 8, "center"),
    Column("state", "收缴情况", "text", 8, "center"),
    Column("members", "缴费人数", "int", 8),
    Column("total", "会费金额（元）", "money", 14),
    Column("remit", "上缴金额（元）", "money", 14),
)


@dataclass(frozen=True)
class Period:
    """What every section is made for: the year or term, who, and how masked."""

    db: Database
    year: int
    start: date
    end: date
    label: str  # "2026年", "2026年春季学期"
    union: str
    today: date
    full: bool = False  # full ID numbers and phones in the roster
    term: int | None = None

    def holds(self, day: date) -> bool:
        return self.start <= day <= self.end

    @cached_property
    def people(self) -> list:
        """Every member, read once per binder: 基本情况 and 会员名册 both count from it."""
        return members.list_members(self.db)


def one_line(p: Period, title: str, text: str) -> Report:
    """A section (or sub-section) with nothing to print: its title and one line."""
    return Report(
        f"{p.union}{title}",
        NOTE_COLUMNS,
        [(text,)],
        union_name=p.union,
        period=p.label,
        made_on=p.today,
        totals={},
        orientation="portrait",
        header_row=False,
    )


def nothing(p: Period, code: str, what: str) -> Report:
    return one_line(p, SECTIONS[code].title, f"本期（{p.label}）没有{what}记录。")


def _sub(p: Period, title: str, parts, names) -> Bundle:
    return Bundle(title, list(parts), names=list(names), made_on=p.today)


# ---------------------------------------------------------------- the sections


def roster_section(p: Period) -> Report:
    rows = [m for m in p.people if m.is_union_member and m.status == "active"]
    if not rows:
        return nothing(p, "roster", "在册会员")
    return roster(rows, p.union, full_id=p.full, today=p.today, scope="在职工会会员")


def dues_section(p: Period) -> Report:
    months = [m for m in dues.dues_year(p.db, p.year) if p.holds(date(p.year, m.month, 1))]
    if not any(m.posted for m in months):
        return nothing(p, "dues", "会费收缴")
    data = [
        (
            f"{m.month}月",
            "已收缴" if m.posted else "未收缴",
            m.member_count if m.posted else None,
            m.total_fen,
            m.remit_fen,
        )
        for m in months
    ]
    posted = sum(m.posted for m in months)
    return Report(
        f"{p.union}{p.label}会费收缴登记表",
        DUES_COLUMNS,
        data,
        union_name=p.union,
        period=p.label,
        made_on=p.today,
        totals={
            "month": "合计",
            "state": f"{posted}/{len(months)} 个月",
            "total": sum(m.total_fen for m in months),
            "remit": sum(m.remit_fen for m in months),
        },
        orientation="portrait",
        signatures=("经办人", "工会主席"),
        notes="会费按月登记收缴，上缴金额为按比例上缴上级工会的部分。",
    )


def budget_section(p: Period) -> Bundle:
    names = SECTIONS["budget"].subsections
    parts = [fund_reports.budget_report(p.db, p.year, p.today), fund_reports.execution_report(p.db, p.year, p.today)]
    return _sub(p, SECTIONS["budget"].title, parts, names)


def ledger_section(p: Period) -> Report:
    flt = LedgerFilter(date_from=p.start, date_to=p.end)
    if not ledger.list_entries(p.db, flt):
        return nothing(p, "ledger", "收支")
    return fund_reports.ledger_report(p.db, flt, p.today)


def disclosure_section(p: Period) -> Report | Bundle:
    from unionapp.services import disclosures  # the record of posting the table (经费 → 公开记录)

    rows = disclosures.list_disclosures(p.db, p.year)
    if not rows:
        return one_line(p, SECTIONS["disclosure"].title, f"{NO_DISCLOSURE_TEXT}。")
    published = Report(
        f"{p.union}{p.year}年经费公开登记",
        (
            Column("no", "序号", "int", 4),
            Column("on", "公开日期", "date", 10),
            Column("period", "公开期间", "text", 14),
            Column("place", "公开方式/地点", "text", 16),
            Column("note", "备注", "text", 20, wrap=True),
        ),
        [(i, d.published_on, d.period, d.place, d.note) for i, d in enumerate(rows, start=1)],
        union_name=p.union,
        period=f"{p.year}年",
        made_on=p.today,
        totals={"no": "", "on": "合计", "period": f"{len(rows)} 次"},
        orientation="portrait",
    )
    table = fund_reports.disclosure_report(p.db, p.year, p.today)
    return _sub(p, SECTIONS["disclosure"].title, [published, table], SECTIONS["disclosure"].subsections)


def visits_section(p: Period) -> Report | Bundle:
    register = register_report(p.db, p.start, p.end, p.today)
    if not register.rows:
        return nothing(p, "visits", "五必访")
    receipts = receipts_report(p.db, p.start, p.end, p.today)
    return _sub(p, SECTIONS["visits"].title, [register, receipts], SECTIONS["visits"].subsections)


def activities_section(p: Period) -> Report | Bundle:
    rows = sorted(
        (a for a in activities.list_activities(p.db, p.year) if p.holds(a.date_from)), key=lambda a: (a.date_from, a.id)
    )
    given = sorted((h for h in handouts.list_handouts(p.db, p.year) if p.holds(h.handout_date)), key=_handout_order)
    if not rows and not given:
        return nothing(p, "activities", "发放和活动")
    rates = activities.year_participation(p.db, p.year)
    parts: list = [activity_reports.build_overview(rows, rates, p.year, p.union, p.today)]
    names = [SECTIONS["activities"].subsections[0]]
    if given:
        sheets = [handout_receipts_report(p.db, h.id, p.today) for h in given]
        parts.append(_sub(p, "发放签收表", sheets, [h.name for h in given]))
        names.append(SECTIONS["activities"].subsections[1])
    return _sub(p, SECTIONS["activities"].title, parts, names)


def _handout_order(h) -> tuple:
    return (h.handout_date, h.id)


def checkups_section(p: Period) -> Report | Bundle:
    chosen = sorted(
        (c for c in checkups.list_campaigns(p.db) if p.holds(c.date_from)), key=lambda c: (c.date_from, c.id)
    )
    if not chosen:
        return nothing(p, "checkups", "体检")
    names, union_groups = SECTIONS["checkups"].subsections, groups.list_groups(p.db)
    parts = [_sub(p, c.name, _campaign_sheets(p, c, union_groups), names) for c in chosen]
    return parts[0] if len(parts) == 1 else _sub(p, SECTIONS["checkups"].title, parts, [c.name for c in chosen])


def _campaign_sheets(p: Period, c, union_groups) -> list[Report]:
    """The campaign's list and its coverage, as their own exports make them, from one
    read of its people (each export reads them itself: twice the time in the binder)."""
    people = checkups.list_people(p.db, c.id)
    return [
        checkup_reports.build_hospital_list_report(c, people, p.union, p.full, p.today),
        checkup_reports.build_coverage_report(
            c, checkup_reports.by_group(union_groups, people), p.union, False, p.today
        ),
    ]


def congress_section(p: Period) -> Report | Bundle:
    chosen = sorted((s for s in congress.list_sessions(p.db) if p.holds(s.session_date)), key=lambda s: s.session_date)
    if not chosen:
        return nothing(p, "congress", "教代会会议")
    archives = [load_congress_archive(p.db, s.id, p.today) for s in chosen]
    return _sub(p, SECTIONS["congress"].title, archives, [s.title for s in chosen])


def hardship_section(p: Period) -> Bundle:
    """Masked always: the roster without household income, and the year's statistics."""
    parts = [
        hardship_reports.load_roster_report(p.db, full=False, today=p.today),
        hardship_reports.load_help_stats_report(p.db, p.year, p.today),
    ]
    return _sub(p, SECTIONS["hardship"].title, parts, SECTIONS["hardship"].subsections)


def plan_section(p: Period) -> Report | Bundle:
    from unionapp.domain.errors import DomainError

    try:
        parts = [
            plan_reports.load_plan_report(p.db, p.year, p.today),
            plan_reports.load_year_ledger_report(p.db, p.year, p.today),
        ]
    except DomainError:  # no plan for the year
        return one_line(p, SECTIONS["plan"].title, f"{p.year}年没有年度工作计划记录。")
    return _sub(p, SECTIONS["plan"].title, parts, ("年度工作计划", SECTIONS["plan"].subsections[0]))


def audit_section(p: Period) -> Report | Bundle:
    rows = audit.search_entries(p.db, AuditFilter(date_from=p.start, date_to=p.end, limit=None)).rows
    if not rows:
        return nothing(p, "audit", "修改日志")
    counts = Counter((_area(r.entity), r.action_label) for r in rows)
    parts = audit_reports.summary_reports(rows, counts, p.label, p.union, p.today)
    return _sub(p, SECTIONS["audit"].title, parts, SECTIONS["audit"].subsections)


def _area(entity: str) -> str:
    code = next((a for a, entities in audit.AREA_ENTITIES.items() if entity in entities), "")
    return audit.AREA_LABELS.get(code, audit.ENTITY_LABELS.get(entity, entity))


SECTION_BUILDERS: dict[str, Callable[[Period], Report | Bundle]] = {
    "roster": roster_section,
    "dues": dues_section,
    "budget": budget_section,
    "ledger": ledger_section,
    "disclosure": disclosure_section,
    "visits": visits_section,
    "activities": activities_section,
    "checkups": checkups_section,
    "congress": congress_section,
    "hardship": hardship_section,
    "plan": plan_section,
    "audit": audit_section,
}
