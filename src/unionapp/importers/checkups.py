"""The hospital's returned checkup list → a plan the user confirms → one transaction.

The hospital sends back the list we gave it (or its own) with who came, on which day,
and who needs a follow-up. Planning reads every row and writes nothing. A row names a
person on the campaign's list: by ID number, else by name (a name shared on the list is
refused: the ID number must say which). Refused with a reason: someone not on the list,
two rows for one person (both, since neither can be trusted), a date outside the
campaign's range or in the future, a status word we do not know. A row with neither a
status nor a date (not examined yet) leaves that person as they are.

Applying writes every result in ONE transaction through `record_results_in`, which
keeps each person's own date and lets the union's ledger entry follow attendance once.
Only the follow-up flag and its short note are kept: other result text is not stored.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from unionapp.domain.checkups import ATTENDED, PERSON_STATUS_LABELS
from unionapp.domain.dates import DateError, parse_date
from unionapp.domain.idcard import IdNumberError, parse_id_number
from unionapp.domain.import_mapping import ImportMappings
from unionapp.domain.text import shown
from unionapp.importers.errors import (
    ImportFileError,
    RefusedRow,
    RowProblem,
    UnknownValue,
    problem_lines,
    refuse_unless_skipped,
    remembered_reason,
)
from unionapp.importers.headers import CHECKUP_HEADERS
from unionapp.importers.mapping import MappedPlan, remember_in, remembered
from unionapp.importers.workbook import as_text, read_sheet
from unionapp.services import Database, audit, checkups
from unionapp.services.checkups import CampaignRow, CheckupError, PersonResult, PersonRow, record_results_in

# What hospitals write for "came" and "did not come" (upper case: _word folds letters).
ATTENDED_WORDS = frozenset(
    "是 已检 已体检 体检 到检 已到检 已到 到 已参加 参加 已参检 参检 完成 已完成 √ ✓ ✔ Y YES 1".split()
)
ABSENT_WORDS = frozenset("否 未检 未体检 未到检 未到 未参加 未参检 缺检 缺席 弃检 放弃 请假 × ✗ ✘ N NO 0".split())
FOLLOWUP_STATUS_WORDS = frozenset({"需复查", "复查", "待复查"})
NO_FOLLOWUP = frozenset(
    {"否", "无", "不需要", "不需", "无需", "不用", "正常", "未见异常", "-", "—", "－", "/", "N", "NO", "0", "×"}
)
YES_FOLLOWUP = frozenset({"是", "需要", "需", "要", "需复查", "复查", "Y", "YES", "1", "√", "✓", "✔"})
REASON_LIMIT, NOTE_LIMIT = 200, 2000  # what the list stores of a reason and a follow-up note


@dataclass(frozen=True)
class PlannedResult:
    row_number: int
    name: str
    result: PersonResult


@dataclass
class CheckupImportPlan(MappedPlan):
    source: str  # file name
    sheet: str
    header_row: int
    columns: dict[str, str]  # field → header text in the file
    campaign_id: int
    campaign_name: str
    updates: list[PlannedResult] = field(default_factory=list)
    unchanged: list[int] = field(default_factory=list)  # rows saying what the list already says
    blank: list[int] = field(default_factory=list)  # rows with no result yet: left as they are
    refused: list[RefusedRow] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what the reader did: merged cells filled in...
    not_in_file: int = 0  # people on the list the file does not mention

    def summary(self) -> str:
        counts = Counter(u.result.status for u in self.updates)
        detail = "，".join(
            f"{PERSON_STATUS_LABELS[s]} {counts[s]} 人" for s in ("done", "followup", "absent") if counts[s]
        )
        text = (
            f"“{self.campaign_name}”：更新 {len(self.updates)} 人"
            + (f"（{detail}）" if detail else "")
            + f"，无变化 {len(self.unchanged)} 人，未填结果 {len(self.blank)} 行（保持不变），"
            f"有问题 {len(self.refused)} 行"
        )
        return text + (f"；名单中另有 {self.not_in_file} 人不在文件中（保持不变）" if self.not_in_file else "")

    def problem_lines(self) -> list[str]:
        return problem_lines(self.refused)


@dataclass(frozen=True)
class CheckupImportResult:
    updated: int
    unchanged: int
    refused: int


# ---------------------------------------------------------------- people on the list


def _norm(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


def _word(value: object) -> str:
    return _norm(as_text(value)).upper()


class PeopleMatcher:
    """The campaign's people by ID number, else by name (only when the name is unique)."""

    def __init__(self, people: list[PersonRow]):
        self.by_id = {p.id_number: p for p in people if p.id_number}
        self.by_name: dict[str, list[PersonRow]] = {}
        for p in people:
            self.by_name.setdefault(_norm(p.name), []).append(p)

    def match(self, name: str, id_cell: object, today: date) -> PersonRow:
        masked = isinstance(id_cell, str) and "*" in _norm(id_cell)  # our masked list, sent back
        if id_cell is not None and not masked:
            return self._by_id(name, id_cell, today)
        person = self._by_name(name)
        if masked and not _fits_mask(_norm(id_cell).upper(), person.id_number):
            raise RowProblem(f"身份证号 {shown(id_cell)} 与名单中{shown(name)}的身份证号不符，请核对")
        return person

    def _by_name(self, name: str) -> PersonRow:
        namesakes = self.by_name.get(_norm(name), [])
        if not namesakes:
            raise RowProblem(f"{shown(name)}不在本次体检名单中，请核对姓名，或先把此人加入名单")
        if len(namesakes) > 1:
            raise RowProblem(f"本次名单中有 {len(namesakes)} 位名叫{shown(name)}的人，请填写身份证号以区分")
        return namesakes[0]

    def _by_id(self, name: str, id_cell: object, today: date) -> PersonRow:
        try:
            number = parse_id_number(id_cell, today).number
        except IdNumberError as err:
            raise RowProblem(str(err)) from None
        found = self.by_id.get(number) or self._without_id(name)  # no ID number on the list: the name decides
        if found is None:
            raise RowProblem(f"身份证号 {number} 不在本次体检名单中，请核对，或先把此人加入名单")
        if name and _norm(found.name) != _norm(name):
            raise RowProblem(f"身份证号 {number} 属于名单中的{found.name}，与本行姓名{shown(name)}不同，请核对")
        return found

    def _without_id(self, name: str) -> PersonRow | None:
        namesakes = self.by_name.get(_norm(name), [])
        return namesakes[0] if len(namesakes) == 1 and not namesakes[0].id_number else None


