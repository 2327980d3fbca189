"""导入往年账目: a ledger workbook (收支明细账) kept by hand or by another program, read,
previewed with its columns and categories mapped, and posted in one transaction
(importers.ledger). The 经费 tab only adds the action; the flow is set up here."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QHeaderView, QMessageBox, QWidget

from unionapp.domain.dates import format_date
from unionapp.domain.money import format_fen
from unionapp.ui.widgets.import_dialog import PlanPreviewDialog
from unionapp.ui.widgets.import_flow import ImportFlow

if TYPE_CHECKING:
    from unionapp.ui.funds.tab import FundsTab

ENTRY_HEADERS = ["行号", "日期", "科目", "摘要", "收入", "支出", "经办人"]
OPENING_HEADERS = ["行号", "年度", "期初余额"]


def entry_cells(entry) -> list:
    income = entry.direction == "income"
    amount = format_fen(entry.amount_fen)
    return [
        entry.row_number,
        format_date(entry.entry_date),
        entry.category_name,
        entry.summary,
        amount if income else "",
        "" if income else amount,
        entry.handler,
    ]


class LedgerPreviewDialog(PlanPreviewDialog):
    """What a ledger workbook will post, before anything is written."""

    refused_name = "摘要"

    def __init__(self, plan, parent: QWidget | None = None, replan=None):
        super().__init__(plan, f"导入往年账目预览：{plan.source}", parent, replan)

    def _show(self, plan) -> None:
        super()._show(plan)
        # A long 摘要 is cut to the width left (its tooltip shows it whole) rather than
        # pushing 支出 and 经办人 out of sight.
        header = self.tabs.widget(0).horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(ENTRY_HEADERS.index("摘要"), QHeaderView.ResizeMode.Stretch)

    def content(self, plan):
        notes = []
        if "voucher" in plan.columns:  # the app numbers vouchers itself, per year
            notes.append("凭证按日期重新编号，文件中的原凭证号写在摘要前，如“[原凭证 12] …”。")
        tabs = [(f"记账 {len(plan.entries)}", ENTRY_HEADERS, [entry_cells(e) for e in plan.entries])]
        if plan.openings:
            rows = [[o.row_number, f"{o.year} 年", format_fen(o.amount_fen)] for o in plan.openings]
            tabs.append((f"期初余额 {len(plan.openings)}", OPENING_HEADERS, rows))
        return notes, tabs


def done_text(result) -> str:
    opening = f"，设置期初余额 {result.openings} 个年度" if result.openings else ""
    return f"导入完成：记账 {result.posted} 笔{opening}，跳过 {result.refused} 行。"


def ledger_flow(tab: FundsTab) -> ImportFlow:
    db = tab.db  # the worker gets plain values, never the tab (see ui.tasks)

    def plan(path, mapping):
        from unionapp.importers.ledger import plan_ledger_import  # loaded only when needed

        return plan_ledger_import(db, path, mapping=mapping)

    def apply(plan, skip):
        from unionapp.importers.ledger import apply_ledger_import

        return apply_ledger_import(db, plan, skip_errors=skip)

    def done(result) -> None:
        tab.load(tab.year)
        QMessageBox.information(tab, "导入完成", done_text(result))

    return ImportFlow(tab, "选择收支明细账", plan, apply, LedgerPreviewDialog, done)


def import_action(tab: FundsTab) -> QAction:
    """导入往年账目… for the 经费 menu. Needs a writable database; a row of a closed year
    is refused by the importer, not here."""
    action = QAction("导入往年账目…", tab)
    action.setEnabled(not tab.db.read_only)
    action.triggered.connect(lambda: start(tab))
    return action


def start(tab: FundsTab) -> None:
    tab.import_flow = ledger_flow(tab)  # kept: its task runs after this returns
    tab.import_flow.choose()
