"""Hardship files (困难职工档案): open a file, edit it, review it each year (confirm, change
the level, or close it: 脱困), delete one entered by mistake. Every write keeps the member's
hardship_level/hardship_since equal to the open file, in the same transaction.

The area is split: `hardship_common` (the error, the inputs, the mirror) ← `hardship_reads`
(the list, a file's details with its audited view, the statistics) ← this module (writes),
which re-exports the others' public names (`__all__`): callers use `services.hardship.*`."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from types import SimpleNamespace

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from unionapp.db.engine import Database
from unionapp.db.models import HardshipFile, HardshipHousehold, HardshipReview, Member
from unionapp.domain.hardship import CAUSE_LABELS, FILE_TEXTS, LEVEL_LABELS, REVIEW_LABELS, REVIEW_TEXTS
from unionapp.domain.text import TextError, clean_fields, clean_text, strip_unsafe
from unionapp.services import audit
from unionapp.services.errors import ConcurrentEditError, NotFoundError
from unionapp.services.hardship_common import (
    ENTITY,
    NO_MEMBER,
    FileInput,
    HardshipError,
    HouseholdInput,
    household_checked,
    load_file,
    lock_file,
    lock_member,
    mirror,
    open_file_of,
    refuse,
    writing,
)
from unionapp.services.hardship_reads import (
    FileDetail,
    FileRow,
    HelpStat,
    HouseholdRow,
    ReviewRow,
    file_input,
    help_fen_in,
    help_statistics,
    list_files,
    list_files_in,
    member_file_id,
    view_file,
    visited_in,
)
from unionapp.services.leaving import left_dates_in

__all__ = [
    # writes (this module)
    "delete_file",
    "open_file",
    "open_file_in",
    "review_file",
    "update_file",
    # shared
    "FileInput",
    "HardshipError",
    "HouseholdInput",
    # reads
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

LEFT_LABELS = {"transferred": "调出", "deceased": "去世"}
EARLIEST = date(1950, 1, 1)  # a file older than this is a typing slip


# ---------------------------------------------------------------- checking a file


def _checked(data: FileInput, today: date, problems: list[str]) -> FileInput:
    """`data` cleaned; what is wrong with it (the member aside) joins `problems`."""
    if data.level not in LEVEL_LABELS:
        problems.append(f"困难级别应是{'、'.join(LEVEL_LABELS.values())}之一")
    unknown = [str(c) for c in data.causes if c not in CAUSE_LABELS]
    if unknown:
        problems.append(f"致困原因“{'、'.join(unknown)}”不认识，可选：{'、'.join(CAUSE_LABELS.values())}")
    causes = tuple(c for c in CAUSE_LABELS if c in data.causes)
    opened = data.opened_on
    if not isinstance(opened, date):
        problems.append("请填写建档日期")
    elif opened > today:
        problems.append(f"建档日期 {opened} 晚于今天（{today}），请检查")
    elif opened < EARLIEST:
        problems.append(f"建档日期 {opened} 太早了，请检查")
    texts = clean_fields(data, FILE_TEXTS, problems)
    household = household_checked(tuple(data.household), problems)
    return replace(data, causes=causes, household=household, **texts)


def _member(session: Session, member_id: int, problems: list[str]) -> Member | None:
    member = session.get(Member, member_id) if isinstance(member_id, int) else None
    if member is None:
        problems.append(NO_MEMBER)
    return member


def _left_before(session: Session, member: Member, opened: date, problems: list[str]) -> None:
    """A member who left (调出, 去世) before the file's date cannot have a file from then."""
    if member.status not in LEFT_LABELS or not isinstance(opened, date):
        return
    left_on = left_dates_in(session, [member.id]).get(member.id)
    if left_on is not None and left_on < opened:
        problems.append(f"{member.name}已于 {left_on} {LEFT_LABELS[member.status]}，不能在此之后建档")


def _snapshot(record: HardshipFile) -> dict:
    """What the log keeps of a file: level and dates, never the household or its income."""
    return {"level": record.level, "opened_on": record.opened_on, "closed_on": record.closed_on}


def _write_household(session: Session, file_id: int, people: tuple[HouseholdInput, ...]) -> None:
    session.execute(delete(HardshipHousehold).where(HardshipHousehold.file_id == file_id))
    session.add_all(
        HardshipHousehold(
            file_id=file_id, relation=p.relation, name=p.name, monthly_income_fen=p.monthly_income_fen, note=p.note
        )
        for p in people
    )


# ---------------------------------------------------------------- writes


