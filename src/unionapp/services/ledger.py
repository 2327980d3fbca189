"""The funds ledger (收支明细账): categories, years, entries, reversals.

Other areas (visits, checkups, dues) post their money through `post`, `repost_source`
and `reverse_source`, inside their own session so the record and its ledger entry are
written together or not at all. A posted entry is never edited: a correction is a
reversing entry (红字冲销) with the same category and direction and a negative amount.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from unionapp.db.engine import Database
from unionapp.db.models import BudgetLine, FundCategory, FundYear, LedgerEntry
from unionapp.db.postgres import insert_if_absent, serialize
from unionapp.domain.errors import DomainError
from unionapp.domain.funds import DIRECTION_LABELS, SOURCE_LABELS
from unionapp.domain.money import check_fen, format_fen
from unionapp.domain.text import NAME_LIMIT, NOTE_LIMIT, clean_name, clean_text
from unionapp.services import audit
from unionapp.services.errors import InUseError, NotFoundError


class FundsError(DomainError):
    pass


# ---------------------------------------------------------------- categories


@dataclass(frozen=True)
class CategoryRow:
    id: int
    code: str
    name: str
    direction: str
    parent_id: int | None
    parent_name: str
    active: bool
    has_children: bool

    @property
    def level(self) -> int:
        return 1 if self.parent_id is None else 2

    @property
    def full_name(self) -> str:
        """"职工活动支出/文体活动支出" for a second-level category."""
        return f"{self.parent_name}/{self.name}" if self.parent_name else self.name


def list_categories(db: Database, include_inactive: bool = True) -> list[CategoryRow]:
    """The chart in order: each first-level category followed by its children."""
    with db.session() as s:
        return _categories(s, include_inactive)


def _categories(session: Session, include_inactive: bool = True) -> list[CategoryRow]:
    cats = list(session.scalars(select(FundCategory).order_by(FundCategory.sort_order, FundCategory.id)))
    by_id = {c.id: c for c in cats}
    parents = {c.parent_id for c in cats if c.parent_id}
    rows = [CategoryRow(c.id, c.code, c.name, c.direction, c.parent_id,
                        by_id[c.parent_id].name if c.parent_id else "", c.active, c.id in parents)
            for c in cats if include_inactive or c.active]
    order = {c.id: (by_id[c.parent_id].sort_order if c.parent_id else c.sort_order, c.parent_id is not None,
                    c.sort_order) for c in cats}
    return sorted(rows, key=lambda r: order[r.id])


def category_id_for_code(session: Session, code: str) -> int:
    found = session.scalar(select(FundCategory.id).where(FundCategory.code == code))
    if found is None:
        raise FundsError(f"找不到经费科目“{code}”，请在“科目设置”中恢复它。")
    return found


def add_category(db: Database, name: str, direction: str, parent_id: int | None = None) -> int:
    name = _category_name(name)
    with db.session() as s:
        if parent_id is not None:
            parent = _category(s, parent_id)
            if parent.parent_id is not None:
                raise FundsError("科目最多两级：请在一级科目下添加明细科目。")
            if _use_count(s, parent_id):
                raise FundsError(f"“{parent.name}”已有记账或预算，不能再在它下面添加明细科目"
                                 "（否则已有的记账无处归属）。可以新增一个一级科目。")
            direction = parent.direction
        if direction not in DIRECTION_LABELS:
            raise ValueError(direction)
        if s.scalar(select(FundCategory).where(FundCategory.name == name, FundCategory.parent_id.is_not_distinct_from(parent_id))):
            raise FundsError(f"已有名为“{name}”的科目。")
        order = (s.scalar(select(func.max(FundCategory.sort_order))) or 0) + 1
        if parent_id is not None:
            siblings = s.scalar(select(func.max(FundCategory.sort_order)).where(FundCategory.parent_id == parent_id))
            order = (siblings or _category(s, parent_id).sort_order) + 1
        category = FundCategory(code=f"custom_{order}_{datetime.now():%H%M%S%f}", name=name, direction=direction,
                                parent_id=parent_id, sort_order=order, active=True)
        s.add(category)
        s.flush()
        audit.record(s, "create", "fund_category", category.id, f"新增经费科目 {name}", after={"name": name})
        return category.id


def rename_category(db: Database, category_id: int, name: str) -> None:
    name = _category_name(name)
    with db.session() as s:
        category = _category(s, category_id)
        old, category.name = category.name, name
        audit.record(s, "update", "fund_category", category_id, f"经费科目 {old} 改名为 {name}",
                     before={"name": old}, after={"name": name})


def set_category_active(db: Database, category_id: int, active: bool) -> None:
    """Retire (停用) a category that has entries instead of deleting it; or bring it back."""
    with db.session() as s:
        category = _category(s, category_id)
        was, category.active = category.active, active
        audit.record(s, "update", "fund_category", category_id,
                     f"{'启用' if active else '停用'}经费科目 {category.name}", before={"active": was},
                     after={"active": active})


def remove_category(db: Database, category_id: int) -> None:
    with db.session() as s:
        category = _category(s, category_id)
        used = _use_count(s, category_id)
        if used:
            raise InUseError(f"科目“{category.name}”已有 {used} 条记账或预算使用，不能删除；不再使用时请“停用”。")
        if s.scalar(select(func.count()).where(FundCategory.parent_id == category_id)):
            raise InUseError(f"科目“{category.name}”下还有明细科目，请先删除或停用它们。")
        s.delete(category)
        audit.record(s, "delete", "fund_category", category_id, f"删除经费科目 {category.name}",
                     before={"name": category.name, "direction": category.direction, "parent_id": category.parent_id})


def _use_count(session: Session, category_id: int) -> int:
    """Ledger entries and budget lines on a category."""
    return (session.scalar(select(func.count()).where(LedgerEntry.category_id == category_id)) or 0) + \
        (session.scalar(select(func.count()).where(BudgetLine.category_id == category_id)) or 0)


def _category_name(name: str) -> str:
    return clean_name(name, "科目名称")


def _category(session: Session, category_id: int) -> FundCategory:
    category = session.get(FundCategory, category_id)
    if category is None:
        raise NotFoundError("找不到这个经费科目，请刷新。")
    return category


# ---------------------------------------------------------------- years


@dataclass(frozen=True)
class YearRow:
    year: int
    opening_fen: int
    income_fen: int
    expense_fen: int
    closed: bool

    @property
    def balance_fen(self) -> int:
        return self.opening_fen + self.income_fen - self.expense_fen


def _year(session: Session, year: int) -> FundYear:
    """The year's row, made on first use with the previous closed year's balance carried in."""
    row = session.get(FundYear, year)
    if row is None:
        previous = session.get(FundYear, year - 1)
        opening = previous.closing_balance_fen if previous is not None and previous.closed else 0
        insert_if_absent(session, FundYear, {"year": year, "opening_balance_fen": opening or 0, "closed": False,
                                             "version": 1})
        row = session.get(FundYear, year)  # ours, or the one another officer made a moment ago
    return row


def check_open(session: Session, year: int) -> None:
    """Refuse writing into a closed year, or into a year before one that is closed."""
    if _year(session, year).closed:
        raise FundsError(f"{year} 年已经结账，不能再记账或修改。如需更正，请在当前年度记一笔调整。")
    later = session.scalar(select(func.max(FundYear.year)).where(FundYear.year > year, FundYear.closed.is_(True)))
    if later is not None:
        raise FundsError(f"{later} 年已经结账，不能再补记更早的 {year} 年的账。如需更正，请在当前年度记一笔调整。")


def _totals(session: Session, year: int) -> tuple[int, int]:
    rows = session.execute(select(LedgerEntry.direction, func.sum(LedgerEntry.amount_fen))
                           .where(LedgerEntry.year == year).group_by(LedgerEntry.direction))
    sums = {direction: total or 0 for direction, total in rows}
    return sums.get("income", 0), sums.get("expense", 0)


def _opening(session: Session, year: int) -> tuple[int, bool]:
    """(opening balance, closed) of a year without creating its row (reading must not write)."""
    row = session.get(FundYear, year)
    if row is not None:
        return row.opening_balance_fen, row.closed
    previous = session.get(FundYear, year - 1)
    return (previous.closing_balance_fen or 0) if previous is not None and previous.closed else 0, False


def year_summary(db: Database, year: int) -> YearRow:
    with db.session() as s:
        opening, closed = _opening(s, year)
        income, expense = _totals(s, year)
        return YearRow(year, opening, income, expense, closed)


def opening_balance(db: Database, year: int) -> int:
    """The year's opening balance, read without making the year's row (an export never writes)."""
    with db.session() as s:
        return _opening(s, year)[0]


def list_years(db: Database) -> list[int]:
    """Years with entries or a year row, plus the current year."""
    with db.session() as s:
        years = set(s.scalars(select(FundYear.year))) | set(s.scalars(select(LedgerEntry.year).distinct()))
    return sorted(years | {date.today().year})


def closed_years(db: Database) -> set[int]:
    """The years whose books are closed, read without making any year's row (a dry run writes nothing)."""
    with db.session() as s:
        return set(s.scalars(select(FundYear.year).where(FundYear.closed.is_(True))))


