"""Handouts (发放): a gift or money to many members at once. A handout is a draft while
its list is being made (by a rule, with exclusions and additions by hand), is judged
against the spending rules and issued (已发放): then its list is frozen and its money is
one ledger entry (source "handout"), re-posted when the handout changes and reversed
when it is withdrawn (撤回) or deleted.

Reading is in `handout_reads`; this module re-exports its public names (`__all__`)."""

from __future__ import annotations

from dataclasses import asdict, replace

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from unionapp.db.engine import Database
from unionapp.db.models import Handout, HandoutRecipient, LedgerEntry
from unionapp.domain.handouts import (
    HANDOUT_KIND_LABELS,
    STATUS_LABELS,
)
from unionapp.domain.money import MAX_RECORD_FEN, MAX_RECORD_TEXT, format_fen
from unionapp.services import audit, ledger
from unionapp.services.errors import ConcurrentEditError, NeedsReason
from unionapp.services.handout_judge import judge_in
from unionapp.services.handout_lists import (
    HandoutInput,
    add_recipients,
    as_input,
    check_category,
    check_draft,
    check_list,
    check_rule,
    clean_input,
    handout_in,
    remove_recipients,
    replace_list,
    set_list,
    set_recipients,
)
from unionapp.services.handout_reads import (
    HandoutRow,
    ReceivedRow,
    RecipientRow,
    get_handout,
    handout_rows_in,
    handout_years,
    list_handouts,
    list_recipients,
    member_handouts,
    pick_in,
    pick_recipients,
    recipients_in,
)
from unionapp.services.ledger_years import check_open
from unionapp.services.spending_rules import SpendingError, not_ahead, required_reason, settle_warnings

__all__ = [
    "SOURCE",
    "HandoutInput",
    "HandoutRow",
    "NeedsReason",
    "ReceivedRow",
    "RecipientRow",
    "SpendingError",
    "add_recipients",
    "check_handout",
    "create_handout",
    "create_handout_in",
    "delete_handout",
    "get_handout",
    "handout_input",
    "handout_years",
    "handouts_match_ledger",
    "issue_handout",
    "issue_handout_in",
    "list_handouts",
    "list_recipients",
    "member_handouts",
    "pick_in",
    "pick_recipients",
    "recipients_in",
    "handout_rows_in",
    "remove_recipients",
    "set_recipients",
    "update_handout",
    "withdraw_handout",
]

SOURCE = "handout"


# ---------------------------------------------------------------- writing


def create_handout(
    db: Database, data: HandoutInput, member_ids: list[int], values: dict[int, int] | None = None
) -> int:
    """A draft handout with its list (member ids in the sheets' order; `values` the ones
    who get something other than the usual value)."""
    with db.session() as s:
        return create_handout_in(s, data, member_ids, values)


def create_handout_in(
    session: Session, data: HandoutInput, member_ids: list[int], values: dict[int, int] | None = None
) -> int:
    data = clean_input(data)
    check_open(session, data.handout_date.year)
    check_category(session, data)
    check_rule(session, data)
    check_list(session, data, member_ids, values or {})
    fields = asdict(data)
    handout = Handout(**fields, year=data.handout_date.year, status="draft")
    session.add(handout)
    session.flush()
    replace_list(session, handout, member_ids, values or {})
    audit.record(
        session,
        "create",
        "handout",
        handout.id,
        f"新建发放 {_describe(handout)}，名单 {len(member_ids)} 人",
        after=fields | {"recipients": len(member_ids)},
    )
    return handout.id


