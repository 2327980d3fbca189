"""Members workbook → a MemberImportPlan the user confirms → one transaction.

Planning reads and checks every row and writes nothing. Each row is matched
to an existing member by ID number, else by name + birth date, else (a row
with neither) by a name that exactly one member has. An update takes only the
fields whose cells are filled; a row equal to what is stored is "unchanged".
Applying writes every row through `members.import_members_in` in ONE transaction.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date
from pathlib import Path
from typing import Literal

from unionapp.domain.import_mapping import ImportMappings
from unionapp.domain.labels import MEMBER_FIELD_LABELS, MEMBER_STATUS_LABELS, code_for_label
from unionapp.domain.members import MemberError, MemberInput, validate_member
from unionapp.domain.nearest import nearest
from unionapp.domain.retirement import default_category
from unionapp.gc_pause import gc_paused
from unionapp.importers.errors import RefusedRow, RowProblem, UnknownValue, problem_lines, refuse_unless_skipped
from unionapp.importers.headers import MEMBER_HEADERS
from unionapp.importers.mapping import MappedPlan, mapped_value, remember_in, remembered
from unionapp.importers.member_fields import read_member_cells, status_word
from unionapp.importers.member_hardship import (
    MARK_FIELDS,
    RosterMarks,
    before_adding,
    mark_existing,
    mark_new,
    open_files_in,
    refuse_leavers,
)
from unionapp.importers.workbook import as_text, read_sheet
from unionapp.services import Database, audit
from unionapp.services.groups import list_groups
from unionapp.services.members import MemberRow, import_members_in, list_members, with_existing

_INPUT_FIELDS = [f.name for f in fields(MemberInput)]


@dataclass
class PlannedRow:
    row_number: int
    action: Literal["add", "update"]
    member_id: int | None
    data: MemberInput
    changes: list[str] = field(default_factory=list)  # Chinese labels of the changed fields
    before: dict[str, object] = field(default_factory=dict)  # an update's changed fields: stored value
    after: dict[str, object] = field(default_factory=dict)  # ... and the file's value

    def change_lines(self) -> list[str]:
        """Each changed field as the audit log will show it, masked the same way:
        "手机号：138****5678 → 139****0000"."""
        return audit.change_lines("member", self.before, self.after)


def updated_text(people: int, changed_fields: int) -> str:
    """ "更新 12 人（共 15 处修改）"; the count of changes only when someone is updated."""
    return f"更新 {people} 人" + (f"（共 {changed_fields} 处修改）" if people else "")


@dataclass
class MemberImportPlan(MappedPlan):
    source: str  # file name
    sheet: str
    header_row: int
    columns: dict[str, str]  # field → header text in the file
    adds: list[PlannedRow] = field(default_factory=list)
    updates: list[PlannedRow] = field(default_factory=list)
    unchanged: list[PlannedRow] = field(default_factory=list)
    refused: list[RefusedRow] = field(default_factory=list)
    new_groups: list[str] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what the reader did: merged cells filled in...
    marks: RosterMarks = field(default_factory=RosterMarks)  # hardship files the 困难类别 column opens

    @property
    def changed_fields(self) -> int:
        """How many fields the updates change, over all updated members."""
        return sum(len(row.changes) for row in self.updates)

    def summary(self) -> str:
        return (
            f"新增 {len(self.adds)} 人，{updated_text(len(self.updates), self.changed_fields)}，"
            f"无变化 {len(self.unchanged)} 人{self.marks.summary()}，有问题 {len(self.refused)} 行"
        )

    def problem_lines(self) -> list[str]:
        """One Chinese line per problem: "第 12 行（张三）：身份证号校验位不正确（应为 X）"."""
        return problem_lines(self.refused)


ImportPlan = MemberImportPlan  # the name the members import had first


@dataclass(frozen=True)
class MemberImportResult:
    added: int
    updated: int
    refused: int
    changed_fields: int = 0  # over all updated members
    files_opened: int = 0  # hardship files the 困难类别 column opened

    def summary(self) -> str:
        """ "新增 3 人，更新 2 人（共 4 处修改），跳过 1 行"."""
        files = f"，新建困难职工档案 {self.files_opened} 份" if self.files_opened else ""
        return f"新增 {self.added} 人，{updated_text(self.updated, self.changed_fields)}{files}，跳过 {self.refused} 行"


def existing_input(row: MemberRow) -> MemberInput:
    """A stored member's editable values, built from the list row (no query per member)."""
    values = {name: getattr(row, name) for name in _INPUT_FIELDS if name != "retirement_date"}
    return MemberInput(retirement_date=row.retirement_date if row.retirement_overridden else None, **values)


