"""Posting to the ledger: entries posted in the caller's transaction with their voucher
number, red reversals (红字冲销), and keeping a source record's entry (a visit's, a
checkup campaign's) in step with it.

Below `ledger` and above the reads (categories ← years ← reads ← posting ← ledger).
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from unionapp.db.models import FundCategory, LedgerEntry
from unionapp.db.postgres import serialize
from unionapp.domain.funds import DIRECTION_LABELS, SOURCE_LABELS
from unionapp.domain.money import check_fen, format_fen
from unionapp.domain.text import NAME_LIMIT, NOTE_LIMIT, clean_text
from unionapp.services import audit
from unionapp.services.ledger_categories import FundsError, _category
from unionapp.services.ledger_reads import voucher_text
from unionapp.services.ledger_years import _year, check_open


def _next_voucher(session: Session, year: int) -> int:
    serialize(session, "voucher", year)  # two officers posting at once must not take the same number
    return (session.scalar(select(func.max(LedgerEntry.voucher_no)).where(LedgerEntry.year == year)) or 0) + 1


SUMMARY_LIMIT = 200  # the column's size


def _summary_text(summary: str) -> str:
    """A summary as stored: cleaned, and one made up by the program (a visit's, an imported
    row with its notes) cut to the column; a typed one is refused when longer (add_entry)."""
    return clean_text(summary, "摘要", limit=None)[:SUMMARY_LIMIT]


def post(
    session: Session,
    *,
    entry_date: date,
    category_id: int,
    amount_fen: int,
    summary: str,
    handler: str = "",
    approver: str = "",
    source: str = "manual",
    source_id: int | None = None,
) -> LedgerEntry:
    """Post one entry in the caller's transaction. The category decides the direction."""
    if source not in SOURCE_LABELS:
        raise ValueError(source)
    amount_fen = check_fen(amount_fen, "金额", negative=True)
    if amount_fen <= 0:
        raise FundsError("金额必须大于 0。")
    summary = _summary_text(summary)
    handler, approver = clean_text(handler, "经办人", NAME_LIMIT), clean_text(approver, "审批人", NAME_LIMIT)
    category = _category(session, category_id)
    if not category.active:
        raise FundsError(f"科目“{category.name}”已停用，请选择其他科目。")
    if session.scalar(select(func.count()).where(FundCategory.parent_id == category_id)):
        raise FundsError(f"“{category.name}”下有明细科目，请选择具体的明细科目记账。")
    check_open(session, entry_date.year)
    entry = LedgerEntry(
        year=entry_date.year,
        entry_date=entry_date,
        voucher_no=_next_voucher(session, entry_date.year),
        category_id=category_id,
        direction=category.direction,
        amount_fen=amount_fen,
        summary=summary,
        handler=handler,
        approver=approver,
        source=source,
        source_id=source_id,
    )
    session.add(entry)
    session.flush()
    audit.record(
        session,
        "create",
        "ledger",
        entry.id,
        f"记账 {voucher_text(entry.year, entry.voucher_no)} {category.name} "
        f"{DIRECTION_LABELS[category.direction]} {format_fen(amount_fen)} 元：{entry.summary}",
        after={
            "date": entry_date,
            "category": category.name,
            "amount_fen": amount_fen,
            "source": source,
            "source_id": source_id,
        },
    )
    return entry


def reverse(session: Session, entry: LedgerEntry, reason: str, on_date: date | None = None) -> LedgerEntry:
    """红字冲销: a negative entry cancelling `entry`, dated today (or `on_date`). An entry of
    a closed year is reversed in the current year, as accountants do."""
    reason = clean_text(reason, "冲销原因", NOTE_LIMIT)
    if not reason:
        raise FundsError("冲销必须写明原因。")
    if entry.reversal_of_id is not None:
        raise FundsError("这是一笔冲销记录，不能再冲销。如需恢复，请重新记一笔。")
    if session.scalar(select(LedgerEntry.id).where(LedgerEntry.reversal_of_id == entry.id)):
        raise FundsError(f"凭证 {voucher_text(entry.year, entry.voucher_no)} 已经冲销过了。")
    on_date = max(on_date or date.today(), entry.entry_date)
    if on_date.year != entry.year and not _year(session, entry.year).closed:
        on_date = date(entry.year, 12, 31)  # keep the correction in the original's open year
    check_open(session, on_date.year)
    original = voucher_text(entry.year, entry.voucher_no)
    red = LedgerEntry(
        year=on_date.year,
        entry_date=on_date,
        voucher_no=_next_voucher(session, on_date.year),
        category_id=entry.category_id,
        direction=entry.direction,
        amount_fen=-entry.amount_fen,
        summary=f"冲销凭证 {original}：{entry.summary}"[:200],
        handler=entry.handler,
        approver=entry.approver,
        source=entry.source,
        source_id=entry.source_id,
        reversal_of_id=entry.id,
        reversal_reason=reason,
    )
    session.add(red)
    session.flush()
    audit.record(
        session,
        "reverse",
        "ledger",
        red.id,
        f"红字冲销凭证 {original}（{format_fen(entry.amount_fen)} 元）：{reason}",
        before={"entry_id": entry.id, "amount_fen": entry.amount_fen},
        after={"reversal_id": red.id},
    )
    return red


def live_entry_for(session: Session, source: str, source_id: int) -> LedgerEntry | None:
    """The entry currently standing for a source record: neither a reversal nor reversed."""
    reversed_ids = select(LedgerEntry.reversal_of_id).where(LedgerEntry.reversal_of_id.is_not(None))
    return session.scalar(
        select(LedgerEntry)
        .where(
            LedgerEntry.source == source,
            LedgerEntry.source_id == source_id,
            LedgerEntry.reversal_of_id.is_(None),
            LedgerEntry.id.not_in(reversed_ids),
        )
        .order_by(LedgerEntry.id.desc())
    )


def repost_source(
    session: Session,
    source: str,
    source_id: int,
    *,
    entry_date: date,
    category_id: int,
    amount_fen: int,
    summary: str,
    handler: str = "",
    approver: str = "",
    reason: str = "来源记录已修改",
) -> LedgerEntry | None:
    """Make the ledger match a source record (a visit, a checkup campaign): unchanged →
    nothing; changed → reverse the old entry and post the new one; amount 0 → reverse only."""
    live = live_entry_for(session, source, source_id)
    wanted = (entry_date, category_id, amount_fen, _summary_text(summary))
    if live is not None and (live.entry_date, live.category_id, live.amount_fen, live.summary) == wanted:
        return live
    if live is not None:
        _reverse_in_place(session, live, reason)
    if amount_fen <= 0:
        return None
    return post(
        session,
        entry_date=entry_date,
        category_id=category_id,
        amount_fen=amount_fen,
        summary=summary,
        handler=handler,
        approver=approver,
        source=source,
        source_id=source_id,
    )


def reverse_source(session: Session, source: str, source_id: int, reason: str) -> None:
    live = live_entry_for(session, source, source_id)
    if live is not None:
        _reverse_in_place(session, live, reason)


def _reverse_in_place(session: Session, entry: LedgerEntry, reason: str) -> LedgerEntry:
    """Reverse a source's entry on its own date, so the ledger matches the source records
    for any period; an entry of a closed year can only be reversed in the current year."""
    on_date = None if _year(session, entry.year).closed else entry.entry_date
    return reverse(session, entry, reason, on_date=on_date)
