"""导入报名表: an activity's sign-up list read, previewed with its columns and 签到 words
mapped, and signed up in one transaction (importers.activity). The activity's page only
adds the action: `start(parent, db, activity_id, done)`."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QMessageBox, QWidget

from unionapp.db.engine import Database
from unionapp.ui.widgets.import_dialog import PlanPreviewDialog
from unionapp.ui.widgets.import_flow import ImportFlow

ADD_HEADERS = ["行号", "姓名", "工会小组", "项目", "队伍", "成绩", "名次", "签到"]


def entry_cells(row) -> list:
    e = row.entry
    return [row.row_number, row.name, row.group_name, e.event, e.team, e.result, e.place, "是" if e.attended else "否"]


class SignupPreviewDialog(PlanPreviewDialog):
    """Who a sign-up list will add to the activity, before anything is written."""

    def __init__(self, plan, parent: QWidget | None = None, replan=None):
        super().__init__(plan, f"导入报名表预览：{plan.activity_name}（{plan.source}）", parent, replan)

    def content(self, plan):
        notes = []
        if plan.existing:
            notes.append(
                f"{len(plan.existing)} 行的人已报名了同一项目，将跳过；如需更正成绩或签到，请在报名名单中修改。"
            )
        return notes, [(f"新增报名 {len(plan.adds)}", ADD_HEADERS, [entry_cells(r) for r in plan.adds])]


def done_text(result) -> str:
    return (
        f"导入完成：新增报名 {result.added} 人次，已报名过的 {result.existing} 行跳过，"
        f"有问题的 {result.refused} 行未导入。"
    )


def signup_flow(parent: QWidget, db: Database, activity_id: int, done: Callable[[], None]) -> ImportFlow:
    """The flow for one activity; `done()` (on the GUI thread) refreshes the caller's view."""

    def plan(path, mapping):
        from unionapp.importers.activity import plan_activity_import  # loaded only when needed

        return plan_activity_import(db, activity_id, path, mapping=mapping)

    def apply(plan, skip):
        from unionapp.importers.activity import apply_activity_import

        return apply_activity_import(db, plan, skip_errors=skip)

    def finished(result) -> None:
        done()
        QMessageBox.information(parent, "导入完成", done_text(result))

    return ImportFlow(parent, "选择报名表", plan, apply, SignupPreviewDialog, finished)


def start(parent: QWidget, db: Database, activity_id: int, done: Callable[[], None]) -> ImportFlow:
    """Ask for the file and import it; keep the returned flow (its tasks run after this returns)."""
    flow = signup_flow(parent, db, activity_id, done)
    flow.choose()
    return flow
