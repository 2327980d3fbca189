"""Handouts attacked with bad input: hostile text, money a PostgreSQL column can't hold,
values that are no amount, rules naming what does not exist, closed years and two people
at work at once. Each is refused with a Chinese message and leaves nothing half-written:
the handouts, their ledger entries and the audit log are as they were."""

from __future__ import annotations

import threading
from datetime import date

import pytest

from unionapp.domain.money import MAX_RECORD_FEN
from unionapp.services import handouts, ledger, members
from unionapp.services.errors import ConcurrentEditError, NotFoundError
from unionapp.services.handouts import SpendingError
from unionapp.services.ledger import FundsError

from .small_school import YEAR, audit_count, entries, gift, live_total, school


def snapshot(db) -> tuple:
    """Everything a refused step must leave as it was."""
    rows = [(h.id, h.name, h.status, h.handout_date, h.total_fen, h.version) for h in handouts.list_handouts(db)]
    return rows, entries(db, "handout"), audit_count(db, "handout")


def test_hostile_text_is_stored_cleaned_or_refused_in_chinese(db):
    p = school(db)
    data = gift(
        db,
        name="\u202e三八\u200b节\x07慰问品",
        item="🎁护肤\ufeff礼盒",
        approver="王\u200d建国",
        notes="第一行\n第二行\x00",
    )
    handout_id = handouts.create_handout(db, data, [p["张丽"]])
    row = handouts.get_handout(db, handout_id)
    assert (row.name, row.item, row.approver, row.notes) == ("三八节慰问品", "🎁护肤礼盒", "王建国", "第一行\n第二行")
    before = snapshot(db)
    for bad, message in (
        (gift(db, name="\u200b\u202e\u2066"), "请填写发放名称"),
        (gift(db, name="节" * 101), "发放名称太长（最多 100 个字"),
        (gift(db, item="礼" * 101), "发放物品太长"),
        (gift(db, warning_reason="说" * 2001), "超出标准的说明太长"),
        (gift(db, name="三八\ud800节"), "残缺字符"),
    ):
        with pytest.raises(SpendingError, match=message):
            handouts.create_handout(db, bad, [p["陈静"]])
    assert snapshot(db) == before


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (float("nan"), "不是以分计的整数金额"),
        (1.5, "不是以分计的整数金额"),
        ("1e9", "不是以分计的整数金额"),
        (True, "不是以分计的整数金额"),
        (-1, "不能为负数"),
        (MAX_RECORD_FEN + 1, "不能超过 2000 万元"),
        (10**10 + 1, "不能超过 1 亿元"),
    ],
)
def test_a_value_that_is_no_storable_amount_is_refused(db, value, message):
    """On PostgreSQL the value columns are 32-bit: 3e9 fen failed there with a database
    error before; NaN for one person became NULL and an IntegrityError on SQLite."""
    p = school(db)
    with pytest.raises(SpendingError, match=message):
        handouts.create_handout(db, gift(db, value_fen=value), [p["张丽"]])
    with pytest.raises(SpendingError, match=message):
        handouts.create_handout(db, gift(db), [p["张丽"], p["陈静"]], values={p["陈静"]: value})
    draft = handouts.create_handout(db, gift(db), [p["张丽"]])
    before = snapshot(db)
    with pytest.raises(SpendingError, match=message):
        handouts.add_recipients(db, draft, [p["陈静"]], value_fen=value)
    with pytest.raises(SpendingError, match=message):
        handouts.update_handout(db, draft, gift(db, value_fen=value))
    assert snapshot(db) == before


def test_zero_and_the_largest_storable_value_are_accepted(db):
    p = school(db)
    free = handouts.create_handout(db, gift(db, value_fen=0, category_id=None, item="贺卡"), [p["张丽"]])
    handouts.issue_handout(db, free)
    assert entries(db, "handout") == []  # nothing to post for a card worth nothing
    top = handouts.create_handout(db, gift(db, name="大额", kind="other", value_fen=MAX_RECORD_FEN), [p["陈静"]])
    handouts.issue_handout(db, top)
    assert live_total(db, "handout", top) == MAX_RECORD_FEN
    with db.session() as s:
        assert handouts.handouts_match_ledger(s) == []