class _Existing:
    """The members already stored, indexed for matching."""

    def __init__(self, rows: list[MemberRow]):
        self.by_id = {r.id_number: r for r in rows if r.id_number}
        self.by_name: dict[str, list[MemberRow]] = {}
        for r in rows:
            self.by_name.setdefault(r.name, []).append(r)

    def match(self, data: MemberInput) -> MemberRow | None:
        if data.id_number and data.id_number in self.by_id:
            found = self.by_id[data.id_number]
            if found.name != data.name:
                raise RowProblem(
                    f"身份证号 {data.id_number} 已属于会员 {found.name}，与本行姓名不同，请核对姓名或身份证号"
                )
            return found
        namesakes = self.by_name.get(data.name, [])
        if data.birth_date is not None:
            same = [r for r in namesakes if r.birth_date == data.birth_date]
            if data.id_number and any(r.id_number for r in same):
                raise RowProblem(
                    f"已有同名、同出生日期的会员 {data.name}，但身份证号不同（{same[0].id_number}），请核对身份证号"
                )
            return _only(same, "同名、同出生日期")
        if data.id_number:
            return None
        return _only(namesakes, "同名")


def _only(candidates: list[MemberRow], kind: str) -> MemberRow | None:
    if len(candidates) > 1:
        raise RowProblem(f"有 {len(candidates)} 位{kind}会员，请填写身份证号以区分")
    return candidates[0] if candidates else None


