"""The 决议 sub-tab of a session: its resolutions with the votes and the result the service
computed from the rule (通过 green, 未通过 red), added, changed and removed here. A session
below quorum may not vote: the form says so, and the service's refusal names the rule."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QHeaderView, QLabel, QPushButton, QVBoxLayout, QWidget

from unionapp.domain.congress import CongressRule
from unionapp.services import congress
from unionapp.services.congress import ResolutionRow, SessionRow
from unionapp.ui.congress.congress_model import ResolutionTableModel
from unionapp.ui.congress.session_dialog import ResolutionDialog
from unionapp.ui.widgets.common import confirm, guarded, selected_record
from unionapp.ui.widgets.forms import NOTE_STYLE
from unionapp.ui.widgets.row_model import record_table

TITLE_COLUMN = 1  # 决议 in RESOLUTION_COLUMNS


class ResolutionsView(QWidget):
    """`changed` after every write (the page reads again)."""

    changed = Signal()

    def __init__(self, page, parent: QWidget | None = None):
        super().__init__(parent)
        self.page = page
        self.session: SessionRow | None = None
        self.rule: CongressRule | None = None
        self.model = ResolutionTableModel(self)
        self.table = record_table(self.model)
        # the title takes the room left: a resolution is named in full (often 30 characters
        # and more), the basis beside it is one short sentence
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(TITLE_COLUMN, QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self.update_buttons())
        self.table.doubleClicked.connect(lambda _i: self.edit())
        self.count = QLabel()
        self.count.setStyleSheet(NOTE_STYLE)
        self.buttons: dict[str, QPushButton] = {}
        row = QHBoxLayout()
        for key, text, slot in (
            ("add", "添加决议…", self.add),
            ("edit", "修改…", self.edit),
            ("remove", "删除", self.remove),
        ):
            self.buttons[key] = button = QPushButton(text)
            button.clicked.connect(slot)
            row.addWidget(button)
        row.addStretch(1)
        row.addWidget(self.count)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        self.update_buttons()

    def set_rows(self, session: SessionRow | None, rule: CongressRule | None, rows: list[ResolutionRow]) -> None:
        self.session, self.rule = session, rule
        self.model.set_rows(rows)
        passed = sum(r.passed for r in rows)
        self.count.setText(f"决议 {len(rows)} 项，通过 {passed} 项" if rows else "还没有决议")
        self.update_buttons()

    def selected(self) -> ResolutionRow | None:
        return selected_record(self.table, self.model)

    def update_buttons(self) -> None:
        can = self.page.editable and self.session is not None
        self.buttons["add"].setEnabled(can)
        for key in ("edit", "remove"):
            self.buttons[key].setEnabled(can and self.selected() is not None)

    def add(self) -> None:
        if self.page.editable and self.session is not None:
            dialog = ResolutionDialog(self, self.page.db, self.session, self.rule)
            if dialog.exec() and dialog.saved:
                self.changed.emit()

    def edit(self) -> None:
        row = self.selected()
        if self.page.editable and self.session is not None and row is not None:
            dialog = ResolutionDialog(self, self.page.db, self.session, self.rule, row)
            if dialog.exec() and dialog.saved:
                self.changed.emit()

    def remove(self) -> None:
        row = self.selected()
        if not self.page.editable or row is None:
            return
        if confirm(self, "删除决议", f"删除决议“{row.title}”及其表决结果？"):
            if guarded(self, lambda: congress.remove_resolution(self.page.db, row.id) or True):
                self.changed.emit()
