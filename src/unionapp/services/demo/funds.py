"""Demo funds: budgets and a ledger for the demo school, `years` years ending this year.

Written with Core bulk inserts (10,000 members × 12 months × 10 years of dues items
would take minutes through the ORM), in the same shape the services write: a dues
posting with its income and remittance entries and one item per payer, vouchers
numbered per year in date order, an audit line per year. Budgets, the opening balance
and year closing go through the services. Past years are closed; this year stays open.
Visits (demo.visits) are saved through the visits service in the same transaction as
the year's entries, in date order among them, so vouchers still run by date and each
year holds its visits' money before it is closed.
"""

from __future__ import annotations

import calendar
import random
from dataclasses import dataclass, replace
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import func, insert, select

from unionapp.db.engine import Database
from unionapp.db.models import DuesItem, DuesPosting, LedgerEntry, Member
from unionapp.db.postgres import reset_sequences
from unionapp.domain.money import format_fen, share_of
from unionapp.services import audit, budget, dues, ledger
from unionapp.services.demo.spending import HANDLERS, Planned, spending_for_year
from unionapp.services.demo.visits import DemoYear, VisitPlanner
from unionapp.services.dues import DuesRule
from unionapp.services.visits import VisitInput

AVERAGE_PAY_FEN = 900_000  # 9,000 元 a month, for the 2% allocation's payroll
INCOME_CODES = frozenset({"dues", "allocation", "upper_subsidy", "admin_subsidy", "other_income"})


@dataclass(frozen=True)
class _School:
    payers: list[tuple[int, int]]  # (member id, monthly dues in fen)


def create_funds(
    db: Database, years: int, seed: int, today: date, chair: str, visits: VisitPlanner | None = None
) -> int:
    """Fill the funds of an empty ledger, and the visits each year if `visits` plans
    them; returns the number of entries written."""
    with db.session() as s:
        booked = s.scalar(select(func.count()).select_from(LedgerEntry))
        booked = booked or s.scalar(select(func.count()).select_from(DuesPosting))
    if booked:
        return 0  # someone already keeps books here: never mix demo money into them
    if years < 1:
        return 0
    rng = random.Random(f"funds-{seed}")  # apart from the members' generator, so they stay as before
    rule = dues.load_rule(db)
    school = _school(db, rule)
    # Leaves only: a chair who split a default category before running the demo keeps working books.
    cats = {c.code: c.id for c in ledger.list_categories(db) if c.active and not c.has_children}
    first = today.year - years + 1
    size = max(len(school.payers), 1)
    ledger.set_opening_balance(db, first, _round100(rng.randint(800, 1100) * size * 100))
    dues_year = sum(fen for _mid, fen in school.payers) * 12
    plan = _first_budget(size, dues_year, rule.remit_percent)
    written = 0
    for year in range(first, today.year + 1):
        plan = plan if year == first else _adjusted(plan, rng, dues_year, rule.remit_percent)
        budget.set_budget(db, year, {cats[code]: fen for code, fen in plan.items() if code in cats})
        extra = visits.for_year(year) if visits is not None else DemoYear()
        written += _write_year(db, year, today, rng, school, rule, cats, chair, extra, visits)
        if year < today.year:
            ledger.close_year(db, year)
    return written


def _school(db: Database, rule: DuesRule) -> _School:
    with db.session() as s:
        rows = s.execute(
            select(Member.id, Member.gender, Member.base_pay_fen).where(
                Member.status == "active", Member.is_union_member.is_(True)
            )
        ).all()
    # In member-id order: each month's items then go into the member index in order (2× faster).
    payers = sorted((mid, fen) for mid, _g, pay in rows if (fen := rule.amount_for(pay)))
    return _School(payers)


# ---------------------------------------------------------------- budget


def _first_budget(members: int, dues_year: int, remit_percent: Decimal) -> dict[str, int]:
    """A plausible budget for a union of `members` payers, in fen, by category code."""
    per_head = {
        "allocation": 1300,
        "admin_subsidy": 100,
        "welfare": 1100,
        "sports": 60,
        "education": 25,
        "publicity": 5,
        "other_activity": 130,
        "warmth": 20,
        "hardship": 40,
        "labour_protection": 30,
        "training": 8,
        "meeting": 10,
        "special": 3,
        "capital": 10,
        "other_expense": 1,
    }
    plan = {code: _round100(yuan * members * 100) for code, yuan in per_head.items()}
    plan["dues"], plan["remit"] = dues_year, share_of(dues_year, remit_percent)
    return plan


def _adjusted(previous: dict[str, int], rng: random.Random, dues_year: int, remit_percent: Decimal) -> dict[str, int]:
    """Last year's budget copied and adjusted a little, as the chair does each year;
    dues are known exactly from the members."""
    plan = {code: _round100(fen * rng.uniform(0.97, 1.08)) for code, fen in previous.items()}
    plan["dues"], plan["remit"] = dues_year, share_of(dues_year, remit_percent)
    return plan


