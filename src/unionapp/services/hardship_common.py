"""What the hardship-file modules share: the one refusal (`HardshipError`, every problem
listed), the inputs of a file and its household, loading a file or saying it is gone, the
member's mirror of the open file, and id lists asked in chunks.

The lowest of the hardship modules (hardship_common ← hardship_help ← hardship_reads ←
hardship)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from unionapp.db.engine import Database
from unionapp.db.models import HardshipFile, HardshipReview, Member, UnionGroup
from unionapp.domain.errors import DomainError
from unionapp.domain.hardship import HOUSEHOLD_TEXTS, MAX_HOUSEHOLD
from unionapp.domain.money import MAX_RECORD_FEN, MAX_RECORD_TEXT
from unionapp.domain.text import clean_fields
from unionapp.services import audit
from unionapp.services.errors import ConcurrentEditError, NotFoundError

CHUNK = 900  # ids per IN list: under SQLite's bound-parameter limit
ENTITY = "hardship_file"
GONE = "找不到这份困难职工档案，可能已被删除，请刷新。"
NO_MEMBER = "找不到这位会员，可能已被删除，请刷新。"
CLASH = "刚才另一台电脑（或另一个窗口）同时修改了这份困难职工档案或这位会员，刚才的操作没有保存，请刷新后再看，需要时重新操作。"


class HardshipError(DomainError):
    """What is wrong with a hardship file or a step on it (several problems, one message)."""

    def __init__(self, problems: list[str]):
        self.problems = list(problems)
        super().__init__("；".join(self.problems))


def refuse(problems: list[str]) -> None:
    if problems:
        raise HardshipError(problems)


@dataclass(frozen=True)
class HouseholdInput:
    """A person of the household (the member included), with their monthly income in fen."""

    relation: str
    name: str = ""
    monthly_income_fen: int = 0
    note: str = ""


@dataclass(frozen=True)
class FileInput:
    member_id: int
    level: str
    opened_on: date
    causes: tuple[str, ...] = ()
    plan: str = ""
    notes: str = ""
    household: tuple[HouseholdInput, ...] = ()


@contextmanager
def writing(db: Database) -> Iterator[Session]:
    """`db.session()` for a change to a file: a clash with what another copy saved at the
    same moment, which the locks below should leave none of, is still told in Chinese,
    nothing saved — never a raw StaleDataError or IntegrityError."""
    try:
        with db.session() as session:
            yield session
    except StaleDataError as err:
        raise ConcurrentEditError(CLASH) from err
    except IntegrityError as err:
        raise HardshipError([CLASH]) from err


def _lock_row(session: Session, table, row_id: object) -> None:
    """A write that changes nothing: it takes the row's lock on PostgreSQL and the file's on
    SQLite (whose reads otherwise run outside the transaction), so another copy's step on
    the same row waits for this one to commit and then reads what it saved."""
    if isinstance(row_id, int) and not isinstance(row_id, bool):
        session.execute(
            table.update().where(table.c.id == row_id).values(version=table.c.version, updated_at=table.c.updated_at)
        )


def lock_member(session: Session, member_id: object) -> None:
    """Before reading whether the member has an open file and opening one: two copies
    opening a file for the same member at once end with one file and a Chinese refusal
    (there is no unique constraint on open files to catch it)."""
    _lock_row(session, Member.__table__, member_id)


def lock_file(session: Session, file_id: object) -> None:
    """Before reading a file to review, edit or delete it: a second review closing it
    again, or an edit beside a review, waits and then sees the first one's result."""
    _lock_row(session, HardshipFile.__table__, file_id)