def test_a_total_beyond_one_ledger_entry_is_refused_and_nothing_is_posted(db):
    """Each value fits, the sum does not: the ledger's amount is 32-bit on PostgreSQL.
    Issuing, and raising the value of an issued handout, are refused whole."""
    p = school(db)
    big = MAX_RECORD_FEN // 2 + 1
    handout_id = handouts.create_handout(db, gift(db, kind="other", value_fen=big), [p["张丽"], p["陈静"]])
    before = snapshot(db)
    with pytest.raises(SpendingError, match="超过一笔记账的上限 2000 万元"):
        handouts.issue_handout(db, handout_id)
    assert snapshot(db) == before and handouts.get_handout(db, handout_id).status == "draft"

    handouts.update_handout(db, handout_id, gift(db, kind="other", value_fen=100))
    handouts.issue_handout(db, handout_id)
    before = snapshot(db)
    with pytest.raises(SpendingError, match="超过一笔记账的上限"):
        handouts.update_handout(db, handout_id, gift(db, kind="other", value_fen=big))
    assert snapshot(db) == before
    assert [r.value_fen for r in handouts.list_recipients(db, handout_id)] == [100, 100]
    assert live_total(db, "handout", handout_id) == 200


def test_rules_naming_nothing_or_itself_are_refused(db):
    p = school(db)
    source = handouts.create_handout(db, gift(db, name="春节慰问"), [p["张丽"]])
    before = snapshot(db)
    for bad, message in (
        (gift(db, rule="group"), "请选择工会小组"),
        (gift(db, rule="group", rule_group_id=99_999), "找不到所选的工会小组"),
        (gift(db, rule="handout"), "请选择作为名单来源的那次发放"),
        (gift(db, rule="handout", rule_handout_id=99_999), "找不到作为名单来源的那次发放"),
        (gift(db, rule="birth_month", rule_month=0), "生日月份应在 1 到 12 之间"),
        (gift(db, rule="birth_month", rule_month=13), "生日月份应在 1 到 12 之间"),
    ):
        with pytest.raises(SpendingError, match=message):
            handouts.create_handout(db, bad, [p["陈静"]])
    with pytest.raises(SpendingError, match="名单来源不能是这次发放本身"):
        handouts.update_handout(db, source, gift(db, name="春节慰问", rule="handout", rule_handout_id=source))
    assert snapshot(db) == before

    # A list once taken from a handout deleted since stays editable: the rule stands as made.
    copy = handouts.create_handout(db, gift(db, name="元宵", rule="handout", rule_handout_id=source), [p["张丽"]])
    handouts.delete_handout(db, source, "登记错了")
    handouts.update_handout(db, copy, gift(db, name="元宵节", rule="handout", rule_handout_id=source))
    assert handouts.get_handout(db, copy).rule_text == "另一次发放的名单"


def test_leavers_repeats_and_unknown_people_refuse_the_whole_list(db):
    p = school(db)
    members.set_status(db, [p["赵敏"]], "deceased", on=date(YEAR, 1, 5))
    draft = handouts.create_handout(db, gift(db), [p["张丽"]])
    before = snapshot(db)
    for ids, message in (
        ([p["陈静"], p["赵敏"]], "赵敏（"),
        ([p["陈静"], p["陈静"]], "名单中有人重复：陈静"),
        ([p["陈静"], 99_999], "1 人不在会员名册中"),
    ):
        with pytest.raises(SpendingError, match=message):
            handouts.create_handout(db, gift(db, name="另一次"), ids)
        with pytest.raises(SpendingError, match=message):
            handouts.set_recipients(db, draft, ids)
    with pytest.raises(SpendingError, match="已离开本校"):
        handouts.add_recipients(db, draft, [p["赵敏"]])
    assert snapshot(db) == before
    assert [r.member_id for r in handouts.list_recipients(db, draft)] == [p["张丽"]]


def test_more_than_max_recipients_is_refused(db):
    from unionapp.domain.handouts import MAX_RECIPIENTS

    p = school(db)
    with pytest.raises(SpendingError, match=f"一次发放最多 {MAX_RECIPIENTS} 人"):
        handouts.create_handout(db, gift(db), [p["张丽"]] * (MAX_RECIPIENTS + 1))
    assert snapshot(db) == ([], [], 0)


