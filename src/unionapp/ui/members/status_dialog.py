"""更改状态: the new status of the selected members and the date that goes with it
(退休日期, 调出日期, 去世日期); for a retirement, the 退休 visit can be planned at once."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QLineEdit, QWidget

from unionapp.db.engine import Database
from unionapp.domain.dates import format_date
from unionapp.domain.labels import MEMBER_STATUS_LABELS
from unionapp.services import members
from unionapp.services.members import STATUS_DATE_LABELS, MemberRow
from unionapp.ui.widgets.forms import NOTE_STYLE, FormDialog, read_date

NAMES_SHOWN = 5


def default_day(rows: list[MemberRow], status: str, today: date) -> date:
    """A single member's legal retirement date once it has come; otherwise today."""
    if status == "retired" and len(rows) == 1 and rows[0].retirement_date and rows[0].retirement_date <= today:
        return rows[0].retirement_date
    return today


def all_due(rows: list[MemberRow], today: date) -> bool:
    """Every selected member has a legal retirement date, and it has come."""
    return all(r.retirement_date is not None and r.retirement_date <= today for r in rows)


class StatusDialog(FormDialog):
    """Writes through `services.members.set_status`; `changed` is how many members changed."""

    def __init__(self, parent: QWidget | None, db: Database, rows: list[MemberRow], today: date | None = None):
        super().__init__(parent, "更改状态", "确定")
        self.setMinimumWidth(440)
        self.db, self.rows, self.today = db, rows, today or date.today()
        self.changed = 0
        names = "、".join(r.name for r in rows[:NAMES_SHOWN]) + (
            f" 等 {len(rows)} 人" if len(rows) > NAMES_SHOWN else ""
        )
        self.form.addRow("会员", QLabel(names, wordWrap=True))
        box = QComboBox()
        for code, label in MEMBER_STATUS_LABELS.items():
            box.addItem(label, code)
        start = "retired" if any(r.status != "retired" for r in rows) else "active"
        box.setCurrentIndex(box.findData(start))
        self.status_box = self.add_field("status", "改为", box)
        self.own_dates = self.add_field("own_dates", "", QCheckBox("各人按本人的法定退休日期"))
        self.own_dates.setChecked(len(rows) > 1 and all_due(rows, self.today))
        self.own_dates.toggled.connect(lambda _on: (self._edited("own_dates"), self._follow_status()))
        self.date_edit = self.add_field("date", "退休日期 *", QLineEdit(placeholderText="如 2026-03-01"))
        self.date_edit.setMaximumWidth(200)
        self.plan_visit = self.add_field("plan_visit", "", QCheckBox("安排退休慰问（五必访“退休”，登记为待访）"))
        self.plan_visit.setChecked(True)
        self.plan_visit.toggled.connect(lambda _on: self._edited("plan_visit"))
        self.hint = self.note("")
        self.hint.setStyleSheet(NOTE_STYLE)
        self.status_box.currentIndexChanged.connect(self._follow_status)
        self._follow_status()
        self.finish_layout()

    def _follow_status(self) -> None:
        """The date row asks for the date this status needs, with its sensible default."""
        status = self.status_box.currentData()
        own = self._own_dates(status)
        asks_date = status in STATUS_DATE_LABELS and not own
        self.form.setRowVisible(self.own_dates, status == "retired" and len(self.rows) > 1)
        self.form.setRowVisible(self.date_edit, asks_date)
        self.form.setRowVisible(self.plan_visit, status == "retired")
        if asks_date:
            self.form.labelForField(self.date_edit).setText(f"{STATUS_DATE_LABELS[status]} *")
            if "date" not in self._touched:
                self.date_edit.setText(format_date(default_day(self.rows, status, self.today)))
        self.hint.setText(self._hint(status))
        self.hint.setVisible(bool(self.hint.text()))
        self.validate()
        if self.isVisible():  # rows came or went: no empty band left in the dialog
            self.layout().activate()
            self.adjustSize()

    def _hint(self, status: str) -> str:
        if status == "retired" and len(self.rows) == 1:
            row = self.rows[0]
            if row.retirement_date and row.retirement_date > self.today:
                return f"{row.name} 的法定退休日期是 {format_date(row.retirement_date)}，还没到；提前退休请填实际日期。"
        if self._own_dates(status):
            return f"选中的 {len(self.rows)} 人各自以本人的法定退休日期退休。"
        if status in STATUS_DATE_LABELS and len(self.rows) > 1:
            return f"选中的 {len(self.rows)} 人使用同一个日期。"
        return ""

    def _own_dates(self, status: str) -> bool:
        return status == "retired" and len(self.rows) > 1 and self.own_dates.isChecked()

    def read(self, problems: dict[str, str]) -> tuple[str, date | None, bool, bool] | None:
        status = self.status_box.currentData()
        plan = status == "retired" and self.plan_visit.isChecked()
        if status not in STATUS_DATE_LABELS:
            return status, None, False, False
        if self._own_dates(status):
            return status, None, plan, True
        day = read_date(self.date_edit.text(), problems, "date", STATUS_DATE_LABELS[status], no_future=True)
        if problems:
            return None
        return status, day, plan, False

    def commit(self, value: object) -> bool:
        status, day, plan, own = value
        ids = [r.id for r in self.rows]
        self.changed = members.set_status(
            self.db, ids, status, on=day, plan_visit=plan, today=self.today, own_dates=own
        )
        return True
