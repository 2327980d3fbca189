"""导入发放记录…: past handouts (a list of names with the handout, date, item and value per
row) read, previewed with its columns and values mapped, and saved in one transaction as
issued handouts with their ledger entries (importers.handouts). Handouts outside a
spending rule need one written reason before 确认导入."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QLabel, QMessageBox, QPlainTextEdit, QWidget

from unionapp.domain.dates import format_date
from unionapp.domain.money import format_fen
from unionapp.importers.errors import ImportRefused
from unionapp.ui.widgets.forms import PROBLEM_STYLE
from unionapp.ui.widgets.handout_defaults import GivenDefaults
from unionapp.ui.widgets.import_dialog import PlanPreviewDialog
from unionapp.ui.widgets.import_flow import ImportFlow

if TYPE_CHECKING:
    from unionapp.ui.activities.handout_view import HandoutsPage

HANDOUT_HEADERS = ["行号", "发放名称", "日期", "类型", "人数", "合计（元）", "超出标准"]
PEOPLE_HEADERS = ["行号", "发放名称", "姓名", "工会小组", "物品", "金额（元）"]
MAX_LINES = 20


class HandoutPreviewDialog(PlanPreviewDialog):
    """What a handouts list will add; a reason is asked for the handouts outside a rule."""

    def __init__(self, plan, parent: QWidget | None = None, replan=None, answer: dict | None = None):
        self.answer = answer if answer is not None else {}
        self.reason: QPlainTextEdit | None = None
        super().__init__(plan, f"导入发放记录预览：{plan.source}", parent, replan)
        self.reason_label = QLabel("超出开支标准的说明 *（会记入每一次超标的发放）：")
        self.reason = QPlainTextEdit()
        self.reason.setFixedHeight(50)
        self.reason.setPlaceholderText("如 以上为往年已发放的记录，按当时的审批补录")
        layout = self.layout()
        layout.insertWidget(layout.count() - 1, self.reason_label)
        layout.insertWidget(layout.count() - 1, self.reason)
        self.reason.textChanged.connect(self._update_ok)
        self._update_ok()

    def content(self, plan):
        notes = []
        if plan.existing:
            notes.append(f"{len(plan.existing)} 行是以前导入过的发放，将跳过，不会重复登记。")
        for line in plan.warning_lines()[:MAX_LINES]:
            notes.append(f"超出标准：{line}")
        handouts = [
            [
                h.rows[0],
                h.name,
                format_date(h.handout_date),
                h.kind_label,
                len(h.recipients),
                format_fen(h.total_fen),
                "；".join(h.warnings),
            ]
            for h in plan.handouts
        ]
        people = [
            [r.row_number, h.name, r.name, r.group_name, r.item, format_fen(r.value_fen)]
            for h in plan.handouts
            for r in h.recipients
        ]
        return notes, [
            (f"新增发放 {len(handouts)}", HANDOUT_HEADERS, handouts),
            (f"名单 {len(people)}", PEOPLE_HEADERS, people),
        ]

    def _update_ok(self) -> None:
        super()._update_ok()
        if self.reason is None:
            return
        needs = bool(self.plan.warning_lines())
        self.reason_label.setVisible(needs)
        self.reason.setVisible(needs)
        self.reason_label.setStyleSheet(PROBLEM_STYLE if needs and not self.reason_text() else "")
        if needs and not self.reason_text():
            self.ok.setEnabled(False)

    def reason_text(self) -> str:
        return self.reason.toPlainText().strip() if self.reason is not None else ""

    def accept(self) -> None:
        self.answer["reason"] = self.reason_text()
        super().accept()


def refused_text(refused: ImportRefused) -> str:
    lines = refused.lines()
    more = [f"……另有 {len(lines) - MAX_LINES} 条"] if len(lines) > MAX_LINES else []
    return "\n".join(["保存时以下发放被拒绝，整个文件没有导入（没有写入任何数据）：", *lines[:MAX_LINES], *more])


def handouts_flow(page: HandoutsPage) -> ImportFlow:
    db = page.db  # the worker gets plain values, never the page (see ui.widgets.tasks)
    answer: dict = {}  # the preview's reason, a plain value the apply reads
    given = GivenDefaults()  # 发放名称/发放日期 asked when the file has no such columns

    def plan(path, mapping):
        from unionapp.importers.handouts import plan_handout_import  # loaded only when needed

        return plan_handout_import(db, path, mapping=mapping, defaults=given.value)

    def apply(plan, skip):
        from unionapp.importers.handouts import apply_handout_import

        try:
            return apply_handout_import(db, plan, skip_errors=skip, reason=answer.get("reason", ""))
        except ImportRefused as refused:  # returned, to be shown with its rows
            return refused

    def dialog(plan, parent, replan=None):
        return HandoutPreviewDialog(plan, parent, replan, answer)

    def done(result) -> None:
        if isinstance(result, ImportRefused):
            QMessageBox.warning(page, "导入没有完成", refused_text(result))
            return
        page.refresh()
        page.ledger_changed.emit()  # the imported handouts were posted
        QMessageBox.information(
            page,
            "导入完成",
            f"导入完成：新增发放 {result.added} 次，{result.recipients} 人次，合计 {format_fen(result.total_fen)} 元；"
            f"以前导入过的 {result.existing} 行已跳过，有问题的 {result.refused} 行未导入。",
        )

    return ImportFlow(page, "选择发放记录表", plan, apply, dialog, done, ask=given.ask)


def start(page: HandoutsPage) -> None:
    page.import_flow = handouts_flow(page)  # kept: its task runs after this returns
    page.import_flow.choose()
