"""导入困难职工档案…: a hardship roster read, previewed with its columns and its 级别 and
致困原因 words mapped, and written in one transaction (importers.hardship). The tab only
adds the action (`action(tab)`); no action when the importer is not there."""

from __future__ import annotations

from importlib.util import find_spec
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMessageBox, QWidget

from unionapp.domain.dates import format_date
from unionapp.domain.money import format_fen
from unionapp.ui.widgets.import_dialog import PlanPreviewDialog
from unionapp.ui.widgets.import_flow import ImportFlow

if TYPE_CHECKING:
    from unionapp.ui.hardship.tab import HardshipTab

ADD_HEADERS = ["行号", "姓名", "工会小组", "级别", "建档日期", "致困原因", "家庭人口", "人均月收入（元）"]


def file_cells(row) -> list:
    return [
        row.row_number,
        row.name,
        row.group_name,
        row.level_label,
        format_date(row.entry.opened_on),
        row.causes_text,
        row.people,
        format_fen(row.per_head_fen),
    ]


class HardshipPreviewDialog(PlanPreviewDialog):
    """Which files a roster will open, before anything is written."""

    def __init__(self, plan, parent: QWidget | None = None, replan=None):
        super().__init__(plan, f"导入困难职工档案预览：{plan.source}", parent, replan)

    def content(self, plan):
        note = "含家庭经济情况，请注意保密；导入后可在“困难帮扶”中逐份查看、复核。"
        return [note], [(f"新建档案 {len(plan.adds)}", ADD_HEADERS, [file_cells(r) for r in plan.adds])]


def done_text(result) -> str:
    return f"导入完成：新建困难职工档案 {result.added} 份，有问题的 {result.refused} 行未导入。"


def flow(tab: HardshipTab) -> ImportFlow:
    db = tab.db  # the worker gets plain values, never the tab (see ui.widgets.tasks)

    def plan(path, mapping):
        from unionapp.importers.hardship import plan_hardship_import  # loaded only when needed

        return plan_hardship_import(db, path, mapping=mapping)

    def apply(plan, skip):
        from unionapp.importers.hardship import apply_hardship_import

        return apply_hardship_import(db, plan, skip_errors=skip)

    def finished(result) -> None:
        tab.written()
        QMessageBox.information(tab, "导入完成", done_text(result))

    return ImportFlow(tab, "选择困难职工花名册", plan, apply, HardshipPreviewDialog, finished)


def start(tab: HardshipTab) -> None:
    """Ask for the file and import it; the flow is kept on the tab (its tasks run later)."""
    if tab.editable:
        tab.import_flow = flow(tab)
        tab.import_flow.choose()


def action(tab: HardshipTab) -> QAction | None:
    if find_spec("unionapp.importers.hardship") is None:
        return None
    made = QAction("导入困难职工档案…", tab)
    made.setToolTip("从 Excel 花名册批量建档：姓名、级别、建档日期、致困原因、家庭成员及收入、帮扶措施")
    made.triggered.connect(lambda: start(tab))
    return made