def update_handout(
    db: Database,
    handout_id: int,
    data: HandoutInput,
    expected_version: int | None = None,
    member_ids: list[int] | None = None,
) -> None:
    """Change a handout's details, and a draft's list with them when `member_ids` is given
    (one transaction: a refused list leaves the details unsaved too). An issued one is
    judged again and re-posted; when its usual value changes, everyone who had the old
    usual value gets the new one."""
    data = clean_input(data)
    given_reason = data.warning_reason
    with db.session() as s:
        handout = handout_in(s, handout_id)
        if expected_version is not None and handout.version != expected_version:
            raise ConcurrentEditError(
                audit.concurrent_edit_message(
                    s, f"发放“{handout.name}”", "handout", handout_id, handout.version - expected_version, asdict(data)
                )
            )
        check_open(s, handout.year)
        check_open(s, data.handout_date.year)
        check_category(s, data)
        check_rule(s, data, handout)
        before = {k: getattr(handout, k) for k in asdict(data)}
        if data.value_fen != handout.value_fen:
            s.execute(
                HandoutRecipient.__table__.update()
                .where(HandoutRecipient.handout_id == handout_id, HandoutRecipient.value_fen == handout.value_fen)
                .values(value_fen=data.value_fen)
            )
        # An empty reason keeps the one given before (a change elsewhere must not drop it).
        data = replace(data, warning_reason=data.warning_reason or handout.warning_reason)
        for key, value in asdict(data).items():
            setattr(handout, key, value)
        handout.year = data.handout_date.year
        s.flush()
        if member_ids is not None:
            set_list(s, handout, member_ids, {})
        if handout.status == "issued":
            _issue_checks(s, handout, given_reason)
            _sync_ledger(s, handout)
        changed = {k for k, v in asdict(data).items() if before[k] != v}
        audit.record(
            s,
            "update",
            "handout",
            handout_id,
            f"修改发放 {_describe(handout)}",
            before={k: before[k] for k in changed},
            after={k: getattr(handout, k) for k in changed},
        )


def check_handout(db: Database, handout_id: int) -> tuple[list[str], list[str]]:
    """(errors, warnings) issuing this handout would meet, for the window to show first."""
    with db.session() as s:
        handout = handout_in(s, handout_id)
        return _problems(s, handout), judge_in(s, handout)


def issue_handout(db: Database, handout_id: int, warning_reason: str = "") -> None:
    """Freeze the list and post the money. Outside a spending rule it needs a written reason
    (NeedsReason); an empty list, a closed year or a missing category refuse (SpendingError)."""
    with db.session() as s:
        issue_handout_in(s, handout_id, warning_reason)


def issue_handout_in(session: Session, handout_id: int, warning_reason: str = "") -> None:
    handout = handout_in(session, handout_id, lock=True)
    check_draft(handout)
    problems = _problems(session, handout)
    if problems:
        raise SpendingError(problems)
    _issue_checks(session, handout, warning_reason)
    handout.status = "issued"
    session.flush()
    _sync_ledger(session, handout, new=True)
    audit.record(
        session,
        "status",
        "handout",
        handout_id,
        f"发放 {_describe(handout)}",
        before={"status": "draft"},
        after={"status": "issued", "warning_reason": handout.warning_reason},
    )


def withdraw_handout(db: Database, handout_id: int, reason: str) -> None:
    """Back to a draft (撤回发放) to change the list: the ledger entry is reversed."""
    reason = required_reason(reason, "撤回发放")
    with db.session() as s:
        handout = handout_in(s, handout_id, lock=True)
        if handout.status != "issued":
            return
        check_open(s, handout.year)
        ledger.reverse_source(s, SOURCE, handout_id, f"发放撤回：{reason}")
        handout.status = "draft"
        audit.record(
            s,
            "status",
            "handout",
            handout_id,
            f"撤回发放“{handout.name}”：{reason}",
            before={"status": "issued"},
            after={"status": "draft", "reason": reason},
        )


def delete_handout(db: Database, handout_id: int, reason: str) -> None:
    """Delete a handout entered by mistake; its money is reversed in the ledger, not erased."""
    reason = required_reason(reason, "删除发放")
    with db.session() as s:
        handout = handout_in(s, handout_id, lock=True)
        check_open(s, handout.year)
        ledger.reverse_source(s, SOURCE, handout_id, f"发放删除：{reason}")
        text = _describe(handout)
        count = s.scalar(select(func.count()).where(HandoutRecipient.handout_id == handout_id))
        before = asdict(as_input(handout)) | {"status": handout.status, "recipients": count}
        s.execute(delete(HandoutRecipient).where(HandoutRecipient.handout_id == handout_id))
        s.delete(handout)
        audit.record(s, "delete", "handout", handout_id, f"删除发放 {text}：{reason}", before=before)


