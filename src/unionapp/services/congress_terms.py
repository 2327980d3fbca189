"""The congress's rules (dated, with their source), its terms (届, three to five years,
never overlapping) and each term's constituencies (选区) with their seats."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from unionapp.db.engine import Database
from unionapp.db.models import (
    CongressConstituency,
    CongressDelegate,
    CongressResolution,
    CongressRule,
    CongressSession,
    CongressTerm,
    Member,
    UnionGroup,
)
from unionapp.domain import congress as rules
from unionapp.domain.congress import TERM_TEXTS
from unionapp.domain.text import clean_text
from unionapp.services import audit
from unionapp.services.congress_common import (
    CongressError,
    blank,
    check_version,
    cleaned,
    load,
    pick_rule,
    refuse,
    rule_on_in,
    rules_in,
    whole,
    writing,
)
from unionapp.services.congress_session_reads import session_counts_in

# A term's length: three to five years (第32号令第十条); an election held within a month of
# the anniversary (a holiday, the school calendar) still counts as on time.
TERM_YEARS = (3, 5)
TERM_SLACK = timedelta(days=31)
YEARS = (1900, 2100)  # as a typed date may be (domain.dates): years and slack stay in range


@dataclass(frozen=True)
class TermInput:
    number: int
    name: str
    start_date: date
    end_date: date
    notes: str = ""


@dataclass(frozen=True)
class ConstituencyInput:
    name: str
    group_id: int | None = None
    seats: int = 0


# ---------------------------------------------------------------- rules


def add_congress_rule(db: Database, rule: rules.CongressRule) -> int:
    problems = []
    figures = (rule.quorum_num, rule.quorum_den, rule.pass_num, rule.pass_den)
    if not all(whole(n) for n in (*figures, rule.min_cosigners, rule.teacher_share_pct, rule.young_age)):
        raise CongressError(["规则中的比例、人数和年龄都应是整数"])
    if max(figures) > 100:
        problems.append("比例的分子分母应在 100 以内（如三分之二）")
    if not (0 < rule.quorum_num < rule.quorum_den):
        problems.append("开会人数比例应是小于 1 的分数（如三分之二）")
    if not (0 < rule.pass_num < rule.pass_den):
        problems.append("通过决议的比例应是小于 1 的分数（如二分之一）")
    if rule.min_cosigners < 0 or rule.min_cosigners > 50:
        problems.append("附议人最少人数应在 0 到 50 之间")
    if not 0 <= rule.teacher_share_pct <= 100:
        problems.append("教师代表比例应在 0 到 100 之间")
    if not 18 <= rule.young_age <= 60:
        problems.append("青年代表年龄应在 18 到 60 岁之间")
    try:
        source = clean_text(rule.source_doc, "依据文件", 100).strip()
    except Exception as err:  # TextError with its own message
        problems.append(str(err))
        source = ""
    if not source and not problems:
        problems.append("请填写规则的依据文件")
    with writing(db) as s:
        if s.scalar(select(CongressRule.id).where(CongressRule.effective_from == rule.effective_from)):
            problems.append(f"{rule.effective_from} 起执行的规则已有一条，请改那一条或换一个日期")
        refuse(problems)
        fields = asdict(rule) | {"source_doc": source}
        fields.pop("id")
        row = CongressRule(**fields)
        s.add(row)
        s.flush()
        refresh_resolutions_in(s)
        audit.record(s, "create", "congress_rule", row.id, f"新增教代会规则（{rule.effective_from} 起）", after=fields)
        return row.id


def remove_congress_rule(db: Database, rule_id: int) -> None:
    with writing(db) as s:
        row = load(s, CongressRule, rule_id, "rule")
        if (s.scalar(select(func.count(CongressRule.id))) or 0) <= 1:
            raise CongressError(["这是唯一的一条规则，不能删除；如要改用新规则，请先新增一条"])
        before = {k: getattr(row, k) for k in ("effective_from", "quorum_num", "quorum_den", "pass_num", "pass_den")}
        s.delete(row)
        s.flush()
        refresh_resolutions_in(s)
        audit.record(s, "delete", "congress_rule", rule_id, f"删除教代会规则（{row.effective_from} 起）", before=before)


def refresh_resolutions_in(session: Session, term_id: int | None = None) -> None:
    """Recount each resolution's delegates and present from the sign-in and the delegate
    list (they changed), and judge it again by the rule of its day."""
    query = select(CongressSession).join(CongressResolution, CongressResolution.session_id == CongressSession.id)
    if term_id is not None:
        query = query.where(CongressSession.term_id == term_id)
    meetings = list(session.scalars(query.distinct()))
    all_rules = rules_in(session) if meetings else []
    for meeting in meetings:
        delegates, states = session_counts_in(session, meeting)
        rule = pick_rule(all_rules, meeting.session_date)
        for r in session.scalars(select(CongressResolution).where(CongressResolution.session_id == meeting.id)):
            passed = rules.passes(r.votes_for, delegates, rule)
            if (r.delegates, r.present, r.passed) != (delegates, states["present"], passed):
                r.delegates, r.present, r.passed = delegates, states["present"], passed


# ---------------------------------------------------------------- terms


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _term_problems(session: Session, data: TermInput, term_id: int | None) -> tuple[TermInput, list[str]]:
    problems: list[str] = []
    if blank(data.name):
        problems.append("请填写届次名称（如“第三届教职工代表大会”）")
    data = cleaned(data, TERM_TEXTS, problems)
    if not whole(data.number) or data.number < 1 or data.number > 999:
        problems.append("届次应是 1 到 999 之间的整数")
    elif session.scalar(
        select(CongressTerm.id).where(CongressTerm.number == data.number, CongressTerm.id != (term_id or 0))
    ):
        problems.append(f"第 {data.number} 届已经登记过了，请换一个届次")
    if not all(YEARS[0] <= d.year <= YEARS[1] for d in (data.start_date, data.end_date)):
        problems.append(f"任期日期 {data.start_date} 至 {data.end_date} 的年份不合理，请核对")
        return data, problems
    if data.end_date <= data.start_date:
        problems.append("任期结束日期必须晚于开始日期")
        return data, problems
    shortest = _add_years(data.start_date, TERM_YEARS[0]) - TERM_SLACK
    longest = _add_years(data.start_date, TERM_YEARS[1]) + TERM_SLACK
    if not shortest <= data.end_date <= longest:
        rule = rule_on_in(session, data.start_date)
        problems.append(
            f"每届任期三至五年，{data.start_date} 至 {data.end_date} "
            f"{'不足三年' if data.end_date < shortest else '超过五年'}，请核对任期日期{rule.named()}"
        )
    overlap = session.execute(
        select(CongressTerm.name, CongressTerm.start_date, CongressTerm.end_date).where(
            CongressTerm.id != (term_id or 0),
            CongressTerm.start_date < data.end_date,
            CongressTerm.end_date > data.start_date,
        )
    ).first()
    if overlap:
        problems.append(f"任期与“{overlap[0]}”（{overlap[1]} 至 {overlap[2]}）重叠，两届的任期不能交叉")
    return data, problems


def create_term(db: Database, data: TermInput) -> int:
    with writing(db) as s:
        data, problems = _term_problems(s, data, None)
        refuse(problems)
        term = CongressTerm(**asdict(data))
        s.add(term)
        s.flush()
        audit.record(s, "create", "congress_term", term.id, f"新建{data.name}", after=asdict(data))
        return term.id


def update_term(db: Database, term_id: int, data: TermInput, expected_version: int | None = None) -> None:
    """Change a term; refused when a session or a seat would fall outside its new dates."""
    with writing(db) as s:
        term = load(s, CongressTerm, term_id, "term")
        check_version(s, term, expected_version, f"“{term.name}”", "congress_term", asdict(data))
        data, problems = _term_problems(s, data, term_id)
        if data.end_date > data.start_date:
            problems += _outside_problems(s, term_id, data.start_date, data.end_date)
        refuse(problems)
        before = {k: getattr(term, k) for k in asdict(data)}
        for key, value in asdict(data).items():
            setattr(term, key, value)
        changed = {k for k, v in asdict(data).items() if before[k] != v}
        s.flush()
        refresh_resolutions_in(s, term_id)
        audit.record(
            s,
            "update",
            "congress_term",
            term_id,
            f"修改{data.name}",
            before={k: before[k] for k in changed},
            after={k: getattr(data, k) for k in changed},
        )


def _outside_problems(session: Session, term_id: int, start: date, end: date) -> list[str]:
    problems = []
    meetings = session.execute(
        select(CongressSession.name, CongressSession.session_date).where(
            CongressSession.term_id == term_id,
            (CongressSession.session_date < start) | (CongressSession.session_date > end),
        )
    ).all()
    if meetings:
        shown = "、".join(f"{n}（{d}）" for n, d in meetings[:3])
        problems.append(f"{shown}会落在新的任期之外，请先改会议日期")
    seats = session.execute(
        select(Member.name)
        .join(CongressDelegate, CongressDelegate.member_id == Member.id)
        .where(
            CongressDelegate.term_id == term_id,
            (CongressDelegate.elected_on < start)
            | (CongressDelegate.elected_on > end)
            | (CongressDelegate.ended_on > end),
        )
    ).all()
    if seats:
        shown = "、".join(n for (n,) in seats[:5])
        more = f"等 {len(seats)} 位" if len(seats) > 5 else ""
        problems.append(f"代表{shown}{more}的当选或任期结束日期会落在新的任期之外，请先改这些代表的日期")
    return problems


def delete_term(db: Database, term_id: int) -> None:
    """Delete a term entered by mistake: only one with no sessions and no delegates."""
    with writing(db) as s:
        term = load(s, CongressTerm, term_id, "term")
        sessions = s.scalar(select(func.count(CongressSession.id)).where(CongressSession.term_id == term_id)) or 0
        seats = s.scalar(select(func.count(CongressDelegate.id)).where(CongressDelegate.term_id == term_id)) or 0
        if sessions or seats:
            raise CongressError([f"“{term.name}”已有 {seats} 位代表、{sessions} 次会议，不能删除；请先删除这些记录"])
        before = {k: getattr(term, k) for k in ("number", "name", "start_date", "end_date")}
        s.execute(delete(CongressConstituency).where(CongressConstituency.term_id == term_id))
        s.delete(term)
        audit.record(s, "delete", "congress_term", term_id, f"删除{term.name}", before=before)


# ---------------------------------------------------------------- constituencies


def _constituency_problems(session: Session, term_id: int, data: ConstituencyInput, own_id: int | None) -> tuple:
    problems: list[str] = []
    try:
        name = clean_text(data.name, "选区名称", 50).strip()
    except Exception as err:  # TextError with its own message
        problems.append(str(err))
        name = ""
    if not name and not problems:
        problems.append("请填写选区名称")
    if not whole(data.seats) or not 0 <= data.seats <= 999:
        problems.append("名额应是 0 到 999 之间的整数")
    if data.group_id is not None and session.get(UnionGroup, data.group_id) is None:
        problems.append("所选的工会小组已被删除，请刷新后重新选择")
    if name and session.scalar(
        select(CongressConstituency.id).where(
            CongressConstituency.term_id == term_id,
            CongressConstituency.name == name,
            CongressConstituency.id != (own_id or 0),
        )
    ):
        problems.append(f"本届已有选区“{name}”，请换一个名称")
    return ConstituencyInput(name, data.group_id, data.seats), problems


def add_constituency(db: Database, term_id: int, data: ConstituencyInput) -> int:
    with writing(db) as s:
        return add_constituency_in(s, term_id, data)


def add_constituency_in(session: Session, term_id: int, data: ConstituencyInput) -> int:
    term = load(session, CongressTerm, term_id, "term")
    data, problems = _constituency_problems(session, term_id, data, None)
    refuse(problems)
    row = CongressConstituency(term_id=term_id, **asdict(data))
    session.add(row)
    session.flush()
    audit.record(session, "create", "congress_term", term_id, f"{term.name}新增选区“{data.name}”", after=asdict(data))
    return row.id


def update_constituency(db: Database, constituency_id: int, data: ConstituencyInput) -> None:
    with writing(db) as s:
        row = load(s, CongressConstituency, constituency_id, "constituency")
        data, problems = _constituency_problems(s, row.term_id, data, constituency_id)
        refuse(problems)
        before = {"name": row.name, "group_id": row.group_id, "seats": row.seats}
        row.name, row.group_id, row.seats = data.name, data.group_id, data.seats
        audit.record(
            s, "update", "congress_term", row.term_id, f"修改选区“{data.name}”", before=before, after=asdict(data)
        )


def remove_constituency(db: Database, constituency_id: int) -> None:
    with writing(db) as s:
        row = load(s, CongressConstituency, constituency_id, "constituency")
        used = s.scalar(
            select(func.count(CongressDelegate.id)).where(CongressDelegate.constituency_id == constituency_id)
        )
        if used:
            raise CongressError([f"选区“{row.name}”有 {used} 位代表，不能删除；请先把他们改到别的选区"])
        before = {"name": row.name, "group_id": row.group_id, "seats": row.seats}
        s.delete(row)
        audit.record(s, "delete", "congress_term", row.term_id, f"删除选区“{row.name}”", before=before)


def constituencies_from_groups(db: Database, term_id: int, members_per_seat: int = 10) -> int:
    """One constituency per 工会小组 not yet one of the term's, its seats one per
    `members_per_seat` active union members (at least one); a group with no active union
    member (the retirees') elects no one and is left out. Returns how many were added."""
    if not isinstance(members_per_seat, int) or members_per_seat < 1:
        raise CongressError(["每个名额对应的会员人数应是正整数"])
    with writing(db) as s:
        term = load(s, CongressTerm, term_id, "term")
        taken_groups = set(
            s.scalars(select(CongressConstituency.group_id).where(CongressConstituency.term_id == term_id))
        )
        taken_names = set(s.scalars(select(CongressConstituency.name).where(CongressConstituency.term_id == term_id)))
        counts = dict(
            s.execute(
                select(Member.group_id, func.count(Member.id))
                .where(Member.status == "active", Member.is_union_member.is_(True))
                .group_by(Member.group_id)
            ).all()
        )
        added = []
        for group_id, name in s.execute(select(UnionGroup.id, UnionGroup.name).order_by(UnionGroup.sort_order)):
            if group_id in taken_groups or name in taken_names or not counts.get(group_id):
                continue
            seats = max(1, round(counts.get(group_id, 0) / members_per_seat))
            s.add(CongressConstituency(term_id=term_id, name=name, group_id=group_id, seats=seats))
            added.append({"name": name, "seats": seats})
        if added:
            audit.record(
                s,
                "create",
                "congress_term",
                term_id,
                f"{term.name}按工会小组新增 {len(added)} 个选区",
                after={"constituencies": added, "members_per_seat": members_per_seat},
            )
        return len(added)
