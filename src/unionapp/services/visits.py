"""The five must-visits register (五必访): types and standards, visits, their money in
the ledger, and what needs attention. "What happens when the chair records a hospital visit" is `add_visit`: judge it against the standard in force, save it, post its money.

The register is split by responsibility: `visit_types` (types and standards),
`visit_reads` (lists, history, attention, summary), `visit_check` (judging a visit) and
this module (saving, the ledger). Each imports only the ones before it; this module re-exports their public
names (`__all__`), so callers use `services.visits.*` for all of it.
"""

from __future__ import annotations

from dataclasses import asdict, replace
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from unionapp.db.engine import Database
from unionapp.db.models import LedgerEntry, Member, Visit, VisitType
from unionapp.domain.text import NOTE_LIMIT, clean_fields, clean_text
from unionapp.domain.visits import STATUS_LABELS, VISIT_TEXTS
from unionapp.services import audit, ledger
from unionapp.services.errors import ConcurrentEditError, NeedsReason, NotFoundError
from unionapp.services.visit_check import (
    VisitCheck,
    VisitFacts,
    VisitInput,
    check_visit,
    evaluate_in,
    judge_visit,
    read_facts,
)
from unionapp.services.visit_reads import (
    AttentionItem,
    SummaryRow,
    VisitFilter,
    VisitRow,
    YearTotal,
    attention,
    list_visits,
    member_history,
    yearly_summary,
)
from unionapp.services.visit_types import (
    TypeRow,
    VisitError,
    add_standard,
    add_type,
    list_standards,
    list_types,
    remove_type,
    set_type_active,
    standard_on,
    update_type,
)

__all__ = [
    # types and standards
    "TypeRow",
    "VisitError",
    "add_standard",
    "add_type",
    "list_standards",
    "list_types",
    "remove_type",
    "set_type_active",
    "standard_on",
    "update_type",
    # judging and saving (this module)
    "SOURCE",
    "NeedsReason",
    "VisitCheck",
    "VisitFacts",
    "VisitInput",
    "add_visit",
    "add_visit_in",
    "check_visit",
    "judge_visit",
    "read_facts",
    "plan_retirement_visit_in",
    "remove_visit",
    "update_visit",
    "visit_input",
    "visits_match_ledger",
    # reading
    "AttentionItem",
    "SummaryRow",
    "VisitFilter",
    "VisitRow",
    "YearTotal",
    "attention",
    "list_visits",
    "member_history",
    "yearly_summary",
]

SOURCE = "visit"


# ---------------------------------------------------------------- judging a visit


def _validated(session: Session, data: VisitInput, visit_id: int | None) -> str:
    result = evaluate_in(session, data, visit_id)
    if result.errors:
        raise VisitError(result.errors)
    if result.warnings and not data.warning_reason.strip():
        raise NeedsReason(result.warnings)
    return "；".join(result.warnings)


# ---------------------------------------------------------------- saving, with the ledger


def _sync_ledger(session: Session, visit: Visit, new: bool = False) -> None:
    """The visit's money in the ledger: posted, re-posted on change, reversed when gone."""
    if visit.status == "done" and visit.money_fen > 0:
        vtype = session.get(VisitType, visit.type_id)
        member = session.get(Member, visit.member_id)
        entry = dict(
            entry_date=visit.visit_date,
            category_id=vtype.category_id,
            amount_fen=visit.money_fen,
            summary=f"{vtype.name}慰问 {member.name}",
            handler=visit.visitors[:50],
            approver=visit.approver,
        )
        if new:  # nothing posted yet: skip looking for an entry to replace
            ledger.post(session, source=SOURCE, source_id=visit.id, **entry)
        else:
            ledger.repost_source(session, SOURCE, visit.id, reason="走访记录已修改", **entry)
    elif not new:
        ledger.reverse_source(session, SOURCE, visit.id, "走访记录已修改")


def _cleaned(data: VisitInput) -> VisitInput:
    """`data` with its text under the one cleaning rule, or VisitError listing what can't be stored."""
    problems: list[str] = []
    values = clean_fields(data, VISIT_TEXTS, problems)
    if problems:
        raise VisitError(problems)
    return replace(data, **values)


def _fields(data: VisitInput) -> dict:
    return asdict(data)


def add_visit(db: Database, data: VisitInput) -> int:
    """Judge, save and post one visit; raises VisitError, NeedsReason or FundsError."""
    with db.session() as s:
        return add_visit_in(s, data)


