"""The demo's hardship files and year plan: every member the roster marks is filed, the
mark mirrors the file, a few files wait for November's review, and this year's plan has
past items done (most linked to their records) and a few overdue."""

from datetime import date

import pytest

from unionapp.services import care, hardship, members, year_plan
from unionapp.services.check import run_check
from unionapp.services.demo import create_demo

TODAY = date(2026, 12, 1)


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    from unionapp import config
    from unionapp.db.opening import open_database

    db = open_database(config.database_url(str(tmp_path_factory.mktemp("care") / "demo.db")))
    create_demo(db, members_count=300, years=1, seed=1, today=TODAY)
    yield db
    db.dispose()


def test_every_marked_member_has_an_open_file_at_that_level(demo_db):
    files = {f.member_id: f for f in hardship.list_files(demo_db, include_closed=True, today=TODAY)}
    marked = {m.id: m.hardship_level for m in members.list_members(demo_db) if m.hardship_level}
    open_files = {f.member_id: f.level for f in files.values() if f.open}
    assert marked == open_files and len(open_files) >= 5
    closed = [f for f in files.values() if not f.open]
    assert closed and all(f.close_reason for f in closed)


def test_some_files_wait_for_the_november_review(demo_db):
    files = hardship.list_files(demo_db, today=TODAY)
    due = [f for f in files if f.review_due]
    assert due and len(due) < len(files)
    lines = care.care_list(demo_db, 2026, 12, today=TODAY).lines
    assert {line.member_id for line in lines if line.kind == "hardship_review"} == {f.member_id for f in due}


def test_the_plan_is_done_in_the_past_and_open_ahead(demo_db):
    items = year_plan.list_items(demo_db, 2026, today=TODAY)
    past = [i for i in items if i.month < 12]
    assert sum(1 for i in past if i.done_on) >= len(past) - 4
    assert sum(1 for i in items if i.link_kind) >= 10
    overdue = [i for i in items if i.overdue]
    assert 1 <= len(overdue) <= 4
    assert all(i.done_on is None for i in items if i.month == 12)
    assert all(i.done_on is None or i.done_on <= TODAY for i in items)


def test_the_demo_checks_clean(demo_db):
    report = run_check(demo_db)
    assert report.ok, [text for good, text in report.lines if not good]
