"""The ledger: posting, reversal, source re-posting, years and closing, filters."""

from datetime import date

import pytest

from unionapp.db.models import LedgerEntry
from unionapp.domain.members import MemberInput
from unionapp.services import audit, ledger, members
from unionapp.services.errors import InUseError
from unionapp.services.ledger import EntryInput, FundsError, LedgerFilter

TODAY = date.today()
YEAR = TODAY.year


@pytest.fixture
def cats(db):
    return {c.code: c for c in ledger.list_categories(db)}


def add(db, cats, code, fen, day=None, summary="测试"):
    return ledger.add_entry(db, EntryInput(day or date(YEAR, 1, 10), cats[code].id, fen, summary))


def test_default_chart_has_the_official_categories(cats):
    names = {c.full_name for c in cats.values()}
    assert {
        "会费收入",
        "拨缴经费收入",
        "上级补助收入",
        "行政补助收入",
        "其他收入",
        "职工活动支出/文体活动支出",
        "职工活动支出/职工集体福利支出",
        "维权支出/送温暖费",
        "维权支出/困难职工帮扶费",
        "业务支出",
        "资本性支出",
        "其他支出",
        "上解上级支出",
    } <= names
    assert cats["sports"].direction == "expense" and cats["dues"].direction == "income"


def test_posting_numbers_vouchers_per_year_and_keeps_a_running_balance(db, cats):
    ledger.set_opening_balance(db, YEAR, 100_000)
    add(db, cats, "upper_subsidy", 50_000, date(YEAR, 1, 5))
    add(db, cats, "sports", 30_050, date(YEAR, 1, 6))
    rows = ledger.list_entries(db, LedgerFilter(year=YEAR))
    assert [r.voucher for r in rows] == [f"{YEAR}-0001", f"{YEAR}-0002"]
    assert [r.balance_fen for r in rows] == [150_000, 119_950]
    summary = ledger.year_summary(db, YEAR)
    assert (summary.opening_fen, summary.income_fen, summary.expense_fen, summary.balance_fen) == (
        100_000,
        50_000,
        30_050,
        119_950,
    )


@pytest.mark.parametrize(
    "fen, summary, day, message",
    [
        (0, "x", None, "大于 0"),
        (-100, "x", None, "大于 0"),
        (100, "  ", None, "摘要不能为空"),
        (100, "x", date(YEAR + 1, 1, 1), "晚于今天"),
    ],
)
def test_bad_manual_entries_are_refused(db, cats, fen, summary, day, message):
    with pytest.raises(FundsError, match=message):
        ledger.add_entry(db, EntryInput(day or date(YEAR, 1, 1), cats["sports"].id, fen, summary))
    assert ledger.list_entries(db, LedgerFilter()) == []


def test_parent_with_children_and_inactive_categories_are_refused(db, cats):
    with pytest.raises(FundsError, match="明细科目"):
        add(db, cats, "activity", 100)
    ledger.set_category_active(db, cats["sports"].id, False)
    with pytest.raises(FundsError, match="已停用"):
        add(db, cats, "sports", 100)


def test_reversal(db, cats):
    entry = add(db, cats, "sports", 20_000)
    with pytest.raises(FundsError, match="原因"):
        ledger.reverse_entry(db, entry, " ")
    red = ledger.reverse_entry(db, entry, "金额录错")
    rows = {r.id: r for r in ledger.list_entries(db, LedgerFilter(year=YEAR))}
    assert rows[red].amount_fen == -20_000 and rows[red].reversal_of_id == entry
    assert rows[entry].reversed_by_id == red
    assert ledger.year_summary(db, YEAR).expense_fen == 0
    with pytest.raises(FundsError, match="不能再冲销"):
        ledger.reverse_entry(db, red, "再冲")
    with pytest.raises(FundsError, match="已经冲销过"):
        ledger.reverse_entry(db, entry, "再冲")
    assert any(e.action == "reverse" for e in audit.list_entries(db, entity="ledger"))


def test_a_reversal_is_never_dated_before_the_entry_it_reverses(db, cats):
    """A date asked for that is earlier than the entry (a slip, or another officer's PC
    clock) becomes the entry's own date: no period may show the red entry without its original."""
    last = YEAR - 1  # fixed dates, all in the past and in one open year, whatever today is
    entry = add(db, cats, "sports", 20_000, date(last, 6, 20))
    with db.session() as s:
        red = ledger.reverse(s, s.get(LedgerEntry, entry), "日期录错", on_date=date(last, 6, 5)).id
    rows = {r.id: r for r in ledger.list_entries(db, LedgerFilter(year=last))}
    assert rows[red].entry_date == rows[entry].entry_date == date(last, 6, 20)
    assert ledger.list_entries(db, LedgerFilter(date_from=date(last, 6, 1), date_to=date(last, 6, 19))) == []
    assert ledger.year_summary(db, last).expense_fen == 0


