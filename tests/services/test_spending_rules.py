"""Spending rules judged when a handout is issued: a figure outside the rule in force on
its date needs a written reason (the rule named in the warning), which is kept with the
warnings; without one nothing is issued or posted."""

from __future__ import annotations

from datetime import date

import pytest

from unionapp.domain.spending_rules import SpendingRule
from unionapp.services import handouts, ledger, spending_rules
from unionapp.services.errors import DuplicateError
from unionapp.services.handouts import HandoutInput, NeedsReason

from .small_school import YEAR, audit_texts, category, entries, school

DOC = "某省总工会关于规范基层工会经费收支管理的通知"


def rule(db, kind: str, since: date, **kw) -> int:
    return spending_rules.add_rule(db, SpendingRule(kind=kind, effective_from=since, source_doc=DOC, **kw))


def handout(db, ids, kind="birthday", value=10_000, day=date(YEAR, 3, 1), name="3月生日蛋糕券") -> int:
    data = HandoutInput(
        name=name, kind=kind, handout_date=day, value_fen=value, category_id=category(db, "welfare"), approver="王建国"
    )
    return handouts.create_handout(db, data, ids)


def refused_then_issued_with_a_reason(db, handout_id: int, *expected: str) -> None:
    with pytest.raises(NeedsReason) as err:
        handouts.issue_handout(db, handout_id)
    text = "；".join(err.value.warnings)
    assert all(part in text for part in expected), text
    assert DOC in text  # the rule is named with its source
    assert handouts.get_handout(db, handout_id).status == "draft"
    assert handout_id not in {source_id for source_id, *_rest in entries(db, "handout")}
    handouts.issue_handout(db, handout_id, warning_reason="经工会委员会研究同意")
    row = handouts.get_handout(db, handout_id)
    assert row.status == "issued" and row.warning_reason == "经工会委员会研究同意"
    assert all(part in row.warnings for part in expected)


def test_a_birthday_gift_above_its_cap_needs_a_reason(db):
    p = school(db)
    rule(db, "birthday_gift", date(2000, 1, 1), max_fen=10_000)
    within = handout(db, [p["张丽"]], value=10_000)
    handouts.issue_handout(db, within)  # at the cap: no reason asked
    assert handouts.get_handout(db, within).warnings == ""
    over = handout(db, [p["李强"]], value=12_000, name="另一张蛋糕券")
    assert handouts.check_handout(db, over)[1]  # the window can show it before issuing
    refused_then_issued_with_a_reason(db, over, "生日慰问每人 120.00 元", "超过上限 100.00 元")


def test_the_festival_cap_per_person_counts_the_years_earlier_gifts(db):
    p = school(db)
    rule(db, "festival_per_person_year", date(2000, 1, 1), max_fen=50_000)
    spring = handout(db, [p["张丽"], p["陈静"]], kind="festival", value=30_000, day=date(YEAR, 1, 20), name="春节")
    handouts.issue_handout(db, spring)
    women = handout(db, [p["张丽"], p["陈静"], p["赵敏"]], kind="womens_day", value=25_000, name="三八")
    errors, warnings = handouts.check_handout(db, women)
    assert errors == [] and "2 人本年度节日慰问合计将超过上限" in warnings[0]
    refused_then_issued_with_a_reason(db, women, "合计 550.00 元")
    # the next year starts afresh
    next_year = handout(db, [p["张丽"]], kind="festival", value=30_000, day=date(YEAR + 1, 1, 20), name="明年春节")
    assert handouts.check_handout(db, next_year)[1] == []


def test_festival_gifts_beyond_their_share_of_the_years_income(db):
    p = school(db)
    ledger.add_entry(db, ledger.EntryInput(date(YEAR, 1, 5), category(db, "dues"), 100_000, "一月会费"))
    rule(db, "festival_income_share", date(2000, 1, 1), share_bp=1_000)  # 10%
    small = handout(db, [p["张丽"]], kind="festival", value=10_000, name="元旦")
    handouts.issue_handout(db, small)  # exactly 10%
    more = handout(db, [p["陈静"]], kind="festival", value=5_000, name="端午")
    refused_then_issued_with_a_reason(db, more, f"{YEAR} 年节日慰问合计 150.00 元", "15.0%")


def test_the_rule_in_force_on_the_handouts_date_applies(db):
    p = school(db)
    rule(db, "birthday_gift", date(2000, 1, 1), max_fen=5_000)
    rule(db, "birthday_gift", date(YEAR, 6, 1), max_fen=20_000)
    before = handout(db, [p["张丽"]], value=10_000, day=date(YEAR, 5, 31))
    after = handout(db, [p["李强"]], value=10_000, day=date(YEAR, 6, 1), name="6月生日蛋糕券")
    assert "超过上限 50.00 元" in handouts.check_handout(db, before)[1][0]
    assert handouts.check_handout(db, after)[1] == []
    handouts.issue_handout(db, after)
    with pytest.raises(NeedsReason):
        handouts.issue_handout(db, before)


def test_a_warning_with_a_blank_reason_is_still_refused(db):
    p = school(db)
    rule(db, "birthday_gift", date(2000, 1, 1), max_fen=5_000)
    handout_id = handout(db, [p["张丽"]])
    with pytest.raises(NeedsReason, match="请填写说明理由"):
        handouts.issue_handout(db, handout_id, warning_reason="   ")
    assert entries(db, "handout") == []


def test_rules_are_listed_by_date_one_per_kind_and_day_and_audited(db):
    first = rule(db, "birthday_gift", date(2000, 1, 1), max_fen=5_000)
    rule(db, "birthday_gift", date(YEAR, 6, 1), max_fen=20_000)
    with pytest.raises(DuplicateError, match="已有一条标准"):
        rule(db, "birthday_gift", date(YEAR, 6, 1), max_fen=30_000)
    listed = [(r.kind, r.effective_from, r.max_fen) for r in spending_rules.list_rules(db)]
    assert ("activity_prizes", date(2000, 1, 1), 300_000) in listed  # the charter's, seeded
    assert [x for x in listed if x[0] == "birthday_gift"] == [
        ("birthday_gift", date(2000, 1, 1), 5_000),
        ("birthday_gift", date(YEAR, 6, 1), 20_000),
    ]
    spending_rules.remove_rule(db, first)
    texts = audit_texts(db, "spending_rule")
    assert texts[0] == "新增开支标准：生日慰问每人上限 不超过 50.00 元" and texts[-1].startswith("删除开支标准")
    assert len(texts) == 3
