"""A term's delegate list (教代会代表名单) → a plan the user confirms → one transaction.

One row per delegate: 姓名 (told apart by 工会小组, 身份证号 or 出生日期 when names repeat),
选区, 代表类别 (一线教师/学校领导/管理人员/教辅/工勤, or the school's own words mapped),
当选日期 (blank: the term's start) and 备注. A 选区 is one of the term's, by name; a name that
is a 工会小组's becomes a new 选区 of that group; any other is an unknown value with the
nearest names. A blank 代表类别 is guessed from the member's department and title.
Refused by row: a name not on the roster, a namesake nobody can tell apart, the same person
twice, someone already a delegate of the term, a 当选日期 outside the term, someone who had
left the school before it. Planning writes nothing.

Applying adds the new 选区 and every delegate with the congress service's `*_in`
functions in ONE transaction.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from unionapp.domain.congress import DELEGATE_CATEGORY_LABELS, DELEGATE_TEXTS, guess_category
from unionapp.domain.dates import format_date
from unionapp.domain.errors import DomainError
from unionapp.domain.import_mapping import ImportMappings
from unionapp.domain.nearest import nearest
from unionapp.domain.text import shown
from unionapp.importers.congress_words import read_date, read_delegate_category
from unionapp.importers.errors import (
    RefusedRow,
    RowProblem,
    UnknownValue,
    collect,
    problem_lines,
    refuse_unless_skipped,
    remembered_reason,
)
from unionapp.importers.headers import DELEGATE_HEADERS
from unionapp.importers.mapping import MappedPlan, remember_in, remembered
from unionapp.importers.roster_match import RosterMatcher, norm
from unionapp.importers.workbook import as_text, read_sheet
from unionapp.services import Database, audit, congress
from unionapp.services.congress import ConstituencyInput, DelegateInput
from unionapp.services.congress_common import writing
from unionapp.services.groups import list_groups
from unionapp.services.leaving import left_dates_in
from unionapp.services.members import MemberRow, list_members

CONSTITUENCY_LABEL = "选区"


@dataclass(frozen=True)
class PlannedDelegate:
    row_number: int
    name: str
    group_name: str
    constituency: str  # the 选区's name, "" for none
    entry: DelegateInput  # constituency_id None while the 选区 is still to be made

    @property
    def category_label(self) -> str:
        return DELEGATE_CATEGORY_LABELS.get(self.entry.category, self.entry.category)


@dataclass
class DelegateImportPlan(MappedPlan):
    source: str  # file name
    sheet: str
    header_row: int
    columns: dict[str, str]  # field → header text in the file
    term_id: int
    term_name: str
    adds: list[PlannedDelegate] = field(default_factory=list)
    new_constituencies: dict[str, int] = field(default_factory=dict)  # 选区 name → its 工会小组's id
    refused: list[RefusedRow] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def summary(self) -> str:
        new = f"，新建选区 {len(self.new_constituencies)} 个" if self.new_constituencies else ""
        return f"“{self.term_name}”：新增代表 {len(self.adds)} 人{new}，有问题 {len(self.refused)} 行"

    def problem_lines(self) -> list[str]:
        return problem_lines(self.refused)


@dataclass(frozen=True)
class DelegateImportResult:
    added: int
    constituencies: int
    refused: int


class DelegateMatcher(RosterMatcher):
    """The roster matcher, where a repeated name may also be told apart by 出生日期."""

    def match_birth(self, name: str, group: str, id_cell: object, birth: date | None, today: date) -> MemberRow:
        namesakes = self.by_name.get(norm(name), [])
        if id_cell is None and birth is not None and len(namesakes) > 1:
            born = [r for r in namesakes if r.birth_date == birth]
            if len(born) == 1:
                return born[0]
        return self.match(name, group, id_cell, today)


class Constituencies:
    """The term's 选区 by name; a 工会小组's name not yet a 选区 becomes one."""

    def __init__(self, rows, groups, mapping: ImportMappings, new: dict[str, int]):
        self.rows = {norm(r.name): r for r in rows}
        self.groups = {norm(g.name): g for g in groups}
        self.by_group: dict[int, list] = {}
        for r in rows:
            if r.group_id is not None:
                self.by_group.setdefault(r.group_id, []).append(r)
        self.mapping, self.new = mapping, new
        self.choices = list(dict.fromkeys([r.name for r in rows] + [g.name for g in groups]))

    def resolve(self, text: str, member: MemberRow) -> tuple[str, int | None]:
        """(name, id): id None for no 选区 or one to be made from its 工会小组."""
        if not text:  # the 选区 of the member's own group, when the term has exactly one
            own = self.by_group.get(member.group_id, []) if member.group_id is not None else []
            return (own[0].name, own[0].id) if len(own) == 1 else ("", None)
        target = self.mapping.value("constituency", text)
        key = norm(target or text)
        if key in self.rows:
            return self.rows[key].name, self.rows[key].id
        if key in self.groups:
            group = self.groups[key]
            self.new[group.name] = group.id
            return group.name, None
        why = remembered_reason(CONSTITUENCY_LABEL, text, target) if target else ""
        raise UnknownValue("constituency", CONSTITUENCY_LABEL, text, nearest(text, self.choices), why)


class _Planner:
    def __init__(self, db: Database, plan: DelegateImportPlan, term, today: date):
        self.plan, self.term, self.today = plan, term, today
        self.roster = DelegateMatcher(list_members(db))  # one read of the whole roster
        self.sitting = {d.member_id: d for d in congress.list_delegates(db, term.id)}
        self.places = Constituencies(
            congress.list_constituencies(db, term.id), list_groups(db), plan.mapping, plan.new_constituencies
        )
        self.seen: dict[int, int] = {}  # member id → first row

    def add_row(self, number: int, cells: dict[str, object]) -> None:
        name = as_text(cells.get("name"))
        try:
            self.plan.adds.append(self._plan_row(number, name, cells))
        except RowProblem as problem:
            self.plan.refused.append(RefusedRow(number, name, problem.reasons, problem.unknown))

    def _plan_row(self, number: int, name: str, cells: dict[str, object]) -> PlannedDelegate:
        reasons: list[str] = []
        unknown: list[UnknownValue] = []
        group = as_text(cells.get("group"))
        birth = collect(reasons, lambda: read_date(cells.get("birth_date"), "出生日期"))
        member = collect(
            reasons, lambda: self.roster.match_birth(name, group, cells.get("id_number"), birth, self.today)
        )
        category = collect(reasons, lambda: read_delegate_category(cells.get("category"), self.plan.mapping), unknown)
        elected = collect(reasons, lambda: read_date(cells.get("elected_on"), "当选日期")) or self.term.start_date
        place = ("", None)
        if member is not None:
            text = as_text(cells.get("constituency"))
            place = collect(reasons, lambda: self.places.resolve(text, member), unknown) or place
        if reasons:
            raise RowProblem(*reasons, unknown=unknown)
        self._check(number, member, elected)
        if category is None:
            category = guess_category(member.title, member.department)
        note = as_text(cells.get("note"))[: DELEGATE_TEXTS["note"][1]]
        entry = DelegateInput(member.id, elected, place[1], category, note)
        return PlannedDelegate(number, member.name, member.group_name, place[0], entry)

    def _check(self, number: int, member: MemberRow, elected: date) -> None:
        sitting = self.sitting.get(member.id)
        if sitting is not None:
            raise RowProblem(
                f"{member.name}已是{self.term.name}的代表（{format_date(sitting.elected_on)} 当选），请删去这一行；"
                "如需更正，请在“教代会 → 代表”中修改"
            )
        start, end = self.term.start_date, self.term.end_date
        if not start <= elected <= end:
            raise RowProblem(
                f"当选日期 {format_date(elected)} 不在{self.term.name}的任期"
                f"（{format_date(start)} 至 {format_date(end)}）内，请核对"
            )
        if elected > self.today:
            raise RowProblem(f"当选日期 {format_date(elected)} 晚于今天，请核对")
        # Last, so that a row refused for its own sake does not make the next one a duplicate.
        first = self.seen.setdefault(member.id, number)
        if first != number:
            raise RowProblem(f"与第 {first} 行是同一人，请删去或合并重复的行")


def plan_delegate_import(
    db: Database, term_id: int, path: str | Path, today: date | None = None, mapping: ImportMappings | None = None
) -> DelegateImportPlan:
    """Read a delegate list for the term and say what importing it would do; writes
    nothing. Raises ImportFileError when the file can't be read, NotFoundError for no such term."""
    today = today or date.today()
    term = congress.get_term(db, term_id)
    mapping = remembered(db, "delegates", mapping)
    with read_sheet(path, DELEGATE_HEADERS, key_field="name", mapping=mapping) as sheet:
        plan = DelegateImportPlan(
            Path(path).name,
            sheet.name,
            sheet.header_row,
            {f: c.header for f, c in sheet.columns.items()},
            term.id,
            term.name,
            ignored_columns=sheet.ignored_columns,
            area="delegates",
            mapping=mapping,
            column_choices=sheet.column_choices,
        )
        planner = _Planner(db, plan, term, today)
        plan.value_choices = {
            "constituency": list(planner.places.choices),
            "category": list(DELEGATE_CATEGORY_LABELS.values()),
        }
        for number, cells in sheet.rows():
            planner.add_row(number, cells)
        plan.notes = sheet.notes
    _refuse_leavers(db, plan)
    _drop_unused_constituencies(plan)
    return plan