def _round100(fen: float) -> int:
    """To whole hundreds of yuan, as budgets are written."""
    return int(round(fen / 10000)) * 10000


# ---------------------------------------------------------------- one year


def _months(year: int, today: date) -> list[int]:
    return [m for m in range(1, 13) if date(year, m, 1) <= today]


def _dues_date(year: int, month: int, today: date) -> date:
    """What dues._posting_date gives: the month's last day, or today in the current month."""
    return min(date(year, month, calendar.monthrange(year, month)[1]), today)


def _write_year(
    db: Database,
    year: int,
    today: date,
    rng: random.Random,
    school: _School,
    rule: DuesRule,
    cats: dict[str, int],
    chair: str,
    extra: DemoYear,
    visits: VisitPlanner | None,
) -> int:
    planned = spending_for_year(year, rng, len(school.payers)) + extra.purchases
    planned += _allocations(year, rng, len(school.payers), rule.allocation_retained_percent)
    dues_total = sum(fen for _mid, fen in school.payers)
    remit = share_of(dues_total, rule.remit_percent)
    months = _months(year, today) if school.payers and {"dues", "remit"} <= cats.keys() else []
    planned += _dues(year, months, today, dues_total, remit, len(school.payers), rule.remit_percent)
    planned = [p for p in _balanced(planned, rng, extra.money_fen) if p.day <= today and p.code in cats]
    planned.sort(key=lambda p: p.day)  # stable: a reversal stays after its original on one day
    with db.session() as s:
        next_posting = (s.scalar(select(func.max(DuesPosting.id))) or 0) + 1
        postings = {m: next_posting + i for i, m in enumerate(months)}
        rows: list[dict] = []
        by_key: dict[str, dict] = {}
        for batch, visit in _interleaved(planned, extra.visits):
            rows += _insert_entries(s, batch, year, cats, postings, chair, by_key)
            if visit is not None and visits is not None:
                visits.write(s, visit)
        _write_dues(s, year, months, postings, rows, school, dues_total, remit)
        audit.record(
            s,
            "import",
            "ledger",
            None,
            f"生成演示经费数据：{year} 年记账 {len(rows)} 笔",
            after={"year": year, "entries": len(rows)},
        )
    return len(rows)


def _dues(
    year: int, months: list[int], today: date, total: int, remit: int, payers: int, remit_percent: Decimal
) -> list[Planned]:
    """Each month's dues and remittance, worded and dated as dues.post_dues does."""
    out = []
    for month in months:
        when = _dues_date(year, month, today)
        out.append(
            Planned(
                when,
                "dues",
                total,
                f"{year}年{month}月会费（{payers} 人）",
                HANDLERS["finance"],
                "dues",
                month,
                scalable=False,
            )
        )
        if remit:
            out.append(
                Planned(
                    when,
                    "remit",
                    remit,
                    f"上缴上级工会 {year}年{month}月会费 {remit_percent}%",
                    HANDLERS["finance"],
                    "dues",
                    month,
                    scalable=False,
                )
            )
    return out


