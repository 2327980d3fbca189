"""Two copies of the app changing the union's year at the same moment: each step on an
item waits for the other's on that item, making a year's plan waits for another copy
making the same year, and a clash no lock could prevent (the same title added twice) is
told in Chinese with nothing saved — never a raw IntegrityError or StaleDataError."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from unionapp.db.engine import Database
from unionapp.db.models import YearPlanItem
from unionapp.db.postgres import serialize
from unionapp.services.errors import ConcurrentEditError
from unionapp.services.year_plan_reads import PlanError

CHANGED = "这项计划刚被另一台电脑（或另一个窗口）修改过，刚才的操作没有保存，请刷新后再看，需要时重新操作。"
CLASH = "另一台电脑（或另一个窗口）刚刚保存了同一年、同一月份、同名的计划，刚才的操作没有保存，请刷新后再看，需要时重新操作。"


@contextmanager
def writing(db: Database) -> Iterator[Session]:
    """`db.session()` for a change to the plan, with a clash told in Chinese."""
    try:
        with db.session() as session:
            yield session
    except StaleDataError as err:
        raise ConcurrentEditError(CHANGED) from err
    except IntegrityError as err:
        raise PlanError([CLASH]) from err


def lock_item(session: Session, item_id: object) -> None:
    """A write that changes nothing, before the item is read: it takes the row's lock on
    PostgreSQL and the file's on SQLite (whose reads otherwise run outside the
    transaction), so a second 标记完成 waits for the first and then reads what it saved."""
    if isinstance(item_id, int) and not isinstance(item_id, bool):
        table = YearPlanItem.__table__
        session.execute(table.update().where(table.c.id == item_id).values(version=table.c.version))


def lock_year(session: Session, year: int) -> None:
    """Before checking whether a year has its plan and copying the template into it: the
    second of two copies doing it at once waits, then finds the items and adds none.
    PostgreSQL: an advisory lock on the year; SQLite: a write that changes nothing takes
    the file's lock, so the check after it reads what the first copy committed."""
    serialize(session, "year_plan", year)
    table = YearPlanItem.__table__
    session.execute(table.update().where(table.c.year == year).values(version=table.c.version))