def entries_per_year(db: Database) -> dict[int, int]:
    """How many entries each year with entries has."""
    with db.session() as s:
        return dict(s.execute(select(LedgerEntry.year, func.count()).group_by(LedgerEntry.year)).all())


def set_opening_balance(db: Database, year: int, opening_fen: int) -> None:
    """The balance a union brings when it starts using the app; later years carry it forward."""
    with db.session() as s:
        set_opening(s, year, opening_fen)


def set_opening(session: Session, year: int, opening_fen: int, note: str = "") -> None:
    """set_opening_balance inside the caller's transaction (an import sets it with its rows)."""
    opening_fen = check_fen(opening_fen, "期初余额", negative=True)
    check_open(session, year)
    previous = session.get(FundYear, year - 1)
    if previous is not None and previous.closed:
        raise FundsError(f"{year} 年的期初余额由 {year - 1} 年结账结转而来，不能手工修改。")
    row = _year(session, year)
    old, row.opening_balance_fen = row.opening_balance_fen, opening_fen
    audit.record(session, "update", "fund_year", year,
                 f"{year} 年期初余额 {format_fen(old)} → {format_fen(opening_fen)}{note}",
                 before={"opening": old}, after={"opening": opening_fen})


def close_year(db: Database, year: int) -> int:
    """Close a year: its entries become read-only and its balance opens the next year."""
    with db.session() as s:
        row = _year(s, year)
        if row.closed:
            raise FundsError(f"{year} 年已经结过账了。")
        previous = s.get(FundYear, year - 1)
        earlier_entries = s.scalar(select(func.count()).where(LedgerEntry.year < year)) or 0
        if earlier_entries and (previous is None or not previous.closed):
            raise FundsError(f"请先给 {year - 1} 年结账，再结 {year} 年。")
        income, expense = _totals(s, year)
        row.closing_balance_fen = row.opening_balance_fen + income - expense
        row.closed, row.closed_at = True, datetime.now()
        following = _year(s, year + 1)
        next_opening, following.opening_balance_fen = following.opening_balance_fen, row.closing_balance_fen
        audit.record(s, "update", "fund_year", year, f"{year} 年结账，结余 {format_fen(row.closing_balance_fen)} 元结转下年",
                     before={"closed": False, "next_opening": next_opening},
                     after={"closed": True, "closing": row.closing_balance_fen, "next_opening": row.closing_balance_fen})
        return row.closing_balance_fen


