"""The demo's visits: deterministic per seed, made through the visits service so the
ledger holds exactly their money (also in the years the demo closed), and plausible —
retirements on the day, festival stays for staff from other provinces, a few visits
outside the standard with their reason written."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest

from unionapp import config
from unionapp.db.opening import open_database
from unionapp.services import ledger, members, visits
from unionapp.services.check import run_check
from unionapp.services.demo import create_demo
from unionapp.services.ledger import LedgerFilter
from unionapp.services.visits import VisitFilter

TODAY = date(2026, 8, 15)
YEARS = (2024, 2025, 2026)


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    db = open_database(config.database_url(str(tmp_path_factory.mktemp("demo-visits") / "demo.db")))
    create_demo(db, members_count=500, years=3, seed=21, today=TODAY)
    yield db
    db.dispose()


def fingerprint(db) -> list[tuple]:
    return [
        (
            v.member_name,
            v.type_name,
            v.visit_date,
            v.status,
            v.reason,
            v.money_fen,
            v.gift_value_fen,
            v.approval_no,
            v.warning_reason,
        )
        for v in visits.list_visits(db)
    ]


def test_same_seed_same_visits_other_seed_other_visits(demo, tmp_path):
    again = open_database(config.database_url(str(tmp_path / "again.db")))
    other = open_database(config.database_url(str(tmp_path / "other.db")))
    try:
        create_demo(again, members_count=500, years=3, seed=21, today=TODAY)
        create_demo(other, members_count=500, years=3, seed=22, today=TODAY)
        assert fingerprint(again) == fingerprint(demo)
        assert fingerprint(other) != fingerprint(demo)
    finally:
        again.dispose()
        other.dispose()


def test_the_books_check_out_and_the_ledger_holds_each_year_s_visit_money(demo):
    report = run_check(demo)
    assert report.ok, report.lines
    for year in YEARS:
        done = visits.list_visits(
            demo, VisitFilter(date_from=date(year, 1, 1), date_to=date(year, 12, 31), status="done")
        )
        posted = ledger.list_entries(demo, LedgerFilter(year=year, source="visit"))
        assert sum(v.money_fen for v in done) == sum(e.amount_fen for e in posted) > 0
        assert len(posted) == sum(1 for v in done if v.money_fen)
        assert ledger.year_summary(demo, year).closed == (year < TODAY.year)
        every = ledger.list_entries(demo, LedgerFilter(year=year))
        assert [e.voucher_no for e in every] == list(range(1, len(every) + 1))  # visits among them by date
        assert all(e.handler and e.approver == "王建国" for e in posted)


def test_every_year_has_the_usual_kinds_of_visit(demo):
    rows = visits.list_visits(demo)
    kinds = Counter((v.visit_date.year, v.type_name) for v in rows if v.status == "done")
    for year in YEARS:
        for name in ("生病住院", "直系亲属去世", "退休", "外省籍留校过年", "重大困难"):
            assert kinds[(year, name)] >= 1, (year, name)
    assert all(v.visit_date <= TODAY for v in rows if v.status == "done")
    assert {v.status for v in rows} == {"done", "planned"}  # coming retirements are planned


def test_retirements_are_on_the_day_and_festival_stays_are_for_staff_from_elsewhere(demo):
    people = {m.id: m for m in members.list_members(demo)}
    for v in visits.list_visits(demo):
        person = people[v.member_id]
        if v.type_name == "退休":
            assert v.visit_date == person.retirement_date and v.money_fen == 50_000
        if v.type_name == "外省籍留校过年":
            assert person.native_province not in ("", "安徽") and person.status == "active"
            assert v.money_fen == 0 and 0 < v.gift_value_fen <= 10_000 and v.visit_date.month in (1, 2)
        assert person.is_union_member and person.status in ("active", "retired")


def test_visits_outside_the_standard_carry_their_reason(demo):
    rows = visits.list_visits(demo)
    outside = [v for v in rows if v.warnings]
    assert outside and all(v.warning_reason for v in outside)
    assert {v.type_name for v in outside} <= {"生病住院", "重大困难"}
    assert all(
        v.approval_no.startswith(f"工慰〔{v.visit_date.year}〕") for v in rows if v.money_fen and v.status == "done"
    )


def test_no_years_no_visits(tmp_path):
    db = open_database(config.database_url(str(tmp_path / "plain.db")))
    try:
        create_demo(db, members_count=50, years=0, seed=3, today=TODAY)
        assert visits.list_visits(db) == [] and ledger.list_entries(db, LedgerFilter()) == []
    finally:
        db.dispose()


def test_a_standard_changed_before_the_demo_is_followed(tmp_path):
    from unionapp.domain.visits import Standard
    from unionapp.services.demo.visits import DEMO_REASON

    db = open_database(config.database_url(str(tmp_path / "changed.db")))
    try:
        hospital = next(t for t in visits.list_types(db) if t.code == "hospital")
        visits.add_standard(db, hospital.id, Standard("fixed", 60_000, effective_from=date(2025, 7, 1)))
        create_demo(db, members_count=400, years=3, seed=5, today=TODAY)
        rows = [v for v in visits.list_visits(db) if v.type_id == hospital.id]
        assert rows and all(v.money_fen in (60_000, 80_000) for v in rows)  # today's standard (+200 when over)
        early = [v for v in rows if v.visit_date < date(2025, 7, 1)]
        assert early and all(v.warning_reason for v in early)  # judged by the old 300 元: a reason is written
        assert any(v.warning_reason == DEMO_REASON for v in early)
        assert run_check(db).ok
    finally:
        db.dispose()
