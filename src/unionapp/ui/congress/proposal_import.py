"""导入提案…: a session's past proposals (a 提案汇总表 workbook) read, previewed with its
columns, 类别/审查结果/提案人意见 words mapped, and written in one transaction with each
proposal's screening, reply and feedback (importers.proposals). The 提案 page only adds
the action: `import_action(page)`."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMessageBox, QWidget

from unionapp.db.engine import Database
from unionapp.domain.congress import PROPOSAL_STATUS_LABELS
from unionapp.domain.dates import format_date
from unionapp.ui.widgets.import_dialog import PlanPreviewDialog
from unionapp.ui.widgets.import_flow import ImportFlow

if TYPE_CHECKING:
    from unionapp.ui.congress.proposal_view import ProposalsPage

ADD_HEADERS = ["行号", "编号", "案由", "提案人", "附议人", "提交日期", "审查结果", "承办部门", "答复", "提案人意见"]


def proposal_cells(p) -> list:
    return [
        p.row_number,
        p.data.number or "按顺序",
        p.data.title,
        p.proposer_name,
        "、".join(p.cosigner_names),
        format_date(p.data.submitted_on),
        PROPOSAL_STATUS_LABELS.get(p.status, p.status),
        p.office,
        format_date(p.reply.replied_on) if p.reply else "",
        {"satisfied": "满意", "basic": "基本满意", "unsatisfied": "不满意"}.get(p.feedback, ""),
    ]


class ProposalPreviewDialog(PlanPreviewDialog):
    """Which proposals a file will add to the session, before anything is written."""

    refused_name = "案由"

    def __init__(self, plan, parent: QWidget | None = None, replan=None):
        super().__init__(plan, f"导入提案预览：{plan.session_name}（{plan.source}）", parent, replan)

    def content(self, plan):
        rows = [proposal_cells(p) for p in plan.adds]
        return [plan.summary(), *plan.notes], [(f"新增提案 {len(plan.adds)}", ADD_HEADERS, rows)]


def proposal_flow(parent: QWidget, db: Database, session_id: int, done: Callable[[], None]) -> ImportFlow:
    """The flow for one session; `done()` (on the GUI thread) reads the page again."""

    def plan(path, mapping):
        from unionapp.importers.proposals import plan_proposal_import  # loaded only when needed

        return plan_proposal_import(db, session_id, path, mapping=mapping)

    def apply(plan, skip):
        from unionapp.importers.proposals import apply_proposal_import

        return apply_proposal_import(db, plan, skip_errors=skip)

    def finished(result) -> None:
        done()
        QMessageBox.information(
            parent, "导入完成", f"导入完成：新增提案 {result.added} 件，有问题的 {result.refused} 行未导入。"
        )

    return ImportFlow(parent, "选择提案汇总表", plan, apply, ProposalPreviewDialog, finished)


def import_action(page: ProposalsPage) -> QAction:
    """导入提案… into the chosen session (with all sessions shown: the latest)."""

    def start() -> None:
        data = page.data
        if not page.editable or data is None or not data.sessions:
            return
        session_id = page.session_id or data.sessions[0].id  # sessions are newest first
        page._import_flow = proposal_flow(page, page.db, session_id, lambda: page.written())
        page._import_flow.choose()

    action = page.make_action("导入提案…", start)
    action.setToolTip("从Excel提案汇总表导入所选会议的提案（含审查、答复和反馈）；显示全部会议时导入最近一次会议")
    return action
