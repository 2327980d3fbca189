"""A hardship roster (困难职工花名册, 建档立卡表) → a plan the user confirms → one transaction.

One row per member: 姓名 (told apart by 工会小组, 身份证号 or 出生日期 when names repeat),
困难级别 (特困/困难/一般, or the school's own words mapped), 建档日期 (blank: the import
day), 致困原因 (several in one cell), the household (成员N columns, or 家庭人口 and
家庭月收入: see importers.hardship_rows), 帮扶措施 and 备注. Refused by row: a name not on
the roster, a namesake nobody can tell apart, the same person twice, a member who already
has an open file (changed in the window, or reviewed), an income that is not a number, a
建档日期 after today or after the member left. Planning writes nothing.

Applying opens every file with `services.hardship.open_file_in` in ONE transaction.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from unionapp.domain.dates import format_date
from unionapp.domain.errors import DomainError
from unionapp.domain.hardship import CAUSE_LABELS, FILE_TEXTS, LEVEL_LABELS, causes_text, per_head_fen
from unionapp.domain.import_mapping import ImportMappings
from unionapp.domain.text import TextError, clean_text, shown
from unionapp.importers.congress_words import read_date
from unionapp.importers.errors import (
    ImportRefused,
    RefusedRow,
    RowProblem,
    UnknownValue,
    collect,
    problem_lines,
    refuse_unless_skipped,
)
from unionapp.importers.hardship_rows import COUNTED_ONLY, FROM_TOTAL, read_causes, read_household, read_level
from unionapp.importers.headers import HARDSHIP_HEADERS
from unionapp.importers.mapping import MappedPlan, remember_in, remembered
from unionapp.importers.roster_match import RosterMatcher
from unionapp.importers.workbook import as_text, read_sheet
from unionapp.services import Database, audit, hardship
from unionapp.services.hardship import FileInput, HardshipError
from unionapp.services.leaving import left_dates_in
from unionapp.services.members import MemberRow, list_members

AREA = "hardship"


@dataclass(frozen=True)
class PlannedFile:
    row_number: int
    name: str
    group_name: str
    entry: FileInput

    @property
    def level_label(self) -> str:
        return LEVEL_LABELS[self.entry.level]

    @property
    def causes_text(self) -> str:
        return causes_text(self.entry.causes)

    @property
    def people(self) -> int:
        return len(self.entry.household)

    @property
    def from_totals(self) -> bool:
        """The household came from 家庭人口/家庭月收入, not person by person."""
        return any(
            p.note in (FROM_TOTAL, COUNTED_ONLY) or p.note.startswith(COUNTED_ONLY) for p in self.entry.household
        )

    @property
    def per_head_fen(self) -> int:
        return per_head_fen([p.monthly_income_fen for p in self.entry.household], self.people)


@dataclass
class HardshipImportPlan(MappedPlan):
    source: str  # file name
    sheet: str
    header_row: int
    columns: dict[str, str]  # field → header text in the file
    adds: list[PlannedFile] = field(default_factory=list)
    refused: list[RefusedRow] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    today: date | None = None  # the day the plan was read for: the files are opened as of it

    def summary(self) -> str:
        return f"新建困难职工档案 {len(self.adds)} 份，有问题 {len(self.refused)} 行"

    def problem_lines(self) -> list[str]:
        return problem_lines(self.refused)


@dataclass(frozen=True)
class HardshipImportResult:
    added: int
    refused: int


def filed_message(name: str, opened_on: date) -> str:
    return (
        f"{name}已有困难职工档案（{format_date(opened_on)} 建档），请跳过这一行，或先在“困难帮扶”窗口中修改或复核原档案"
    )


class _Planner:
    def __init__(self, db: Database, plan: HardshipImportPlan, today: date):
        self.plan, self.today = plan, today
        self.roster = RosterMatcher(list_members(db))  # one read of the whole roster
        self.filed = {f.member_id: f.opened_on for f in hardship.list_files(db, today=today) if f.open}
        self.seen: dict[int, int] = {}  # member id → first row

    def add_row(self, number: int, cells: dict[str, object]) -> None:
        name = as_text(cells.get("name"))
        try:
            self.plan.adds.append(self._plan_row(number, name, cells))
        except RowProblem as problem:
            self.plan.refused.append(RefusedRow(number, name, problem.reasons, problem.unknown))

    def _plan_row(self, number: int, name: str, cells: dict[str, object]) -> PlannedFile:
        reasons: list[str] = []
        unknown: list[UnknownValue] = []
        mapping = self.plan.mapping
        birth = collect(reasons, lambda: read_date(cells.get("birth_date"), "出生日期"))
        member = collect(
            reasons,
            lambda: self.roster.match_birth(
                name, as_text(cells.get("group")), cells.get("id_number"), birth, self.today
            ),
        )
        level = collect(reasons, lambda: read_level(cells.get("level"), mapping), unknown)
        opened = collect(reasons, lambda: read_date(cells.get("opened_on"), "建档日期")) or self.today
        causes = collect(reasons, lambda: read_causes(cells.get("causes"), mapping), unknown) or ()
        household = collect(reasons, lambda: read_household(cells, member.name if member else name)) or ()
        texts = {key: collect(reasons, lambda k=key: _file_text(cells.get(k), k)) or "" for key in FILE_TEXTS}
        if opened > self.today:
            reasons.append(f"建档日期 {format_date(opened)} 晚于今天，请核对")
        elif opened < hardship.EARLIEST:  # an Excel serial number like 1: refused here, not at writing
            reasons.append(f"建档日期 {format_date(opened)} 太早了，请核对（日期请写成 2024-09-01 这样）")
        if reasons:
            raise RowProblem(*reasons, unknown=unknown)
        self._check(number, member)
        entry = FileInput(member.id, level, opened, causes, texts["plan"], texts["notes"], household)
        return PlannedFile(number, member.name, member.group_name, entry)

    def _check(self, number: int, member: MemberRow) -> None:
        filed = self.filed.get(member.id)
        if filed is not None:
            raise RowProblem(filed_message(member.name, filed))
        # Last, so that a row refused for its own sake does not make the next one a duplicate.
        first = self.seen.setdefault(member.id, number)
        if first != number:
            raise RowProblem(f"与第 {first} 行是同一人，请删去或合并重复的行")


def _file_text(value: object, key: str) -> str:
    label, limit, multiline = FILE_TEXTS[key]
    try:
        return clean_text(as_text(value), label, limit, multiline=multiline)
    except TextError as err:
        raise RowProblem(str(err)) from None


def plan_hardship_import(
    db: Database, path: str | Path, today: date | None = None, mapping: ImportMappings | None = None
) -> HardshipImportPlan:
    """Read a hardship roster and say which files importing it would open; writes nothing.
    Raises ImportFileError when the file can't be read."""
    today = today or date.today()
    mapping = remembered(db, AREA, mapping)
    with read_sheet(path, HARDSHIP_HEADERS, key_field="name", mapping=mapping) as sheet:
        plan = HardshipImportPlan(
            Path(path).name,
            sheet.name,
            sheet.header_row,
            {f: c.header for f, c in sheet.columns.items()},
            ignored_columns=sheet.ignored_columns,
            area=AREA,
            mapping=mapping,
            column_choices=sheet.column_choices,
            value_choices={"level": list(LEVEL_LABELS.values()), "causes": list(CAUSE_LABELS.values())},
            today=today,
        )
        planner = _Planner(db, plan, today)
        for number, cells in sheet.rows():
            planner.add_row(number, cells)
        plan.notes = sheet.notes
    _refuse_leavers(db, plan)
    return plan


