"""导入代表名单: a term's delegate list read, previewed with its columns, 选区 and 类别 words
mapped, and written in one transaction (importers.delegates). The 代表 page only adds the
action: `start(parent, db, term_id, done)`."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QMessageBox, QWidget

from unionapp.db.engine import Database
from unionapp.domain.dates import format_date
from unionapp.ui.widgets.import_dialog import PlanPreviewDialog
from unionapp.ui.widgets.import_flow import ImportFlow

ADD_HEADERS = ["行号", "姓名", "工会小组", "选区", "类别", "当选日期"]


def delegate_cells(row) -> list:
    return [
        row.row_number,
        row.name,
        row.group_name,
        row.constituency,
        row.category_label,
        format_date(row.entry.elected_on),
    ]


class DelegatePreviewDialog(PlanPreviewDialog):
    """Who a delegate list will add to the term, before anything is written."""

    def __init__(self, plan, parent: QWidget | None = None, replan=None):
        super().__init__(plan, f"导入代表名单预览：{plan.term_name}（{plan.source}）", parent, replan)

    def content(self, plan):
        notes = []
        if plan.new_constituencies:
            names = "、".join(plan.new_constituencies)
            notes.append(f"将新建选区 {len(plan.new_constituencies)} 个：{names}（名额可在“选区与名额”中修改）。")
        return notes, [(f"新增代表 {len(plan.adds)}", ADD_HEADERS, [delegate_cells(r) for r in plan.adds])]


def done_text(result) -> str:
    made = f"，新建选区 {result.constituencies} 个" if result.constituencies else ""
    return f"导入完成：新增代表 {result.added} 人{made}，有问题的 {result.refused} 行未导入。"


def delegate_flow(parent: QWidget, db: Database, term_id: int, done: Callable[[], None]) -> ImportFlow:
    """The flow for one term; `done()` (on the GUI thread) refreshes the page."""

    def plan(path, mapping):
        from unionapp.importers.delegates import plan_delegate_import  # loaded only when needed

        return plan_delegate_import(db, term_id, path, mapping=mapping)

    def apply(plan, skip):
        from unionapp.importers.delegates import apply_delegate_import

        return apply_delegate_import(db, plan, skip_errors=skip)

    def finished(result) -> None:
        done()
        QMessageBox.information(parent, "导入完成", done_text(result))

    return ImportFlow(parent, "选择代表名单", plan, apply, DelegatePreviewDialog, finished)


def start(parent: QWidget, db: Database, term_id: int, done: Callable[[], None]) -> ImportFlow:
    """Ask for the file and import it; keep the returned flow (its tasks run after this returns)."""
    flow = delegate_flow(parent, db, term_id, done)
    flow.choose()
    return flow
