"""Past proposals of one session (提案汇总表) → a plan the user confirms → one transaction.

One row per proposal: 编号, 案由, 提案人, 附议人 (names split by 、，,; or spaces), 类别, 理由,
建议措施, 提交日期, then what became of it: 审查结果 (立案/不立案/转为意见建议) with 审查意见,
承办部门 and 答复期限, 答复日期 and 答复内容, 提案人意见 (满意/基本满意/不满意). People are the
session's term's delegates, by name. Refused by row (proposal_rows): a proposer or co-signer
who is not a delegate, the proposer among the co-signers, a reply dated before submission,
a number used twice... Planning writes nothing.

Applying creates each proposal and takes it through its screening, reply and feedback with
the proposals service's `*_in` functions, all in ONE transaction: a step the service
refuses is told with its row, and nothing is written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from unionapp.domain.congress import FEEDBACK_LABELS, PROPOSAL_CATEGORY_LABELS, PROPOSAL_STATUS_LABELS
from unionapp.domain.dates import format_date
from unionapp.domain.errors import DomainError
from unionapp.domain.import_mapping import ImportMappings
from unionapp.domain.text import shown
from unionapp.importers.errors import ImportRefused, RefusedRow, RowProblem, problem_lines, refuse_unless_skipped
from unionapp.importers.headers import PROPOSAL_HEADERS
from unionapp.importers.mapping import MappedPlan, remember_in, remembered
from unionapp.importers.proposal_rows import NEXT_ROUND_DAYS, DelegateNames, PlannedProposal, RowReader
from unionapp.importers.roster_match import norm
from unionapp.importers.workbook import as_text, read_sheet
from unionapp.services import Database, audit, congress, proposals
from unionapp.services.congress_common import writing


@dataclass
class ProposalImportPlan(MappedPlan):
    source: str  # file name
    sheet: str
    header_row: int
    columns: dict[str, str]  # field → header text in the file
    session_id: int
    session_name: str
    adds: list[PlannedProposal] = field(default_factory=list)
    existing: list[int] = field(default_factory=list)  # rows already in the session: skipped
    refused: list[RefusedRow] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def summary(self) -> str:
        accepted = sum(p.status == "accepted" for p in self.adds)
        replied = sum(p.reply is not None for p in self.adds)
        return (
            f"“{self.session_name}”：新增提案 {len(self.adds)} 件（其中立案 {accepted} 件，已答复 {replied} 件），"
            f"已导入过 {len(self.existing)} 行（跳过），有问题 {len(self.refused)} 行"
        )

    def problem_lines(self) -> list[str]:
        return problem_lines(self.refused)


class StepsRefused(ImportRefused):
    """Rows the service refused while saving; the message names them, as the window shows it."""

    def __init__(self, refused: list[RefusedRow]):
        super().__init__(refused)
        lines = self.lines()
        more = [f"……另有 {len(lines) - 10} 条"] if len(lines) > 10 else []
        self.args = ("保存时以下行被拒绝，整个文件没有导入（没有写入任何数据）：\n" + "\n".join(lines[:10] + more),)


@dataclass(frozen=True)
class ProposalImportResult:
    added: int
    refused: int


class _Planner:
    def __init__(self, db: Database, plan: ProposalImportPlan, session, today: date):
        self.plan = plan
        term = congress.get_term(db, session.term_id)
        names = DelegateNames(congress.list_delegates(db, term.id), term.name)
        self.reader = RowReader(session.id, names, plan.mapping, term, congress.list_congress_rules(db), today)
        stored = proposals.list_proposals(db, session_id=session.id)
        self.used = {p.number: p.title for p in stored}
        self.stored = {(norm(p.title), p.proposer_id) for p in stored}  # a file imported twice
        self.numbers: dict[int, int] = {}  # number → first row

    def add_row(self, number: int, cells: dict[str, object]) -> None:
        title = as_text(cells.get("title")) or as_text(cells.get("proposer"))
        try:
            planned = self.reader.read(number, cells)
            if (norm(planned.data.title), planned.data.proposer_id) in self.stored:
                self.plan.existing.append(number)
                return
            self._check_number(number, planned.data.number)
        except RowProblem as problem:
            self.plan.refused.append(RefusedRow(number, title, problem.reasons, problem.unknown))
            return
        self.plan.adds.append(planned)
        if planned.next_due_guessed:
            self.plan.notes.append(
                f"第 {number} 行提案人不满意，再次答复期限按反馈日期后 {NEXT_ROUND_DAYS} 天计"
                f"（{format_date(planned.next_due)}）；如另有期限，请加一列“再次答复期限”写明"
            )

    def _check_number(self, row: int, wanted: int | None) -> None:
        if wanted is None:
            return
        if wanted in self.used:
            raise RowProblem(
                f"本次会议已有第 {wanted} 号提案（“{shown(self.used[wanted], 30)}”），请改用别的编号或留空按顺序编号"
            )
        first = self.numbers.setdefault(wanted, row)
        if first != row:
            raise RowProblem(f"提案编号 {wanted} 与第 {first} 行重复，请改正")


def plan_proposal_import(
    db: Database, session_id: int, path: str | Path, today: date | None = None, mapping: ImportMappings | None = None
) -> ProposalImportPlan:
    """Read a proposals list for the session and say what importing it would do; writes
    nothing. Raises ImportFileError when the file can't be read, NotFoundError for no such session."""
    today = today or date.today()
    session = congress.get_session(db, session_id)
    mapping = remembered(db, "proposals", mapping)
    with read_sheet(path, PROPOSAL_HEADERS, key_field="title", mapping=mapping) as sheet:
        plan = ProposalImportPlan(
            Path(path).name,
            sheet.name,
            sheet.header_row,
            {f: c.header for f, c in sheet.columns.items()},
            session.id,
            session.name,
            ignored_columns=sheet.ignored_columns,
            area="proposals",
            mapping=mapping,
            column_choices=sheet.column_choices,
            value_choices={
                "category": list(PROPOSAL_CATEGORY_LABELS.values()),
                "status": list(PROPOSAL_STATUS_LABELS.values()),
                "feedback": list(FEEDBACK_LABELS.values()),
            },
        )
        planner = _Planner(db, plan, session, today)
        for number, cells in sheet.rows():
            planner.add_row(number, cells)
        plan.notes = sheet.notes + plan.notes
    return plan


