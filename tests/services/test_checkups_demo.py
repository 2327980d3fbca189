"""The demo's checkups: deterministic per seed; each year an all-staff checkup (union and
administration paying in turn) and, from October, the women's checkup; realistic
coverage; the union's cost in the ledger once per campaign, also in closed years."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest
from sqlalchemy import func, select

from unionapp import config
from unionapp.db.models import Member
from unionapp.db.opening import open_database
from unionapp.domain.checkups import ATTENDED
from unionapp.services import checkups, ledger
from unionapp.services.check import run_check
from unionapp.services.demo import create_demo
from unionapp.services.ledger import LedgerFilter

TODAY = date(2026, 8, 15)
YEARS = (2024, 2025, 2026)


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    db = open_database(config.database_url(str(tmp_path_factory.mktemp("demo-checkups") / "demo.db")))
    create_demo(db, members_count=400, years=3, seed=31, today=TODAY)
    yield db
    db.dispose()


def fingerprint(db) -> list[tuple]:
    return [
        (
            c.name,
            c.date_from,
            c.date_to,
            c.payer,
            c.cost_fen,
            tuple(
                (p.name, p.status, p.checkup_date, p.absence_reason, p.followup_note)
                for p in checkups.list_people(db, c.id)
            ),
        )
        for c in checkups.list_campaigns(db)
    ]


def by_kind(db) -> dict[tuple[int, str], checkups.CampaignRow]:
    return {(c.year, c.eligibility): c for c in checkups.list_campaigns(db)}


def test_same_seed_same_checkups_other_seed_other_checkups(demo, tmp_path):
    again = open_database(config.database_url(str(tmp_path / "again.db")))
    other = open_database(config.database_url(str(tmp_path / "other.db")))
    try:
        create_demo(again, members_count=400, years=3, seed=31, today=TODAY)
        create_demo(other, members_count=400, years=3, seed=32, today=TODAY)
        assert fingerprint(again) == fingerprint(demo)
        assert fingerprint(other) != fingerprint(demo)
    finally:
        again.dispose()
        other.dispose()


def test_each_year_has_its_campaigns_for_the_right_people(demo):
    found = by_kind(demo)
    assert set(found) == {(y, "all_active") for y in YEARS} | {(2024, "women"), (2025, "women")}  # 2026's not yet
    with demo.session() as s:
        active = s.scalar(select(func.count()).select_from(Member).where(Member.status == "active"))
        women = s.scalar(
            select(func.count()).select_from(Member).where(Member.status == "active", Member.gender == "F")
        )
    assert [found[(y, "all_active")].payer for y in YEARS] == ["union", "admin", "union"]  # paid in turn
    for year in YEARS:
        yearly = found[(year, "all_active")]
        assert yearly.eligible == active and 3 <= yearly.date_from.month <= 4
    for year in (2024, 2025):
        women_only = found[(year, "women")]
        assert women_only.eligible == women and women_only.payer == "union"
        assert women_only.date_from.month == 10 and women_only.date_to.month == 12
        assert {p.gender for p in checkups.list_people(demo, women_only.id)} == {"F"}


def test_coverage_is_realistic(demo):
    for campaign in checkups.list_campaigns(demo):
        people = checkups.list_people(demo, campaign.id)
        counts = Counter(p.status for p in people)
        assert 0.78 <= campaign.attended / campaign.eligible <= 0.97, (campaign.name, counts)
        assert counts["absent"] and counts["followup"] and counts["pending"] == 0
        assert all(p.absence_reason for p in people if p.status == "absent")
        assert all(p.followup_note for p in people if p.status == "followup")
        dates = [p.checkup_date for p in people if p.status in ATTENDED]
        assert all(campaign.date_from <= d <= min(campaign.date_to, TODAY) and d.weekday() < 5 for d in dates)
        assert all(p.checkup_date is None for p in people if p.status not in ATTENDED)
    notes = {
        p.followup_note
        for c in checkups.list_campaigns(demo)
        if c.eligibility == "women"
        for p in checkups.list_people(demo, c.id)
    }
    assert any("乳腺" in n or "宫颈" in n for n in notes)


def test_the_union_s_cost_is_in_the_ledger_once_per_campaign(demo):
    report = run_check(demo)
    assert report.ok, report.lines
    entries = ledger.list_entries(demo, LedgerFilter(source="checkup"))
    assert not any(e.reversal_of_id or e.reversed_by_id for e in entries)
    posted = {e.source_id: e for e in entries}
    assert len(posted) == len(entries)
    for c in checkups.list_campaigns(demo):
        if c.payer == "admin":
            assert c.id not in posted and c.cost_fen > 0  # recorded, but not the union's money
            continue
        entry = posted[c.id]
        assert entry.amount_fen == c.cost_per_person_fen * c.attended == c.cost_fen
        assert entry.entry_date == c.date_to and entry.handler and entry.approver == "王建国"
        assert entry.category_name == "职工活动支出/职工集体福利支出"
    for year in YEARS:
        every = ledger.list_entries(demo, LedgerFilter(year=year))
        assert [e.voucher_no for e in every] == list(range(1, len(every) + 1))  # in date order among the rest
        assert ledger.year_summary(demo, year).closed == (year < TODAY.year)


def test_a_running_women_s_checkup_on_a_past_demo_date_has_no_cost_yet(tmp_path):
    """Dated in the past (as tests do), a union-paid campaign still running has people
    told but none attended: the service would date its cost on the real today."""
    db = open_database(config.database_url(str(tmp_path / "autumn.db")))
    try:
        create_demo(db, members_count=150, years=1, seed=4, today=date(2025, 11, 20))
        running = by_kind(db)[(2025, "women")]
        assert running.date_from <= date(2025, 11, 20) < running.date_to
        assert {p.status for p in checkups.list_people(db, running.id)} == {"notified"}
        assert running.cost_fen == 0
        assert all(e.source_id != running.id for e in ledger.list_entries(db, LedgerFilter(source="checkup")))
        assert by_kind(db)[(2025, "all_active")].attended > 0  # the spring one is done
        assert run_check(db).ok
    finally:
        db.dispose()


def test_no_years_no_checkups(tmp_path):
    db = open_database(config.database_url(str(tmp_path / "plain.db")))
    try:
        create_demo(db, members_count=50, years=0, seed=4, today=TODAY)
        assert checkups.list_campaigns(db) == []
    finally:
        db.dispose()
