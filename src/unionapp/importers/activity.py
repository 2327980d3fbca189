"""An activity's sign-up list (活动报名表) → a plan the user confirms → one transaction.

One row per person and event: 姓名 (told apart by 工会小组 or 身份证号 when names repeat),
项目, 队伍, 成绩, 名次 and 签到/是否参加 (是/否/√…, or the user's value mapping). Planning
writes nothing. Refused with a reason: a name not on the roster, a namesake nobody can
tell apart, the same person in the same event twice, a 签到 word nobody knows. A person
already signed up for that event is skipped (told in the plan): the sign-up is not
changed by a second list.

Applying signs everyone up with `activities.add_entries_in` in ONE transaction.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from unionapp.domain.activities import ENTRY_TEXTS
from unionapp.domain.errors import DomainError
from unionapp.domain.import_mapping import ImportMappings
from unionapp.domain.text import shown
from unionapp.importers.errors import (
    RefusedRow,
    RowProblem,
    UnknownValue,
    problem_lines,
    refuse_unless_skipped,
    remembered_reason,
)
from unionapp.importers.headers import ACTIVITY_HEADERS
from unionapp.importers.mapping import MappedPlan, remember_in, remembered
from unionapp.importers.roster_match import RosterMatcher, norm
from unionapp.importers.workbook import as_text, read_sheet
from unionapp.services import Database, activities, audit
from unionapp.services.activities import EntryInput
from unionapp.services.leaving import left_dates_in
from unionapp.services.members import list_members

ATTENDED_LABEL = "是否参加"
ATTENDED_CHOICES = ["是", "否"]
YES_WORDS = frozenset("是 √ ✓ ✔ 参加 已参加 签到 已签到 到 已到 出席 Y YES 1 TRUE".split())
NO_WORDS = frozenset("否 × ✗ ✘ 未参加 不参加 未签到 未到 缺席 请假 弃权 - — / N NO 0 FALSE".split())


@dataclass(frozen=True)
class PlannedEntry:
    row_number: int
    name: str
    group_name: str
    entry: EntryInput


@dataclass
class ActivityImportPlan(MappedPlan):
    source: str  # file name
    sheet: str
    header_row: int
    columns: dict[str, str]  # field → header text in the file
    activity_id: int
    activity_name: str
    adds: list[PlannedEntry] = field(default_factory=list)
    existing: list[int] = field(default_factory=list)  # rows already signed up: skipped
    refused: list[RefusedRow] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what the reader did: merged cells filled in...

    def summary(self) -> str:
        attended = sum(p.entry.attended for p in self.adds)
        people = len({p.entry.member_id for p in self.adds})
        return (
            f"“{self.activity_name}”：新增报名 {len(self.adds)} 人次（{people} 人，其中已签到 {attended} 人次），"
            f"已报名过 {len(self.existing)} 行（跳过），有问题 {len(self.refused)} 行"
        )

    def problem_lines(self) -> list[str]:
        return problem_lines(self.refused)


@dataclass(frozen=True)
class ActivityImportResult:
    added: int
    existing: int
    refused: int


def read_attended(value: object, mapping: ImportMappings) -> bool:
    """是/√ → True; 否/× or blank → False; the user's value mapping first."""
    text = as_text(value)
    target = mapping.value("attended", text) if text else None
    word = norm(target or text).upper()
    if not word or word in NO_WORDS:
        return False
    if word in YES_WORDS:
        return True
    why = remembered_reason(ATTENDED_LABEL, text, target) if target else ""
    why = why or f"“{shown(text)}”看不出是否参加，请填写“是”（已签到参加）或“否”（未参加）"
    raise UnknownValue("attended", ATTENDED_LABEL, text, ATTENDED_CHOICES, why)


def _text(cells: dict[str, object], key: str, spec: str | None = None) -> str:
    return as_text(cells.get(key))[: ENTRY_TEXTS[spec or key][1]]


