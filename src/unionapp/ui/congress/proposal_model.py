"""The 提案 page's table: a term's (or one session's) proposals through the area's shared
columns, filtered in memory by stage and by a search over 案由 and names, overdue rows in
red; and the lines above it (the overdue count, the reply summary)."""

from __future__ import annotations

from PySide6.QtGui import QColor

from unionapp.domain.dates import format_date
from unionapp.domain.pinyin import normalize_query
from unionapp.services.proposals import ProposalRow, ReplySummary
from unionapp.ui.activities.columns import Column, SearchedRowsModel

OVERDUE = QColor("#c9302c")
CLOSED = QColor("#777777")  # 不立案 and 转为意见建议: nothing more to do

# Filter key → (label, the stages it keeps; None: all). Overdue ones are waiting too.
STAGE_FILTERS: dict[str, tuple[str, frozenset[str] | None]] = {
    "all": ("全部", None),
    "submitted": ("待审查", frozenset({"submitted"})),
    "waiting": ("待答复（含逾期）", frozenset({"waiting", "overdue"})),
    "overdue": ("逾期未答复", frozenset({"overdue"})),
    "replied": ("待反馈", frozenset({"replied"})),
    "done": ("已办结（满意/基本满意）", frozenset({"satisfied", "basic"})),
    "rejected": ("不立案", frozenset({"rejected"})),
    "converted": ("转为意见建议", frozenset({"converted"})),
}


def stage_text(p: ProposalRow) -> str:
    """The stage, with the round when the proposer was not satisfied the first time."""
    return f"{p.stage_label}（第{p.round}轮）" if p.round > 1 else p.stage_label


def cosigners_text(p: ProposalRow) -> str:
    return "、".join(p.cosigner_names)


def _date(value) -> str:
    return format_date(value) if value else ""


def proposal_tip(p: ProposalRow) -> str:
    lines = [
        f"{p.session_name} 第 {p.number} 号：{p.title}",
        f"提案人：{p.proposer_name}（{p.proposer_group or '未分组'}）",
    ]
    if p.cosigner_names:
        lines.append(f"附议人：{cosigners_text(p)}")
    lines.append(f"提交日期：{_date(p.submitted_on)}；{stage_text(p)}")
    if p.screen_reason:
        lines.append(f"审查意见：{p.screen_reason}")
    if p.overdue:
        lines.append(f"已超过答复期限 {_date(p.due_date)}，请督促{p.office or '承办部门'}答复")
    return "\n".join(lines)


PROPOSAL_COLUMNS = [
    Column("编号", lambda p: str(p.number), lambda p: (p.session_id, p.number), 50, True),
    Column("案由", lambda p: p.title, lambda p: p.title, 220),
    Column("提案人", lambda p: p.proposer_name, lambda p: p.proposer_name, 70),
    Column("附议人", cosigners_text, cosigners_text, 120),
    Column("类别", lambda p: p.category_label, lambda p: p.category, 70),
    Column("状态", stage_text, lambda p: (p.stage, p.round), 100),
    Column("承办部门", lambda p: p.office, lambda p: p.office, 70),
    Column("答复期限", lambda p: _date(p.due_date), lambda p: (p.due_date is None, p.due_date or 0), 90),
    Column("答复日期", lambda p: _date(p.replied_on), lambda p: (p.replied_on is None, p.replied_on or 0), 90),
    Column("满意度", lambda p: p.feedback_label, lambda p: p.feedback or "", 70),
    Column("会议", lambda p: p.session_name, lambda p: p.session_id, 120),
]


class ProposalTableModel(SearchedRowsModel):
    """Proposals in the service's order (session, then number), filtered by stage and by a
    search typed over 案由, 提案人 and 附议人 — in memory, no query per keystroke."""

    columns = PROPOSAL_COLUMNS

    def __init__(self, parent=None):
        super().__init__(parent)
        self.stages: frozenset[str] | None = None

    def set_stage_filter(self, key: str) -> None:
        self.stages = STAGE_FILTERS.get(key, STAGE_FILTERS["all"])[1]
        self._refresh()

    def _refresh(self) -> None:
        rows = [r for r in self._all if self.stages is None or r.stage in self.stages]
        query = normalize_query(self.text)
        if query:
            rows = [r for r in rows if self.matches(r, query, query)]
        self._show(rows)

    def matches(self, row: ProposalRow, query: str, needle: str) -> bool:
        return query in row.title or query in row.proposer_name or any(query in n for n in row.cosigner_names)

    def tip(self, row: ProposalRow) -> str:
        return proposal_tip(row)

    def color(self, row: ProposalRow) -> QColor | None:
        if row.overdue:
            return OVERDUE
        return CLOSED if row.stage in ("rejected", "converted") else None


def overdue_line(rows: list[ProposalRow]) -> str:
    count = sum(1 for r in rows if r.overdue)
    return f"逾期未答复 {count} 件" if count else ""


def summary_line(s: ReplySummary | None) -> str:
    """提交 n 件，立案 n，已答复 x/y（z%），满意率 …: what the 提案工作报告 quotes."""
    if s is None:
        return ""
    if not s.submitted:
        return "还没有提案"
    return (
        f"提交 {s.submitted} 件：立案 {s.accepted}，不立案 {s.rejected}，转为意见建议 {s.converted}，"
        f"待审查 {s.pending}；"
        f"已答复 {s.reply_rate}；满意率 {s.satisfaction_rate}："
        f"满意 {s.satisfied}，基本满意 {s.basic}，不满意 {s.unsatisfied}"
    )
