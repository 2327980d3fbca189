"""The care list's lines found in the other areas' records: hospital visits with no
follow-up, checkups marked 需复查 still open, hardship files not visited this year or due
for review, budget categories nearly spent, overdue plan items and proposals. Where an area
already computes the answer (hardship_reads, budget, year_plan, proposals) it is asked;
otherwise only the needed columns are read, by indexed columns."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from unionapp.db.engine import Database
from unionapp.db.models import CheckupCampaign, CheckupPerson, Visit, VisitType
from unionapp.domain import care as rules
from unionapp.domain.dates import format_date
from unionapp.domain.money import format_fen, percent_of
from unionapp.services.budget import execution
from unionapp.services.care_common import HERE, CareLine, chunks, line, names_in
from unionapp.services.hardship_reads import list_files
from unionapp.services.proposal_reads import overdue_proposals
from unionapp.services.year_plan_reads import overdue_items


def hospital(session: Session, today: date) -> list[CareLine]:
    """A member whose latest 生病住院 visit (within HOSPITAL_DAYS) has had no visit after it.
    A 生病住院 visit that came straight after another within HOSPITAL_DAYS is that stay's
    follow-up (回访 is often entered as the same type), so it settles the stay and asks for
    none itself. The action records the follow-up (ref: the hospital visit)."""
    hospital_type = session.scalar(select(VisitType.id).where(VisitType.code == "hospital"))
    since = today - timedelta(days=rules.HOSPITAL_DAYS)
    stays = select(Visit.member_id).where(
        Visit.type_id == hospital_type, Visit.status == "done", Visit.visit_date >= since, Visit.visit_date <= today
    )
    people = list(dict.fromkeys(session.scalars(stays)))
    if not people:
        return []
    visits: dict[int, list[tuple[date, int, int, str]]] = {}
    earliest = since - timedelta(days=rules.HOSPITAL_DAYS)  # the stay a follow-up may follow
    for part in chunks(people):
        query = select(Visit.member_id, Visit.visit_date, Visit.id, Visit.type_id, Visit.reason).where(
            Visit.member_id.in_(part), Visit.status == "done", Visit.visit_date >= earliest, Visit.visit_date <= today
        )
        for member_id, day, visit_id, type_id, reason in session.execute(query):
            visits.setdefault(member_id, []).append((day, visit_id, type_id, reason or ""))
    names = names_in(session, people)
    found = []
    for member_id, theirs in visits.items():
        stay = _unanswered_stay(sorted(theirs), hospital_type, since)
        name, group, status = names.get(member_id, ("", "", ""))
        if stay is None or status not in HERE:
            continue
        day, visit_id, _type, _reason = stay
        # The visit's reason (an illness) is health data: the list is printed for the committee.
        detail = f"{format_date(day)} 住院慰问，已 {(today - day).days} 天，还没有回访"
        found.append(line("hospital", member_id, name, group, detail, day, "visit", visit_id))
    return sorted(found, key=lambda found_line: (found_line.day, found_line.ref_id))


def _unanswered_stay(visits: list[tuple[date, int, int, str]], hospital_type: int, since: date):
    """The member's last visit when it is a hospital visit since `since` that follows no
    other hospital visit within HOSPITAL_DAYS (else it was the follow-up); None otherwise."""
    last = visits[-1]
    if last[2] != hospital_type or last[0] < since:
        return None
    if len(visits) > 1:
        before = visits[-2]
        if before[2] == hospital_type and (last[0] - before[0]).days <= rules.HOSPITAL_DAYS:
            return None
    return last


def rechecks(session: Session, year: int) -> list[CareLine]:
    """People marked 需复查 in a campaign of this year or last, unless a later campaign found
    them 已体检; one line per person, naming the campaign (no health notes)."""
    years = (CheckupCampaign.year >= year - 1, CheckupCampaign.year <= year)
    flagged: dict[int, tuple[date, int, str, date | None]] = {}
    query = (
        select(CheckupPerson.member_id, CheckupCampaign.date_from, CheckupCampaign.id, CheckupCampaign.name,
               CheckupPerson.checkup_date)
        .join(CheckupCampaign, CheckupCampaign.id == CheckupPerson.campaign_id)
        .where(*years, CheckupPerson.status == "followup")
    )  # fmt: skip
    for member_id, start, campaign_id, name, checked_on in session.execute(query):
        if member_id not in flagged or (start, campaign_id) > flagged[member_id][:2]:
            flagged[member_id] = (start, campaign_id, name, checked_on)
    if not flagged:
        return []
    cleared: dict[int, date] = {}
    for part in chunks(flagged):
        cleared.update(
            session.execute(
                select(CheckupPerson.member_id, func.max(CheckupCampaign.date_from))
                .join(CheckupCampaign, CheckupCampaign.id == CheckupPerson.campaign_id)
                .where(*years, CheckupPerson.member_id.in_(part), CheckupPerson.status == "done")
                .group_by(CheckupPerson.member_id)
            ).all()
        )
    names = names_in(session, flagged)
    found = []
    for member_id, (start, campaign_id, campaign, checked_on) in sorted(flagged.items(), key=lambda x: x[1][:2]):
        name, group, status = names.get(member_id, ("", "", ""))
        if cleared.get(member_id, start) > start or status not in HERE:
            continue
        found.append(
            line("recheck", member_id, name, group, f"{campaign}：需复查", checked_on or start, "checkup", campaign_id)
        )
    return found


def hardship(db: Database, today: date) -> list[CareLine]:
    """Open files (services.hardship_reads) whose member had no done visit this year, and
    those due for their yearly review; the action opens the file."""
    unvisited, due = [], []
    for f in list_files(db, today=today):
        if not f.open or f.member_status not in HERE:
            continue
        if not f.visited_this_year:
            detail = f"{f.level_label}，{format_date(f.opened_on)} 建档，{today.year} 年还没有走访"
            unvisited.append(line("hardship", f.member_id, f.name, f.group_name, detail, f.opened_on, "hardship", f.id))
        if f.review_due:
            last = f"上次复核 {format_date(f.last_review_on)}" if f.last_review_on else "建档后未复核"
            detail = f"{f.level_label}，{today.year} 年复核未办（{last}）"
            due.append(
                line("hardship_review", f.member_id, f.name, f.group_name, detail, f.opened_on, "hardship", f.id)
            )
    return unvisited + due


def budget(db: Database, year: int) -> list[CareLine]:
    """Expense categories whose year's spending passed BUDGET_SHARE% of their budget
    (services.budget.execution); a first-level category is left out when one of its own
    subcategories is already listed, so one overspending is one line."""
    found: list[CareLine] = []
    parent_at = None  # index in `found` of the current first-level line, or -1 when it is not listed
    for row in execution(db, year):
        if row.direction != "expense" or row.category_id is None:
            continue
        over = row.budget_fen > 0 and row.actual_fen * 100 > rules.BUDGET_SHARE * row.budget_fen
        if row.level == 1:
            parent_at = len(found) if over else -1
        elif over and parent_at is not None and parent_at >= 0:
            found.pop(parent_at)
            parent_at = -1
        if over:
            detail = (
                f"预算 {format_fen(row.budget_fen)} 元，已支出 {format_fen(row.actual_fen)} 元"
                f"（{percent_of(row.actual_fen, row.budget_fen)}%）"
            )
            found.append(line("budget", None, row.name, "", detail, None, "budget", row.category_id))
    return found


def plan(db: Database, today: date) -> list[CareLine]:
    """This year's plan items whose month has ended, not done (services.year_plan)."""
    found = []
    for item in overdue_items(db, today=today):
        owner = f"，负责人：{item.owner}" if item.owner else ""
        detail = f"{item.month}月计划，尚未完成{owner}"
        found.append(
            line("plan", None, item.title, "", detail, rules.month_bounds(item.year, item.month)[1], "plan", item.id)
        )
    return found


def proposals(db: Database, today: date) -> list[CareLine]:
    """Proposals past their reply date (services.proposals.overdue_proposals)."""
    found = []
    for p in overdue_proposals(db, today=today):
        office = p.office or "承办部门"
        detail = f"第 {p.number} 号，{office}应于 {format_date(p.due_date)} 前答复，已逾期"
        found.append(line("proposal", None, p.title, p.proposer_group, detail, p.due_date, "proposal", p.id))
    return found
