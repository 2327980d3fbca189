"""Dues (会费) and the employer's allocation (拨缴经费).

Dues are a fixed amount per member per month, or a rate on each member's base pay;
active union members pay, retirees keep membership and pay none. A month is posted in
one action: the dues as income, the upper union's share as 上解上级支出.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import delete, insert, select

from unionapp.db.engine import Database
from unionapp.db.models import DuesItem, DuesPosting, LedgerEntry, Member
from unionapp.domain.funds import DUES_SETTINGS
from unionapp.domain.money import check_fen, format_fen, share_of
from unionapp.domain.text import NOTE_LIMIT, clean_text
from unionapp.services import audit, settings
from unionapp.services.ledger import FundsError, category_id_for_code, post, reverse, voucher_text


@dataclass(frozen=True)
class DuesRule:
    mode: str  # "fixed" | "rate"
    fixed_fen: int
    rate_permille: Decimal  # 5 = 0.5%
    remit_percent: Decimal
    allocation_retained_percent: Decimal

    def amount_for(self, base_pay_fen: int | None) -> int | None:
        """One member's monthly dues; None when the rate applies and the base pay is unknown."""
        if self.mode == "fixed":
            return self.fixed_fen
        if base_pay_fen is None:
            return None
        return share_of(base_pay_fen, self.rate_permille / 10)

    def describe(self) -> str:
        if self.mode == "fixed":
            rule = f"每人每月 {format_fen(self.fixed_fen)} 元"
        else:
            rule = f"按月基本工资的 {self.rate_permille / 10}%"
        return f"{rule}，其中 {self.remit_percent}% 上缴上级工会"


def load_rule(db: Database) -> DuesRule:
    v = settings.get_values(db, DUES_SETTINGS)
    return DuesRule(
        v["dues_mode"],
        int(v["dues_fixed_fen"]),
        Decimal(v["dues_rate_permille"]),
        Decimal(v["dues_remit_percent"]),
        Decimal(v["allocation_retained_percent"]),
    )


def save_rule(db: Database, rule: DuesRule) -> None:
    if rule.mode not in ("fixed", "rate"):
        raise ValueError(rule.mode)
    check_fen(rule.fixed_fen, "每人每月会费", negative=True)
    if rule.fixed_fen < 0 or not (0 <= rule.remit_percent <= 100) or not (0 <= rule.allocation_retained_percent <= 100):
        raise FundsError("会费金额不能为负，比例应在 0 到 100 之间。")
    settings.set_values(
        db,
        {
            "dues_mode": rule.mode,
            "dues_fixed_fen": str(rule.fixed_fen),
            "dues_rate_permille": str(rule.rate_permille),
            "dues_remit_percent": str(rule.remit_percent),
            "allocation_retained_percent": str(rule.allocation_retained_percent),
        },
        DUES_SETTINGS,
    )


@dataclass(frozen=True)
class DuesPreview:
    year: int
    month: int
    items: list[tuple[int, str, int]]  # (member id, name, fen)
    missing_base_pay: list[tuple[int, str]]  # (id, name) of payers with no base pay (rate mode)
    exempt: int

    @property
    def total_fen(self) -> int:
        return sum(fen for _id, _name, fen in self.items)


def payers(db: Database) -> list[tuple[int, str, int | None]]:
    """Who owes dues: active union members (retirees keep membership but pay none),
    as (member id, name, base pay in fen), in pinyin order."""
    with db.session() as s:
        return [
            tuple(r)
            for r in s.execute(
                select(Member.id, Member.name, Member.base_pay_fen)
                .where(Member.status == "active", Member.is_union_member.is_(True))
                .order_by(Member.sort_key)
            )
        ]


def preview_dues(db: Database, year: int, month: int, exempt_ids: set[int] = frozenset()) -> DuesPreview:
    """Who pays what for a month: the payers, less the exempted ones."""
    return preview_from(load_rule(db), payers(db), year, month, exempt_ids)


def preview_from(
    rule: DuesRule, everyone: list[tuple[int, str, int | None]], year: int, month: int, exempt_ids: set[int]
) -> DuesPreview:
    """preview_dues from the rule and payers already read: the 记会费 dialog previews each
    ticked box without a query."""
    items, missing = [], []
    for member_id, name, base_pay in everyone:
        if member_id in exempt_ids:
            continue
        fen = rule.amount_for(base_pay)
        if fen is None:
            missing.append((member_id, name))
        elif fen > 0:
            items.append((member_id, name, fen))
    return DuesPreview(year, month, items, missing, len([p for p in everyone if p[0] in exempt_ids]))


def _posting_date(year: int, month: int) -> date:
    last = date(year, month, calendar.monthrange(year, month)[1])
    today = date.today()
    if date(year, month, 1) > today:
        raise FundsError(f"{year} 年 {month} 月还没到，不能提前记会费。")
    return min(last, today)


