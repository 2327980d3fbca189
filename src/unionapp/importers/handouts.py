"""Past handouts lists (发放名单) → a plan the user confirms → one transaction.

One row per recipient: 姓名 (told apart by 工会小组 or 身份证号 when names repeat), the
handout's 发放名称 and 发放日期 (or, when the file has no such columns, what the user gives
for the whole file: `HandoutDefaults`), 类型, 物品 and 金额 per person. The rows of one
(名称, 日期) are one handout, imported as issued (已发放): its recipients and their values,
one ledger entry for its total under the kind's usual category (or the one given).

Planning writes nothing. Each row is checked here (on the roster, the same person twice
in a handout, the amount); each handout is then tried through the handouts service in a
transaction that is rolled back, so the plan tells what the service would refuse (a
closed year, someone who had left by the date) and the spending rules' warnings, which
need a reason (说明) to import. Applying writes every handout in ONE transaction.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from unionapp.domain.dates import format_date
from unionapp.domain.errors import DomainError
from unionapp.domain.handouts import DEFAULT_CATEGORY, HANDOUT_KIND_LABELS
from unionapp.domain.import_mapping import ImportMappings
from unionapp.domain.money import format_fen
from unionapp.domain.text import NOTE_LIMIT, clean_text, shown
from unionapp.importers.errors import ImportRefused, RefusedRow, RowProblem, problem_lines, refuse_unless_skipped
from unionapp.importers.handout_rows import KIND_CHOICES, HandoutDefaults, RowReader, kind_code
from unionapp.importers.headers import HANDOUT_HEADERS
from unionapp.importers.mapping import MappedPlan, remember_in, remembered
from unionapp.importers.roster_match import RosterMatcher, norm
from unionapp.importers.workbook import as_text, read_sheet
from unionapp.services import Database, audit, handouts, ledger
from unionapp.services.errors import NeedsReason
from unionapp.services.leaving import left_dates_in
from unionapp.services.members import list_members
from unionapp.services.spending_rules import SpendingError

__all__ = ["HandoutDefaults", "HandoutImportPlan", "apply_handout_import", "plan_handout_import"]

TRIAL_REASON = "导入试算"  # a reason for the trial only: the warnings it answers are the plan's
REQUIRED = {"handout": "发放名称", "date": "发放日期"}


@dataclass(frozen=True)
class PlannedRecipient:
    row_number: int
    member_id: int
    name: str
    group_name: str
    item: str
    value_fen: int


@dataclass
class PlannedHandout:
    name: str
    handout_date: date
    kind: str
    recipients: list[PlannedRecipient] = field(default_factory=list)
    approver: str = ""
    approval_no: str = ""
    handler: str = ""
    category_id: int | None = None
    category_name: str = ""
    warnings: list[str] = field(default_factory=list)  # outside a spending rule: needs a reason
    refused: bool = False  # the service refused it in the trial

    @property
    def rows(self) -> list[int]:
        return [r.row_number for r in self.recipients]

    @property
    def total_fen(self) -> int:
        return sum(r.value_fen for r in self.recipients)

    @property
    def kind_label(self) -> str:
        return HANDOUT_KIND_LABELS[self.kind]

    def data(self, source: str) -> handouts.HandoutInput:
        items = [r.item for r in self.recipients if r.item]
        usual = Counter(r.value_fen for r in self.recipients).most_common(1)[0][0] if self.recipients else 0
        return handouts.HandoutInput(
            name=self.name,
            kind=self.kind,
            handout_date=self.handout_date,
            value_kind="goods" if items else "money",
            item="、".join(dict.fromkeys(items))[:100],
            value_fen=usual,
            category_id=self.category_id,
            approver=self.approver,
            approval_no=self.approval_no,
            handler=self.handler,
            notes=f"从“{source}”导入"[:NOTE_LIMIT],
        )

    def where(self) -> str:
        rows = self.rows
        span = f"第 {rows[0]} 行" if len(rows) == 1 else f"第 {min(rows)}—{max(rows)} 行共 {len(rows)} 行"
        return f"发放“{shown(self.name)}”（{format_date(self.handout_date)}，{span}）"


@dataclass
class HandoutImportPlan(MappedPlan):
    source: str  # file name
    sheet: str
    header_row: int
    columns: dict[str, str]  # field → header text in the file
    defaults: HandoutDefaults = field(default_factory=HandoutDefaults)
    handouts: list[PlannedHandout] = field(default_factory=list)
    existing: list[int] = field(default_factory=list)  # rows of handouts imported before, skipped
    refused: list[RefusedRow] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # 发放名称/发放日期: neither in the file nor given
    ignored_columns: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what the reader did: merged cells filled in...

    @property
    def total_fen(self) -> int:
        return sum(h.total_fen for h in self.handouts)

    @property
    def recipients(self) -> int:
        return sum(len(h.recipients) for h in self.handouts)

    def warning_lines(self) -> list[str]:
        """The spending rules' warnings, one line each, naming the handout."""
        return [f"{h.where()}：{w}" for h in self.handouts for w in h.warnings]

    def summary(self) -> str:
        if self.missing:
            return f"文件中没有“{'”“'.join(self.missing)}”列，请先填写要导入的{'、'.join(self.missing)}"
        outside = sum(bool(h.warnings) for h in self.handouts)
        return (
            f"新增已发放的发放 {len(self.handouts)} 次，共 {self.recipients} 人次，合计 {format_fen(self.total_fen)} 元"
            + (f"（其中 {outside} 次超出开支标准，需填写说明）" if outside else "")
            + f"，已导入过 {len(self.existing)} 行（跳过），有问题 {len(self.refused)} 行"
        )

    def problem_lines(self) -> list[str]:
        return problem_lines(self.refused)