def test_repost_source_keeps_the_ledger_equal_to_the_source_for_any_period(db, cats):
    """What the visits and checkups areas rely on: re-post on change, reverse on removal."""
    welfare = cats["welfare"].id
    first, second = date(YEAR, 1, 5), date(YEAR, 1, 20)
    with db.session() as s:
        ledger.repost_source(
            s, "visit", 7, entry_date=first, category_id=welfare, amount_fen=30_000, summary="住院慰问"
        )
    with db.session() as s:  # unchanged: nothing new
        ledger.repost_source(
            s, "visit", 7, entry_date=first, category_id=welfare, amount_fen=30_000, summary="住院慰问"
        )
    assert len(ledger.list_entries(db, LedgerFilter())) == 1
    with db.session() as s:  # moved and changed
        ledger.repost_source(
            s, "visit", 7, entry_date=second, category_id=welfare, amount_fen=50_000, summary="住院慰问"
        )

    def spent(low, high):
        return sum(r.amount_fen for r in ledger.list_entries(db, LedgerFilter(date_from=low, date_to=high)))

    assert spent(first, first) == 0  # the old amount is reversed on its own date
    assert spent(second, second) == 50_000
    with db.session() as s:
        ledger.reverse_source(s, "visit", 7, "记录删除")
    assert spent(date(YEAR, 1, 1), date(YEAR, 12, 31)) == 0
    with db.session() as s:
        assert ledger.live_entry_for(s, "visit", 7) is None


def test_close_year_carries_the_balance_and_locks_the_year(db, cats):
    last = YEAR - 1
    ledger.set_opening_balance(db, last, 10_000)
    add(db, cats, "dues", 5_000, date(last, 6, 1))
    entry = add(db, cats, "sports", 2_000, date(last, 6, 2))
    with pytest.raises(FundsError, match=f"请先给 {last} 年结账"):
        ledger.close_year(db, YEAR)
    assert ledger.close_year(db, last) == 13_000
    assert ledger.year_summary(db, YEAR).opening_fen == 13_000
    with pytest.raises(FundsError, match="已经结账"):
        add(db, cats, "sports", 100, date(last, 7, 1))
    with pytest.raises(FundsError, match="结转而来"):
        ledger.set_opening_balance(db, YEAR, 0)
    with pytest.raises(FundsError, match="结过账"):
        ledger.close_year(db, last)
    # a closed year's entry is reversed in the current year
    red = ledger.reverse_entry(db, entry, "发票作废")
    row = next(r for r in ledger.list_entries(db, LedgerFilter(year=YEAR)) if r.id == red)
    assert row.year == YEAR and ledger.year_summary(db, YEAR).expense_fen == -2_000


def test_filters(db, cats):
    add(db, cats, "dues", 1_000, date(YEAR, 1, 3), "一月会费")
    add(db, cats, "sports", 2_000, date(YEAR, 2, 3), "篮球赛奖品")
    add(db, cats, "welfare", 3_000, date(YEAR, 2, 4), "春节慰问")

    def summaries(**kw):
        return [r.summary for r in ledger.list_entries(db, LedgerFilter(year=YEAR, **kw))]

    assert summaries(month=2) == ["篮球赛奖品", "春节慰问"]
    assert summaries(direction="income") == ["一月会费"]
    assert summaries(category_id=cats["activity"].id) == ["篮球赛奖品", "春节慰问"]  # parent includes children
    assert summaries(category_id=cats["sports"].id) == ["篮球赛奖品"]
    assert summaries(text="慰问") == ["春节慰问"]
    assert summaries(source="manual") == ["一月会费", "篮球赛奖品", "春节慰问"]


def test_categories_add_rename_remove(db, cats):
    new = ledger.add_category(db, "读书活动支出", "expense", parent_id=cats["activity"].id)
    row = next(c for c in ledger.list_categories(db) if c.id == new)
    assert row.full_name == "职工活动支出/读书活动支出" and row.direction == "expense"
    ledger.rename_category(db, new, "读书会支出")
    add(db, {"x": row}, "x", 500)
    with pytest.raises(InUseError, match="停用"):
        ledger.remove_category(db, new)
    with pytest.raises(InUseError, match="明细科目"):
        ledger.remove_category(db, cats["activity"].id)
    spare = ledger.add_category(db, "临时科目", "income")
    ledger.remove_category(db, spare)
    assert spare not in {c.id for c in ledger.list_categories(db)}


def test_member_with_dues_cannot_be_deleted(db):
    from unionapp.services import dues

    member_id = members.add_member(db, MemberInput(name="张三"), today=TODAY)
    dues.post_dues(db, YEAR, 1)
    with pytest.raises(InUseError):
        members.remove_member(db, member_id)


def test_no_posting_before_a_closed_year(db, cats):
    ledger.close_year(db, YEAR - 1)
    with pytest.raises(FundsError, match=f"{YEAR - 1} 年已经结账，不能再补记更早的 {YEAR - 2} 年"):
        add(db, cats, "sports", 100, date(YEAR - 2, 5, 1))
    assert ledger.list_entries(db, LedgerFilter()) == []


def test_reading_a_year_writes_nothing(db):
    before = ledger.list_years(db)
    summary = ledger.year_summary(db, YEAR + 5)
    assert summary.opening_fen == 0 and not summary.closed
    assert ledger.list_years(db) == before
