"""The care list's lines found among members in service (read once, `care_common.
active_members`): birthdays, retirements ahead, teaching-age milestones, staff from out of
province at the Spring Festival, and women not yet at this year's women's checkup. Each
rule asks the database only for what settles its lines, by indexed columns."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from unionapp.db.models import CheckupCampaign, CheckupPerson, Handout, HandoutRecipient, Visit, VisitType
from unionapp.domain import care as rules
from unionapp.domain.checkups import ATTENDED, PERSON_STATUS_LABELS
from unionapp.domain.dates import add_months, format_date
from unionapp.domain.retirement import born_too_late_to_retire_by, statutory_retirement_date
from unionapp.services.care_common import CareLine, MemberFact, line

PROVINCE_MISSING = "请在“设置”中填写学校所在省份"


def birthday_on(birth: date, year: int) -> date:
    """This year's birthday; 29 February falls on the 28th in other years."""
    try:
        return birth.replace(year=year)
    except ValueError:
        return date(year, 2, 28)


def birthdays(session: Session, people: list[MemberFact], year: int, month: int) -> list[CareLine]:
    """Union members born in the month, but those an issued 生日 handout of the month
    already reached; the action opens the month's draft birthday handout when there is one."""
    first, last = rules.month_bounds(year, month)
    in_month = (Handout.kind == "birthday", Handout.handout_date >= first, Handout.handout_date <= last)
    settled = set(
        session.scalars(
            select(HandoutRecipient.member_id)
            .join(Handout, Handout.id == HandoutRecipient.handout_id)
            .where(*in_month, Handout.status == "issued")
        )
    )
    draft = session.scalar(select(Handout.id).where(*in_month, Handout.status == "draft").order_by(Handout.id))
    found = [
        line("birthday", p.id, p.name, p.group_name, f"{p.birth_date.month}月{p.birth_date.day}日生日",
             birthday_on(p.birth_date, year), "birthday_handout", draft)
        for p in people
        if p.union_member and p.birth_date is not None and p.birth_date.month == month and p.id not in settled
    ]  # fmt: skip
    return sorted(found, key=lambda x: x.day)


def retiring(session: Session, people: list[MemberFact], today: date) -> list[CareLine]:
    """Members retiring within RETIRING_MONTHS with no retirement visit recorded or planned —
    the same rule as the 五必访 tab's attention list (services.visit_reads.attention), read
    from the facts already in hand instead of the whole roster's rows."""
    horizon = add_months(today, rules.RETIRING_MONTHS)
    born_by = born_too_late_to_retire_by(horizon)
    soon = []
    for p in people:
        if p.retirement_date is not None:
            retire_on = p.retirement_date
        elif p.birth_date is not None and p.birth_date <= born_by:
            retire_on = statutory_retirement_date(p.birth_date, p.retirement_category)
        else:
            continue
        if today <= retire_on <= horizon:
            soon.append((retire_on, p))
    if not soon:
        return []
    retirement = session.scalar(select(VisitType.id).where(VisitType.code == "retirement"))
    visited = set(session.scalars(select(Visit.member_id).where(Visit.type_id == retirement).distinct()))
    return [
        line("retiring", p.id, p.name, p.group_name, f"将于 {format_date(day)} 退休，还没有安排退休慰问", day,
             "retirement_visit", None)
        for day, p in sorted(soon, key=lambda x: x[0])
        if p.id not in visited
    ]  # fmt: skip


def teaching_ages(people: list[MemberFact], year: int, month: int) -> list[CareLine]:
    """From July to 教师节 (September): this year's 20, 30 and 40 years since 参加工作."""
    if month not in (7, 8, 9):
        return []
    found = []
    for p in people:
        years = rules.teaching_milestone(p.work_start_date, year)
        if years:
            found.append(line("teaching_age", p.id, p.name, p.group_name, f"参加工作 {years} 年", p.work_start_date,
                              "member", p.id))  # fmt: skip
    return found


def far_from_home(
    session: Session, people: list[MemberFact], school_province: str, year: int, month: int
) -> list[CareLine]:
    """In December and January, staff whose 籍贯 is outside the school's province, but those
    visited since the season began (1 December); one reminder instead while the school's
    province is not set, when there is anyone to compare it with (a new, empty database
    shows an empty list, not a chore)."""
    if month not in rules.SPRING_FESTIVAL_MONTHS or not people:
        return []
    if not school_province.strip():
        return [line("far_from_home", None, "", "", PROVINCE_MISSING, None, "settings", None)]
    away = [p for p in people if rules.from_out_of_province(p.native_province, school_province)]
    if not away:
        return []
    season = date(year if month == 12 else year - 1, 12, 1)
    visited = set(
        session.scalars(
            select(Visit.member_id)
            .where(
                Visit.status == "done",
                Visit.visit_date >= season,
                Visit.visit_date <= rules.month_bounds(year, month)[1],
            )
            .distinct()
        )
    )
    return [
        line("far_from_home", p.id, p.name, p.group_name, f"籍贯：{p.native_province}", None, "visit", None)
        for p in away
        if p.id not in visited
    ]


def womens_checkup(session: Session, people: list[MemberFact], year: int, month: int) -> list[CareLine]:
    """From WOMENS_CHECKUP_FROM on, women union members in service not yet checked in any of
    the year's campaigns open to women (women only, or all staff); each line says where they
    stand in the year's women's campaign, which the action opens (None: none set up yet)."""
    if month < rules.WOMENS_CHECKUP_FROM:
        return []
    women = [p for p in people if p.gender == "F" and p.union_member]
    campaigns = session.execute(
        select(CheckupCampaign.id, CheckupCampaign.name, CheckupCampaign.eligibility)
        .where(CheckupCampaign.year == year, CheckupCampaign.eligibility.in_(("women", "all_active")))
        .order_by(CheckupCampaign.eligibility != "women", CheckupCampaign.date_from.desc(), CheckupCampaign.id.desc())
    ).all()
    if not women:
        return []
    ids = [c[0] for c in campaigns]
    attended: set[int] = set()
    status: dict[int, str] = {}
    if ids:
        rows = session.execute(
            select(CheckupPerson.member_id, CheckupPerson.campaign_id, CheckupPerson.status).where(
                CheckupPerson.campaign_id.in_(ids)
            )
        )
        for member_id, campaign_id, state in rows:
            if state in ATTENDED:
                attended.add(member_id)
            elif campaign_id == ids[0]:
                status[member_id] = state
    ref, name = (ids[0], campaigns[0][1]) if ids else (None, "")
    found = []
    for p in women:
        if p.id in attended:
            continue
        if ref is None:
            detail = f"{year} 年女职工体检还没有安排"
        else:
            detail = f"{name}：{PERSON_STATUS_LABELS.get(status.get(p.id, ''), '不在名单中')}"
        found.append(line("womens_checkup", p.id, p.name, p.group_name, detail, None, "checkup", ref))
    return found
