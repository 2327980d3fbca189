"""Past visits registers (五必访登记表) → a plan the user confirms → one transaction.

Planning reads and checks every row and writes nothing. A row names the member (by
name; when names repeat, by 工会小组/部门 or 身份证号), the type (its name, a synonym,
or a 事由 phrase containing one, see visit_types), the date, money and gift. Each row is
judged by the visits service's own rules (`check_visit`): money on a gift-only type or a
done visit in the future is refused there. A row with money in a year whose books are
closed is refused too, as the ledger importer does.

Applying saves every row with `visits.add_visit_in` in ONE session, so the visits and
their ledger entries commit together or not at all. A visit outside the standard has
already happened: it is saved with the reason "导入的历史记录".
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from unionapp.domain.dates import DateError, parse_date
from unionapp.domain.errors import DomainError
from unionapp.domain.import_mapping import ImportMappings
from unionapp.domain.money import format_fen, parse_amount
from unionapp.importers.errors import (
    ImportRefused,
    RefusedRow,
    RowProblem,
    UnknownValue,
    collect,
    problem_lines,
    refuse_unless_skipped,
)
from unionapp.importers.headers import VISIT_HEADERS
from unionapp.importers.mapping import MappedPlan, remember_in, remembered
from unionapp.importers.roster_match import RosterMatcher
from unionapp.importers.visit_types import STATUS_CHOICES, TypeMatcher, read_status
from unionapp.importers.workbook import as_text, read_sheet
from unionapp.services import Database, audit, ledger, visits
from unionapp.services.members import list_members
from unionapp.services.visits import NeedsReason, VisitError, VisitFilter, VisitInput

IMPORT_REASON = "导入的历史记录"
YES_WORDS = ("是", "Y", "YES", "√", "✓", "1", "家属")
LIMITS = {
    "reason": 100,
    "visitors": 200,
    "gift": 200,
    "approver": 50,
    "approval_no": 50,  # the columns' sizes
    "notes": 2000,
}  # a note is Text, but a 1 MB cell would not export (Excel keeps 32,767 characters)


@dataclass(frozen=True)
class PlannedVisit:
    row_number: int
    member_name: str
    type_name: str
    data: VisitInput
    warnings: tuple[str, ...] = ()  # outside the standard: saved with IMPORT_REASON


@dataclass
class VisitImportPlan(MappedPlan):
    source: str  # file name
    sheet: str
    header_row: int
    columns: dict[str, str]  # field → header text in the file
    adds: list[PlannedVisit] = field(default_factory=list)
    existing: list[int] = field(default_factory=list)  # rows already in the register, skipped
    refused: list[RefusedRow] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what the reader did: merged cells filled in...

    @property
    def money_fen(self) -> int:
        return sum(p.data.money_fen for p in self.adds if p.data.status == "done")

    def summary(self) -> str:
        planned = sum(p.data.status == "planned" for p in self.adds)
        outside = sum(bool(p.warnings) for p in self.adds)
        return (
            f"新增走访记录 {len(self.adds)} 条（其中待访 {planned} 条，慰问金合计 {format_fen(self.money_fen)} 元"
            + (f"，超出标准 {outside} 条将注明“{IMPORT_REASON}”" if outside else "")
            + f"），已有相同记录 {len(self.existing)} 条（跳过），有问题 {len(self.refused)} 行"
        )

    def problem_lines(self) -> list[str]:
        return problem_lines(self.refused)


@dataclass(frozen=True)
class VisitImportResult:
    added: int
    existing: int
    refused: int


# ---------------------------------------------------------------- members


# ---------------------------------------------------------------- planning


class _Planner:
    def __init__(self, db: Database, plan: VisitImportPlan, today: date):
        self.db, self.plan, self.today = db, plan, today
        self.members = RosterMatcher(list_members(db))
        self.types = TypeMatcher(visits.list_types(db), plan.mapping)
        self.closed = ledger.closed_years(db)  # read only: a dry run must not create a year's row
        self.stored = {(v.member_id, v.type_id, v.visit_date): v for v in visits.list_visits(db, VisitFilter())}
        self.rows_by_key: dict[tuple, int] = {}

    def add_row(self, number: int, cells: dict[str, object]) -> None:
        try:
            self._plan_row(number, cells)
        except RowProblem as problem:
            self.plan.refused.append(RefusedRow(number, as_text(cells.get("name")), problem.reasons, problem.unknown))

    def _plan_row(self, number: int, cells: dict[str, object]) -> None:
        reasons: list[str] = []
        unknown: list[UnknownValue] = []
        name = as_text(cells.get("name"))
        member = collect(
            reasons, lambda: self.members.match(name, as_text(cells.get("group")), cells.get("id_number"), self.today)
        )
        found = collect(
            reasons, lambda: self.types.match(as_text(cells.get("type")), as_text(cells.get("reason"))), unknown
        )
        day = collect(reasons, lambda: _date(cells.get("date")))
        status = collect(reasons, lambda: read_status(cells.get("status"), self.plan.mapping), unknown)
        money = collect(reasons, lambda: _amount(cells.get("money"), "慰问金"))
        gift_value = collect(reasons, lambda: _amount(cells.get("gift_value"), "慰问品价值"))
        if reasons:
            raise RowProblem(*reasons, unknown=unknown)
        vtype, reason = found
        data = VisitInput(
            member_id=member.id,
            type_id=vtype.id,
            visit_date=day,
            status=status,
            money_fen=money,
            gift_value_fen=gift_value,
            for_family=as_text(cells.get("for_family")).upper() in YES_WORDS,
            **_texts(cells, reason),
        )
        if self._already_stored(number, data, vtype.name):
            return
        warnings = self._judge(data, vtype.name)
        self.plan.adds.append(PlannedVisit(number, member.name, vtype.name, data, tuple(warnings)))

    def _already_stored(self, number: int, data: VisitInput, type_name: str) -> bool:
        """The same member, type and day: skipped when the money agrees (a file imported
        twice), refused when it differs; twice in the file is refused."""
        key = (data.member_id, data.type_id, data.visit_date)
        first = self.rows_by_key.setdefault(key, number)
        if first != number:
            raise RowProblem(f"与第 {first} 行是同一人、同一天的同一类走访，请合并为一行")
        stored = self.stored.get(key)
        if stored is None:
            return False
        if (stored.money_fen, stored.status) == (data.money_fen, data.status):
            self.plan.existing.append(number)
            return True
        raise RowProblem(
            f"已有 {data.visit_date} 的“{type_name}”记录（慰问金 {format_fen(stored.money_fen)} 元，"
            f"{'已访' if stored.status == 'done' else '待访'}），与本行不同；如需更正，请在软件中修改那条记录"
        )

    def _judge(self, data: VisitInput, type_name: str) -> list[str]:
        """The service's errors refuse the row; its warnings only need the import reason."""
        try:
            result = visits.check_visit(self.db, data)
        except VisitError as err:  # e.g. the type has no standard yet
            raise RowProblem(*err.problems) from None
        problems = list(result.errors)
        if data.money_fen and data.status == "done":
            problems += self._closed_year(data.visit_date.year, type_name)
        if problems:
            raise RowProblem(*problems)
        return result.warnings

    def _closed_year(self, year: int, type_name: str) -> list[str]:
        if year in self.closed:
            return [
                (
                    f"{year} 年经费已经结账，“{type_name}”慰问金无法再记入该年的账；"
                    "请删去慰问金只登记走访，或在当前年度另行处理"
                )
            ]
        later = sorted(y for y in self.closed if y > year)
        if later:
            return [f"{later[0]} 年经费已经结账，不能再补记更早年度（{year} 年）的慰问金"]
        return []


