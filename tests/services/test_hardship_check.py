"""`check` finds a roster mark that does not mirror the open hardship file, and two open
files of one member."""

from datetime import date

from sqlalchemy import update

from unionapp.db.models import HardshipFile, Member
from unionapp.services import hardship
from unionapp.services.check import run_check
from unionapp.services.hardship import FileInput, HouseholdInput

from .small_school import YEAR, school


def bad_lines(db) -> list[str]:
    return [text for good, text in run_check(db).lines if not good]


def test_a_mark_that_does_not_follow_the_file_is_found(db):
    p = school(db)
    hardship.open_file(db, FileInput(p["张丽"], "hardship", date(YEAR, 3, 1), household=(HouseholdInput("本人"),)))
    assert bad_lines(db) == []
    with db.session() as s:
        s.execute(update(Member).where(Member.id == p["张丽"]).values(hardship_level="extreme"))
        s.execute(update(Member).where(Member.id == p["李强"]).values(hardship_level="hardship"))
    [line] = bad_lines(db)
    assert "张丽" in line and "李强" in line and "与其档案不符" in line


def test_two_open_files_of_one_member_are_found(db):
    p = school(db)
    first = hardship.open_file(db, FileInput(p["张丽"], "hardship", date(YEAR, 3, 1)))
    hardship.review_file(db, first, date(YEAR, 5, 1), "close", close_reason="收入好转，已脱困")
    hardship.open_file(db, FileInput(p["张丽"], "hardship", date(YEAR, 6, 1)))
    with db.session() as s:
        s.execute(update(HardshipFile).where(HardshipFile.id == first).values(closed_on=None))
    assert any("两份未销档的档案" in line for line in bad_lines(db))
