"""What the 体检 tab does to a campaign's list: bulk status changes, adding and removing
people, and importing the hospital's receipt (previewed; nothing written until confirmed).
Each change is one service call, then the tab re-reads the campaign and its coverage."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMessageBox

from unionapp.domain.checkups import ATTENDED, PAYER_LABELS, PERSON_STATUS_LABELS
from unionapp.services import checkups
from unionapp.ui.checkups.dialogs import MemberPickDialog, ReceiptPreviewDialog, StatusDialog
from unionapp.ui.widgets.common import confirm, guarded
from unionapp.ui.widgets.import_flow import ImportFlow

if TYPE_CHECKING:
    from unionapp.ui.checkups.tab import CheckupsTab

SELECT_FIRST = "请先在名单中选中要标记的人（按住 Ctrl 或 Shift 可以多选）。"


class ListActions(QObject):
    def __init__(self, tab: CheckupsTab):
        super().__init__(tab)
        self.tab = tab
        self.notified_action = self._action("标为已通知", lambda: self.mark("notified"))
        self.done_action = self._action("标为已体检…", lambda: self.mark("done"))
        self.absent_action = self._action("标为未参加…", lambda: self.mark("absent"))
        self.followup_action = self._action("标为需复查…", lambda: self.mark("followup"))
        self.pending_action = self._action("改回待通知", lambda: self.mark("pending"))
        self.status_actions = [self.notified_action, self.done_action, self.absent_action, self.followup_action]
        self.add_action = self._action("添加人员…", self.add_people)
        self.remove_action = self._action("移出名单…", self.remove_people)
        self.import_action = self._action("导入医院回执…", self.import_receipt)
        self.import_action.setToolTip("读取医院返回的体检名单（Excel），把已体检、未参加的人一次标好")

    def _action(self, text: str, slot) -> QAction:
        action = QAction(text, self)
        action.triggered.connect(slot)
        return action

    def update(self, can_edit: bool, selected: bool) -> None:
        for action in [*self.status_actions, self.pending_action, self.remove_action]:
            action.setEnabled(can_edit and selected)
        self.add_action.setEnabled(can_edit)
        self.import_action.setEnabled(can_edit)

    # ------------------------------------------------------------ statuses
    def mark(self, status: str) -> None:
        tab, campaign = self.tab, self.tab.campaign
        rows = tab.people.selected_rows()
        if campaign is None or not tab.editable:
            return
        if not rows:
            QMessageBox.information(tab, f"标为{PERSON_STATUS_LABELS[status]}", SELECT_FIRST)
            return
        ids = [r.id for r in rows]

        def apply(code: str, day: date | None, reason: str, note: str) -> None:
            checkups.set_status(tab.db, campaign.id, ids, code, day, reason, note)

        if status in ("notified", "pending"):
            done = self._may_undo(rows, status) and guarded(tab, lambda: apply(status, None, "", "") or True)
        else:
            dates = {r.checkup_date for r in rows}
            known = dates.pop() if len(dates) == 1 else None  # 需复查 after 已体检 keeps that day
            done = StatusDialog(tab, campaign, status, len(ids), apply, tab.current_day(), known).exec()
        if done:
            tab.reload()
            tab.people.select_ids(set(ids))

    def _may_undo(self, rows, status: str) -> bool:
        """Taking people back from 已体检 drops them from the count (and the union's cost): ask."""
        went = [r for r in rows if r.status in ATTENDED]
        if not went:
            return True
        return confirm(
            self.tab,
            f"标为{PERSON_STATUS_LABELS[status]}",
            f"选中的人中有 {len(went)} 人已经体检，改为“{PERSON_STATUS_LABELS[status]}”后将不再计入已检人数，"
            "他们的体检日期也会清除。确定要改吗？",
        )

    # ------------------------------------------------------------ the list
    def add_people(self) -> None:
        tab, campaign = self.tab, self.tab.campaign
        if campaign is None or not tab.editable:
            return
        listed = {p.member_id for p in tab.people.model.all_rows}
        dialog = MemberPickDialog(tab, tab.member_rows, listed, campaign)
        chosen = dialog.chosen_ids() if dialog.exec() else []
        if not chosen:
            return
        added = guarded(tab, lambda: checkups.add_people(tab.db, campaign.id, chosen))
        if added is not None:
            tab.reload()
            QMessageBox.information(tab, "添加人员", f"已把 {added} 人加入“{campaign.name}”的名单。")

    def remove_people(self) -> None:
        tab, campaign = self.tab, self.tab.campaign
        rows = tab.people.selected_rows()
        if campaign is None or not rows or not tab.editable:
            return
        names = "、".join(r.name for r in rows[:5]) + (f" 等 {len(rows)} 人" if len(rows) > 5 else "")
        money = "工会经费中的体检费会随已体检人数自动调整（冲销重记）。" if campaign.payer == "union" else ""
        text = (
            f"确定把 {names} 移出“{campaign.name}”的名单吗？\n\n移出后他们不再计入应检人数。{money}"
            f"（本次体检由{PAYER_LABELS[campaign.payer]}付费）"
        )
        if not confirm(tab, "移出名单", text):
            return
        if guarded(tab, lambda: checkups.remove_people(tab.db, campaign.id, [r.id for r in rows]) or True):
            tab.reload()

    # ------------------------------------------------------------ the hospital's receipt
    def import_receipt(self) -> None:
        tab, campaign = self.tab, self.tab.campaign
        if campaign is None or not tab.editable:
            return
        self._flow(campaign.id).choose()

    def plan_receipt(self, campaign_id: int, path: Path) -> None:
        """Read and check the file off the GUI thread; nothing is written yet."""
        self._flow(campaign_id).read(path)

    def _flow(self, campaign_id: int) -> ImportFlow:
        db = self.tab.db

        def plan(path, mapping):
            from unionapp.importers.checkups import plan_checkup_import  # loaded only when needed

            return plan_checkup_import(db, campaign_id, path, mapping=mapping)

        def apply(plan, skip):
            from unionapp.importers.checkups import apply_checkup_import

            return apply_checkup_import(db, plan, skip)

        self.import_flow = ImportFlow(self.tab, "选择医院回执", plan, apply, ReceiptPreviewDialog, self._imported)
        return self.import_flow

    def _imported(self, result) -> None:
        self.tab.reload()
        QMessageBox.information(self.tab, "导入完成", result_text(result))


def result_text(result) -> str:
    """What an import did (importers.checkups.CheckupImportResult)."""
    return f"已更新 {result.updated} 人，无变化 {result.unchanged} 人，跳过有问题的 {result.refused} 行。"
