"""导入提案… on the 提案 page: the area's import flow (ui/congress/import_flows: a 提案汇总表
workbook previewed, its words mapped, written with each proposal's screening, reply and
feedback in one transaction) into the chosen session."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction

if TYPE_CHECKING:
    from unionapp.ui.congress.proposal_view import ProposalsPage


def import_action(page: ProposalsPage) -> QAction:
    """导入提案… into the chosen session (with all sessions shown: the latest, named in the preview)."""

    def start() -> None:
        data = page.data
        if not page.editable or data is None or not data.sessions:
            return
        from unionapp.ui.congress.import_flows import start_proposals_import  # the importer loads on first use

        session_id = page.session_id or data.sessions[0].id  # sessions come newest first
        page._import_flow = start_proposals_import(page, page.db, session_id, lambda: page.written())

    action = page.make_action("导入提案…", start)
    action.setToolTip("从Excel提案汇总表导入所选会议的提案（含审查、答复和反馈）；显示全部会议时导入最近一次会议")
    return action
