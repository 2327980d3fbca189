"""导入登记表: a past visits register (五必访登记表), read, previewed with its columns and
visit types mapped, and saved in one transaction with the money it posts to the ledger
(importers.visits). The 五必访 tab only adds the action; the flow is set up here."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMessageBox, QWidget

from unionapp.domain.dates import format_date
from unionapp.domain.money import format_fen
from unionapp.domain.visits import STATUS_LABELS
from unionapp.importers.errors import ImportRefused
from unionapp.ui.widgets.import_dialog import PlanPreviewDialog
from unionapp.ui.widgets.import_flow import ImportFlow

if TYPE_CHECKING:
    from unionapp.ui.visits.tab import VisitsTab

ADD_HEADERS = ["行号", "姓名", "日期", "走访类型", "慰问金", "状态", "提示"]
MAX_LINES = 20  # of a refusal's rows in a message box; the rest are counted


def visit_cells(row) -> list:
    d = row.data
    return [
        row.row_number,
        row.member_name,
        format_date(d.visit_date),
        row.type_name,
        format_fen(d.money_fen, blank_zero=True),
        STATUS_LABELS.get(d.status, d.status),
        "；".join(row.warnings),
    ]


def _rows_text(numbers: list[int]) -> str:
    shown = "、".join(str(n) for n in numbers[:10])
    return f"第 {shown}{' 等' if len(numbers) > 10 else ''} 行"


class VisitPreviewDialog(PlanPreviewDialog):
    """What a visits register will add, before anything is written."""

    def __init__(self, plan, parent: QWidget | None = None, replan=None):
        super().__init__(plan, f"导入五必访登记表预览：{plan.source}", parent, replan)

    def content(self, plan):
        notes = []
        if plan.existing:
            notes.append(f"{_rows_text(plan.existing)}与已有的走访记录相同，将跳过，不会重复登记。")
        if any(row.warnings for row in plan.adds):
            notes.append("超出标准的记录（见“提示”列）将注明“导入的历史记录”后保存。")
        return notes, [(f"新增 {len(plan.adds)}", ADD_HEADERS, [visit_cells(r) for r in plan.adds])]


def refused_text(refused: ImportRefused) -> str:
    """A row the visits service refused while saving: everything was rolled back."""
    lines = refused.lines()
    more = [f"……另有 {len(lines) - MAX_LINES} 条"] if len(lines) > MAX_LINES else []
    return "\n".join(["保存时以下记录被拒绝，整个文件没有导入（没有写入任何数据）：", *lines[:MAX_LINES], *more])


def done_text(result) -> str:
    return f"导入完成：新增走访记录 {result.added} 条，已有相同记录 {result.existing} 条，跳过 {result.refused} 行。"


def visits_flow(tab: VisitsTab) -> ImportFlow:
    db = tab.db  # the worker gets plain values, never the tab (see ui.tasks)

    def plan(path, mapping):
        from unionapp.importers.visits import plan_visit_import  # loaded only when needed

        return plan_visit_import(db, path, mapping=mapping)

    def apply(plan, skip):
        from unionapp.importers.visits import apply_visit_import

        try:
            return apply_visit_import(db, plan, skip_errors=skip)
        except ImportRefused as refused:  # returned, to be shown with its rows
            return refused

    def done(result) -> None:
        if isinstance(result, ImportRefused):
            QMessageBox.warning(tab, "导入没有完成", refused_text(result))
            return
        tab.refresh()
        tab.ledger_changed.emit()  # the visits' money was posted
        QMessageBox.information(tab, "导入完成", done_text(result))

    return ImportFlow(tab, "选择五必访登记表", plan, apply, VisitPreviewDialog, done)


def import_action(tab: VisitsTab) -> QAction:
    """导入登记表… for the 五必访 menu; needs a writable database."""
    action = QAction("导入登记表…", tab)
    action.setEnabled(tab.editable)
    action.triggered.connect(lambda: start(tab))
    return action


def start(tab: VisitsTab) -> None:
    tab.import_flow = visits_flow(tab)  # kept: its task runs after this returns
    tab.import_flow.choose()