# ---------------------------------------------------------------- posting


def _next_voucher(session: Session, year: int) -> int:
    serialize(session, "voucher", year)  # two officers posting at once must not take the same number
    return (session.scalar(select(func.max(LedgerEntry.voucher_no)).where(LedgerEntry.year == year)) or 0) + 1


def voucher_text(year: int, number: int) -> str:
    return f"{year}-{number:04d}"


SUMMARY_LIMIT = 200  # the column's size


def _summary_text(summary: str) -> str:
    """A summary as stored: cleaned, and one made up by the program (a visit's, an imported
    row with its notes) cut to the column; a typed one is refused when longer (add_entry)."""
    return clean_text(summary, "摘要", limit=None)[:SUMMARY_LIMIT]


def post(session: Session, *, entry_date: date, category_id: int, amount_fen: int, summary: str,
         handler: str = "", approver: str = "", source: str = "manual", source_id: int | None = None) -> LedgerEntry:
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
    entry = LedgerEntry(year=entry_date.year, entry_date=entry_date, voucher_no=_next_voucher(session, entry_date.year),
                        category_id=category_id, direction=category.direction, amount_fen=amount_fen,
                        summary=summary, handler=handler, approver=approver, source=source, source_id=source_id)
    session.add(entry)
    session.flush()
    audit.record(session, "create", "ledger", entry.id,
                 f"记账 {voucher_text(entry.year, entry.voucher_no)} {category.name} "
                 f"{DIRECTION_LABELS[category.direction]} {format_fen(amount_fen)} 元：{entry.summary}",
                 after={"date": entry_date, "category": category.name, "amount_fen": amount_fen, "source": source,
                        "source_id": source_id})
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
    red = LedgerEntry(year=on_date.year, entry_date=on_date, voucher_no=_next_voucher(session, on_date.year),
                      category_id=entry.category_id, direction=entry.direction, amount_fen=-entry.amount_fen,
                      summary=f"冲销凭证 {original}：{entry.summary}"[:200], handler=entry.handler,
                      approver=entry.approver, source=entry.source, source_id=entry.source_id,
                      reversal_of_id=entry.id, reversal_reason=reason)
    session.add(red)
    session.flush()
    audit.record(session, "reverse", "ledger", red.id, f"红字冲销凭证 {original}（{format_fen(entry.amount_fen)} 元）：{reason}",
                 before={"entry_id": entry.id, "amount_fen": entry.amount_fen}, after={"reversal_id": red.id})
    return red