@dataclass(frozen=True)
class HandoutImportResult:
    added: int  # handouts
    recipients: int
    total_fen: int
    existing: int
    refused: int


# ---------------------------------------------------------------- planning


class _Planner:
    def __init__(self, db: Database, plan: HandoutImportPlan, today: date):
        self.db, self.plan, self.today = db, plan, today
        self.roster = RosterMatcher(list_members(db))  # one read of the whole roster
        self.reader = RowReader(plan.defaults, plan.mapping, today)
        self.groups: dict[tuple[str, date], PlannedHandout] = {}
        self.seen: dict[tuple[str, date, int], int] = {}  # (handout, date, member) → first row

    def add_row(self, number: int, cells: dict[str, object]) -> None:
        name = as_text(cells.get("name"))
        try:
            self._plan_row(number, name, cells)
        except RowProblem as problem:
            self.plan.refused.append(RefusedRow(number, name, problem.reasons, problem.unknown))

    def _plan_row(self, number: int, name: str, cells: dict[str, object]) -> None:
        reasons, unknown = [], []
        try:
            member = self.roster.match(name, as_text(cells.get("group")), cells.get("id_number"), self.today)
        except RowProblem as problem:
            reasons += problem.reasons
            member = None
        try:
            row = self.reader.read(cells)
        except RowProblem as problem:
            reasons += problem.reasons
            unknown += problem.unknown
            row = None
        if reasons:
            raise RowProblem(*reasons, unknown=unknown)
        key = (norm(row.handout), row.handout_date)
        handout = self.groups.setdefault(key, PlannedHandout(row.handout, row.handout_date, row.kind))
        first = self.seen.setdefault((*key, member.id), number)
        if first != number:
            raise RowProblem(f"与第 {first} 行是同一次发放的同一人，每人只能领一份，请删去或合并重复的行")
        if row.kind != handout.kind:
            raise RowProblem(
                f"与第 {handout.rows[0]} 行同属发放“{shown(row.handout)}”，发放类型却不同"
                f"（“{HANDOUT_KIND_LABELS[row.kind]}”与“{handout.kind_label}”），请改成一致"
            )
        for attr in ("approver", "approval_no", "handler"):
            setattr(handout, attr, getattr(handout, attr) or getattr(row, attr))
        handout.recipients.append(
            PlannedRecipient(number, member.id, member.name, member.group_name, row.item, row.value_fen)
        )

    def finish(self, category_id: int | None) -> None:
        """Handouts imported before are skipped; the rest are tried in a rolled-back
        transaction for what the service says."""
        stored = {(norm(h.name), h.handout_date): h for h in handouts.list_handouts(self.db)}
        names = {c.id: c.full_name for c in ledger.list_categories(self.db)}
        for key, handout in self.groups.items():
            before = stored.get(key)
            if before is None:
                handout.category_id = category_id
                self.plan.handouts.append(handout)
            elif (before.recipients, before.total_fen) == (len(handout.recipients), handout.total_fen):
                self.plan.existing += handout.rows
            else:
                self._refuse(
                    handout,
                    [
                        f"已有同名同日的发放（{before.recipients} 人，合计 {format_fen(before.total_fen)} 元），"
                        "与本文件不同；如需更正，请在“发放”中修改那次发放"
                    ],
                )
        if self.plan.handouts and not self.db.read_only:  # a read-only file can't be tried (nor written)
            self._try()
        for handout in self.plan.handouts:
            handout.category_name = names.get(handout.category_id, "")
        self.plan.refused.sort(key=lambda r: r.row_number)

    def _refuse(self, handout: PlannedHandout, problems: list[str]) -> None:
        reasons = [f"{handout.where()}不能导入：{p}" for p in problems]
        self.plan.refused.append(RefusedRow(handout.rows[0], handout.name, reasons))

    def _try(self) -> None:
        with self.db.session() as s:
            try:
                with audit.summarised(s):
                    self._left_rows(s)
                    for handout in sorted(self.plan.handouts, key=_order):
                        self._try_one(s, handout)
            finally:
                s.rollback()  # planning writes nothing
        self.plan.handouts = [h for h in self.plan.handouts if not h.refused and h.recipients]

    def _left_rows(self, session) -> None:
        """A row naming someone who had left (调出, 去世) before the handout's date is refused
        here, so the rest of the handout can still be imported."""
        ids = {r.member_id for h in self.plan.handouts for r in h.recipients}
        left = left_dates_in(session, ids)
        for handout in self.plan.handouts:
            kept = []
            for r in handout.recipients:
                gone = left.get(r.member_id)
                if gone is not None and gone < handout.handout_date:
                    why = f"{r.name}已于 {gone} 离开本校（调出或去世），不能列入 {handout.handout_date} 的发放，请删去这一行"
                    self.plan.refused.append(RefusedRow(r.row_number, r.name, [why]))
                else:
                    kept.append(r)
            handout.recipients = kept

    def _try_one(self, session, handout: PlannedHandout) -> None:
        if not handout.recipients:
            return
        try:
            if handout.category_id is None:
                handout.category_id = ledger.category_id_for_code(session, DEFAULT_CATEGORY[handout.kind])
            handout_id = _create_in(session, handout, self.plan.source)
            try:
                handouts.issue_handout_in(session, handout_id, "")
            except NeedsReason as outside:
                handout.warnings = list(outside.warnings)
                handouts.issue_handout_in(session, handout_id, TRIAL_REASON)  # later handouts see this one
        except DomainError as err:
            self._refuse(handout, _problems(err))
            handout.refused = True


