"""复核: the yearly review of a hardship file (the seeds survey in November). It keeps the
level (维持), changes it (调整级别, to another level) or closes the file (脱困销档, with a
reason). The date defaults to today; the service refuses a date before the file was
opened, or a file already closed, and the refusal is told under the form."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit, QWidget

from unionapp.db.engine import Database
from unionapp.domain.dates import format_date
from unionapp.domain.hardship import CLOSE_REASONS, LEVEL_LABELS, REVIEW_LABELS, REVIEW_MONTH
from unionapp.services import hardship
from unionapp.services.hardship import FileRow
from unionapp.ui.widgets.forms import FormDialog, read_date


class ReviewDialog(FormDialog):
    def __init__(self, parent: QWidget | None, db: Database, row: FileRow, today: date | None = None):
        super().__init__(parent, f"复核困难职工档案：{row.name}")
        self.db, self.row = db, row
        today = today or date.today()
        self.note(
            f"{row.name}（{row.group_name or '未分组'}），现为{row.level_label}，{format_date(row.opened_on)} 建档"
            + (f"，上次复核 {format_date(row.last_review_on)}" if row.last_review_on else "，尚未复核")
            + "。"
        )
        if today.month < REVIEW_MONTH:
            self.note(f"年度复核一般在 {REVIEW_MONTH} 月进行；情况有变化时也可随时复核。")
        self.date_edit = self.add_field("date", "复核日期 *", QLineEdit(format_date(today)))
        self.date_edit.setMaximumWidth(200)
        outcome = QComboBox()
        for code, label in REVIEW_LABELS.items():
            outcome.addItem(label, code)
        self.outcome_box = self.add_field("outcome", "复核结论 *", outcome)
        level = QComboBox()
        for code, label in LEVEL_LABELS.items():
            if code != row.level:
                level.addItem(label, code)
        self.level_box = self.add_field("level", "调整为", level)
        reason = QComboBox()
        reason.setEditable(True)
        reason.addItems(CLOSE_REASONS)
        self.reason_box = self.add_field("reason", "销档原因 *", reason)
        reason.editTextChanged.connect(lambda _t: self._edited("reason"))
        self.note_edit = self.add_field("note", "复核意见", QPlainTextEdit())
        self.note_edit.setTabChangesFocus(True)  # Tab goes on to the next field, as in every other box
        self.note_edit.setPlaceholderText("如 入户走访核实，家庭收入无明显变化")
        self.note_edit.setFixedHeight(60)
        self.outcome_box.currentIndexChanged.connect(lambda _i: self._follow_outcome())
        self.finish_layout()
        self._follow_outcome()

    def _follow_outcome(self) -> None:
        """Only what the chosen outcome needs is shown."""
        outcome = self.outcome_box.currentData()
        form = self.form
        form.setRowVisible(self.level_box, outcome == "change")
        form.setRowVisible(self.reason_box, outcome == "close")
        self.save_button.setText("销档" if outcome == "close" else "保存")

    def read(self, problems: dict[str, str]) -> tuple | None:
        day = read_date(self.date_edit.text(), problems, "date", "复核日期", no_future=True)
        outcome = self.outcome_box.currentData()
        reason = self.reason_box.currentText().strip() if outcome == "close" else ""
        if outcome == "close" and not reason:
            problems["reason"] = "请选择或填写销档原因，如 收入好转，已脱困"
        level = self.level_box.currentData() if outcome == "change" else None
        if day is None or (outcome == "close" and not reason):
            return None
        return day, outcome, level, self.note_edit.toPlainText(), reason

    def commit(self, value: tuple) -> bool:
        day, outcome, level, note, reason = value
        hardship.review_file(self.db, self.row.id, day, outcome, level_after=level, note=note, close_reason=reason)
        return True
