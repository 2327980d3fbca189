"""Budget, execution and dues: every figure recomputed from the ledger."""

from datetime import date
from decimal import Decimal

import pytest

from unionapp.domain.members import MemberInput
from unionapp.services import budget, dues, ledger, members
from unionapp.services.ledger import EntryInput, FundsError, LedgerFilter

YEAR = date.today().year


@pytest.fixture
def cats(db):
    return {c.code: c for c in ledger.list_categories(db)}


def test_budget_and_execution_reconcile_with_the_ledger(db, cats):
    budget.set_budget(db, YEAR, {cats["sports"].id: 300_000, cats["welfare"].id: 500_000, cats["dues"].id: 1_776_000})
    for code, fen in (("sports", 120_000), ("sports", 230_000), ("welfare", 99_999), ("dues", 148_000)):
        ledger.add_entry(db, EntryInput(date(YEAR, 1, 2), cats[code].id, fen, "x"))
    rows = {r.name: r for r in budget.execution(db, YEAR)}
    entries = ledger.list_entries(db, LedgerFilter(year=YEAR))
    assert rows["文体活动支出"].actual_fen == sum(e.amount_fen for e in entries if e.category_id == cats["sports"].id)
    assert rows["文体活动支出"].over_budget and rows["文体活动支出"].remaining_fen == -50_000
    assert rows["职工活动支出"].budget_fen == 800_000
    assert rows["职工活动支出"].actual_fen == 449_999 and not rows["职工活动支出"].over_budget
    assert rows["支出合计"].actual_fen == sum(e.expense_fen for e in entries)
    assert rows["收入合计"].actual_fen == sum(e.income_fen for e in entries) == 148_000
    assert rows["会费收入"].percent == Decimal("8.3")


def test_budget_goes_on_leaf_categories_and_copies(db, cats):
    with pytest.raises(FundsError, match="明细科目"):
        budget.set_budget(db, YEAR, {cats["activity"].id: 100})
    with pytest.raises(FundsError, match="负数"):
        budget.set_budget(db, YEAR, {cats["sports"].id: -1})
    budget.set_budget(db, YEAR - 1, {cats["sports"].id: 100_000})
    assert budget.copy_budget(db, YEAR - 1, YEAR) == 1
    assert budget.get_budget(db, YEAR) == {cats["sports"].id: 100_000}
    with pytest.raises(FundsError, match="已经有预算"):
        budget.copy_budget(db, YEAR - 1, YEAR)


def test_overdraw_warning(db, cats):
    budget.set_budget(db, YEAR, {cats["sports"].id: 100_000})
    ledger.add_entry(db, EntryInput(date(YEAR, 1, 2), cats["sports"].id, 90_000, "x"))
    assert ledger.overdraw_warning(db, EntryInput(date(YEAR, 1, 3), cats["sports"].id, 10_000, "x")) is None
    warning = ledger.overdraw_warning(db, EntryInput(date(YEAR, 1, 3), cats["sports"].id, 10_001, "x"))
    assert "超出预算 0.01 元" in warning


def _people(db):
    today = date.today()
    ids = [members.add_member(db, MemberInput(name=f"会员{i}"), today=today) for i in range(5)]
    members.add_member(db, MemberInput(name="退休甲", status="retired"), today=today)
    members.add_member(db, MemberInput(name="非会员乙", is_union_member=False), today=today)
    return ids


def test_fixed_dues_month(db):
    ids = _people(db)
    before = ledger.year_summary(db, YEAR)
    preview = dues.preview_dues(db, YEAR, 1, exempt_ids={ids[0]})
    assert len(preview.items) == 4 and preview.exempt == 1 and preview.total_fen == 4_000
    dues.post_dues(db, YEAR, 1, exempt_ids={ids[0]})
    entries = ledger.list_entries(db, LedgerFilter(year=YEAR, source="dues"))
    assert [(e.direction, e.amount_fen) for e in entries] == [("income", 4_000), ("expense", 800)]
    assert dues.dues_year(db, YEAR)[0].posted and not dues.dues_year(db, YEAR)[1].posted
    with pytest.raises(FundsError, match="已经记过账"):
        dues.post_dues(db, YEAR, 1)
    dues.undo_dues(db, YEAR, 1, "漏了免缴人员")
    # Both entries are reversed on their own date — the income and the 上解 remittance —
    # and the books are back where they were before the month was posted.
    entries = ledger.list_entries(db, LedgerFilter(year=YEAR, source="dues"))
    originals = [e for e in entries if e.reversal_of_id is None]
    assert [(e.direction, e.amount_fen) for e in originals] == [("income", 4_000), ("expense", 800)]
    reds = {e.reversal_of_id: e for e in entries if e.reversal_of_id is not None}
    for original in originals:
        assert original.reversed_by_id == reds[original.id].id
        assert reds[original.id].amount_fen == -original.amount_fen
        assert reds[original.id].entry_date == original.entry_date
    after = ledger.year_summary(db, YEAR)
    assert (
        (after.income_fen, after.expense_fen, after.balance_fen)
        == (before.income_fen, before.expense_fen, before.balance_fen)
        == (0, 0, before.opening_fen)
    )
    assert not dues.dues_year(db, YEAR)[0].posted
    dues.post_dues(db, YEAR, 1)
    assert dues.dues_year(db, YEAR)[0].total_fen == 5_000


def test_rate_dues_need_base_pay(db):
    ids = _people(db)
    rule = dues.load_rule(db)
    dues.save_rule(db, dues.DuesRule("rate", rule.fixed_fen, Decimal(5), Decimal(20), Decimal(60)))
    with pytest.raises(FundsError, match="月基本工资"):
        dues.post_dues(db, YEAR, 1)
    for member_id in ids:
        data = members.member_input(db, member_id)
        data.base_pay_fen = 520_000  # 5,200 元 → 0.5% = 26 元
        members.update_member(db, member_id, data)
    dues.post_dues(db, YEAR, 1)
    assert dues.dues_year(db, YEAR)[0].total_fen == 5 * 2_600


def test_future_month_refused(db):
    _people(db)
    with pytest.raises(FundsError, match="还没到"):
        dues.post_dues(db, YEAR + 1, 1)


def test_allocation(db):
    assert dues.allocation_amounts(10_000_000, Decimal(60)) == (200_000, 120_000)
    dues.post_allocation(db, date(YEAR, 1, 15), 10_000_000, f"{YEAR}年第1季度")
    entry = ledger.list_entries(db, LedgerFilter(source="allocation"))[0]
    assert entry.amount_fen == 120_000 and entry.direction == "income" and "留成 60%" in entry.summary
