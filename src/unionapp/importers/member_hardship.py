"""A roster's 困难类别 and 建档立卡日期 columns, now that the hardship file is the record.

A member's hardship mark mirrors their open hardship file (services.hardship keeps it), so
the members import never writes the mark itself. A row that names a level for a member
with no open file opens one (on its 建档立卡日期, else the import day) through
`services.hardship.open_file_in`, in the import's transaction; a member who already has an
open file is left alone, whatever the roster says (a level changes only by 复核, a file
closes only by 脱困), and the plan names them in a note.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from unionapp.domain.dates import format_date
from unionapp.domain.hardship import LEVEL_LABELS
from unionapp.domain.members import MemberInput
from unionapp.importers.errors import ImportRefused, RefusedRow
from unionapp.services import Database, hardship
from unionapp.services.hardship import FileInput, HardshipError
from unionapp.services.leaving import left_dates_in
from unionapp.services.member_imports import added_member_ids_in, last_member_id_in
from unionapp.services.members import MemberRow

MARK_FIELDS = frozenset({"hardship_level", "hardship_since"})
_NAMED = 10  # members named in the note, then how many more


@dataclass(frozen=True)
class PlannedFileMark:
    """A file the roster opens: for an existing member (`member_id`) or a new one (`key`)."""

    row_number: int
    name: str
    level: str
    opened_on: date
    member_id: int | None = None
    key: tuple[str, str, date | None] | None = None  # a new member: name, ID number, birth date

    @property
    def level_label(self) -> str:
        return LEVEL_LABELS[self.level]


@dataclass
class RosterMarks:
    """What a roster's 困难类别 column does: files to open, members with a file left alone."""

    opens: list[PlannedFileMark] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)  # names of filed members the roster differs on

    def summary(self) -> str:
        return f"，新建困难职工档案 {len(self.opens)} 份" if self.opens else ""

    def note(self) -> str:
        """ "" when the roster agrees with every open file."""
        if not self.kept:
            return ""
        names = "、".join(self.kept[:_NAMED]) + (f"等 {len(self.kept)} 人" if len(self.kept) > _NAMED else "")
        return (
            f"{names}已有困难职工档案，花名册中的困难类别与档案不同，未改动："
            "级别请在“困难帮扶”中复核，脱困请在档案中销档"
        )


def strip_mark(data: MemberInput) -> MemberInput:
    """The row's values without the mark: the hardship service sets it when it files."""
    data.hardship_level, data.hardship_since = "", None
    return data


def mark_new(marks: RosterMarks, number: int, clean: MemberInput, today: date) -> None:
    """A new member whose row names a level: file them once added."""
    if clean.hardship_level:
        key = (clean.name, clean.id_number or "", clean.birth_date)
        marks.opens.append(
            PlannedFileMark(number, clean.name, clean.hardship_level, clean.hardship_since or today, key=key)
        )
    strip_mark(clean)


def mark_existing(
    marks: RosterMarks, number: int, found: MemberRow, clean: MemberInput, provided: set[str], today: date
) -> None:
    """An existing member: open a file when the row names a level and they have none;
    a filed member's mark is left as it is (the update never takes MARK_FIELDS)."""
    if not provided & MARK_FIELDS:
        return
    if found.hardship_level:  # the mirror of an open file
        given_since = "hardship_since" in provided and clean.hardship_since != found.hardship_since
        if clean.hardship_level != found.hardship_level or given_since:
            marks.kept.append(found.name)
    elif clean.hardship_level:
        opened = clean.hardship_since or today
        marks.opens.append(PlannedFileMark(number, found.name, clean.hardship_level, opened, member_id=found.id))


def refuse_leavers(db: Database, marks: RosterMarks) -> dict[int, str]:
    """Row number → why, for members who had left (调出, 去世) by the file's 建档日期, or
    whose 建档立卡日期 is before any file could be; their marks are dropped here and the
    caller refuses their rows."""
    wanted = {m.member_id for m in marks.opens if m.member_id is not None}
    left = {}
    if wanted:
        with db.session() as s:
            left = left_dates_in(s, wanted)
    refused, kept = {}, []
    for m in marks.opens:
        gone = left.get(m.member_id) if m.member_id is not None else None
        if m.opened_on < hardship.EARLIEST:  # refused by row here, not by the service when writing
            refused[m.row_number] = (
                f"建档立卡日期 {format_date(m.opened_on)} 太早了，请核对（日期请写成 2024-09-01 这样）"
            )
        elif gone is not None and gone <= m.opened_on:
            refused[m.row_number] = (
                f"{m.name}已于 {format_date(gone)} 离开本校（调出或去世），不能按“困难类别”在此后建档，"
                "请清空这一行的困难类别，或核对建档立卡日期"
            )
        else:
            kept.append(m)
    marks.opens = kept
    return refused


def before_adding(session, marks: RosterMarks) -> int | None:
    """Call before the import's members are added: what their ids will come after."""
    return last_member_id_in(session) if any(m.key is not None for m in marks.opens) else None


def open_files_in(session, marks: RosterMarks, after_id: int | None) -> int:
    """Open the planned files in the import's transaction, after its members are written;
    a refusal now rolls the whole import back (ImportRefused naming the row)."""
    added = added_member_ids_in(session, after_id) if after_id is not None else {}
    for m in marks.opens:
        member_id = m.member_id if m.member_id is not None else added[m.key]
        try:
            hardship.open_file_in(session, FileInput(member_id, m.level, m.opened_on))
        except HardshipError as err:
            raise ImportRefused([RefusedRow(m.row_number, m.name, err.problems)]) from None
    return len(marks.opens)