class _Planner:
    def __init__(self, plan: MemberImportPlan, existing: _Existing, today: date):
        self.plan = plan
        self.mapping = plan.mapping
        self.existing = existing
        self.today = today
        self.rows_by_id: dict[str, int] = {}  # ID number → first row with it
        self.rows_by_person: dict[tuple[str, date | None], tuple[int, bool]] = {}  # new: (row, has ID)
        self.rows_by_member: dict[int, int] = {}  # matched member → first row
        # Each distinct group and status text is looked up once (the mappings are fixed
        # while planning): a roster repeats a few dozen of them over thousands of rows.
        self.groups: dict[str, str] = {}  # group text → the group name it is read as
        self.statuses: dict[str, str | None] = {}  # status text → the word read, None if unknown
        self.checked: dict = {}  # validate_member's answers per value, for this plan only

    def add_row(self, number: int, cells: dict[str, object]) -> None:
        try:
            self._plan_row(number, cells)
        except RowProblem as refused:
            self.plan.refused.append(RefusedRow(number, as_text(cells.get("name")), refused.reasons, refused.unknown))

    def _plan_row(self, number: int, cells: dict[str, object]) -> None:
        cells, unknown = self._mapped(cells)
        raw, provided, problems = read_member_cells(cells)
        clean = _validate(raw, self.today, problems, unknown, self.checked)
        if clean.id_number:
            provided |= {"id_number", "birth_date", "gender"}  # read from the ID number
            _claim(self.rows_by_id, clean.id_number, number, "的身份证号重复")
        found = self.existing.match(clean)
        if found is None:
            self._add(number, clean)
        else:
            _claim(self.rows_by_member, found.id, number, f"是同一位会员（{found.name}），请合并为一行")
            self._update(number, found, clean, provided)

    def _mapped(self, cells: dict[str, object]) -> tuple[dict[str, object], list[UnknownValue]]:
        """The row with the user's value mappings applied to 工会小组 and 人员状态; a status
        that names no known one is an unknown value (and read as blank meanwhile)."""
        cells = dict(cells)
        group = as_text(cells.get("group_name"))
        if group:
            cells["group_name"] = _kept(self.groups, group, lambda: self.mapping.value("group_name", group) or group)
        text = as_text(cells.get("status"))
        if not text:
            return cells, []
        word = _kept(self.statuses, text, lambda: self._known_status(text))
        if word is not None:
            cells["status"] = word
            return cells, []
        cells["status"] = None
        labels = list(MEMBER_STATUS_LABELS.values())
        return cells, [UnknownValue("status", "人员状态", text, nearest(text, labels, limit=4) or labels)]

    def _known_status(self, text: str) -> str | None:
        word = mapped_value(self.mapping, "status", text)
        return word if code_for_label(MEMBER_STATUS_LABELS, status_word(word)) is not None else None

    def _add(self, number: int, clean: MemberInput) -> None:
        # Two new people with one name and birth date are the same person entered
        # twice, unless both rows carry (different) ID numbers.
        person = (clean.name, clean.birth_date)
        first = self.rows_by_person.setdefault(person, (number, bool(clean.id_number)))
        if first[0] != number and not (first[1] and clean.id_number):
            same = "的姓名、出生日期相同" if clean.birth_date else "的姓名相同且都没有身份证号和出生日期"
            raise RowProblem(f"与第 {first[0]} 行{same}，可能重复登记；如果不是同一人，请填写身份证号")
        mark_new(self.plan.marks, number, clean, self.today)
        self.plan.adds.append(PlannedRow(number, "add", None, clean))

    def _update(self, number: int, found: MemberRow, clean: MemberInput, provided: set[str]) -> None:
        before = existing_input(found)
        merged = with_existing(before, clean, provided - MARK_FIELDS)  # the mark follows the file
        if merged.gender != before.gender and before.retirement_category == default_category(before.gender):
            merged.retirement_category = ""  # the default follows the gender the file now gives
        merged = _validate(merged, self.today, [], memo=self.checked)
        # Most of next year's roster is unchanged: one comparison of all fields says so.
        same = merged.__dict__ == before.__dict__
        changed = [] if same else [f for f in _INPUT_FIELDS if getattr(merged, f) != getattr(before, f)]
        row = PlannedRow(
            number,
            "update",
            found.id,
            merged,
            [MEMBER_FIELD_LABELS[f] for f in changed],
            {f: getattr(before, f) for f in changed},
            {f: getattr(merged, f) for f in changed},
        )
        mark_existing(self.plan.marks, number, found, clean, provided, self.today)
        (self.plan.updates if changed else self.plan.unchanged).append(row)


def _kept(memo: dict, key: str, answer) -> object:
    """memo[key], asked of `answer()` the first time; at most _KEPT_LIMIT keys are kept."""
    if key not in memo:
        if len(memo) >= _KEPT_LIMIT:
            memo.clear()
        memo[key] = answer()
    return memo[key]


_KEPT_LIMIT = 5_000


def _validate(
    data: MemberInput,
    today: date,
    problems: list[str],
    unknown: list[UnknownValue] | None = None,
    memo: dict | None = None,
) -> MemberInput:
    unknown = unknown or []
    first = [*problems, *(u.reasons[0] for u in unknown)]
    try:
        clean = validate_member(data, today, memo)
    except MemberError as err:
        raise RowProblem(*first, *err.problems, unknown=unknown) from None
    if first:
        raise RowProblem(*first, unknown=unknown)
    return clean