def live_entry_for(session: Session, source: str, source_id: int) -> LedgerEntry | None:
    """The entry currently standing for a source record: neither a reversal nor reversed."""
    reversed_ids = select(LedgerEntry.reversal_of_id).where(LedgerEntry.reversal_of_id.is_not(None))
    return session.scalar(
        select(LedgerEntry).where(LedgerEntry.source == source, LedgerEntry.source_id == source_id,
                                  LedgerEntry.reversal_of_id.is_(None), LedgerEntry.id.not_in(reversed_ids))
        .order_by(LedgerEntry.id.desc()))


def repost_source(session: Session, source: str, source_id: int, *, entry_date: date, category_id: int,
                  amount_fen: int, summary: str, handler: str = "", approver: str = "",
                  reason: str = "来源记录已修改") -> LedgerEntry | None:
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
    return post(session, entry_date=entry_date, category_id=category_id, amount_fen=amount_fen, summary=summary,
                handler=handler, approver=approver, source=source, source_id=source_id)


def reverse_source(session: Session, source: str, source_id: int, reason: str) -> None:
    live = live_entry_for(session, source, source_id)
    if live is not None:
        _reverse_in_place(session, live, reason)


def _reverse_in_place(session: Session, entry: LedgerEntry, reason: str) -> LedgerEntry:
    """Reverse a source's entry on its own date, so the ledger matches the source records
    for any period; an entry of a closed year can only be reversed in the current year."""
    on_date = None if _year(session, entry.year).closed else entry.entry_date
    return reverse(session, entry, reason, on_date=on_date)


# ---------------------------------------------------------------- manual entries


@dataclass
class EntryInput:
    entry_date: date
    category_id: int
    amount_fen: int
    summary: str
    handler: str = ""
    approver: str = ""


def _validate_manual(data: EntryInput) -> None:
    problems = []
    for text, label, limit in ((data.summary, "摘要", SUMMARY_LIMIT), (data.handler, "经办人", NAME_LIMIT),
                               (data.approver, "审批人", NAME_LIMIT)):
        try:
            clean_text(text, label, limit, required=label == "摘要")
        except DomainError as err:
            problems.append(str(err))
    try:
        if check_fen(data.amount_fen, "金额", negative=True) <= 0:
            problems.append("金额必须大于 0（冲销请用“红字冲销”）")
    except DomainError as err:
        problems.append(str(err))
    if data.entry_date > date.today():
        problems.append("日期不能晚于今天")
    if problems:
        raise FundsError("；".join(problems))