def _fits_mask(masked: str, number: str) -> bool:
    """ "340102********123X" agrees with a number when every visible character does."""
    return not number or (len(masked) == len(number) and all(m in ("*", n) for m, n in zip(masked, number)))


# ---------------------------------------------------------------- one row's result


def _attended(cells: dict[str, object]) -> bool | None:
    """True / False from the status column; None when it is empty (then a date says it)."""
    word = _word(cells.get("status"))
    if not word:
        return None
    if word in ATTENDED_WORDS or word in FOLLOWUP_STATUS_WORDS:
        return True
    if word in ABSENT_WORDS:
        return False
    text = as_text(cells.get("status"))
    why = f"“{shown(text)}”无法识别是否体检，请填写“是”（已体检）或“否”（未参加）"
    raise UnknownValue("status", "是否体检", text, ["是", "否"], why)


def _as_written(problem: RowProblem, status: str, target: str | None) -> RowProblem:
    """A status the user mapped to a word that means nothing is offered again as the file
    writes it: a mapping of the target would never apply."""
    if target and isinstance(problem, UnknownValue):
        return UnknownValue("status", "是否体检", status, ["是", "否"], remembered_reason("是否体检", status, target))
    return problem


def _followup(cells: dict[str, object]) -> tuple[bool, str]:
    """(needs a follow-up, its note). "是" is a flag without a note; other text is the note."""
    text = as_text(cells.get("followup"))
    word = _word(text)
    if _word(cells.get("status")) in FOLLOWUP_STATUS_WORDS:
        return True, "" if not word or word in YES_FOLLOWUP else text[:NOTE_LIMIT]
    if not word or word in NO_FOLLOWUP:
        return False, ""
    return True, "" if word in YES_FOLLOWUP else text[:NOTE_LIMIT]


def _day(value: object, campaign: CampaignRow, today: date) -> date | None:
    if value is None:
        return None
    try:
        day = parse_date(value)
    except DateError as err:
        raise RowProblem(str(err)) from None
    problems = []
    if day is not None and not campaign.date_from <= day <= campaign.date_to:
        problems.append(f"体检日期 {day} 不在本次体检的日期范围（{campaign.date_from} 至 {campaign.date_to}）内")
    if day is not None and day > today:
        problems.append(f"体检日期 {day} 晚于今天，请核对")
    if problems:
        raise RowProblem(*problems)
    return day


def read_result(cells: dict[str, object], person: PersonRow, campaign: CampaignRow, today: date) -> PersonResult | None:
    """The row's result for `person`, or None when it has none yet."""
    attended = _attended(cells)
    follow, note = _followup(cells)
    if attended is False:
        if follow:
            raise RowProblem("标为未参加体检，却填了需复查，请核对")
        reason = as_text(cells.get("reason")) or as_text(cells.get("notes"))
        return PersonResult(person.id, "absent", reason=reason[:REASON_LIMIT])
    day = _day(cells.get("date"), campaign, today)
    if attended is None and day is None:
        if follow:
            raise RowProblem("填了需复查，但没有体检日期，请填写体检日期")
        return None
    if day is None:
        raise RowProblem("已体检但没有体检日期，请填写体检日期")
    if follow:
        return PersonResult(person.id, "followup", day, note=note or person.followup_note)
    return PersonResult(person.id, "done", day)


def _same(result: PersonResult, person: PersonRow) -> bool:
    if result.status != person.status:
        return False
    if result.status in ATTENDED:
        return result.checkup_date == person.checkup_date and (
            result.status == "done" or result.note.strip() == person.followup_note
        )
    return result.reason.strip() == person.absence_reason


# ---------------------------------------------------------------- planning


