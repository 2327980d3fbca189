"""导入困难职工档案: a hardship roster (困难职工花名册, 建档立卡表) read, previewed with its
columns and its 困难级别/致困原因 words mapped, and filed in one transaction
(importers.hardship). The 困难帮扶 tab only adds the action: `start(parent, db, done)`.

The preview shows level, causes and the household's size and income per head: what the
user needs to check the file was read right. It is shown only to whoever imports the file,
as the file itself is theirs; the tab's list keeps its own masking."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QMessageBox, QWidget

from unionapp.db.engine import Database
from unionapp.domain.dates import format_date
from unionapp.domain.money import format_fen
from unionapp.ui.widgets.import_dialog import PlanPreviewDialog
from unionapp.ui.widgets.import_flow import ImportFlow

ADD_HEADERS = ["行号", "姓名", "工会小组", "困难级别", "建档日期", "致困原因", "家庭人口", "人均月收入"]


def file_cells(row) -> list:
    people = row.people
    return [
        row.row_number,
        row.name,
        row.group_name,
        row.level_label,
        format_date(row.entry.opened_on),
        row.causes_text,
        people or "",
        format_fen(row.per_head_fen) if people else "",
    ]


class HardshipPreviewDialog(PlanPreviewDialog):
    """Whose files a hardship roster will open, before anything is written."""

    def __init__(self, plan, parent: QWidget | None = None, replan=None):
        super().__init__(plan, f"导入困难职工档案预览（{plan.source}）", parent, replan)

    def content(self, plan):
        notes = []
        if any(p.from_totals for p in plan.adds):
            notes.append(
                "只填了“家庭人口”和“家庭月收入”的，家庭月收入记在本人名下，其余家庭成员只记人数，可在档案中补全。"
            )
        return notes, [(f"新建档案 {len(plan.adds)}", ADD_HEADERS, [file_cells(r) for r in plan.adds])]


def done_text(result) -> str:
    return f"导入完成：新建困难职工档案 {result.added} 份，有问题的 {result.refused} 行未导入。"


def hardship_flow(parent: QWidget, db: Database, done: Callable[[], None]) -> ImportFlow:
    """The flow; `done()` (on the GUI thread) refreshes the caller's list."""

    def plan(path, mapping):
        from unionapp.importers.hardship import plan_hardship_import  # loaded only when needed

        return plan_hardship_import(db, path, mapping=mapping)

    def apply(plan, skip):
        from unionapp.importers.hardship import apply_hardship_import

        return apply_hardship_import(db, plan, skip_errors=skip)

    def finished(result) -> None:
        done()
        QMessageBox.information(parent, "导入完成", done_text(result))

    return ImportFlow(parent, "选择困难职工花名册", plan, apply, HardshipPreviewDialog, finished)


def start(parent: QWidget, db: Database, done: Callable[[], None]) -> ImportFlow:
    """Ask for the file and import it; keep the returned flow (its tasks run after this returns)."""
    flow = hardship_flow(parent, db, done)
    flow.choose()
    return flow