def _refuse_leavers(db: Database, plan: DelegateImportPlan) -> None:
    """Someone who had left (调出, 去世) before being elected is refused by row here."""
    with db.session() as s:
        left = left_dates_in(s, {p.entry.member_id for p in plan.adds})
    kept = []
    for p in plan.adds:
        gone = left.get(p.entry.member_id)
        if gone is not None and gone <= p.entry.elected_on:
            why = f"{p.name}已于 {format_date(gone)} 离开本校（调出或去世），不能当选代表，请删去这一行"
            plan.refused.append(RefusedRow(p.row_number, p.name, [why]))
        else:
            kept.append(p)
    plan.adds = kept
    plan.refused.sort(key=lambda r: r.row_number)


def _drop_unused_constituencies(plan: DelegateImportPlan) -> None:
    """Only the 选区 a kept row needs is made (a refused row's group is not)."""
    used = {p.constituency for p in plan.adds if p.entry.constituency_id is None}
    plan.new_constituencies = {n: g for n, g in plan.new_constituencies.items() if n in used}


def apply_delegate_import(db: Database, plan: DelegateImportPlan, skip_errors: bool = False) -> DelegateImportResult:
    """Add the new 选区 and the delegates in one transaction: any refused row refuses the
    whole file unless `skip_errors`; the service refusing now rolls everything back."""
    refuse_unless_skipped(plan.refused, skip_errors)
    with writing(db) as s:  # a clash with another copy's save told in Chinese
        try:
            with audit.summarised(s) as written:  # one entry for the file
                made = {
                    name: congress.add_constituency_in(s, plan.term_id, ConstituencyInput(name, group_id))
                    for name, group_id in plan.new_constituencies.items()
                }
                entries = [_with_place(p, made) for p in plan.adds]
                added = congress.add_delegates_in(s, plan.term_id, entries)
        except DomainError as err:
            raise DomainError(f"{err} 整个文件没有导入（没有写入任何数据）。") from None
        audit.record(
            s,
            "import",
            "congress_term",
            plan.term_id,
            f"从“{shown(plan.source)}”导入教代会代表名单：{plan.summary()}",
            after={"file": plan.source, "added": added, "skipped": len(plan.refused), "records": dict(written)},
        )
        remember_in(s, plan, DELEGATE_HEADERS)
    return DelegateImportResult(added, len(plan.new_constituencies), len(plan.refused))


def _with_place(planned: PlannedDelegate, made: dict[str, int]) -> DelegateInput:
    e = planned.entry
    if e.constituency_id is not None or not planned.constituency:
        return e
    return DelegateInput(e.member_id, e.elected_on, made[planned.constituency], e.category, e.note)