def _claim(seen: dict, key: object, number: int, what: str) -> None:
    """Remember the first row with `key`; a later row with the same key is refused."""
    first = seen.setdefault(key, number)
    if first != number:
        raise RowProblem(f"与第 {first} 行{what}")


def plan_member_import(
    db: Database, path: str | Path, today: date | None = None, mapping: ImportMappings | None = None
) -> MemberImportPlan:
    """Read a members workbook and say what importing it would do; writes nothing.
    `mapping`: the column and value mappings to read it with (default: those remembered).

    Raises ImportFileError when the file can't be read at all.
    """
    with gc_paused():
        return _plan(db, path, today or date.today(), remembered(db, "members", mapping))


def _plan(db: Database, path: str | Path, today: date, mapping: ImportMappings) -> MemberImportPlan:
    existing = _Existing(list_members(db))
    with read_sheet(path, MEMBER_HEADERS, key_field="name", mapping=mapping) as sheet:
        plan = MemberImportPlan(
            source=Path(path).name,
            sheet=sheet.name,
            header_row=sheet.header_row,
            columns={f: c.header for f, c in sheet.columns.items()},
            ignored_columns=list(sheet.ignored_columns),
            area="members",
            mapping=mapping,
            column_choices=sheet.column_choices,
        )
        planner = _Planner(plan, existing, today)
        for number, cells in sheet.rows():
            planner.add_row(number, cells)
        plan.notes = sheet.notes
    _refuse_leavers(db, plan)
    if plan.marks.note():
        plan.notes.append(plan.marks.note())
    groups = [g.name for g in list_groups(db)]
    plan.value_choices = {"group_name": groups, "status": list(MEMBER_STATUS_LABELS.values())}
    plan.new_groups = [
        n for n in dict.fromkeys(r.data.group_name for r in plan.adds + plan.updates) if n and n not in groups
    ]
    return plan


def _refuse_leavers(db: Database, plan: MemberImportPlan) -> None:
    """A row that would file someone who had left by then, or on a 建档立卡日期 before any
    file could be, is refused, the member's add or update and all."""
    why = refuse_leavers(db, plan.marks)
    if not why:
        return
    for rows in (plan.adds, plan.updates, plan.unchanged):
        plan.refused += [
            RefusedRow(r.row_number, r.data.name, [why[r.row_number]]) for r in rows if r.row_number in why
        ]
        rows[:] = [r for r in rows if r.row_number not in why]
    plan.refused.sort(key=lambda r: r.row_number)


# ---------------------------------------------------------------- applying


def apply_member_import(db: Database, plan: MemberImportPlan, skip_errors: bool = False) -> MemberImportResult:
    """Write the plan in one transaction: every row or none. Refused rows stop the whole
    file unless `skip_errors`."""
    refuse_unless_skipped(plan.refused, skip_errors)
    with gc_paused(), db.session() as s:
        after = before_adding(s, plan.marks)
        diffs = import_members_in(
            s, [row.data for row in plan.adds], [(row.member_id, row.data) for row in plan.updates]
        )
        files = open_files_in(s, plan.marks, after)
        changes = [
            {"id": row.member_id, "name": row.data.name, "row": row.row_number, "before": old, "after": new}
            for row, (old, new) in zip(plan.updates, diffs)
        ]  # one audit entry, each member's change in it
        result = MemberImportResult(
            len(plan.adds), len(plan.updates), len(plan.refused), sum(len(old) for old, _new in diffs), files
        )
        remember_in(s, plan, MEMBER_HEADERS)
        audit.record(
            s,
            "import",
            "member",
            None,
            f"从 {plan.source} 导入会员：{result.summary()}",
            after={
                "file": plan.source,
                "added": result.added,
                "updated": result.updated,
                "changed_fields": result.changed_fields,
                "hardship_files": files,
                "refused_rows": [r.row_number for r in plan.refused],
            },
            items=changes,
        )
    return result


apply_import = apply_member_import  # the name the members import had first