def open_file_in(session: Session, data: FileInput, today: date | None = None) -> int:
    """Open a member's file inside the caller's transaction (the importer's way in)."""
    today = today or date.today()
    lock_member(session, data.member_id)  # another copy opening one for them waits, then is refused
    problems: list[str] = []
    member = _member(session, data.member_id, problems)
    clean = _checked(data, today, problems)
    if member is not None:
        current = open_file_of(session, member.id)
        if current is not None:
            problems.append(f"{member.name}已有困难职工档案（{current.opened_on} 建档），请在原档案中修改或复核")
        _left_before(session, member, clean.opened_on, problems)
    refuse(problems)
    record = HardshipFile(
        member_id=member.id,
        level=clean.level,
        opened_on=clean.opened_on,
        causes=",".join(clean.causes),
        plan=clean.plan,
        notes=clean.notes,
        close_reason="",
    )
    session.add(record)
    session.flush()
    _write_household(session, record.id, clean.household)
    mirror(session, member)
    summary = f"新建困难职工档案：{member.name}（{LEVEL_LABELS[clean.level]}，{clean.opened_on} 建档）"
    audit.record(session, "create", ENTITY, record.id, summary, after=_snapshot(record))
    return record.id


def open_file(db: Database, data: FileInput, today: date | None = None) -> int:
    with writing(db) as s:
        return open_file_in(s, data, today)


def _check_version(session: Session, record: HardshipFile, expected: int | None, name: str) -> None:
    if expected is not None and record.version != expected:
        raise ConcurrentEditError(
            audit.concurrent_edit_message(
                session,
                f"{name}的困难职工档案",
                ENTITY,
                record.id,
                record.version - expected,
                ["level", "opened_on", "closed_on", "changed"],
            )
        )


def _changed_parts(record: HardshipFile, clean: FileInput, household: list[HardshipHousehold]) -> list[str]:
    """The parts of the file an edit changes, named for the log (not their values)."""
    old_people = [(p.relation, p.name, p.monthly_income_fen, p.note) for p in household]
    new_people = [(p.relation, p.name, p.monthly_income_fen, p.note) for p in clean.household]
    parts = [
        ("建档日期", record.opened_on != clean.opened_on),
        ("致困原因", record.causes != ",".join(clean.causes)),
        ("家庭成员及收入", old_people != new_people),
        ("帮扶措施", record.plan != clean.plan),
        ("备注", record.notes != clean.notes),
    ]
    return [label for label, changed in parts if changed]


def update_file(
    db: Database, file_id: int, data: FileInput, expected_version: int | None = None, today: date | None = None
) -> None:
    """Change a file's causes, plan, notes, household or date. The member stays; the level
    changes only by a review, so the change is on record."""
    today = today or date.today()
    with writing(db) as s:
        lock_file(s, file_id)
        record = load_file(s, file_id)
        member = s.get(Member, record.member_id)
        _check_version(s, record, expected_version, member.name)
        problems: list[str] = []
        if data.member_id != record.member_id:
            problems.append("档案不能改到另一位会员名下：请为那位会员新建档案")
        if data.level != record.level:
            problems.append("级别的调整请通过“复核”办理，以保留记录")
        clean = _checked(data, today, problems)
        if isinstance(clean.opened_on, date):
            _opened_problems(s, record, clean.opened_on, member, problems)
        refuse(problems)
        household = list(s.scalars(select(HardshipHousehold).where(HardshipHousehold.file_id == file_id)))
        parts = _changed_parts(record, clean, household)
        if not parts:
            return
        before = _snapshot(record)
        record.opened_on, record.causes = clean.opened_on, ",".join(clean.causes)
        record.plan, record.notes = clean.plan, clean.notes
        if "家庭成员及收入" in parts:
            _write_household(s, file_id, clean.household)
        mirror(s, member)
        after = _snapshot(record) | {"changed": "、".join(parts)}
        audit.record(
            s, "update", ENTITY, file_id, f"修改困难职工档案：{member.name}（{'、'.join(parts)}）", before, after
        )


def _opened_problems(session: Session, record: HardshipFile, opened: date, member: Member, problems: list[str]) -> None:
    """A file's new date stays before its reviews and its closing, after the member left."""
    first = session.scalar(
        select(HardshipReview.reviewed_on)
        .where(HardshipReview.file_id == record.id)
        .order_by(HardshipReview.reviewed_on)
    )
    if first is not None and opened > first:
        problems.append(f"建档日期不能晚于第一次复核日期（{first}）")
    elif record.closed_on is not None and opened > record.closed_on:
        problems.append(f"建档日期不能晚于销档日期（{record.closed_on}）")
    if opened != record.opened_on:
        _left_before(session, member, opened, problems)