def handout_input(db: Database, handout_id: int) -> HandoutInput:
    with db.session() as s:
        return as_input(handout_in(s, handout_id))


# ---------------------------------------------------------------- judging and the ledger


def _problems(session: Session, handout: Handout) -> list[str]:
    """What refuses issuing: an empty list, no category for money, a closed year, and the
    list's own problems (people who had left by the date)."""
    problems = []
    ids = list(session.scalars(select(HandoutRecipient.member_id).where(HandoutRecipient.handout_id == handout.id)))
    if not ids:
        problems.append("名单是空的，请先选择领取人")
    total = _total(session, handout.id)
    if total and handout.category_id is None:
        problems.append("请选择经费科目：发放的钱物要记入收支明细账")
    try:
        check_open(session, handout.year)
        check_list(session, as_input(handout), ids, {})
    except Exception as err:  # FundsError or SpendingError, both with a Chinese message
        problems.append(str(err))
    return problems


def _issue_checks(session: Session, handout: Handout, warning_reason: str) -> None:
    """Judge against the spending rules; keep the warnings and the reason given for them."""
    settle_warnings(handout, judge_in(session, handout), warning_reason)


def _total(session: Session, handout_id: int) -> int:
    return session.scalar(
        select(func.coalesce(func.sum(HandoutRecipient.value_fen), 0)).where(HandoutRecipient.handout_id == handout_id)
    )


def _sync_ledger(session: Session, handout: Handout, new: bool = False) -> None:
    """One entry for the whole handout: the sum of what the recipients got."""
    total = _total(session, handout.id)
    if handout.status != "issued" or not total:
        if not new:
            ledger.reverse_source(session, SOURCE, handout.id, "发放记录已修改")
        return
    not_ahead(handout.handout_date, f"发放“{handout.name}”")
    if total > MAX_RECORD_FEN:
        raise SpendingError(
            [
                f"“{handout.name}”合计 {format_fen(total)} 元，超过一笔记账的上限 {MAX_RECORD_TEXT}；请核对每人金额，或分成几次发放"
            ]
        )
    count = session.scalar(select(func.count()).where(HandoutRecipient.handout_id == handout.id))
    entry = dict(
        entry_date=handout.handout_date,
        category_id=handout.category_id,
        amount_fen=total,
        summary=f"{handout.name}（{count} 人）",
        handler=handout.handler,
        approver=handout.approver,
    )
    if new and ledger.live_entry_for(session, SOURCE, handout.id) is None:
        ledger.post(session, source=SOURCE, source_id=handout.id, **entry)
    else:
        ledger.repost_source(session, SOURCE, handout.id, reason="发放记录已修改", **entry)


def _describe(handout: Handout) -> str:
    value = f"，每人 {format_fen(handout.value_fen)} 元" if handout.value_fen else ""
    return f"“{handout.name}”（{HANDOUT_KIND_LABELS[handout.kind]}，{handout.handout_date}{value}）"


# ---------------------------------------------------------------- consistency


def handouts_match_ledger(session: Session) -> list[str]:
    """Each issued handout's recipients add up to its standing ledger entry; drafts and
    deleted handouts have none standing."""
    problems = []
    posted: dict[int, int] = {}
    for source_id, fen in session.execute(
        select(LedgerEntry.source_id, LedgerEntry.amount_fen).where(LedgerEntry.source == SOURCE)
    ):
        posted[source_id] = posted.get(source_id, 0) + fen
    sums = dict(
        session.execute(
            select(HandoutRecipient.handout_id, func.sum(HandoutRecipient.value_fen)).group_by(
                HandoutRecipient.handout_id
            )
        ).all()
    )
    for hid, name, status, day in session.execute(
        select(Handout.id, Handout.name, Handout.status, Handout.handout_date)
    ):
        expected = (sums.get(hid) or 0) if status == "issued" else 0
        if posted.pop(hid, 0) != expected:
            problems.append(f"发放“{name}”（{day}，{STATUS_LABELS[status]}）的金额与记账不符")
    problems += [f"已删除的发放 {hid} 仍有未冲销的记账" for hid, fen in posted.items() if fen]
    return problems