def test_closed_years_refuse_every_change_and_leave_the_ledger_and_log_alone(db):
    p = school(db)
    issued = handouts.create_handout(db, gift(db), [p["张丽"], p["陈静"]])
    handouts.issue_handout(db, issued)
    draft = handouts.create_handout(db, gift(db, name="防暑降温", kind="summer", handout_date=date(YEAR, 7, 1)), [])
    ledger.close_year(db, YEAR)
    before = snapshot(db)
    later = date(YEAR + 1, 1, 10)
    for step in (
        lambda: handouts.create_handout(db, gift(db, name="补发"), [p["张丽"]]),
        lambda: handouts.update_handout(db, issued, gift(db, value_fen=20_000)),
        lambda: handouts.update_handout(db, issued, gift(db, handout_date=later)),  # out of a closed year
        lambda: handouts.withdraw_handout(db, issued, "漏了一人"),
        lambda: handouts.delete_handout(db, issued, "登记错了"),
        lambda: handouts.issue_handout(db, draft),
    ):
        with pytest.raises((FundsError, SpendingError), match="已经结账|结账"):
            step()
    assert snapshot(db) == before
    # and into a closed year from an open one
    open_one = handouts.create_handout(db, gift(db, name="元旦", kind="festival", handout_date=later), [p["张丽"]])
    handouts.issue_handout(db, open_one)
    before = snapshot(db)
    with pytest.raises(FundsError, match=f"{YEAR} 年已经结账"):
        handouts.update_handout(db, open_one, gift(db, name="元旦", kind="festival", handout_date=date(YEAR, 12, 31)))
    assert snapshot(db) == before
    with db.session() as s:
        assert handouts.handouts_match_ledger(s) == []


def test_two_sessions_at_once(db):
    """A second window saving over the first's change, issuing twice, and a change to a
    handout another window deleted: refused, nothing posted twice."""
    p = school(db)
    handout_id = handouts.create_handout(db, gift(db), [p["张丽"]])
    seen = handouts.get_handout(db, handout_id).version
    handouts.update_handout(db, handout_id, gift(db, item="围巾"), expected_version=seen)
    before = snapshot(db)
    with pytest.raises(ConcurrentEditError, match="三八节慰问品"):
        handouts.update_handout(db, handout_id, gift(db, item="丝巾"), expected_version=seen)
    assert snapshot(db) == before and handouts.get_handout(db, handout_id).item == "围巾"

    handouts.issue_handout(db, handout_id)
    with pytest.raises(SpendingError, match="已发放"):
        handouts.issue_handout(db, handout_id)
    assert len(entries(db, "handout")) == 1

    handouts.delete_handout(db, handout_id, "重复")
    before = snapshot(db)
    for step in (
        lambda: handouts.update_handout(db, handout_id, gift(db)),
        lambda: handouts.issue_handout(db, handout_id),
        lambda: handouts.add_recipients(db, handout_id, [p["陈静"]]),
        lambda: handouts.withdraw_handout(db, handout_id, "撤回"),
        lambda: handouts.delete_handout(db, handout_id, "再删"),
    ):
        with pytest.raises(NotFoundError, match="找不到这次发放"):
            step()
    assert snapshot(db) == before


def test_adding_people_while_another_window_issues_waits_and_is_refused(db):
    """On PostgreSQL a second window added 陈静 to a list being issued: the handout stood
    issued with two recipients and an entry for one. The list is locked while issuing."""
    p = school(db)
    handout_id = handouts.create_handout(db, gift(db), [p["张丽"]])
    outcome: dict[str, object] = {}

    def other_window():
        try:
            outcome["added"] = handouts.add_recipients(db, handout_id, [p["陈静"]])
        except Exception as err:  # refused as issued (PostgreSQL), or the file busy (SQLite)
            outcome["refused"] = err

    with db.session() as s:
        handouts.issue_handout_in(s, handout_id, "")
        other = threading.Thread(target=other_window)
        other.start()
        other.join(1)
    other.join(30)
    assert "added" not in outcome, outcome
    assert [r.member_id for r in handouts.list_recipients(db, handout_id)] == [p["张丽"]]
    assert live_total(db, "handout", handout_id) == 15_000
    with db.session() as s:
        assert handouts.handouts_match_ledger(s) == []
