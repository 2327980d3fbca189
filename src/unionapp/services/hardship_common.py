"""What the hardship-file modules share: the one refusal (`HardshipError`, every problem
listed), the inputs of a file and its household, loading a file or saying it is gone, the
member's mirror of the open file, and id lists asked in chunks.

The lowest of the hardship modules (hardship_common ← hardship_help ← hardship_reads ←
hardship)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from unionapp.db.models import HardshipFile, HardshipReview, Member, UnionGroup
from unionapp.domain.errors import DomainError
from unionapp.services import audit
from unionapp.services.errors import NotFoundError

CHUNK = 900  # ids per IN list: under SQLite's bound-parameter limit
ENTITY = "hardship_file"
GONE = "找不到这份困难职工档案，可能已被删除，请刷新。"
NO_MEMBER = "找不到这位会员，可能已被删除，请刷新。"


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