def apply_proposal_import(db: Database, plan: ProposalImportPlan, skip_errors: bool = False) -> ProposalImportResult:
    """Every proposal with its steps in one transaction: any refused row refuses the whole
    file unless `skip_errors`; a step the service refuses now is told by row (ImportRefused)
    and everything is rolled back."""
    refuse_unless_skipped(plan.refused, skip_errors)
    refused: list[RefusedRow] = []
    with writing(db) as s:  # a clash with another copy's save told in Chinese
        with audit.summarised(s) as written:  # one entry for the file
            for planned in plan.adds:
                try:
                    _write(s, planned)
                except DomainError as err:
                    reasons = getattr(err, "problems", None) or [str(err)]
                    refused.append(RefusedRow(planned.row_number, planned.data.title, list(reasons)))
        if refused:
            raise StepsRefused(refused)  # leaving the block rolls the whole file back
        audit.record(
            s,
            "import",
            "congress_session",
            plan.session_id,
            f"从“{shown(plan.source)}”导入提案：{plan.summary()}",
            after={
                "file": plan.source,
                "added": len(plan.adds),
                "skipped": len(plan.refused),
                "records": dict(written),
            },
        )
        remember_in(s, plan, PROPOSAL_HEADERS)
    return ProposalImportResult(len(plan.adds), len(plan.refused))


def _write(s, p: PlannedProposal) -> None:
    """One proposal and the steps its row records, in the caller's transaction."""
    pid = proposals.create_proposal_in(s, p.data)
    if p.status != "submitted":
        proposals.screen_proposal_in(s, pid, p.status, p.screened_on, p.screen_reason, p.office, p.due_date)
    if p.reply is not None:
        proposals.add_reply_in(s, pid, p.reply)
    if p.feedback:
        proposals.set_feedback_in(s, pid, p.feedback, p.feedback_on, next_due=p.next_due)
