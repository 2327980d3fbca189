"""Visits: standards by date, warnings that need a reason, and money that always equals
the ledger's visit entries for any period."""

import random
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import text

from unionapp.domain.members import MemberInput
from unionapp.domain.visits import Standard
from unionapp.services import ledger, members, visits
from unionapp.services.check import run_check
from unionapp.services.ledger import FundsError, LedgerFilter
from unionapp.services.visits import NeedsReason, VisitError, VisitFilter, VisitInput

TODAY = date.today()
YEAR = TODAY.year


@pytest.fixture
def types(db):
    return {t.code: t for t in visits.list_types(db)}


@pytest.fixture
def zhang(db):
    return members.add_member(db, MemberInput(name="张三", gender="M", birth_date=date(1980, 1, 1)))


def visit(member_id, vtype, day, money=0, **kw):
    return VisitInput(member_id=member_id, type_id=vtype.id, visit_date=day, money_fen=money, **kw)


def ledger_visits(db, low=date(2000, 1, 1), high=date(2100, 1, 1)) -> int:
    return sum(e.amount_fen for e in ledger.list_entries(db, LedgerFilter(date_from=low, date_to=high, source="visit")))


def visits_money(db, low=date(2000, 1, 1), high=date(2100, 1, 1)) -> int:
    return sum(v.money_fen for v in visits.list_visits(db, VisitFilter(date_from=low, date_to=high, status="done")))


def test_default_types_and_standards(types):
    assert types["hospital"].name == "生病住院" and types["hospital"].standard.amount_fen == 30_000
    assert types["bereavement"].standard.amount_fen == 80_000
    assert types["major_hardship"].standard.money_kind == "range"
    assert types["mood"].standard.money_kind == "none"
    assert "住院" in types["hospital"].synonyms


def test_hospital_visit_posts_to_the_ledger(db, types, zhang):
    day = TODAY - timedelta(days=3)
    vid = visits.add_visit(db, visit(zhang, types["hospital"], day, 30_000, reason="阑尾炎", visitors="王建国"))
    entry = ledger.list_entries(db, LedgerFilter(source="visit"))[0]
    assert (entry.amount_fen, entry.entry_date, entry.source_id) == (30_000, day, vid)
    assert entry.category_name == "维权支出/送温暖费" and "张三" in entry.summary
    history, totals = visits.member_history(db, zhang)
    assert [h.id for h in history] == [vid] and totals[0].money_fen == 30_000


def test_amount_outside_the_standard_needs_a_reason(db, types, zhang):
    data = visit(zhang, types["hospital"], TODAY, 50_000)
    with pytest.raises(NeedsReason, match="与标准 300.00 元不同"):
        visits.add_visit(db, data)
    assert visits.list_visits(db) == []
    data.warning_reason = "住院时间长，工会委员会研究决定"
    vid = visits.add_visit(db, data)
    row = visits.list_visits(db)[0]
    assert row.id == vid and "不同" in row.warnings and row.warning_reason.startswith("住院时间长")


def test_repeat_rules(db, types, zhang):
    visits.add_visit(db, visit(zhang, types["hospital"], date(YEAR, 1, 5), 30_000, reason="阑尾炎"))
    visits.add_visit(db, visit(zhang, types["hospital"], date(YEAR, 1, 9), 30_000, reason="骨折"))  # another illness
    with pytest.raises(NeedsReason, match="同一事由"):
        visits.add_visit(db, visit(zhang, types["hospital"], date(YEAR, 1, 20), 30_000, reason="阑尾炎"))
    visits.add_visit(db, visit(zhang, types["retirement"], date(YEAR, 1, 2), 50_000))
    with pytest.raises(NeedsReason, match="只慰问一次"):
        visits.add_visit(db, visit(zhang, types["retirement"], date(YEAR, 1, 3), 50_000))


def test_yearly_cap_and_standard_by_date(db, types, zhang):
    visits.add_standard(
        db,
        types["hospital"].id,
        Standard(
            "fixed",
            50_000,
            yearly_cap_fen=60_000,
            repeat="yearly_per_reason",
            effective_from=date(YEAR, 1, 10),
            source_doc="皖工发〔2025〕18号",
        ),
    )
    visits.add_visit(db, visit(zhang, types["hospital"], date(YEAR, 1, 5), 30_000, reason="甲"))  # old rule: 300
    with pytest.raises(NeedsReason, match="不同"):  # the new rule says 500
        visits.add_visit(db, visit(zhang, types["hospital"], date(YEAR, 1, 11), 30_000, reason="乙"))
    with pytest.raises(NeedsReason, match="超过每年"):
        visits.add_visit(db, visit(zhang, types["hospital"], date(YEAR, 1, 11), 50_000, reason="乙"))
    checked = visits.check_visit(db, visit(zhang, types["hospital"], date(YEAR, 1, 11), 0))
    assert checked.standard.amount_fen == 50_000 and checked.standard.source_doc == "皖工发〔2025〕18号"


@pytest.mark.parametrize(
    "code, money, day, status, message",
    [
        ("mood", 10_000, TODAY, "done", "不发慰问金"),
        ("festival_stay", 5_000, TODAY, "done", "只送慰问品"),
        ("hospital", 30_000, TODAY + timedelta(days=5), "done", "不能标为“已访”"),
    ],
)
def test_refusals(db, types, zhang, code, money, day, status, message):
    with pytest.raises(VisitError, match=message):
        visits.add_visit(db, visit(zhang, types[code], day, money, status=status))
    assert visits.list_visits(db) == [] and ledger_visits(db) == 0