def _refuse_leavers(db: Database, plan: HardshipImportPlan) -> None:
    """Someone who had left (调出, 去世) by the 建档日期 is refused by row here."""
    with db.session() as s:
        left = left_dates_in(s, {p.entry.member_id for p in plan.adds})
    kept = []
    for p in plan.adds:
        gone = left.get(p.entry.member_id)
        if gone is not None and gone <= p.entry.opened_on:
            why = f"{p.name}已于 {format_date(gone)} 离开本校（调出或去世），不能在此后建档，请删去这一行或核对建档日期"
            plan.refused.append(RefusedRow(p.row_number, p.name, [why]))
        else:
            kept.append(p)
    plan.adds = kept
    plan.refused.sort(key=lambda r: r.row_number)


def apply_hardship_import(db: Database, plan: HardshipImportPlan, skip_errors: bool = False) -> HardshipImportResult:
    """Open every planned file in one transaction: any refused row refuses the whole file
    unless `skip_errors`; the service refusing a row now rolls everything back
    (ImportRefused naming that row)."""
    refuse_unless_skipped(plan.refused, skip_errors)
    with db.session() as s:
        with audit.summarised(s) as written:  # one entry for the file
            for p in plan.adds:
                try:
                    hardship.open_file_in(s, p.entry, plan.today)
                except HardshipError as err:
                    raise ImportRefused([RefusedRow(p.row_number, p.name, err.problems)]) from None
                except DomainError as err:
                    raise ImportRefused([RefusedRow(p.row_number, p.name, [str(err)])]) from None
        audit.record(
            s,
            "import",
            "hardship_file",
            None,
            f"从“{shown(plan.source)}”导入困难职工档案：{plan.summary()}",
            after={
                "file": plan.source,
                "added": len(plan.adds),
                "skipped": [r.row_number for r in plan.refused],
                "records": dict(written),
            },
        )
        remember_in(s, plan, HARDSHIP_HEADERS)
    return HardshipImportResult(len(plan.adds), len(plan.refused))
