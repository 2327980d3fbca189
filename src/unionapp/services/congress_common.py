"""What the staff congress (教代会) modules share: the one refusal (`CongressError`, every
problem listed), loading a record or saying it is gone, the stale-edit check, "in office
on a day", the rule in force on a day, names and leavers read in bulk, text cleaning."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import date

from sqlalchemy import and_, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from unionapp.db.engine import Database
from unionapp.db.models import CongressDelegate, CongressRule, Member
from unionapp.domain import congress as rules
from unionapp.domain.errors import DomainError
from unionapp.domain.text import clean_fields, strip_unsafe
from unionapp.services import audit
from unionapp.services.errors import ConcurrentEditError, NotFoundError
from unionapp.services.leaving import left_dates_in

CHUNK = 900  # ids per IN list: under SQLite's bound-parameter limit
LEFT_LABELS = {"transferred": "已调出", "deceased": "已去世", "retired": "已退休"}
GONE = {
    "term": "找不到这一届教代会，可能已被删除，请刷新。",
    "constituency": "找不到这个选区，可能已被删除，请刷新。",
    "delegate": "找不到这位代表，可能已被删除，请刷新。",
    "session": "找不到这次会议，可能已被删除，请刷新。",
    "resolution": "找不到这项决议，可能已被删除，请刷新。",
    "rule": "找不到这条规则，可能已被删除，请刷新。",
}

# What another copy saved at the same moment (two clerks on one database) that a check
# could not see: the constraint it broke, named as PostgreSQL and as SQLite name it.
CLASHES = (
    (("uq_congress_terms_number", "congress_terms.number"), "别人刚刚登记了同一届次，"),
    (
        ("uq_congress_constituencies_term_name", "congress_constituencies.term_id, congress_constituencies.name"),
        "别人刚刚在本届新增了同名的选区，",
    ),
    (
        ("uq_congress_delegates_term_member", "congress_delegates.term_id, congress_delegates.member_id"),
        "名单中有人刚刚已被别人登记为本届代表，",
    ),
    (
        ("uq_congress_sessions_term_number", "congress_sessions.term_id, congress_sessions.number"),
        "别人刚刚登记了本届同一次的会议，",
    ),
    (
        ("uq_congress_resolutions_session_number", "congress_resolutions.session_id, congress_resolutions.number"),
        "别人刚刚也在这次会议登记了决议（编号相同），",
    ),
    (("uq_proposals_session_number", "proposals.session_id, proposals.number"), "别人刚刚登记了同一编号的提案，"),
    (
        ("uq_proposal_replies_proposal_round", "proposal_replies.proposal_id, proposal_replies.round"),
        "别人刚刚登记了这条提案同一轮的答复，",
    ),
    (("pk_congress_attendance", "congress_attendance.session_id"), "别人刚刚也在登记这次会议的签到，"),
    (("pk_proposal_cosigners", "proposal_cosigners.proposal_id"), "别人刚刚修改了这条提案的附议人，"),
    (("uq_congress_rules_effective_from", "congress_rules.effective_from"), "别人刚刚登记了同一天起执行的规则，"),
    (("foreign key",), "要用到的届次、选区、会议、代表或提案刚被别人删除了，"),
)
CLASH_END = "刚才的操作没有保存。请刷新后再看，需要时重新操作。"
STALE = "这条记录刚被别人修改或删除了，刚才的操作没有保存。请刷新后再看，需要时重新操作。"


class CongressError(DomainError):
    """What is wrong with a congress record or step (several problems, one message)."""

    def __init__(self, problems: list[str]):
        self.problems = list(problems)
        super().__init__("；".join(self.problems))


def refuse(problems: list[str]) -> None:
    if problems:
        raise CongressError(problems)


@contextmanager
def writing(db: Database) -> Iterator[Session]:
    """`db.session()` for a congress change: a clash with what another copy saved at the
    same moment, which no check could see, is told in Chinese (CongressError, or
    ConcurrentEditError for a row changed or deleted meanwhile), nothing saved."""
    try:
        with db.session() as session:
            yield session
    except IntegrityError as err:
        raise CongressError([clash_text(err)]) from err
    except StaleDataError as err:
        raise ConcurrentEditError(STALE) from err


def clash_text(err: IntegrityError) -> str:
    said = str(err.orig).lower()
    for needles, text in CLASHES:
        if any(n in said for n in needles):
            return text + CLASH_END
    return "刚才要保存的教代会记录与别人刚保存的冲突，" + CLASH_END


def whole(value: object) -> bool:
    """An int that is not a bool (True would pass for 1 and PostgreSQL refuses to compare it)."""
    return isinstance(value, int) and not isinstance(value, bool)


def load(session: Session, model, record_id: int, kind: str):
    record = session.get(model, record_id)
    if record is None:
        raise NotFoundError(GONE[kind])
    return record


def cleaned(data, spec: dict, problems: list[str]):
    """`data` with its text under the one cleaning rule; what cannot be kept joins `problems`."""
    return replace(data, **clean_fields(data, spec, problems))


def blank(text: str) -> bool:
    """Empty, or only characters nobody can see."""
    return not strip_unsafe(str(text)).strip()


def check_version(session: Session, record, expected_version: int | None, what: str, entity: str, wanted: dict) -> None:
    """Refuse a change made on a stale copy, telling who changed the record meanwhile."""
    if expected_version is not None and record.version != expected_version:
        raise ConcurrentEditError(
            audit.concurrent_edit_message(session, what, entity, record.id, record.version - expected_version, wanted)
        )


def in_office(day: date):
    """SQL: the delegate's seat covers `day` (elected on or before it, not ended by it)."""
    return and_(
        CongressDelegate.elected_on <= day,
        or_(CongressDelegate.ended_on.is_(None), CongressDelegate.ended_on > day),
    )


