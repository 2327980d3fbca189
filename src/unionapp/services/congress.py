"""The staff congress (教代会): the resolutions voted at its sessions. Rules, terms and
constituencies are in `congress_terms`, delegates in `congress_delegates`, sessions and
their sign-in in `congress_sessions`, reading in `congress_reads` (sessions' in
`congress_session_reads`), what they share in
`congress_common`; each imports only the ones before it, and this module re-exports their
public names (`__all__`), so callers use `services.congress.*` for all of it."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from unionapp.db.engine import Database
from unionapp.db.models import CongressResolution, CongressSession
from unionapp.domain import congress as rules
from unionapp.domain.congress import RESOLUTION_TEXTS, CongressRule
from unionapp.services import audit
from unionapp.services.congress_common import (
    CongressError,
    blank,
    check_version,
    cleaned,
    load,
    refuse,
    rule_on_in,
    writing,
)
from unionapp.services.congress_delegates import (
    DelegateInput,
    add_delegates,
    add_delegates_in,
    end_delegate,
    guess_category,
    remove_delegate,
    replace_delegate,
    update_delegate,
)
from unionapp.services.congress_reads import (
    AttendanceRow,
    ConstituencyRow,
    DelegateRow,
    ResolutionRow,
    SessionRow,
    TermRow,
    current_term_id,
    delegates_on_in,
    get_session,
    get_term,
    list_attendance,
    list_congress_rules,
    list_constituencies,
    list_delegates,
    list_resolutions,
    list_sessions,
    list_terms,
    next_session_number,
    rule_on,
    seats_check,
    term_makeup,
)
from unionapp.services.congress_session_reads import STATE_LABELS, below_quorum_text, session_counts_in
from unionapp.services.congress_sessions import (
    SessionInput,
    create_session,
    delete_session,
    set_attendance,
    update_session,
)
from unionapp.services.congress_terms import (
    ConstituencyInput,
    TermInput,
    add_congress_rule,
    add_constituency,
    add_constituency_in,
    constituencies_from_groups,
    create_term,
    delete_term,
    remove_congress_rule,
    remove_constituency,
    update_constituency,
    update_term,
)
from unionapp.services.errors import ConcurrentEditError, NotFoundError

__all__ = [
    "DEFAULT_RULE",
    "STATE_LABELS",
    "AttendanceRow",
    "ConcurrentEditError",
    "CongressError",
    "CongressRule",
    "ConstituencyInput",
    "ConstituencyRow",
    "DelegateInput",
    "DelegateRow",
    "NotFoundError",
    "ResolutionInput",
    "ResolutionRow",
    "SessionInput",
    "SessionRow",
    "TermInput",
    "TermRow",
    "add_congress_rule",
    "add_constituency",
    "add_constituency_in",
    "add_delegates",
    "add_delegates_in",
    "add_resolution",
    "constituencies_from_groups",
    "create_session",
    "create_term",
    "current_term_id",
    "delegates_on_in",
    "delete_session",
    "delete_term",
    "end_delegate",
    "get_session",
    "get_term",
    "guess_category",
    "list_attendance",
    "list_congress_rules",
    "list_constituencies",
    "list_delegates",
    "list_resolutions",
    "list_sessions",
    "list_terms",
    "next_session_number",
    "remove_congress_rule",
    "remove_constituency",
    "remove_delegate",
    "remove_resolution",
    "replace_delegate",
    "rule_on",
    "rule_on_in",
    "seats_check",
    "set_attendance",
    "term_makeup",
    "update_constituency",
    "update_delegate",
    "update_resolution",
    "update_session",
    "update_term",
]

DEFAULT_RULE = rules.DEFAULT_RULE


@dataclass(frozen=True)
class ResolutionInput:
    title: str
    votes_for: int = 0
    votes_against: int = 0
    votes_abstain: int = 0
    notes: str = ""


# ---------------------------------------------------------------- resolutions


def _judged(session: Session, meeting: CongressSession, data: ResolutionInput) -> tuple[ResolutionInput, dict]:
    """The resolution cleaned, with its counts and result; CongressError lists every problem."""
    problems: list[str] = []
    if blank(data.title):
        problems.append("请填写决议名称")
    data = cleaned(data, RESOLUTION_TEXTS, problems)
    votes = (data.votes_for, data.votes_against, data.votes_abstain)
    delegates, states = session_counts_in(session, meeting)
    present = states["present"]
    rule = rule_on_in(session, meeting.session_date)
    if any(not isinstance(v, int) or isinstance(v, bool) for v in votes):
        problems.append("票数应是整数")
    elif any(v < 0 for v in votes):
        problems.append("票数不能为负数")
    elif sum(votes) > present:
        problems.append(f"表决票数合计 {sum(votes)} 超过了实到代表 {present} 人，请核对票数或签到")
    if not rules.quorum_met(present, delegates, rule):
        problems.append(below_quorum_text(present, delegates, rule))
    refuse(problems)
    passed = rules.passes(data.votes_for, delegates, rule)
    return data, {"delegates": delegates, "present": present, "passed": passed}


def add_resolution(db: Database, session_id: int, data: ResolutionInput) -> int:
    with writing(db) as s:
        meeting = load(s, CongressSession, session_id, "session")
        data, counts = _judged(s, meeting, data)
        number = (
            s.scalar(select(func.max(CongressResolution.number)).where(CongressResolution.session_id == session_id))
            or 0
        ) + 1
        row = CongressResolution(session_id=session_id, number=number, **asdict(data), **counts)
        s.add(row)
        s.flush()
        result = "通过" if counts["passed"] else "未通过"
        audit.record(
            s,
            "create",
            "congress_resolution",
            row.id,
            f"{meeting.name}决议“{data.title}”：赞成 {data.votes_for}、反对 {data.votes_against}、弃权 {data.votes_abstain}，{result}",
            after=asdict(data) | counts,
        )
        return row.id


def update_resolution(
    db: Database, resolution_id: int, data: ResolutionInput, expected_version: int | None = None
) -> None:
    with writing(db) as s:
        row = load(s, CongressResolution, resolution_id, "resolution")
        check_version(s, row, expected_version, f"决议“{row.title}”", "congress_resolution", asdict(data))
        meeting = load(s, CongressSession, row.session_id, "session")
        data, counts = _judged(s, meeting, data)
        fields = asdict(data) | counts
        before = {k: getattr(row, k) for k in fields}
        for key, value in fields.items():
            setattr(row, key, value)
        changed = {k for k in fields if before[k] != fields[k]}
        audit.record(
            s,
            "update",
            "congress_resolution",
            resolution_id,
            f"修改{meeting.name}决议“{data.title}”（{'通过' if counts['passed'] else '未通过'}）",
            before={k: before[k] for k in changed},
            after={k: fields[k] for k in changed},
        )


def remove_resolution(db: Database, resolution_id: int) -> None:
    with writing(db) as s:
        row = load(s, CongressResolution, resolution_id, "resolution")
        before = {
            k: getattr(row, k) for k in ("session_id", "number", "title", "votes_for", "votes_against", "votes_abstain")
        }
        s.delete(row)
        audit.record(s, "delete", "congress_resolution", resolution_id, f"删除决议“{row.title}”", before=before)