class _Planner:
    def __init__(self, plan: CheckupImportPlan, campaign: CampaignRow, people: list[PersonRow], today: date):
        self.plan, self.campaign, self.today = plan, campaign, today
        self.people = {p.id: p for p in people}
        self.matcher = PeopleMatcher(people)
        self.seen: dict[int, list[tuple[int, str, PersonResult | None]]] = {}  # person → rows naming them

    def add_row(self, number: int, cells: dict[str, object]) -> None:
        name = as_text(cells.get("name"))
        status = as_text(cells.get("status"))
        target = self.plan.mapping.value("status", status) if status else None
        if target:  # "是"/"否" as the user mapped the hospital's word
            cells = {**cells, "status": target}
        try:
            person = self.matcher.match(name, cells.get("id_number"), self.today)
            result = read_result(cells, person, self.campaign, self.today)
        except RowProblem as problem:
            told = _as_written(problem, status, target)
            self.plan.refused.append(RefusedRow(number, name, told.reasons, told.unknown))
            return
        self.seen.setdefault(person.id, []).append((number, name, result))

    def finish(self) -> None:
        """Sort each named person's row into the plan; two rows for one person refuse both."""
        for person_id, rows in self.seen.items():
            if len(rows) > 1:
                numbers = [n for n, _name, _r in rows]
                for number, name, _result in rows:
                    others = "、".join(f"第 {n} 行" for n in numbers if n != number)
                    self.plan.refused.append(RefusedRow(number, name, [f"与{others}是同一人，请合并为一行"]))
                continue
            number, name, result = rows[0]
            if result is None:
                self.plan.blank.append(number)
            elif _same(result, self.people[person_id]):
                self.plan.unchanged.append(number)
            else:
                self.plan.updates.append(PlannedResult(number, self.people[person_id].name, result))
        self.plan.refused.sort(key=lambda r: r.row_number)
        self.plan.not_in_file = len(self.people) - len(self.seen)


def plan_checkup_import(
    db: Database, campaign_id: int, path: str | Path, today: date | None = None, mapping: ImportMappings | None = None
) -> CheckupImportPlan:
    """Read the hospital's workbook and say what importing it would do; writes nothing.
    `mapping`: the column and value mappings to read it with (default: those remembered).
    Raises ImportFileError when the file can't be read, NotFoundError for no campaign."""
    today = today or date.today()
    campaign = checkups.get_campaign(db, campaign_id)
    mapping = remembered(db, "checkups", mapping)
    with read_sheet(path, CHECKUP_HEADERS, key_field="name", mapping=mapping) as sheet:
        if not {"status", "date"} & sheet.columns.keys():
            raise ImportFileError(
                f"“{Path(path).name}”中没有“是否体检”或“体检日期”列，无法知道谁已体检。"
                "请在表头中加上这两列之一后重新导入。"
            )
        plan = CheckupImportPlan(
            Path(path).name,
            sheet.name,
            sheet.header_row,
            {f: c.header for f, c in sheet.columns.items()},
            campaign.id,
            campaign.name,
            ignored_columns=sheet.ignored_columns,
            area="checkups",
            mapping=mapping,
            column_choices=sheet.column_choices,
            value_choices={"status": ["是", "否"]},
        )
        planner = _Planner(plan, campaign, checkups.list_people(db, campaign_id), today)
        for number, cells in sheet.rows():
            planner.add_row(number, cells)
        plan.notes = sheet.notes
    planner.finish()
    return plan


# ---------------------------------------------------------------- applying


def apply_checkup_import(db: Database, plan: CheckupImportPlan, skip_errors: bool = False) -> CheckupImportResult:
    """Write the plan in one transaction: any refused row refuses the whole file unless
    `skip_errors`; a result the service refuses now (the list changed meanwhile) rolls
    everything back."""
    refuse_unless_skipped(plan.refused, skip_errors)
    with db.session() as s:
        if plan.updates:
            _write_results(s, plan)
        # In the import's transaction, kept exactly when it is; also when every row was
        # already recorded: the file was read with these mappings and will be again.
        remember_in(s, plan, CHECKUP_HEADERS)
    return CheckupImportResult(len(plan.updates), len(plan.unchanged), len(plan.refused))


def _write_results(s, plan: CheckupImportPlan) -> None:
    """The results and the file's one audit entry."""
    try:
        with audit.summarised(s) as written:  # one entry for the file, not one per record it touches
            record_results_in(s, plan.campaign_id, [u.result for u in plan.updates])
    except CheckupError as err:
        raise CheckupError(f"{err} 整个文件没有导入（没有写入任何数据）。") from None
    audit.record(
        s,
        "import",
        "checkup",
        plan.campaign_id,
        f"从“{plan.source}”导入体检结果：{plan.summary()}",
        after={
            "file": plan.source,
            "updated": len(plan.updates),
            "skipped": len(plan.refused),
            "records": dict(written),
        },
        items=[
            {
                "id": u.result.person_id,
                "name": u.name,
                "row": u.row_number,
                "after": {"status": u.result.status, "checkup_date": u.result.checkup_date},
            }
            for u in plan.updates
        ],
    )