def serving(elected_on: date, ended_on: date | None, day: date) -> bool:
    """The same in Python."""
    return elected_on <= day and (ended_on is None or ended_on > day)


def chunks(ids: Iterable[int]) -> Iterator[list[int]]:
    wanted = list(ids)
    for start in range(0, len(wanted), CHUNK):
        yield wanted[start : start + CHUNK]


def member_facts(session: Session, member_ids: Iterable[int]) -> dict[int, tuple[str, str, date | None]]:
    """member id → (name, status, retirement date), asked in chunks."""
    facts: dict[int, tuple[str, str, date | None]] = {}
    for part in chunks(set(member_ids)):
        query = select(Member.id, Member.name, Member.status, Member.retirement_date).where(Member.id.in_(part))
        facts.update({m: (n, s, r) for m, n, s, r in session.execute(query)})
    return facts


def left_before(session: Session, facts: dict[int, tuple[str, str, date | None]], day) -> dict[int, str]:
    """member id → "已调出（2023-07-01）" for those of `facts` who had left the school
    before `day` (one date, or member id → date): transferred or deceased (the date from
    the audit log), or retired with a known retirement date. A leaving whose date is
    unknown is not held against them."""
    gone = {m for m, (_n, status, _r) in facts.items() if status in LEFT_LABELS}
    if not gone:
        return {}
    dates = left_dates_in(session, gone)
    found: dict[int, str] = {}
    for member_id in sorted(gone):
        _name, status, retired_on = facts[member_id]
        left_on = retired_on if status == "retired" else dates.get(member_id)
        limit = day.get(member_id) if isinstance(day, dict) else day
        if left_on is not None and limit is not None and left_on < limit:
            found[member_id] = f"{LEFT_LABELS[status]}（{left_on}）"
    return found


def names_text(names: list[str], limit: int = 5) -> str:
    """ "张三、李四等 7 人" — a message names a few, then counts the rest."""
    shown = "、".join(names[:limit])
    return f"{shown}等 {len(names)} 人" if len(names) > limit else shown


def as_rule(row: CongressRule) -> rules.CongressRule:
    return rules.CongressRule(
        effective_from=row.effective_from,
        quorum_num=row.quorum_num,
        quorum_den=row.quorum_den,
        pass_num=row.pass_num,
        pass_den=row.pass_den,
        min_cosigners=row.min_cosigners,
        teacher_share_pct=row.teacher_share_pct,
        young_age=row.young_age,
        source_doc=row.source_doc,
        id=row.id,
    )


def rules_in(session: Session) -> list[rules.CongressRule]:
    """Every rule, newest first."""
    query = select(CongressRule).order_by(CongressRule.effective_from.desc())
    return [as_rule(r) for r in session.scalars(query)]


def rule_on_in(session: Session, day: date) -> rules.CongressRule:
    """The rule in force on `day`: the newest that took effect by then, else the oldest
    (a session before any rule still needs one); the default when the table is empty."""
    return pick_rule(rules_in(session), day)


def pick_rule(newest_first: list[rules.CongressRule], day: date) -> rules.CongressRule:
    for rule in newest_first:
        if rule.effective_from <= day:
            return rule
    return newest_first[-1] if newest_first else rules.DEFAULT_RULE
