"""Reading hardship files: the list (what shows by default — no household, income, causes
or plan), one file's details (each read written to the audit log as a "view"), the form's
values, a member's open file; the year's 帮扶情况统计表 (hardship_help) re-exported.

Help given is never typed into a file: it is the member's visits, handouts and prizes
(services.benefits), read for the file's years."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from unionapp.db.engine import Database
from unionapp.db.models import HardshipFile, HardshipHousehold, HardshipReview
from unionapp.domain.hardship import LEVEL_LABELS, REVIEW_LABELS, causes_text, per_head_fen, review_due
from unionapp.domain.text import TextError, clean_text
from unionapp.services import audit
from unionapp.services.benefits import NO_GROUP, BenefitRow, benefits_in
from unionapp.services.hardship_common import (
    ENTITY,
    FileInput,
    HardshipError,
    HouseholdInput,
    causes_codes,
    chunks,
    files_query,
    load_file,
    open_file_of,
)
from unionapp.services.hardship_help import HelpStat, help_fen_in, help_statistics, visited_in

__all__ = [
    "FileDetail",
    "FileRow",
    "HelpStat",
    "HouseholdRow",
    "ReviewRow",
    "file_input",
    "help_fen_in",
    "help_statistics",
    "list_files",
    "list_files_in",
    "member_file_id",
    "view_file",
    "visited_in",
]


@dataclass(frozen=True)
class FileRow:
    id: int
    member_id: int
    name: str
    gender: str | None
    group_name: str
    member_status: str
    level: str
    level_label: str
    opened_on: date
    closed_on: date | None
    close_reason: str
    last_review_on: date | None
    review_due: bool
    visited_this_year: bool
    help_this_year_fen: int  # money and goods received this year (visits, handouts, prizes)
    open: bool
    version: int


@dataclass(frozen=True)
class HouseholdRow:
    id: int
    relation: str
    name: str
    monthly_income_fen: int
    note: str


@dataclass(frozen=True)
class ReviewRow:
    reviewed_on: date
    outcome: str
    outcome_label: str
    level_before: str
    level_after: str
    note: str


@dataclass(frozen=True)
class FileDetail:
    row: FileRow
    causes: tuple[str, ...]
    causes_text: str
    household: tuple[HouseholdRow, ...]
    people: int
    monthly_income_fen: int
    per_head_fen: int
    plan: str
    notes: str
    reviews: tuple[ReviewRow, ...]  # newest first
    help: tuple[BenefitRow, ...]  # every year since the file opened, newest first


def _last_reviews(session: Session, file_ids: list[int]) -> dict[int, date]:
    found: dict[int, date] = {}
    for part in chunks(file_ids):
        query = (
            select(HardshipReview.file_id, func.max(HardshipReview.reviewed_on))
            .where(HardshipReview.file_id.in_(part))
            .group_by(HardshipReview.file_id)
        )
        found.update(dict(session.execute(query).all()))
    return found


def _rows(session: Session, records: list, today: date) -> list[FileRow]:
    reviews = _last_reviews(session, [r[0] for r in records])
    people = [r[1] for r in records]
    visited = visited_in(session, people, date(today.year, 1, 1), today)
    helped = help_fen_in(session, people, today.year)
    rows = []
    for fid, mid, name, gender, group, status, level, opened, closed, reason, version in records:
        last = reviews.get(fid)
        is_open = closed is None
        rows.append(
            FileRow(
                fid,
                mid,
                name,
                gender,
                group or NO_GROUP,
                status,
                level,
                LEVEL_LABELS.get(level, level),
                opened,
                closed,
                reason,
                last,
                is_open and review_due(last, opened, today),
                mid in visited,
                helped.get(mid, 0),
                is_open,
                version,
            )
        )
    return rows


def list_files_in(session: Session, include_closed: bool = False, today: date | None = None) -> list[FileRow]:
    query = files_query()
    if not include_closed:
        query = query.where(HardshipFile.closed_on.is_(None))
    return _rows(session, list(session.execute(query)), today or date.today())


def list_files(db: Database, include_closed: bool = False, today: date | None = None) -> list[FileRow]:
    """The open files (closed ones too when asked), by group then name: no household,
    income, causes or plan — those are read, and logged, one file at a time."""
    with db.session() as s:
        return list_files_in(s, include_closed, today)


def _row_of(session: Session, file_id: int, today: date) -> FileRow:
    load_file(session, file_id)  # gone: NotFoundError
    return _rows(session, list(session.execute(files_query().where(HardshipFile.id == file_id))), today)[0]


def _record_view(db: Database, session: Session, row: FileRow, purpose: str, what: str) -> None:
    """Every read of a file's details is logged; a copy opened read-only cannot log, so it
    cannot show them either."""
    if db.read_only:
        raise HardshipError(["数据库现在是只读的，查看困难职工档案需要记入操作日志，请在可以修改的电脑上查看"])
    try:
        purpose = clean_text(purpose, "查看用途", 200)
    except TextError as err:
        raise HardshipError([str(err)]) from None
    summary = f"{what}：{row.name}" + (f"（{purpose}）" if purpose else "")
    audit.record(session, "view", ENTITY, row.id, summary, after={"purpose": purpose} if purpose else None)


def _household(session: Session, file_id: int) -> list[HardshipHousehold]:
    query = select(HardshipHousehold).where(HardshipHousehold.file_id == file_id).order_by(HardshipHousehold.id)
    return list(session.scalars(query))


def _help(session: Session, member_id: int, first: date, last: date) -> tuple[BenefitRow, ...]:
    found = [r for year in range(first.year, last.year + 1) for r in benefits_in(session, year, member_id)]
    found.sort(key=lambda r: (r.day, r.source), reverse=True)
    return tuple(found)


def view_file(db: Database, file_id: int, purpose: str = "", today: date | None = None) -> FileDetail:
    """One file's details; reading them writes an audit entry ("查看困难职工档案：张三")."""
    today = today or date.today()
    with db.session() as s:
        row = _row_of(s, file_id, today)
        record = load_file(s, file_id)
        people = _household(s, file_id)
        incomes = [p.monthly_income_fen for p in people]
        reviews = s.scalars(
            select(HardshipReview)
            .where(HardshipReview.file_id == file_id)
            .order_by(HardshipReview.reviewed_on.desc(), HardshipReview.id.desc())
        )
        codes = causes_codes(record.causes)
        detail = FileDetail(
            row=row,
            causes=codes,
            causes_text=causes_text(codes),
            household=tuple(HouseholdRow(p.id, p.relation, p.name, p.monthly_income_fen, p.note) for p in people),
            people=len(people),
            monthly_income_fen=sum(incomes),
            per_head_fen=per_head_fen(incomes, len(people)),
            plan=record.plan,
            notes=record.notes,
            reviews=tuple(
                ReviewRow(
                    r.reviewed_on,
                    r.outcome,
                    REVIEW_LABELS.get(r.outcome, r.outcome),
                    r.level_before,
                    r.level_after,
                    r.note,
                )
                for r in reviews
            ),
            help=_help(s, row.member_id, row.opened_on, max(row.closed_on or today, row.opened_on)),
        )
        _record_view(db, s, row, purpose, "查看困难职工档案")
        return detail


def file_input(db: Database, file_id: int) -> FileInput:
    """The file's values for the edit form (a read of its details: logged as a view)."""
    with db.session() as s:
        row = _row_of(s, file_id, date.today())
        record = load_file(s, file_id)
        household = tuple(
            HouseholdInput(p.relation, p.name, p.monthly_income_fen, p.note) for p in _household(s, file_id)
        )
        data = FileInput(
            record.member_id,
            record.level,
            record.opened_on,
            causes_codes(record.causes),
            record.plan,
            record.notes,
            household,
        )
        _record_view(db, s, row, "", "查看困难职工档案（修改）")
        return data


def member_file_id(db: Database, member_id: int) -> int | None:
    """The member's open file, if any."""
    with db.session() as s:
        found = open_file_of(s, member_id)
        return found.id if found is not None else None