def _order(handout: PlannedHandout) -> tuple[date, int]:
    return handout.handout_date, handout.rows[0]


def _problems(err: DomainError) -> list[str]:
    return list(err.problems) if isinstance(err, SpendingError) else [str(err)]


def _create_in(session, handout: PlannedHandout, source: str) -> int:
    values = {r.member_id: r.value_fen for r in handout.recipients}
    return handouts.create_handout_in(session, handout.data(source), list(values), values)


def category_for(db: Database, name: str) -> int:
    """The expense category a user named (--category), by full or own name."""
    key = norm(name)
    usable = [c for c in ledger.list_categories(db, include_inactive=False) if c.direction == "expense"]
    usable = [c for c in usable if not c.has_children]
    for c in usable:
        if key in (norm(c.full_name), norm(c.name)):
            return c.id
    names = "、".join(c.full_name for c in usable[:30])
    raise DomainError(f"没有名为“{shown(name)}”的支出科目，可用的科目：{names}")


def plan_handout_import(
    db: Database,
    path: str | Path,
    today: date | None = None,
    mapping: ImportMappings | None = None,
    defaults: HandoutDefaults | None = None,
) -> HandoutImportPlan:
    """Read a handouts list and say what importing it would do; writes nothing.
    `defaults`: 发放名称/发放日期/类型/科目 for rows that don't give them. When the file has
    no 发放名称 or 发放日期 column and `defaults` doesn't give it, the plan's `missing`
    names it and no row is read. Raises ImportFileError when the file can't be read."""
    today = today or date.today()
    defaults = defaults or HandoutDefaults()
    if defaults.kind and kind_code(defaults.kind) is None:
        raise DomainError(f"发放类型“{shown(defaults.kind)}”无法识别，可选：{'、'.join(KIND_CHOICES)}")
    category_id = category_for(db, defaults.category) if defaults.category else None
    mapping = remembered(db, "handouts", mapping)
    with read_sheet(path, HANDOUT_HEADERS, key_field="name", mapping=mapping) as sheet:
        plan = HandoutImportPlan(
            Path(path).name,
            sheet.name,
            sheet.header_row,
            {f: c.header for f, c in sheet.columns.items()},
            defaults,
            ignored_columns=sheet.ignored_columns,
            area="handouts",
            mapping=mapping,
            column_choices=sheet.column_choices,
            value_choices={"kind": list(KIND_CHOICES)},
        )
        given = {"handout": defaults.name, "date": defaults.handout_date}
        plan.missing = [label for f, label in REQUIRED.items() if f not in sheet.columns and not given[f]]
        if plan.missing:
            return plan
        planner = _Planner(db, plan, today)
        for number, cells in sheet.rows():
            planner.add_row(number, cells)
        plan.notes = sheet.notes
    planner.finish(category_id)
    return plan


