"""A term's delegates (代表): elected (or taken in from a workbook) all or none, changed,
their seat ended with a date and reason, replaced in one step, or removed when entered by
mistake. Every check reads the people named in bulk, whatever the list's length."""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, replace
from datetime import date

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from unionapp.db.engine import Database
from unionapp.db.models import (
    CongressAttendance,
    CongressConstituency,
    CongressDelegate,
    CongressSession,
    CongressTerm,
    Member,
    Proposal,
    ProposalCosigner,
)
from unionapp.domain.congress import DELEGATE_CATEGORY_LABELS, DELEGATE_TEXTS, guess_category
from unionapp.domain.text import clean_text
from unionapp.services import audit
from unionapp.services.congress_common import (
    CongressError,
    blank,
    check_version,
    chunks,
    cleaned,
    left_before,
    load,
    member_facts,
    names_text,
    refuse,
    writing,
)
from unionapp.services.congress_terms import refresh_resolutions_in

__all__ = [
    "DelegateInput",
    "add_delegates",
    "add_delegates_in",
    "end_delegate",
    "guess_category",
    "remove_delegate",
    "replace_delegate",
    "update_delegate",
]


@dataclass(frozen=True)
class DelegateInput:
    member_id: int
    elected_on: date
    constituency_id: int | None = None
    category: str = "teacher"
    note: str = ""


def _term_span(term: CongressTerm) -> str:
    return f"{term.name}的任期（{term.start_date} 至 {term.end_date}）"


def _entry_problems(session: Session, term: CongressTerm, entries: list[DelegateInput]) -> list[DelegateInput]:
    """The entries cleaned, or CongressError with every problem of the list."""
    problems: list[str] = []
    cleaned_entries = [cleaned(e, DELEGATE_TEXTS, problems) for e in entries]
    facts = member_facts(session, {e.member_id for e in entries})
    missing = [e.member_id for e in entries if e.member_id not in facts]
    if missing:
        problems.append(f"名单中有 {len(missing)} 人已不在会员名册里（可能已被删除），请刷新后重新选择")
    counts = Counter(e.member_id for e in entries)
    twice = [facts[m][0] for m, n in counts.items() if n > 1 and m in facts]
    if twice:
        problems.append(f"{names_text(twice)}在名单中出现了不止一次，每人只能当选一次")
    sitting = set()
    for part in chunks(counts):
        sitting |= set(
            session.scalars(
                select(CongressDelegate.member_id).where(
                    CongressDelegate.term_id == term.id, CongressDelegate.member_id.in_(part)
                )
            )
        )
    if sitting:
        names = [facts[m][0] for m in sorted(sitting, key=lambda m: facts[m][0])]
        problems.append(f"{names_text(names)}已经是{term.name}的代表，不能重复添加")
    outside = sorted({e.elected_on for e in entries if not term.start_date <= e.elected_on < term.end_date})
    if outside:
        problems.append(f"当选日期 {'、'.join(map(str, outside[:3]))} 不在{_term_span(term)}之内")
    problems += _place_problems(session, term, entries)
    # The earliest election day a member is listed with (a member twice is refused anyway).
    days: dict[int, date] = {}
    for e in entries:
        if e.member_id in facts:
            days[e.member_id] = min(days.get(e.member_id, e.elected_on), e.elected_on)
    gone = left_before(session, {m: facts[m] for m in days}, days)
    leavers = [f"{facts[m][0]}{label}" for m, label in gone.items()]
    if leavers:
        problems.append(f"{names_text(leavers)}在当选日期之前已离开本校，不能当选代表；请从名单中删去")
    refuse(problems)
    return cleaned_entries


def _place_problems(session: Session, term: CongressTerm, entries: list[DelegateInput]) -> list[str]:
    problems = []
    wrong = {e.category for e in entries if e.category not in DELEGATE_CATEGORY_LABELS}
    if wrong:
        labels = "、".join(DELEGATE_CATEGORY_LABELS.values())
        problems.append(f"代表类别应是{labels}之一")
    wanted = {e.constituency_id for e in entries if e.constituency_id is not None}
    if wanted:
        found = dict(
            session.execute(
                select(CongressConstituency.id, CongressConstituency.term_id).where(CongressConstituency.id.in_(wanted))
            ).all()
        )
        if any(found.get(c) != term.id for c in wanted):
            problems.append(f"所选的选区不是{term.name}的（可能已被删除），请刷新后重新选择")
    return problems