class _Planner:
    def __init__(self, db: Database, plan: ActivityImportPlan, today: date):
        self.plan, self.today = plan, today
        self.roster = RosterMatcher(list_members(db))  # one read of the whole roster
        self.signed = {(e.member_id, norm(e.event)) for e in activities.list_entries(db, plan.activity_id)}
        self.seen: dict[tuple[int, str], int] = {}  # (member, event) → first row

    def add_row(self, number: int, cells: dict[str, object]) -> None:
        name = as_text(cells.get("name"))
        try:
            self._plan_row(number, name, cells)
        except RowProblem as problem:
            self.plan.refused.append(RefusedRow(number, name, problem.reasons, problem.unknown))

    def _plan_row(self, number: int, name: str, cells: dict[str, object]) -> None:
        reasons: list[str] = []
        unknown: list[UnknownValue] = []
        member = attended = None
        try:
            member = self.roster.match(name, as_text(cells.get("group")), cells.get("id_number"), self.today)
        except RowProblem as problem:
            reasons += problem.reasons
        try:
            attended = read_attended(cells.get("attended"), self.plan.mapping)
        except RowProblem as problem:
            reasons += problem.reasons
            unknown += problem.unknown
        if reasons:
            raise RowProblem(*reasons, unknown=unknown)
        event = _text(cells, "event")
        key = (member.id, norm(event))
        first = self.seen.setdefault(key, number)
        if first != number:
            what = f"项目“{shown(event)}”" if event else "本活动"
            raise RowProblem(f"与第 {first} 行是同一人报名{what}，请删去或合并重复的行")
        if key in self.signed:
            self.plan.existing.append(number)
            return
        entry = EntryInput(
            member_id=member.id,
            event=event,
            team=_text(cells, "team"),
            attended=attended,
            result=_text(cells, "result"),
            place=_text(cells, "place"),
            note=_text(cells, "notes", "note"),
        )
        self.plan.adds.append(PlannedEntry(number, member.name, member.group_name, entry))


def plan_activity_import(
    db: Database, activity_id: int, path: str | Path, today: date | None = None, mapping: ImportMappings | None = None
) -> ActivityImportPlan:
    """Read a sign-up list for the activity and say what importing it would do; writes
    nothing. Raises ImportFileError when the file can't be read, NotFoundError for no
    such activity."""
    today = today or date.today()
    activity = activities.get_activity(db, activity_id)
    mapping = remembered(db, "activity", mapping)
    with read_sheet(path, ACTIVITY_HEADERS, key_field="name", mapping=mapping) as sheet:
        plan = ActivityImportPlan(
            Path(path).name,
            sheet.name,
            sheet.header_row,
            {f: c.header for f, c in sheet.columns.items()},
            activity.id,
            activity.name,
            ignored_columns=sheet.ignored_columns,
            area="activity",
            mapping=mapping,
            column_choices=sheet.column_choices,
            value_choices={"attended": list(ATTENDED_CHOICES)},
        )
        planner = _Planner(db, plan, today)
        for number, cells in sheet.rows():
            planner.add_row(number, cells)
        plan.notes = sheet.notes
    _refuse_leavers(db, plan, activity.date_from)
    return plan


def _refuse_leavers(db: Database, plan: ActivityImportPlan, start: date) -> None:
    """A row naming someone who had left (调出, 去世) before the activity began is refused
    here, so the rest of the list can still be imported (the service refuses them too)."""
    with db.session() as s:
        left = left_dates_in(s, {p.entry.member_id for p in plan.adds})
    kept = []
    for p in plan.adds:
        gone = left.get(p.entry.member_id)
        if gone is not None and gone < start:
            why = f"{p.name}已于 {gone} 离开本校（调出或去世），不能报名 {start} 开始的活动，请删去这一行"
            plan.refused.append(RefusedRow(p.row_number, p.name, [why]))
        else:
            kept.append(p)
    plan.adds = kept
    plan.refused.sort(key=lambda r: r.row_number)


def apply_activity_import(db: Database, plan: ActivityImportPlan, skip_errors: bool = False) -> ActivityImportResult:
    """Sign everyone up in one transaction: any refused row refuses the whole file unless
    `skip_errors`; the service refusing now (the activity deleted meanwhile, a member
    removed) rolls everything back."""
    refuse_unless_skipped(plan.refused, skip_errors)
    with db.session() as s:
        try:
            with audit.summarised(s) as written:  # one entry for the file
                added = activities.add_entries_in(s, plan.activity_id, [p.entry for p in plan.adds])
        except DomainError as err:
            raise DomainError(f"{err} 整个文件没有导入（没有写入任何数据）。") from None
        audit.record(
            s,
            "import",
            "activity",
            plan.activity_id,
            f"从“{plan.source}”导入活动报名：{plan.summary()}",
            after={"file": plan.source, "added": added, "skipped": len(plan.refused), "records": dict(written)},
        )
        remember_in(s, plan, ACTIVITY_HEADERS)
    return ActivityImportResult(added, len(plan.existing), len(plan.refused))