# ---------------------------------------------------------------- applying


def apply_handout_import(
    db: Database, plan: HandoutImportPlan, skip_errors: bool = False, reason: str = ""
) -> HandoutImportResult:
    """Write the plan in one transaction: any refused row refuses the whole file unless
    `skip_errors`; handouts outside a spending rule need `reason` (else NeedsReason with
    their warnings); a handout the service refuses now rolls everything back."""
    if plan.missing:
        raise DomainError(plan.summary())
    refuse_unless_skipped(plan.refused, skip_errors)
    reason = clean_text(reason, "超出标准的说明", NOTE_LIMIT, multiline=True)
    if plan.warning_lines() and not reason.strip():
        raise NeedsReason(plan.warning_lines())
    with db.session() as s:
        with audit.summarised(s) as written:  # one entry for the file
            for handout in sorted(plan.handouts, key=_order):
                _write_in(s, handout, plan.source, reason)
        audit.record(
            s,
            "import",
            "handout",
            None,
            f"从“{plan.source}”导入发放 {len(plan.handouts)} 次，{plan.recipients} 人次，"
            f"合计 {format_fen(plan.total_fen)} 元，跳过 {len(plan.refused)} 行",
            after={
                "file": plan.source,
                "handouts": len(plan.handouts),
                "recipients": plan.recipients,
                "skipped": len(plan.refused),
                "reason": reason,
                "records": dict(written),
            },
        )
        remember_in(s, plan, HANDOUT_HEADERS)
    return HandoutImportResult(
        len(plan.handouts), plan.recipients, plan.total_fen, len(plan.existing), len(plan.refused)
    )


def _write_in(session, handout: PlannedHandout, source: str, reason: str) -> None:
    try:
        handout_id = _create_in(session, handout, source)
        handouts.issue_handout_in(session, handout_id, reason)
    except NeedsReason as outside:  # outside a rule only now (the data changed since planning)
        raise ImportRefused([RefusedRow(handout.rows[0], handout.name, [handout.where(), *outside.warnings])]) from None
    except DomainError as err:
        reasons = [f"{handout.where()}不能导入：{p}" for p in _problems(err)]
        raise ImportRefused([RefusedRow(handout.rows[0], handout.name, reasons)]) from None
