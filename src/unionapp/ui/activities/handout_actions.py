"""What the 发放 page does to a handout: open its dialog (with what the dialog needs read on
a worker first), issue it (refusals shown, warnings needing a reason), withdraw or delete
it with a reason, and the spending rules. Each change is one service call; the page then
reads again."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMessageBox

from unionapp.services import handouts
from unionapp.ui.activities.handout_data import Context, today
from unionapp.ui.widgets.common import show_error
from unionapp.ui.widgets.reason_dialog import ReasonDialog
from unionapp.ui.widgets.tasks import run_task

if TYPE_CHECKING:
    from unionapp.ui.activities.handout_view import HandoutsPage


def new_handout(page: HandoutsPage, kind: str | None = None, day: date | None = None) -> None:
    """新建发放; `kind` and `day` preset it (首页's 发放生日祝福: kind birthday, a day of the month)."""
    from unionapp.ui.activities.handout_dialog import HandoutDialog

    def open_dialog(context: Context) -> None:
        shown = day or (today() if page.year == today().year else today().replace(year=page.year))
        dialog = HandoutDialog(page, page.db, context, shown)
        if kind is not None:
            dialog.kind.setCurrentIndex(max(dialog.kind.findData(kind), 0))  # its name, category and rule follow
        _after(page, dialog, dialog.exec())

    page.with_context(open_dialog)


def edit_handout(page: HandoutsPage) -> None:
    from unionapp.ui.activities.handout_dialog import HandoutDialog

    row, db = page.handout, page.db

    def read():
        return handouts.handout_input(db, row.id), [r.member_id for r in handouts.list_recipients(db, row.id)]

    def open_dialog(context: Context) -> None:
        def ready(found) -> None:
            data, listed = found
            dialog = HandoutDialog(page, db, context, today(), row=row, data=data, listed=listed)
            _after(page, dialog, dialog.exec())

        run_task(page, "正在读取发放记录…", read, ready, lambda e: show_error(page, e), False)

    page.with_context(open_dialog)


def _after(page: HandoutsPage, dialog, accepted: int) -> None:
    if not accepted or dialog.saved_id is None:
        return
    day_year = int(dialog.day.text()[:4]) if dialog.day.text()[:4].isdigit() else page.year
    page.year = day_year
    page.context = None  # "the list of another handout" offers the new one next time
    if dialog.issue_after:
        issue(page, dialog.saved_id)
    else:
        page.reload(dialog.saved_id)
        page.ledger_changed.emit()  # an issued handout's change is re-posted


def issue(page: HandoutsPage, handout_id: int | None = None) -> None:
    """Check first (on a worker): refusals are listed and nothing is written; warnings open
    the dialog that asks for the reason."""
    from unionapp.ui.activities.handout_issue import IssueDialog

    handout_id = handout_id or (page.handout.id if page.handout else None)
    if handout_id is None or not page.editable:
        return
    db = page.db

    def read():
        return handouts.get_handout(db, handout_id), *handouts.check_handout(db, handout_id)

    def ready(found) -> None:
        row, errors, warnings = found
        if row.status != "draft":
            page.reload(handout_id)
            return
        if errors:
            QMessageBox.warning(page, "不能发放", f"“{row.name}”还不能发放：\n\n" + "\n".join(f"• {e}" for e in errors))
            page.reload(handout_id)
            return
        if IssueDialog(page, db, row, warnings).exec():
            page.ledger_changed.emit()
        page.reload(handout_id)

    run_task(page, "正在核对开支标准…", read, ready, lambda e: show_error(page, e), False)


def withdraw(page: HandoutsPage) -> None:
    row = page.handout
    if row is None or row.status != "issued" or not page.editable:
        return
    what = (
        f"撤回“{row.name}”后它回到待发放，可以修改名单；收支明细账中的 {row.recipients} 人的记账将红字冲销，"
        "再次发放时重新记账。"
    )
    dialog = ReasonDialog(page, "撤回发放", what, lambda reason: handouts.withdraw_handout(page.db, row.id, reason))
    dialog.reason.setPlaceholderText("如 名单漏了两位老师，撤回补上")
    if dialog.exec():
        page.reload(row.id)
        page.ledger_changed.emit()


def delete(page: HandoutsPage) -> None:
    row = page.handout
    if row is None or not page.editable:
        return
    money = "它的记账将红字冲销（不会抹去）。" if row.status == "issued" else ""
    what = f"删除“{row.name}”（{row.recipients} 人）。{money}删除记录在操作日志中。"
    dialog = ReasonDialog(
        page, "删除发放", what, lambda reason: handouts.delete_handout(page.db, row.id, reason), "删除"
    )
    dialog.reason.setPlaceholderText("如 重复录入")
    if dialog.exec():
        page.handout = None
        page.reload()
        page.ledger_changed.emit()


def edit_rules(page: HandoutsPage) -> None:
    from unionapp.ui.activities.rules_dialog import RulesDialog

    RulesDialog(page, page.db, not page.editable).exec()


def import_action(page: HandoutsPage) -> QAction:
    """导入发放记录… of past handouts (the importer and its preview load when chosen)."""
    action = QAction("导入发放记录…", page)
    action.setToolTip("读取往年的发放名单（Excel），按已发放登记并记账")
    action.triggered.connect(lambda: _import(page))
    return action


def _import(page: HandoutsPage) -> None:
    if page.editable:
        from unionapp.ui.activities import handout_import

        handout_import.start(page)