def add_delegates(db: Database, term_id: int, delegates: list[DelegateInput]) -> int:
    with writing(db) as s:
        return add_delegates_in(s, term_id, delegates)


def add_delegates_in(session: Session, term_id: int, delegates: list[DelegateInput]) -> int:
    """Add a list of delegates to a term, all or none; returns how many were added."""
    term = load(session, CongressTerm, term_id, "term")
    if not delegates:
        return 0
    entries = _entry_problems(session, term, list(delegates))
    rows = [CongressDelegate(term_id=term_id, **asdict(e)) for e in entries]
    session.add_all(rows)
    session.flush()
    refresh_resolutions_in(session, term_id)
    names = member_facts(session, [e.member_id for e in entries])
    audit.record(
        session,
        "create",
        "congress_delegate",
        rows[0].id if len(rows) == 1 else None,
        f"{term.name}新增代表 {len(rows)} 人：{names_text([names[e.member_id][0] for e in entries])}",
        items=[{"id": r.id, "name": names[r.member_id][0], "after": asdict(e)} for r, e in zip(rows, entries)],
    )
    return len(rows)


def _delegate(session: Session, delegate_id: int) -> tuple[CongressDelegate, CongressTerm, str]:
    seat = load(session, CongressDelegate, delegate_id, "delegate")
    term = load(session, CongressTerm, seat.term_id, "term")
    name = session.scalar(select(Member.name).where(Member.id == seat.member_id)) or ""
    return seat, term, name


def _attended_dates(session: Session, delegate_id: int) -> list[date]:
    query = (
        select(CongressSession.session_date)
        .join(CongressAttendance, CongressAttendance.session_id == CongressSession.id)
        .where(CongressAttendance.delegate_id == delegate_id)
        .order_by(CongressSession.session_date)
    )
    return list(session.scalars(query))


def update_delegate(db: Database, delegate_id: int, data: DelegateInput, expected_version: int | None = None) -> None:
    """Change a seat's election date, constituency, category or note (not the person)."""
    with writing(db) as s:
        seat, term, name = _delegate(s, delegate_id)
        check_version(s, seat, expected_version, f"代表{name}", "congress_delegate", asdict(data))
        problems: list[str] = []
        if data.member_id != seat.member_id:
            problems.append("代表本人不能更改；如选错了人，请删除这条记录后重新添加")
        data = cleaned(data, DELEGATE_TEXTS, problems)
        if not term.start_date <= data.elected_on < term.end_date:
            problems.append(f"当选日期 {data.elected_on} 不在{_term_span(term)}之内")
        if seat.ended_on is not None and data.elected_on > seat.ended_on:
            problems.append(f"当选日期不能晚于任期结束日期 {seat.ended_on}")
        early = [d for d in _attended_dates(s, delegate_id) if d < data.elected_on]
        if early:
            problems.append(f"{name}已在 {early[0]} 的会议上签到，当选日期不能晚于那次会议")
        problems += _place_problems(s, term, [data])
        gone = left_before(s, member_facts(s, [seat.member_id]), data.elected_on)
        if gone:
            problems.append(f"{name}{gone[seat.member_id]}在当选日期之前已离开本校，不能当选代表")
        refuse(problems)
        before = {k: getattr(seat, k) for k in ("elected_on", "constituency_id", "category", "note")}
        after = {k: getattr(data, k) for k in before}
        for key, value in after.items():
            setattr(seat, key, value)
        s.flush()
        refresh_resolutions_in(s, term.id)
        changed = {k for k in after if before[k] != after[k]}
        audit.record(
            s,
            "update",
            "congress_delegate",
            delegate_id,
            f"修改代表 {name}",
            before={k: before[k] for k in changed},
            after={k: after[k] for k in changed},
        )