def _money_problem(value: object, where: str) -> str | None:
    """A monthly income must be whole fen, not negative, not absurd."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return f"{where}的月收入应是金额（元），请填写数字"
    if isinstance(value, float) and not value.is_integer():
        return f"{where}的月收入应精确到分，请检查"
    if value < 0:
        return f"{where}的月收入不能是负数，没有收入请填 0"
    if value > MAX_RECORD_FEN:
        return f"{where}的月收入超过 {MAX_RECORD_TEXT}，请检查是否多输了几位"
    return None


def household_checked(people: tuple[HouseholdInput, ...], problems: list[str]) -> tuple[HouseholdInput, ...]:
    """The household cleaned; what is wrong with each person joins `problems`."""
    if len(people) > MAX_HOUSEHOLD:
        problems.append(f"家庭成员最多登记 {MAX_HOUSEHOLD} 人，现在有 {len(people)} 人，请检查")
        return ()
    out = []
    for number, person in enumerate(people, start=1):
        where = f"第 {number} 位家庭成员"
        found: list[str] = []
        texts = clean_fields(person, HOUSEHOLD_TEXTS, found)
        if not found and not texts["relation"]:
            found.append(f"{where}：请填写与本人的关系（如 本人、配偶、子女）")
        money = _money_problem(person.monthly_income_fen, where)
        if money:
            found.append(money)
        problems += [p if p.startswith(where) else f"{where}：{p}" for p in found]
        if not found:
            out.append(replace(person, **texts, monthly_income_fen=int(person.monthly_income_fen)))
    return tuple(out)


def load_file(session: Session, file_id: int) -> HardshipFile:
    record = session.get(HardshipFile, file_id)
    if record is None:
        raise NotFoundError(GONE)
    return record


def load_member(session: Session, member_id: int) -> Member:
    member = session.get(Member, member_id)
    if member is None:
        raise NotFoundError(NO_MEMBER)
    return member


def open_file_of(session: Session, member_id: int) -> HardshipFile | None:
    """The member's open file (one at most)."""
    query = select(HardshipFile).where(HardshipFile.member_id == member_id, HardshipFile.closed_on.is_(None))
    return session.scalars(query.order_by(HardshipFile.id)).first()


def mirror(session: Session, member: Member) -> None:
    """The member's hardship_level/hardship_since follow their open file ("" and None
    without one), in the caller's transaction; untouched when already equal, so the
    member's version moves only on a real change."""
    session.flush()
    current = open_file_of(session, member.id)
    level, since = (current.level, current.opened_on) if current is not None else ("", None)
    if (member.hardship_level or "", member.hardship_since) != (level, since):
        member.hardship_level, member.hardship_since = level, since


def close_on_leaving_in(session: Session, member: Member, day: date, reason: str) -> None:
    """A member who leaves the school (调出, 去世) leaves the hardship files with them: the
    open file, if any, is closed on the day they left (not before it was opened), as a
    review that says why, in the status change's transaction."""
    record = open_file_of(session, member.id)
    if record is None:
        return
    closed = max(day, record.opened_on)
    session.add(
        HardshipReview(
            file_id=record.id,
            reviewed_on=closed,
            outcome="close",
            level_before=record.level,
            level_after=record.level,
            note=f"会员{reason}，档案随之销档",
        )
    )
    record.closed_on, record.close_reason = closed, reason
    mirror(session, member)
    summary = f"困难职工档案销档：{member.name}（{closed}，{reason}）"
    audit.record(session, "review", "hardship_file", record.id, summary, after={"closed_on": closed})


def chunks(ids: Iterable[int]) -> Iterator[list[int]]:
    wanted = sorted(set(ids))
    for start in range(0, len(wanted), CHUNK):
        yield wanted[start : start + CHUNK]


def causes_codes(stored: str) -> tuple[str, ...]:
    return tuple(c for c in (stored or "").split(",") if c)


_FILE_COLUMNS = (
    HardshipFile.id,
    HardshipFile.member_id,
    Member.name,
    Member.gender,
    UnionGroup.name,
    Member.status,
    HardshipFile.level,
    HardshipFile.opened_on,
    HardshipFile.closed_on,
    HardshipFile.close_reason,
    HardshipFile.version,
)


def files_query():
    """Files with their member, in the group sheet's order, then by name."""
    return (
        select(*_FILE_COLUMNS)
        .join(Member, Member.id == HardshipFile.member_id)
        .outerjoin(UnionGroup, UnionGroup.id == Member.group_id)
        .order_by(
            UnionGroup.sort_order.is_(None),
            UnionGroup.sort_order,
            UnionGroup.name,
            Member.sort_key,
            Member.id,
            HardshipFile.opened_on.desc(),
            HardshipFile.id.desc(),
        )
    )