def add_entry(db: Database, data: EntryInput) -> int:
    """A manual entry (收入 or 支出 by its category)."""
    _validate_manual(data)
    with db.session() as s:
        return post(s, entry_date=data.entry_date, category_id=data.category_id, amount_fen=data.amount_fen,
                    summary=data.summary, handler=data.handler, approver=data.approver).id


def import_entries_in(session: Session, openings: Sequence[tuple[int, int]], entries: Sequence[EntryInput],
                      note: str = "（导入）") -> None:
    """A past ledger in the caller's transaction: (year, opening balance) for years with no
    entries yet, then the entries in the order given, posted with source "import"."""
    for year, opening_fen in openings:
        check_open(session, year)
        if session.scalar(select(func.count()).where(LedgerEntry.year == year)):
            raise FundsError(f"{year} 年已有记账，不能再导入期初余额。")
        set_opening(session, year, opening_fen, note=note)
    for e in entries:
        post(session, entry_date=e.entry_date, category_id=e.category_id, amount_fen=e.amount_fen,
             summary=e.summary, handler=e.handler, approver=e.approver, source="import")


def reverse_entry(db: Database, entry_id: int, reason: str) -> int:
    with db.session() as s:
        entry = s.get(LedgerEntry, entry_id)
        if entry is None:
            raise NotFoundError("找不到这笔记账，请刷新。")
        return reverse(s, entry, reason).id


def overdraw_warning(db: Database, data: EntryInput) -> str | None:
    """A sentence when this payment takes its category (or its parent) over the year's budget."""
    with db.session() as s:
        category = _category(s, data.category_id)
        if category.direction != "expense":
            return None
        for cat in filter(None, [category, s.get(FundCategory, category.parent_id) if category.parent_id else None]):
            ids = [cat.id, *s.scalars(select(FundCategory.id).where(FundCategory.parent_id == cat.id))]
            budget = s.scalar(select(func.sum(BudgetLine.amount_fen)).where(
                BudgetLine.year == data.entry_date.year, BudgetLine.category_id.in_(ids)))
            if not budget:
                continue
            spent = s.scalar(select(func.sum(LedgerEntry.amount_fen)).where(
                LedgerEntry.year == data.entry_date.year, LedgerEntry.category_id.in_(ids))) or 0
            if spent + data.amount_fen > budget:
                over = spent + data.amount_fen - budget
                return (f"记这笔后，“{cat.name}”{data.entry_date.year} 年的支出将超出预算 {format_fen(over)} 元"
                        f"（预算 {format_fen(budget)} 元，已支出 {format_fen(spent)} 元）。确定要记吗？")
    return None


# ---------------------------------------------------------------- reading


@dataclass(frozen=True)
class EntryRow:
    id: int
    year: int
    entry_date: date
    voucher_no: int
    category_id: int
    category_name: str  # full two-level name
    direction: str
    amount_fen: int  # negative for a reversal
    balance_fen: int  # the year's balance after this entry (opening balance included)
    summary: str
    handler: str
    approver: str
    source: str
    source_id: int | None
    reversal_of_id: int | None
    reversed_by_id: int | None
    reversal_reason: str

    @property
    def voucher(self) -> str:
        return voucher_text(self.year, self.voucher_no)

    @property
    def income_fen(self) -> int:
        return self.amount_fen if self.direction == "income" else 0

    @property
    def expense_fen(self) -> int:
        return self.amount_fen if self.direction == "expense" else 0


@dataclass(frozen=True)
class LedgerFilter:
    year: int | None = None
    month: int | None = None
    date_from: date | None = None
    date_to: date | None = None
    category_id: int | None = None  # a first-level category includes its children
    direction: str | None = None
    source: str | None = None
    text: str = ""


