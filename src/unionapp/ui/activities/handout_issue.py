"""发放 of a draft: what would refuse it is shown first (nothing written), then what falls
outside a spending rule, each warning naming its rule, with a written reason required
before the handout is issued. Never a silent block."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QPlainTextEdit, QWidget

from unionapp.db.engine import Database
from unionapp.domain.money import format_fen
from unionapp.services import handouts
from unionapp.services.handouts import HandoutRow
from unionapp.ui.widgets.forms import PROBLEM_STYLE, FormDialog


def issue_summary(row: HandoutRow) -> str:
    category = f"，记入“{row.category_name}”" if row.category_name and row.total_fen else ""
    return (
        f"发放“{row.name}”：{row.recipients} 人，合计 {format_fen(row.total_fen)} 元{category}。\n"
        "发放后名单即固定，并记入收支明细账；如需再改名单，可以撤回发放。"
    )


class IssueDialog(FormDialog):
    """Confirms issuing; with warnings, a reason is required (kept and printed)."""

    def __init__(self, parent: QWidget | None, db: Database, row: HandoutRow, warnings: list[str]):
        super().__init__(parent, f"发放：{row.name}", "发放")
        self.db, self.row, self.warnings = db, row, warnings
        self.note(issue_summary(row))
        self.reason = None
        if warnings:
            head = QLabel("以下超出开支标准，需要写明理由才能发放（理由会记录并打印在签收表上）：", wordWrap=True)
            self.form.addRow(head)
            for text in warnings:
                label = QLabel(f"• {text}", wordWrap=True)
                label.setStyleSheet(PROBLEM_STYLE)
                self.form.addRow(label)
            self.reason = self.add_field("reason", "理由 *", QPlainTextEdit())
            self.reason.setFixedHeight(70)
            self.reason.setPlaceholderText("如 经工会委员会讨论同意（会议纪要第3号）")
            if row.warning_reason:
                self.reason.setPlainText(row.warning_reason)
        self.finish_layout()

    def read(self, problems: dict[str, str]) -> str | None:
        if self.reason is None:
            return ""
        text = self.reason.toPlainText().strip()
        if not text:
            problems["reason"] = "请写明超出标准的理由"
            return None
        return text

    def commit(self, reason: str) -> bool:
        handouts.issue_handout(self.db, self.row.id, reason)
        return True