def add_visit_in(session: Session, data: VisitInput) -> int:
    """add_visit inside the caller's transaction (an import writes all its rows at once)."""
    data = _cleaned(data)
    warnings = _validated(session, data, None)
    visit = Visit(**_fields(data), warnings=warnings)
    session.add(visit)
    session.flush()
    _sync_ledger(session, visit, new=True)
    audit.record(session, "create", "visit", visit.id, _describe(session, visit), after=_fields(data))
    return visit.id


def plan_retirement_visit_in(session: Session, member_id: int, day: date) -> int | None:
    """A planned (待访) 退休 visit on `day`, with the standard's amount, for a member who has
    just retired; none when one is already recorded or planned, or the type is stopped."""
    vtype = session.scalar(select(VisitType).where(VisitType.code == "retirement"))
    if vtype is None or not vtype.active:
        return None
    if session.scalar(select(Visit.id).where(Visit.member_id == member_id, Visit.type_id == vtype.id).limit(1)):
        return None
    standard = standard_on(session, vtype.id, day)
    money = standard.suggested_fen() if standard and vtype.category_id is not None else 0
    return add_visit_in(session, VisitInput(member_id, vtype.id, day, status="planned", money_fen=money or 0))


def update_visit(db: Database, visit_id: int, data: VisitInput, expected_version: int | None = None) -> None:
    data = _cleaned(data)
    with db.session() as s:
        visit = _visit(s, visit_id)
        if expected_version is not None and visit.version != expected_version:
            raise ConcurrentEditError(
                audit.concurrent_edit_message(
                    s, f"这条{_describe(s, visit)}", "visit", visit_id, visit.version - expected_version, _fields(data)
                )
            )
        warnings = _validated(s, data, visit_id)
        before = {k: getattr(visit, k) for k in _fields(data)}
        for key, value in _fields(data).items():
            setattr(visit, key, value)
        visit.warnings = warnings
        s.flush()
        _sync_ledger(s, visit)
        changed = {k for k, v in _fields(data).items() if before[k] != v}
        audit.record(
            s,
            "update",
            "visit",
            visit_id,
            f"修改{_describe(s, visit)}",
            before={k: before[k] for k in changed},
            after={k: getattr(visit, k) for k in changed},
        )


def remove_visit(db: Database, visit_id: int, reason: str) -> None:
    """Delete a visit entered by mistake; its money is reversed in the ledger, not erased."""
    reason = clean_text(reason, "删除原因", NOTE_LIMIT)
    if not reason:
        raise VisitError(["删除走访记录必须写明原因"])
    with db.session() as s:
        visit = _visit(s, visit_id)
        text = _describe(s, visit)
        ledger.reverse_source(s, SOURCE, visit_id, f"走访记录删除：{reason.strip()}")
        before = {k: getattr(visit, k) for k in _fields(VisitInput(0, 0, date.today()))}
        s.delete(visit)
        audit.record(s, "delete", "visit", visit_id, f"删除{text}：{reason.strip()}", before=before)


def _visit(session: Session, visit_id: int) -> Visit:
    visit = session.get(Visit, visit_id)
    if visit is None:
        raise NotFoundError("找不到这条走访记录，可能已被删除，请刷新。")
    return visit


def _describe(session: Session, visit: Visit) -> str:
    member = session.get(Member, visit.member_id)
    vtype = session.get(VisitType, visit.type_id)
    money = f"，慰问金 {visit.money_fen / 100:.2f} 元" if visit.money_fen else ""
    return f"走访 {member.name}（{vtype.name}，{visit.visit_date}，{STATUS_LABELS[visit.status]}{money}）"


def visit_input(db: Database, visit_id: int) -> VisitInput:
    with db.session() as s:
        visit = _visit(s, visit_id)
        return VisitInput(**{k: getattr(visit, k) for k in _fields(VisitInput(0, 0, date.today()))})


# ---------------------------------------------------------------- consistency


def visits_match_ledger(session: Session) -> list[str]:
    """Each done visit's money equals its standing ledger entry; nothing else is posted."""
    problems = []
    posted = {}
    for entry in session.scalars(select(LedgerEntry).where(LedgerEntry.source == SOURCE)):
        posted[entry.source_id] = posted.get(entry.source_id, 0) + entry.amount_fen
    for visit in session.scalars(select(Visit)):
        expected = visit.money_fen if visit.status == "done" else 0
        if posted.pop(visit.id, 0) != expected:
            problems.append(f"走访记录 {visit.id}（{visit.visit_date}）的慰问金与记账不符")
    problems += [f"已删除的走访记录 {vid} 仍有未冲销的记账" for vid, fen in posted.items() if fen]
    return problems
