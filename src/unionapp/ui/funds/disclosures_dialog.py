"""经费公开记录: each time the year's accounts were posted for the staff to see — listed,
登记公开… (day, period, where, note) and 删除…. The inspection binder counts them."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QComboBox, QDialog, QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit, QVBoxLayout, QWidget

from unionapp.db.engine import Database
from unionapp.domain.binder import DISCLOSURE_PLACES, DisclosureInput, disclosure_problems
from unionapp.domain.dates import format_date
from unionapp.services import disclosures
from unionapp.services.disclosures import DisclosureRow
from unionapp.ui.widgets.common import PlainTableModel, confirm, guarded, list_table, side_buttons
from unionapp.ui.widgets.forms import NOTE_STYLE, FormDialog, read_date
from unionapp.ui.widgets.screen_fit import fit_window

HEADERS = ["公开日期", "公开期间", "公开方式", "备注"]


def period_choices(year: int) -> list[str]:
    return [f"{year}年上半年", f"{year}年全年", *(f"{year}年第{q}季度" for q in "一二三四")]


class DisclosureForm(FormDialog):
    """登记公开: one publication of `year`'s accounts."""

    def __init__(self, parent: QWidget | None, db: Database, year: int, today: date):
        super().__init__(parent, f"登记 {year} 年经费收支公开")
        self.db, self.year = db, year
        day = today if today.year in (year, year + 1) else date(year, 12, 31)
        self.note(f"{year} 年的经费收支在当年或次年初公开；每公开一次登记一条，年度工作台账据此统计公开次数。")
        self.day = self.add_field("day", "公开日期 *", QLineEdit(format_date(day), placeholderText="如 2026-07-10"))
        self.period = self.add_field("period", "公开期间", self._combo(period_choices(year)))
        self.place = self.add_field("place", "公开方式", self._combo(DISCLOSURE_PLACES))
        self.note_edit = self.add_field("note", "备注", QPlainTextEdit())
        self.note_edit.setFixedHeight(70)
        self.saved_id: int | None = None
        self.finish_layout()

    @staticmethod
    def _combo(choices) -> QComboBox:
        box = QComboBox(editable=True)
        box.addItems(list(choices))
        return box

    def read(self, problems: dict[str, str]) -> DisclosureInput | None:
        day = read_date(self.day.text(), problems, "day", "公开日期")
        data = DisclosureInput(
            self.year, day, self.period.currentText(), self.place.currentText(), self.note_edit.toPlainText()
        )
        if day is not None and (wrong := disclosure_problems(data)):
            problems["day"] = wrong[0]
        return None if problems else data

    def commit(self, data: DisclosureInput) -> bool:
        self.saved_id = disclosures.add_disclosure(self.db, data)
        return True


class DisclosuresDialog(QDialog):
    """The year's publications, oldest first; read-only databases list them only."""

    def __init__(self, db: Database, year: int, parent: QWidget | None = None, read_only: bool = False):
        super().__init__(parent)
        self.db, self.year, self.read_only = db, year, read_only
        self.changed = False
        self.rows: list[DisclosureRow] = []
        self.setWindowTitle(f"{year} 年经费公开记录")
        fit_window(self, QSize(620, 380))
        self.model = PlainTableModel(HEADERS)
        self.table = list_table(self.model, (100, 140, 120))
        self.buttons: dict = {}
        side = side_buttons(
            (("add", "登记公开…", self.add), ("remove", "删除…", self.remove)), self.buttons, self.accept
        )
        self.count = QLabel()
        self.count.setStyleSheet(NOTE_STYLE)
        left = QVBoxLayout()
        left.addWidget(self.table)
        left.addWidget(self.count)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 1)
        layout.addLayout(side)
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._update_buttons())
        self.reload()

    def reload(self, select_id: int | None = None) -> None:
        self.rows = disclosures.list_disclosures(self.db, self.year)
        self.model.set_rows([(format_date(r.published_on), r.period, r.place, r.note) for r in self.rows])
        self.count.setText(f"{self.year} 年共登记公开 {len(self.rows)} 次" if self.rows else "本年度没有登记经费公开")
        ids = [r.id for r in self.rows]
        if select_id in ids:
            self.table.selectRow(ids.index(select_id))
        self._update_buttons()

    def current(self) -> DisclosureRow | None:
        picked = self.table.selectionModel().selectedRows()
        return self.rows[picked[0].row()] if picked else None

    def _update_buttons(self) -> None:
        self.buttons["add"].setEnabled(not self.read_only)
        self.buttons["remove"].setEnabled(not self.read_only and self.current() is not None)

    def add(self) -> None:
        form = DisclosureForm(self, self.db, self.year, date.today())
        if form.exec():
            self.changed = True
            self.reload(form.saved_id)

    def remove(self) -> None:
        row = self.current()
        if row is None or self.read_only:
            return
        what = f"{format_date(row.published_on)}" + (f"（{row.place}）" if row.place else "")
        if not confirm(self, "删除公开记录", f"删除 {what} 的这条经费公开记录吗？删除会记入操作日志。"):
            return
        if guarded(self, lambda: disclosures.remove_disclosure(self.db, row.id) or True):
            self.changed = True
        self.reload()