def _end_problems(session: Session, seat, term, name: str, ended_on: date, reason: str) -> tuple[str, list[str]]:
    problems: list[str] = []
    try:
        reason = clean_text(reason, "结束原因", 50).strip()
    except Exception as err:  # TextError with its own message
        problems.append(str(err))
        reason = "?"
    if blank(reason):
        problems.append("请写明任期结束的原因（如调离本校、退休）")
    if seat.ended_on is not None:
        problems.append(f"{name}的代表任期已于 {seat.ended_on} 结束，不能再次结束")
    if not term.start_date <= ended_on <= term.end_date:
        problems.append(f"结束日期 {ended_on} 不在{_term_span(term)}之内")
    if ended_on < seat.elected_on:
        problems.append(f"结束日期不能早于当选日期 {seat.elected_on}")
    late = [d for d in _attended_dates(session, seat.id) if d >= ended_on]
    if late:
        problems.append(f"{name}在 {late[-1]} 的会议上还有签到记录，结束日期应晚于那次会议")
    return reason, problems


def _end_in(session: Session, seat, ended_on: date, reason: str) -> None:
    seat.ended_on, seat.end_reason = ended_on, reason


def end_delegate(db: Database, delegate_id: int, ended_on: date, reason: str) -> None:
    """A seat ends during the term (moved, retired, resigned …), with the day and why."""
    with writing(db) as s:
        seat, term, name = _delegate(s, delegate_id)
        reason, problems = _end_problems(s, seat, term, name, ended_on, reason)
        refuse(problems)
        _end_in(s, seat, ended_on, reason)
        s.flush()
        refresh_resolutions_in(s, term.id)
        audit.record(
            s,
            "update",
            "congress_delegate",
            delegate_id,
            f"代表 {name} 任期结束（{ended_on}，{reason}）",
            before={"ended_on": None},
            after={"ended_on": ended_on, "end_reason": reason},
        )


def replace_delegate(db: Database, delegate_id: int, ended_on: date, reason: str, new: DelegateInput) -> int:
    """End a seat and fill it (补选) in one step: the newcomer takes the old one's
    constituency unless another is given; returns the new delegate's id."""
    with writing(db) as s:
        seat, term, name = _delegate(s, delegate_id)
        reason, problems = _end_problems(s, seat, term, name, ended_on, reason)
        if new.elected_on < ended_on:
            problems.append(f"补选日期 {new.elected_on} 不能早于原代表任期结束的日期 {ended_on}")
        if new.member_id == seat.member_id:
            problems.append("补选的代表不能是原代表本人")
        new = replace(new, constituency_id=new.constituency_id or seat.constituency_id)
        try:
            [new] = _entry_problems(s, term, [new])
        except CongressError as err:
            problems += err.problems
        refuse(problems)
        _end_in(s, seat, ended_on, reason)
        row = CongressDelegate(term_id=term.id, replaces_id=seat.id, **asdict(new))
        s.add(row)
        s.flush()
        refresh_resolutions_in(s, term.id)
        newcomer = s.scalar(select(Member.name).where(Member.id == new.member_id)) or ""
        audit.record(
            s,
            "create",
            "congress_delegate",
            row.id,
            f"代表 {name} 任期结束（{ended_on}，{reason}），补选 {newcomer}（{new.elected_on}）",
            before={"delegate": name, "ended_on": None},
            after={"delegate": newcomer, "ended_on": ended_on, "end_reason": reason} | asdict(new),
        )
        return row.id


def remove_delegate(db: Database, delegate_id: int) -> None:
    """Delete a delegate entered by mistake; one who signed in, proposed or co-signed has a
    record to keep: end the seat instead."""
    with writing(db) as s:
        seat, term, name = _delegate(s, delegate_id)
        uses = {
            "签到": select(func.count()).where(CongressAttendance.delegate_id == delegate_id),
            "提案": select(func.count()).where(Proposal.proposer_id == delegate_id),
            "附议": select(func.count()).where(ProposalCosigner.delegate_id == delegate_id),
        }
        found = [f"{n} 条{what}记录" for what, query in uses.items() if (n := s.scalar(query) or 0)]
        if found:
            raise CongressError([f"代表{name}已有{'、'.join(found)}，不能删除；请改用“任期结束”"])
        before = {k: getattr(seat, k) for k in ("member_id", "elected_on", "ended_on", "category", "replaces_id")}
        # A replacement entered for this one now replaces nobody.
        s.execute(update(CongressDelegate).where(CongressDelegate.replaces_id == delegate_id).values(replaces_id=None))
        s.delete(seat)
        s.flush()
        refresh_resolutions_in(s, term.id)
        audit.record(s, "delete", "congress_delegate", delegate_id, f"删除代表 {name}（{term.name}）", before=before)