def _balanced(planned: list[Planned], rng: random.Random, visits_fen: int = 0) -> list[Planned]:
    """Spending scaled to 88–98% of the whole year's income, as a union spends what it
    receives; amounts a standard fixes (visits, fees) stay as they are."""
    income = sum(p.amount_fen for p in planned if p.code in INCOME_CODES)
    fixed = sum(p.amount_fen for p in planned if p.code not in INCOME_CODES and not p.scalable) + visits_fen
    flexible = sum(p.amount_fen for p in planned if p.code not in INCOME_CODES and p.scalable)
    factor = max(income * rng.uniform(0.88, 0.98) - fixed, 0) / flexible if flexible else 1
    return [
        replace(p, amount_fen=max(int(p.amount_fen * factor) // 100 * 100, 100))
        if p.scalable and p.code not in INCOME_CODES
        else p
        for p in planned
    ]


def _interleaved(planned: list[Planned], visits: list[VisitInput]):
    """(entries, visit) pairs in date order: the entries dated up to the visit, then it;
    last the entries after every visit, with None."""
    start = 0
    for visit in visits:
        end = start
        while end < len(planned) and planned[end].day <= visit.visit_date:
            end += 1
        yield planned[start:end], visit
        start = end
    yield planned[start:], None


def _insert_entries(
    s,
    batch: list[Planned],
    year: int,
    cats: dict[str, int],
    postings: dict[int, int],
    chair: str,
    by_key: dict[str, dict],
) -> list[dict]:
    """One run of entries, numbered on from whatever the visits service has posted."""
    if not batch:
        return []
    next_id = (s.scalar(select(func.max(LedgerEntry.id))) or 0) + 1
    voucher = (s.scalar(select(func.max(LedgerEntry.voucher_no)).where(LedgerEntry.year == year)) or 0) + 1
    rows = _entry_rows(batch, year, next_id, voucher, cats, postings, chair, by_key)
    s.execute(insert(LedgerEntry), rows)
    reset_sequences(s.connection(), ["ledger_entries"])  # the ids were given
    return rows


def _entry_rows(
    planned: list[Planned],
    year: int,
    next_id: int,
    first_voucher: int,
    cats: dict[str, int],
    postings: dict[int, int],
    chair: str,
    by_key: dict[str, dict],
) -> list[dict]:
    """Ledger rows with ids and vouchers; a planned reversal points at the entry before it."""
    rows, now = [], datetime.now()
    for number, p in enumerate(planned):
        entry_id = next_id + number
        original = by_key.get(p.reverses) if p.reverses else None
        rows.append(
            {
                "id": entry_id,
                "year": year,
                "entry_date": p.day,
                "voucher_no": first_voucher + number,
                "category_id": cats[p.code],
                "direction": "income" if p.code in INCOME_CODES else "expense",
                "amount_fen": -original["amount_fen"] if original else p.amount_fen,
                "summary": _reversal_summary(year, original) if original else p.summary[:200],
                "handler": p.handler,
                "approver": chair,
                "source": p.source,
                "source_id": postings.get(p.source_ref) if p.source == "dues" else None,
                "reversal_of_id": original["id"] if original else None,
                "reversal_reason": p.reason,
                "created_at": now,
            }
        )
        if p.key:
            by_key[p.key] = rows[-1]
    return rows


def _reversal_summary(year: int, original: dict) -> str:
    """As ledger.reverse words it."""
    return f"冲销凭证 {ledger.voucher_text(year, original['voucher_no'])}：{original['summary']}"[:200]


def _write_dues(
    s,
    year: int,
    months: list[int],
    postings: dict[int, int],
    rows: list[dict],
    school: _School,
    dues_total: int,
    remit: int,
) -> None:
    """A posting per month linking its two entries, and one item per payer."""
    entries = {(r["source_id"], r["direction"]): r["id"] for r in rows if r["source"] == "dues"}
    if not months:
        return
    s.execute(
        insert(DuesPosting),
        [
            {
                "id": postings[m],
                "year": year,
                "month": m,
                "member_count": len(school.payers),
                "total_fen": dues_total,
                "remit_fen": remit,
                "income_entry_id": entries[(postings[m], "income")],
                "remit_entry_id": entries.get((postings[m], "expense")),
                "exempt_member_ids": "",
                "created_at": datetime.now(),
            }
            for m in months
        ],
    )
    reset_sequences(s.connection(), ["dues_postings"])
    for m in months:
        _insert_items(s, [(postings[m], mid, fen) for mid, fen in school.payers])
    audit.record(
        s,
        "create",
        "dues",
        None,
        f"生成演示数据：{year} 年 {len(months)} 个月的会费，每月 {format_fen(dues_total)} 元",
        after={"months": months},
    )


def _insert_items(s, rows: list[tuple[int, int, int]]) -> None:
    """SQLite: the DB-API's executemany on tuples, which skips Core's per-row dict work
    (a million rows for 10 years of 10,000 members); other databases: Core."""
    if s.get_bind().dialect.name != "sqlite":
        s.execute(insert(DuesItem), [{"posting_id": p, "member_id": m, "amount_fen": f} for p, m, f in rows])
        return
    cursor = s.connection().connection.cursor()
    try:
        cursor.executemany("INSERT INTO dues_items (posting_id, member_id, amount_fen) VALUES (?, ?, ?)", rows)
    finally:
        cursor.close()


def _allocations(year: int, rng: random.Random, members: int, retained_percent) -> list[Planned]:
    """The employer's 2% of payroll each quarter, the union keeping its share (as post_allocation)."""
    out = []
    for quarter, month in enumerate((3, 6, 9, 12), start=1):  # paid near each quarter's end
        payroll = int(members * AVERAGE_PAY_FEN * 3 * rng.uniform(0.97, 1.05)) // 100 * 100
        allocation, retained = dues.allocation_amounts(payroll, retained_percent)
        if retained:
            out.append(
                Planned(
                    date(year, month, 20),
                    "allocation",
                    retained,
                    f"{year}年第{quarter}季度拨缴经费（工资总额 {format_fen(payroll)} 元 × 2% = "
                    f"{format_fen(allocation)} 元，留成 {retained_percent}%）",
                    HANDLERS["finance"],
                    "allocation",
                )
            )
    return out