def list_entries(db: Database, flt: LedgerFilter) -> list[EntryRow]:
    """Entries in date and voucher order, each with the running balance of its year."""
    with db.session() as s:
        names = {c.id: c for c in _categories(s)}
        stmt = select(LedgerEntry).order_by(LedgerEntry.year, LedgerEntry.entry_date, LedgerEntry.voucher_no)
        years = [flt.year] if flt.year else None
        if flt.date_from or flt.date_to:
            low = (flt.date_from or date.min).year
            high = (flt.date_to or date.max).year
            stmt = stmt.where(LedgerEntry.year.between(low, high))
        elif years:
            stmt = stmt.where(LedgerEntry.year.in_(years))
        entries = list(s.scalars(stmt))
        openings = {year: _opening(s, year)[0] for year in {e.year for e in entries}}
        # a closed year's entry is reversed in a later year: look across all years
        reversed_by = dict(s.execute(select(LedgerEntry.reversal_of_id, LedgerEntry.id)
                                     .where(LedgerEntry.reversal_of_id.is_not(None))).all())
    rows, balance, current_year = [], 0, None
    for e in entries:
        if e.year != current_year:
            current_year, balance = e.year, openings.get(e.year, 0)
        balance += e.amount_fen if e.direction == "income" else -e.amount_fen
        cat = names.get(e.category_id)
        rows.append(EntryRow(e.id, e.year, e.entry_date, e.voucher_no, e.category_id, cat.full_name if cat else "",
                             e.direction, e.amount_fen, balance, e.summary, e.handler, e.approver, e.source,
                             e.source_id, e.reversal_of_id, reversed_by.get(e.id), e.reversal_reason))
    return filter_entries(rows, flt, names)


def filter_entries(rows: list[EntryRow], flt: LedgerFilter, cats: dict[int, CategoryRow]) -> list[EntryRow]:
    """The rows a filter keeps; the funds tab filters a loaded year in memory with this."""
    return [r for r in rows if entry_matches(r, flt, cats)]


def entry_matches(row: EntryRow, flt: LedgerFilter, cats: dict[int, CategoryRow]) -> bool:
    if flt.month is not None and row.entry_date.month != flt.month:
        return False
    if flt.date_from and row.entry_date < flt.date_from or flt.date_to and row.entry_date > flt.date_to:
        return False
    if flt.category_id is not None:
        cat = cats.get(row.category_id)
        if row.category_id != flt.category_id and (cat is None or cat.parent_id != flt.category_id):
            return False
    if flt.direction is not None and row.direction != flt.direction:
        return False
    if flt.source is not None and row.source != flt.source:
        return False
    text = flt.text.strip().lower()
    return not text or text in f"{row.summary}\t{row.handler}\t{row.approver}\t{row.voucher}\t{row.category_name}".lower()


def balance_before(db: Database, day: date) -> int:
    """The balance of `day`'s year before `day`: its opening balance and the year's entries dated earlier."""
    if (day.month, day.day) != (1, 1):
        before = list_entries(db, LedgerFilter(date_from=date(day.year, 1, 1), date_to=day - timedelta(1)))
        if before:
            return before[-1].balance_fen
    return opening_balance(db, day.year)


@dataclass(frozen=True)
class MonthRow:
    month: int
    income_fen: int  # net: reversals included, so they cancel
    expense_fen: int


def monthly_totals(db: Database, year: int) -> list[MonthRow]:
    """Net income and spending of each month of a year, January to December."""
    sums = {(m, d): 0 for m in range(1, 13) for d in DIRECTION_LABELS}
    with db.session() as s:
        for day, direction, fen in s.execute(select(LedgerEntry.entry_date, LedgerEntry.direction,
                                                    LedgerEntry.amount_fen).where(LedgerEntry.year == year)):
            sums[(day.month, direction)] += fen
    return [MonthRow(m, sums[(m, "income")], sums[(m, "expense")]) for m in range(1, 13)]


def totals_by_category(session: Session, year: int, ids: Iterable[int] | None = None) -> dict[int, int]:
    """Net amount per category for a year (reversals included, so they cancel)."""
    stmt = select(LedgerEntry.category_id, func.sum(LedgerEntry.amount_fen)).where(LedgerEntry.year == year)
    if ids is not None:
        stmt = stmt.where(LedgerEntry.category_id.in_(list(ids)))
    return {cid: total or 0 for cid, total in session.execute(stmt.group_by(LedgerEntry.category_id))}