def test_member_who_left(db, types, zhang):
    members.set_status(db, [zhang], "deceased")
    with db.engine.begin() as conn:  # the status was changed a month ago
        conn.execute(
            text("UPDATE audit_log SET at = :at WHERE action = 'status'"), {"at": datetime.now() - timedelta(days=30)}
        )
    with pytest.raises(VisitError, match="慰问家属"):
        visits.add_visit(db, visit(zhang, types["bereavement"], TODAY, 80_000))
    visits.add_visit(db, visit(zhang, types["bereavement"], TODAY, 80_000, for_family=True))
    visits.add_visit(db, visit(zhang, types["hospital"], TODAY - timedelta(days=40), 30_000))  # before: fine


def test_planned_visit_posts_nothing_until_done(db, types, zhang):
    vid = visits.add_visit(db, visit(zhang, types["hospital"], TODAY + timedelta(days=2), 30_000, status="planned"))
    assert ledger_visits(db) == 0
    data = visits.visit_input(db, vid)
    data.status, data.visit_date = "done", TODAY
    visits.update_visit(db, vid, data)
    assert ledger_visits(db) == 30_000


def test_closed_year_refuses_and_leaves_no_drift(db, types, zhang):
    ledger.close_year(db, YEAR - 1)
    with pytest.raises(FundsError, match="已经结账"):
        visits.add_visit(db, visit(zhang, types["hospital"], date(YEAR - 1, 6, 1), 30_000))
    assert visits.list_visits(db) == [] and ledger_visits(db) == 0


def test_ledger_equals_visits_for_any_period_through_edits_and_removals(db, types):
    """Random adds, edits (amount, date, type, status) and removals; then every period agrees."""
    rng = random.Random(4)
    people = [members.add_member(db, MemberInput(name=f"会员{i}")) for i in range(6)]
    money_types = [types[c] for c in ("hospital", "childbirth", "bereavement", "major_hardship")]
    start = date(YEAR, 1, 1)
    span = max((TODAY - start).days, 1)
    ids = []
    for step in range(60):
        action = rng.random()
        day = start + timedelta(days=rng.randrange(span))
        vtype = rng.choice(money_types)
        amount = rng.choice([0, vtype.standard.amount_fen, vtype.standard.amount_fen + 5_000])
        data = visit(rng.choice(people), vtype, day, amount, reason=f"事由{step}", warning_reason="测试")
        if action < 0.5 or not ids:
            ids.append(visits.add_visit(db, data))
        elif action < 0.85:
            target = rng.choice(ids)
            data.status = rng.choice(["done", "done", "planned"])
            visits.update_visit(db, target, data)
        else:
            visits.remove_visit(db, ids.pop(rng.randrange(len(ids))), "录入错误")
    for _ in range(40):
        low = start + timedelta(days=rng.randrange(span))
        high = low + timedelta(days=rng.randrange(60))
        assert ledger_visits(db, low, high) == visits_money(db, low, high), (low, high)
    assert ledger_visits(db) == visits_money(db)
    assert run_check(db).ok, run_check(db).lines


def test_check_reports_a_visit_edited_behind_the_apps_back(db, types, zhang):
    visits.add_visit(db, visit(zhang, types["hospital"], TODAY, 30_000))
    with db.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE visits SET money_fen = 40000")
    report = run_check(db)
    assert not report.ok and any("慰问金与记账不符" in t for _g, t in report.lines)


def test_attention_list(db, types):
    today = date(YEAR, 6, 1) if TODAY >= date(YEAR, 6, 2) else TODAY
    soon = members.add_member(
        db,
        MemberInput(name="将退休", gender="M", birth_date=date(1965, 1, 1), retirement_date=today + timedelta(days=40)),
    )
    other = members.add_member(db, MemberInput(name="李四"))
    planned = visits.add_visit(db, visit(other, types["hospital"], today - timedelta(days=2), 30_000, status="planned"))
    items = visits.attention(db, today)
    assert [(i.kind, i.member_id) for i in items] == [("overdue", other), ("retiring", soon)]
    assert items[0].visit_id == planned
    visits.add_visit(db, visit(soon, types["retirement"], today + timedelta(days=30), 50_000, status="planned"))
    assert [i.kind for i in visits.attention(db, today)] == ["overdue"]


def test_types_are_retired_not_deleted_once_used(db, types, zhang):
    visits.add_visit(db, visit(zhang, types["hospital"], TODAY, 30_000))
    with pytest.raises(Exception, match="停用"):
        visits.remove_type(db, types["hospital"].id)
    visits.set_type_active(db, types["hospital"].id, False)
    with pytest.raises(VisitError, match="已停用"):
        visits.add_visit(db, visit(zhang, types["hospital"], TODAY, 30_000, reason="再次"))
    new = visits.add_type(
        db,
        "教师节慰问",
        Standard("gift", gift_cap_fen=20_000, repeat="yearly"),
        category_id=types["childbirth"].category_id,
    )
    visits.remove_type(db, new)


def test_yearly_summary(db, types, zhang):
    visits.add_visit(db, visit(zhang, types["hospital"], date(YEAR, 1, 2), 30_000, reason="甲"))
    visits.add_visit(db, visit(zhang, types["hospital"], date(YEAR, 1, 3), 30_000, reason="乙"))
    visits.add_visit(db, visit(zhang, types["childbirth"], date(YEAR, 1, 4), 30_000))
    by_type, by_group = visits.yearly_summary(db, YEAR)
    assert [(r.label, r.count, r.money_fen) for r in by_type] == [("生病住院", 2, 60_000), ("生育", 1, 30_000)]
    assert by_group == [visits.SummaryRow("（未分组）", 3, 90_000, 0)]
