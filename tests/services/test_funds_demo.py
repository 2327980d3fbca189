"""The demo's funds: deterministic per seed, and books that reconcile — each year's
opening + income − expense is its balance and the next year's opening; each month's
dues are the active union members × the rule; vouchers run 1..n per year by date."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest
from sqlalchemy import func, select

from unionapp import config
from unionapp.db.models import BudgetLine, DuesItem, DuesPosting, LedgerEntry, Member
from unionapp.db.opening import open_database
from unionapp.domain.money import share_of
from unionapp.services import budget, dues, ledger, members
from unionapp.services.demo import create_demo
from unionapp.services.ledger import LedgerFilter

TODAY = date(2026, 8, 15)
YEARS = (2024, 2025, 2026)


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    db = open_database(config.database_url(str(tmp_path_factory.mktemp("demo") / "demo.db")))
    create_demo(db, members_count=400, years=3, seed=11, today=TODAY)
    yield db
    db.dispose()


def fingerprint(db) -> list[tuple]:
    return [
        (e.year, e.voucher_no, e.entry_date, e.category_name, e.amount_fen, e.summary, e.handler, e.approver)
        for e in ledger.list_entries(db, LedgerFilter())
    ]


def test_same_seed_same_books_other_seed_other_books(demo, tmp_path):
    again = open_database(config.database_url(str(tmp_path / "again.db")))
    other = open_database(config.database_url(str(tmp_path / "other.db")))
    try:
        create_demo(again, members_count=400, years=3, seed=11, today=TODAY)
        create_demo(other, members_count=400, years=3, seed=12, today=TODAY)
        assert fingerprint(again) == fingerprint(demo)
        assert fingerprint(other) != fingerprint(demo)
        assert [budget.get_budget(again, y) for y in YEARS] == [budget.get_budget(demo, y) for y in YEARS]
    finally:
        again.dispose()
        other.dispose()


def test_members_are_the_same_with_or_without_funds(tmp_path):
    plain = open_database(config.database_url(str(tmp_path / "plain.db")))
    funded = open_database(config.database_url(str(tmp_path / "funded.db")))
    try:
        create_demo(plain, members_count=120, years=0, seed=3, today=TODAY)
        create_demo(funded, members_count=120, years=5, seed=3, today=TODAY)
        key = [(m.name, m.id_number, m.phone, m.status) for m in members.list_members(plain)]
        assert key == [(m.name, m.id_number, m.phone, m.status) for m in members.list_members(funded)]
        assert ledger.list_entries(plain, LedgerFilter()) == []
        assert {e.year for e in ledger.list_entries(funded, LedgerFilter())} == set(range(2022, 2027))
    finally:
        plain.dispose()
        funded.dispose()


def test_each_year_reconciles_and_carries_into_the_next(demo):
    previous_closing = None
    for year in YEARS:
        rows = ledger.list_entries(demo, LedgerFilter(year=year))
        summary = ledger.year_summary(demo, year)
        income = sum(e.income_fen for e in rows)
        expense = sum(e.expense_fen for e in rows)
        assert (summary.income_fen, summary.expense_fen) == (income, expense)
        assert summary.opening_fen + income - expense == summary.balance_fen == rows[-1].balance_fen
        if previous_closing is not None:
            assert summary.opening_fen == previous_closing
        assert summary.closed == (year < TODAY.year)
        assert min(e.balance_fen for e in rows) > 0  # a demo union never overdraws
        previous_closing = summary.balance_fen
    assert ledger.year_summary(demo, 2024).opening_fen > 0


def test_vouchers_run_per_year_in_date_order_and_nothing_is_in_the_future(demo):
    for year in YEARS:
        rows = ledger.list_entries(demo, LedgerFilter(year=year))
        assert [e.voucher_no for e in rows] == list(range(1, len(rows) + 1))
        assert all(e.entry_date.year == year and e.entry_date <= TODAY for e in rows)
        assert all(e.approver == "王建国" and e.handler for e in rows)


def test_dues_are_active_union_members_times_the_rule(demo):
    rule = dues.load_rule(demo)
    with demo.session() as s:
        payers = s.scalar(
            select(func.count()).select_from(Member).where(Member.status == "active", Member.is_union_member.is_(True))
        )
        postings = list(s.scalars(select(DuesPosting).order_by(DuesPosting.year, DuesPosting.month)))
        items = Counter(dict(s.execute(select(DuesItem.posting_id, func.count()).group_by(DuesItem.posting_id)).all()))
        item_sums = dict(
            s.execute(select(DuesItem.posting_id, func.sum(DuesItem.amount_fen)).group_by(DuesItem.posting_id)).all()
        )
        for p in postings:
            income, remit = s.get(LedgerEntry, p.income_entry_id), s.get(LedgerEntry, p.remit_entry_id)
            assert p.member_count == payers == items[p.id]
            assert p.total_fen == payers * rule.fixed_fen == item_sums[p.id] == income.amount_fen
            assert p.remit_fen == share_of(p.total_fen, rule.remit_percent) == remit.amount_fen
            assert (income.source, income.source_id, remit.source_id) == ("dues", p.id, p.id)
            assert income.summary == f"{p.year}年{p.month}月会费（{payers} 人）"
    assert [(p.year, p.month) for p in postings] == [
        (y, m) for y in YEARS for m in range(1, 13) if date(y, m, 1) <= TODAY
    ]
    assert [m.posted for m in dues.dues_year(demo, 2026)] == [m <= 8 for m in range(1, 13)]


def test_spending_is_varied_with_a_reversal_and_a_budget_per_year(demo):
    rows = ledger.list_entries(demo, LedgerFilter(year=2025))
    expense_codes = {e.category_name for e in rows if e.direction == "expense"}
    assert {
        "职工活动支出/职工集体福利支出",
        "职工活动支出/文体活动支出",
        "维权支出/送温暖费",
        "业务支出/培训费",
        "上解上级支出",
    } <= expense_codes
    assert any("拨缴经费" in e.summary and e.source == "allocation" for e in rows)
    reversals = [e for e in rows if e.reversal_of_id]
    assert len(reversals) == 1
    original = next(e for e in rows if e.id == reversals[0].reversal_of_id)
    assert reversals[0].amount_fen == -original.amount_fen and original.reversed_by_id == reversals[0].id
    assert reversals[0].summary.startswith(f"冲销凭证 {original.voucher}")
    with demo.session() as s:
        per_year = dict(s.execute(select(BudgetLine.year, func.count()).group_by(BudgetLine.year)).all())
    assert set(per_year) == set(YEARS)
    first, second = budget.get_budget(demo, 2024), budget.get_budget(demo, 2025)
    assert first.keys() == second.keys() and first != second  # copied, then adjusted


def test_ten_thousand_members_over_three_years(tmp_path):
    db = open_database(config.database_url(str(tmp_path / "big.db")))
    try:
        create_demo(db, members_count=10_000, years=3, seed=1, today=TODAY)
        with db.session() as s:
            assert s.scalar(select(func.count()).select_from(DuesItem)) > 9_000 * 12 * 2
    finally:
        db.dispose()