def post_dues(db: Database, year: int, month: int, exempt_ids: set[int] = frozenset(), handler: str = "") -> int:
    """Post a month's dues and the remittance in one transaction; returns the posting id."""
    preview = preview_dues(db, year, month, exempt_ids)
    if preview.missing_base_pay:
        names = "、".join(name for _id, name in preview.missing_base_pay[:5]) + (
            "等" if len(preview.missing_base_pay) > 5 else ""
        )
        raise FundsError(
            f"{len(preview.missing_base_pay)} 位会员没有填写月基本工资（{names}），无法按比例计算会费。"
            "请在会员资料中补填，或把他们列为本月免缴。"
        )
    if not preview.items:
        raise FundsError("本月没有需要缴会费的会员。")
    check_fen(preview.total_fen, f"{year} 年 {month} 月的会费合计")  # before the posting row stores it
    rule = load_rule(db)
    entry_date = _posting_date(year, month)
    remit = share_of(preview.total_fen, rule.remit_percent)
    with db.session() as s:
        if s.scalar(select(DuesPosting.id).where(DuesPosting.year == year, DuesPosting.month == month)):
            raise FundsError(f"{year} 年 {month} 月的会费已经记过账了。")
        posting = DuesPosting(
            year=year,
            month=month,
            member_count=len(preview.items),
            total_fen=preview.total_fen,
            remit_fen=remit,
            exempt_member_ids=",".join(map(str, sorted(exempt_ids))),
        )
        s.add(posting)
        s.flush()
        with audit.summarised(s):  # the month is one audit entry, naming its vouchers
            entries = [
                post(
                    s,
                    entry_date=entry_date,
                    category_id=category_id_for_code(s, "dues"),
                    amount_fen=preview.total_fen,
                    summary=f"{year}年{month}月会费（{len(preview.items)} 人）",
                    handler=handler,
                    source="dues",
                    source_id=posting.id,
                )
            ]
            if remit:
                entries.append(
                    post(
                        s,
                        entry_date=entry_date,
                        category_id=category_id_for_code(s, "remit"),
                        amount_fen=remit,
                        summary=f"上缴上级工会 {year}年{month}月会费 {rule.remit_percent}%",
                        handler=handler,
                        source="dues",
                        source_id=posting.id,
                    )
                )
        posting.income_entry_id = entries[0].id
        posting.remit_entry_id = entries[1].id if remit else None
        s.execute(
            insert(DuesItem),
            [{"posting_id": posting.id, "member_id": mid, "amount_fen": fen} for mid, _name, fen in preview.items],
        )
        audit.record(
            s,
            "create",
            "dues",
            posting.id,
            f"记 {year} 年 {month} 月会费 {format_fen(preview.total_fen)} 元",
            after={
                "members": len(preview.items),
                "total_fen": preview.total_fen,
                "remit_fen": remit,
                "vouchers": [voucher_text(e.year, e.voucher_no) for e in entries],
            },
        )
        return posting.id


def undo_dues(db: Database, year: int, month: int, reason: str) -> None:
    """Reverse a posted month (both entries) so it can be posted again."""
    reason = clean_text(reason, "撤销原因", NOTE_LIMIT)
    with db.session() as s:
        posting = s.scalar(select(DuesPosting).where(DuesPosting.year == year, DuesPosting.month == month))
        if posting is None:
            raise FundsError(f"{year} 年 {month} 月的会费还没有记账。")
        reversals = []
        with audit.summarised(s):  # the month is one audit entry, naming its vouchers
            for entry_id in filter(None, (posting.income_entry_id, posting.remit_entry_id)):
                reversals.append(
                    reverse(s, s.get(LedgerEntry, entry_id), reason, on_date=s.get(LedgerEntry, entry_id).entry_date)
                )
        s.execute(delete(DuesItem).where(DuesItem.posting_id == posting.id))
        s.delete(posting)
        audit.record(
            s,
            "reverse",
            "dues",
            posting.id,
            f"撤销 {year} 年 {month} 月会费记账：{reason}",
            before={"members": posting.member_count, "total_fen": posting.total_fen, "remit_fen": posting.remit_fen},
            after={"vouchers": [voucher_text(e.year, e.voucher_no) for e in reversals]},
        )


@dataclass(frozen=True)
class MonthStatus:
    month: int
    posted: bool
    member_count: int = 0
    total_fen: int = 0
    remit_fen: int = 0


def dues_year(db: Database, year: int) -> list[MonthStatus]:
    """Which months of a year have their dues posted."""
    with db.session() as s:
        posted = {p.month: p for p in s.scalars(select(DuesPosting).where(DuesPosting.year == year))}
    return [
        MonthStatus(m, True, posted[m].member_count, posted[m].total_fen, posted[m].remit_fen)
        if m in posted
        else MonthStatus(m, False)
        for m in range(1, 13)
    ]


def allocation_amounts(payroll_fen: int, retained_percent: Decimal) -> tuple[int, int]:
    """The 2% of payroll the employer allocates, and the part this union keeps."""
    allocation = share_of(payroll_fen, 2)
    return allocation, share_of(allocation, retained_percent)


def post_allocation(db: Database, entry_date: date, payroll_fen: int, period: str, handler: str = "") -> int:
    """Record the retained share of the employer's 2% allocation (拨缴经费) as income."""
    payroll_fen = check_fen(payroll_fen, "工资总额", negative=True)
    if payroll_fen <= 0:
        raise FundsError("工资总额必须大于 0。")
    retained_percent = load_rule(db).allocation_retained_percent
    allocation, retained = allocation_amounts(payroll_fen, retained_percent)
    with db.session() as s:
        return post(
            s,
            entry_date=entry_date,
            category_id=category_id_for_code(s, "allocation"),
            amount_fen=retained,
            summary=f"{period}拨缴经费（工资总额 {format_fen(payroll_fen)} 元 × 2% = {format_fen(allocation)} 元，"
            f"留成 {retained_percent}%）",
            handler=handler,
            source="allocation",
        ).id