def _date(value: object) -> date:
    if value is None:
        raise RowProblem("日期不能为空")
    try:
        return parse_date(value)
    except DateError as err:
        raise RowProblem(str(err)) from None


def _amount(value: object, label: str) -> int:
    if value is None or (isinstance(value, str) and value.strip() in ("", "-", "—", "－", "/", "无")):
        return 0
    try:
        fen = parse_amount(value, label)
    except DomainError as err:
        raise RowProblem(str(err)) from None
    if fen < 0:
        raise RowProblem(f"{label}不能为负数")
    return fen


def _texts(cells: dict[str, object], reason: str) -> dict[str, str]:
    """The free-text fields, cut to what the register stores."""
    values = {key: as_text(cells.get(key)) for key in LIMITS if key != "reason"}
    values["reason"] = reason
    return {key: text[: LIMITS[key]] for key, text in values.items()}


def plan_visit_import(
    db: Database, path: str | Path, today: date | None = None, mapping: ImportMappings | None = None
) -> VisitImportPlan:
    """Read a visits workbook and say what importing it would do; writes nothing.
    `mapping`: the column and value mappings to read it with (default: those remembered).
    Raises ImportFileError when the file can't be read at all."""
    today = today or date.today()
    mapping = remembered(db, "visits", mapping)
    with read_sheet(path, VISIT_HEADERS, key_field="name", mapping=mapping) as sheet:
        plan = VisitImportPlan(
            Path(path).name,
            sheet.name,
            sheet.header_row,
            {f: c.header for f, c in sheet.columns.items()},
            ignored_columns=sheet.ignored_columns,
            area="visits",
            mapping=mapping,
            column_choices=sheet.column_choices,
        )
        planner = _Planner(db, plan, today)
        plan.value_choices = {"type": planner.types.names, "status": list(STATUS_CHOICES)}
        for number, cells in sheet.rows():
            planner.add_row(number, cells)
        plan.notes = sheet.notes
    return plan


# ---------------------------------------------------------------- applying


def apply_visit_import(db: Database, plan: VisitImportPlan, skip_errors: bool = False) -> VisitImportResult:
    """Save the plan in one transaction: any refused row refuses the whole file unless
    `skip_errors`; a row the service refuses now rolls everything back."""
    refuse_unless_skipped(plan.refused, skip_errors)
    with db.session() as s:
        with audit.summarised(s) as written:  # one entry for the file, not one per visit and voucher
            # By date, so the ledger's vouchers follow the order of the days.
            for row in sorted(plan.adds, key=lambda r: (r.data.visit_date, r.row_number)):
                try:
                    _add(s, row.data)
                except (VisitError, DomainError) as err:
                    reasons = err.problems if isinstance(err, VisitError) else [str(err)]
                    raise ImportRefused([RefusedRow(row.row_number, row.member_name, reasons)]) from None
        audit.record(
            s,
            "import",
            "visit",
            None,
            f"从“{plan.source}”导入走访记录 {len(plan.adds)} 条，"
            f"已有 {len(plan.existing)} 条，跳过 {len(plan.refused)} 行",
            after={
                "file": plan.source,
                "added": len(plan.adds),
                "skipped": len(plan.refused),
                "records": dict(written),
            },
        )
        remember_in(s, plan, VISIT_HEADERS)
    return VisitImportResult(len(plan.adds), len(plan.existing), len(plan.refused))


def _add(session, data: VisitInput) -> None:  # the caller's transaction, handed on to the service
    """A visit outside the standard (also by rows earlier in the same file) gets the import reason."""
    try:
        visits.add_visit_in(session, replace(data, warning_reason=""))
    except NeedsReason:
        visits.add_visit_in(session, replace(data, warning_reason=IMPORT_REASON))
