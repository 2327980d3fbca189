"""Issue #19 attacked through the services: two copies of the app on one database (two
Database objects, as two PCs share a file or a PostgreSQL server) doing the same step at
the same moment, each forced to read before the other writes; and what the records of a
file's life keep. Each race ends with one result and a Chinese refusal or a quiet no-op —
never two open files, a raw IntegrityError or StaleDataError."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from sqlalchemy import func, select

from unionapp.db.models import AuditEntry, HardshipFile, HardshipReview, YearPlanItem
from unionapp.db.opening import open_database
from unionapp.domain.errors import DomainError
from unionapp.services import hardship, hardship_common, members, year_plan, year_plan_locks
from unionapp.services.errors import InUseError
from unionapp.services.hardship import FileInput, HardshipError, HouseholdInput

from .small_school import YEAR, school

OPENED = date(YEAR, 3, 1)
TODAY = date(YEAR, 12, 15)


@pytest.fixture
def other_db(db):
    """A second copy of the app on the same database."""
    database = open_database(db.url.render_as_string(hide_password=False))
    yield database
    database.dispose()


def side_by_side(monkeypatch, module, name: str, first, second) -> list[object]:
    """Run `first` and `second` in two threads, each pausing after `module.name` (a read
    both make before writing) until the other has made it too — or for a second, when the
    other is held by a lock, as it should be. Each outcome: its value or the error raised."""
    original = getattr(module, name)
    both_read = threading.Barrier(2)

    def read_then_wait(*args, **kwargs):
        found = original(*args, **kwargs)
        try:
            both_read.wait(1)
        except threading.BrokenBarrierError:
            pass  # the other waits on a lock: it reads after this one commits
        return found

    monkeypatch.setattr(module, name, read_then_wait)
    outcomes: list[object] = [None, None]

    def run(index, step):
        try:
            outcomes[index] = step()
        except Exception as err:  # noqa: BLE001 - the outcome under test
            outcomes[index] = err

    threads = [threading.Thread(target=run, args=(i, step)) for i, step in enumerate((first, second))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    monkeypatch.setattr(module, name, original)
    return outcomes


def refusals(outcomes: list[object]) -> list[BaseException]:
    errors = [o for o in outcomes if isinstance(o, BaseException)]
    for err in errors:
        assert isinstance(err, DomainError), repr(err)  # Chinese, not a raw database error
    return errors


def count(db, model, *where) -> int:
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(model).where(*where))


def entry(member_id: int, **kw) -> FileInput:
    fields = dict(member_id=member_id, level="hardship", opened_on=OPENED, household=(HouseholdInput("本人", "", 1),))
    return FileInput(**(fields | kw))


def test_two_copies_opening_a_file_for_one_member_end_with_one_file(db, other_db, monkeypatch):
    p = school(db)
    outcomes = side_by_side(
        monkeypatch,
        hardship,
        "open_file_of",
        lambda: hardship.open_file(db, entry(p["张丽"]), today=TODAY),
        lambda: hardship.open_file(other_db, entry(p["张丽"], level="extreme"), today=TODAY),
    )
    (refused,) = refusals(outcomes)
    assert isinstance(refused, HardshipError) and "张丽已有困难职工档案" in str(refused)
    assert count(db, HardshipFile, HardshipFile.closed_on.is_(None)) == 1
    kept = next(o for o in outcomes if isinstance(o, int))
    assert hardship.member_file_id(db, p["张丽"]) == kept
    (row,) = hardship.list_files(db, today=TODAY)
    assert row.level == members.get_member(db, p["张丽"]).hardship_level


def test_two_copies_closing_one_file_close_it_once(db, other_db, monkeypatch):
    p = school(db)
    fid = hardship.open_file(db, entry(p["张丽"]), today=TODAY)

    def close(database, day, reason):
        return lambda: hardship.review_file(database, fid, day, "close", close_reason=reason, today=TODAY)

    outcomes = side_by_side(
        monkeypatch,
        hardship,
        "load_file",
        close(db, date(YEAR, 11, 1), "收入好转"),
        close(other_db, date(YEAR, 11, 2), "已脱困"),
    )
    (refused,) = refusals(outcomes)
    assert "销档，不能再复核" in str(refused)
    assert count(db, HardshipReview, HardshipReview.file_id == fid) == 1
    assert members.get_member(db, p["张丽"]).hardship_level == ""


def test_a_review_and_an_edit_at_once_both_land_or_the_edit_is_told(db, other_db, monkeypatch):
    p = school(db)
    fid = hardship.open_file(db, entry(p["张丽"]), today=TODAY)
    seen = hardship.list_files(db, today=TODAY)[0].version
    outcomes = side_by_side(
        monkeypatch,
        hardship,
        "load_file",
        lambda: hardship.review_file(db, fid, date(YEAR, 11, 1), "change", "extreme", today=TODAY),
        lambda: hardship.update_file(other_db, fid, entry(p["张丽"], plan="结对帮扶"), seen, today=TODAY),
    )
    refusals(outcomes)  # whichever came second: a Chinese refusal (stale form), never a raw error
    assert hardship.list_files(db, today=TODAY)[0].level == "extreme"
    assert members.get_member(db, p["张丽"]).hardship_level == "extreme"


def test_two_copies_making_one_years_plan_make_it_once(db, other_db, monkeypatch):
    outcomes = side_by_side(
        monkeypatch,
        year_plan,
        "_check_year",
        lambda: year_plan.ensure_year(db, YEAR),
        lambda: year_plan.ensure_year(other_db, YEAR),
    )
    assert not refusals(outcomes)
    added = sorted(outcomes)
    assert added[0] == 0 and added[1] > 0
    assert count(db, YearPlanItem, YearPlanItem.year == YEAR) == added[1]


def test_marking_an_item_done_in_two_copies_at_once(db, other_db, monkeypatch):
    year_plan.ensure_year(db, YEAR)
    item = year_plan.list_items(db, YEAR, today=TODAY)[0].id
    outcomes = side_by_side(
        monkeypatch,
        year_plan,
        "_load",
        lambda: year_plan.mark_done(db, item, date(YEAR, 1, 20), "送温暖", today=TODAY),
        lambda: year_plan.mark_done(other_db, item, date(YEAR, 1, 21), "走访", today=TODAY),
    )
    assert not refusals(outcomes)  # the later one stands, as a later edit would
    done = next(i for i in year_plan.list_items(db, YEAR, today=TODAY) if i.id == item)
    assert (done.done_on, done.note) in {(date(YEAR, 1, 20), "送温暖"), (date(YEAR, 1, 21), "走访")}


def test_marking_done_again_as_it_was_logs_nothing_more(db):
    year_plan.ensure_year(db, YEAR)
    item = year_plan.list_items(db, YEAR, today=TODAY)[0].id
    year_plan.mark_done(db, item, date(YEAR, 1, 20), "送温暖", today=TODAY)
    logged = count(db, AuditEntry)
    year_plan.mark_done(db, item, date(YEAR, 1, 20), "送温暖", today=TODAY)
    assert count(db, AuditEntry) == logged


def test_a_clash_no_lock_prevents_is_told_in_chinese(db):
    """The same title added by another copy between the check and the write."""
    year_plan.add_item(db, YEAR, year_plan.PlanItemInput(5, "五一劳模座谈"))
    with pytest.raises(year_plan.PlanError, match="同名的计划"), year_plan_locks.writing(db) as s:
        s.add(YearPlanItem(year=YEAR, month=5, title="五一劳模座谈", sort_order=9))
    assert count(db, YearPlanItem, YearPlanItem.year == YEAR) == 1
    with pytest.raises(HardshipError, match="同时修改"), hardship_common.writing(db) as s:
        s.add(HardshipFile(member_id=10**6, level="hardship", opened_on=OPENED, close_reason=""))


def test_a_member_with_a_file_cannot_be_deleted(db):
    p = school(db)
    fid = hardship.open_file(db, entry(p["陈静"]), today=TODAY)
    with pytest.raises(InUseError, match="陈静"):
        members.remove_member(db, p["陈静"])
    hardship.review_file(db, fid, date(YEAR, 11, 1), "close", close_reason="收入好转", today=TODAY)
    with pytest.raises(InUseError):  # a closed file is history: still kept
        members.remove_member(db, p["陈静"])