def review_file(
    db: Database,
    file_id: int,
    reviewed_on: date,
    outcome: str,
    level_after: str | None = None,
    note: str = "",
    close_reason: str = "",
    today: date | None = None,
) -> None:
    """The yearly review (复核): confirm the level, change it, or close the file (脱困)."""
    today = today or date.today()
    with writing(db) as s:
        lock_file(s, file_id)
        record = load_file(s, file_id)
        member = s.get(Member, record.member_id)
        if record.closed_on is not None:
            raise HardshipError([f"该档案已于 {record.closed_on} 销档，不能再复核；如又有困难，请新建档案"])
        problems = _review_problems(s, record, reviewed_on, outcome, level_after, today)
        texts = clean_fields(SimpleNamespace(note=note), REVIEW_TEXTS, problems)
        reason = _close_reason(outcome, close_reason, problems)
        refuse(problems)
        before = record.level
        after = level_after if outcome == "change" else before
        s.add(
            HardshipReview(
                file_id=file_id,
                reviewed_on=reviewed_on,
                outcome=outcome,
                level_before=before,
                level_after=after,
                note=texts["note"],
            )
        )
        old = _snapshot(record)
        record.level = after
        if outcome == "close":
            record.closed_on, record.close_reason = reviewed_on, reason
        mirror(s, member)
        what = {"confirm": f"维持{LEVEL_LABELS[before]}", "change": f"{LEVEL_LABELS[before]} → {LEVEL_LABELS[after]}"}
        summary = f"复核困难职工档案：{member.name}（{reviewed_on}，{what.get(outcome, f'脱困销档：{reason}')}）"
        audit.record(s, "review", ENTITY, file_id, summary, before=old, after=_snapshot(record))


def _review_problems(
    session: Session, record: HardshipFile, reviewed_on: date, outcome: str, level_after: str | None, today: date
) -> list[str]:
    problems: list[str] = []
    if outcome not in REVIEW_LABELS:
        problems.append(f"复核结果应是{'、'.join(REVIEW_LABELS.values())}之一")
    if not isinstance(reviewed_on, date):
        problems.append("请填写复核日期")
    elif reviewed_on < record.opened_on:
        problems.append(f"复核日期 {reviewed_on} 不能早于建档日期 {record.opened_on}")
    elif reviewed_on > today:
        problems.append(f"复核日期 {reviewed_on} 晚于今天（{today}），请检查")
    else:
        last = session.scalar(
            select(HardshipReview.reviewed_on)
            .where(HardshipReview.file_id == record.id)
            .order_by(HardshipReview.reviewed_on.desc())
        )
        if last is not None and reviewed_on < last:
            problems.append(f"复核日期 {reviewed_on} 不能早于上一次复核（{last}）")
    if outcome == "change":
        if level_after not in LEVEL_LABELS:
            problems.append(f"调整级别请选择新的级别（{'、'.join(LEVEL_LABELS.values())}）")
        elif level_after == record.level:
            problems.append(f"调整级别请选择与现在（{LEVEL_LABELS[record.level]}）不同的级别；级别不变请选“维持”")
    return problems


def _close_reason(outcome: str, reason: str, problems: list[str]) -> str:
    if outcome != "close":
        return ""
    try:
        return clean_text(reason, "销档原因", 200, required=True)
    except TextError:
        problems.append("脱困销档请填写销档原因（如 收入好转，已脱困）")
        return ""


def delete_file(db: Database, file_id: int, reason: str) -> None:
    """Delete a file entered by mistake (a closed file is history: close, don't delete)."""
    if not strip_unsafe(str(reason or "")).strip():
        raise HardshipError(["请填写删除原因（如 建错了人）"])
    try:
        why = clean_text(reason, "删除原因", 200)
    except TextError as err:
        raise HardshipError([str(err)]) from None
    with writing(db) as s:
        lock_file(s, file_id)
        record = s.get(HardshipFile, file_id)
        if record is None:
            raise NotFoundError("找不到这份困难职工档案，可能已被删除，请刷新。")
        member = s.get(Member, record.member_id)
        old = _snapshot(record)
        s.execute(delete(HardshipHousehold).where(HardshipHousehold.file_id == file_id))
        s.execute(delete(HardshipReview).where(HardshipReview.file_id == file_id))
        s.delete(record)
        mirror(s, member)
        summary = f"删除困难职工档案：{member.name}（{LEVEL_LABELS.get(old['level'], old['level'])}，原因：{why}）"
        audit.record(s, "delete", ENTITY, file_id, summary, before=old, after={"reason": why})
