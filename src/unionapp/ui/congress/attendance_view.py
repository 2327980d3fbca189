"""The 签到 sub-tab of a session: every delegate in office on the day, marked 出席/请假/缺席
on a selection, with the quorum above the list (green when met, red when not). Made for
the chair ticking names on the day: type a name or its initials in the search box and
press Enter to mark the one found present (the box clears for the next name); in the
list, Space marks the selected rows present and moves on."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from unionapp.services import congress
from unionapp.services.congress import SessionRow
from unionapp.ui.congress.congress_model import AttendanceTableModel, SignIn
from unionapp.ui.widgets.common import guarded
from unionapp.ui.widgets.forms import NOTE_STYLE
from unionapp.ui.widgets.row_model import record_table

SELECT_ROWS = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
MET_STYLE = "font-weight: bold; color: #2e7d32; padding: 2px 0;"
NOT_MET_STYLE = "font-weight: bold; color: #c9302c; padding: 2px 0;"

SEARCH_HINT = "输入姓名或拼音首字母（zs），回车标为出席"
SEARCH_ONLY_HINT = "输入姓名或拼音首字母（zs）查找"

# state → (button text, tooltip)
MARKS = {
    "present": ("出席(&P)", "把所选代表标为出席（列表中按空格键也可）"),
    "leave": ("请假(&L)", "把所选代表标为请假"),
    "absent": ("缺席(&A)", "把所选代表标为缺席"),
    "clear": ("清除签到", "把所选代表改回未签到"),
}


def quorum_style(session: SessionRow) -> str:
    return MET_STYLE if session.quorum_met else NOT_MET_STYLE


class AttendanceView(QWidget):
    """The sign-in list; `changed` after every write (the page reads again)."""

    changed = Signal()

    def __init__(self, page, parent: QWidget | None = None):
        super().__init__(parent)
        self.page = page
        self.session: SessionRow | None = None
        self._next_row: int | None = None  # the row Space moves on to once the list is read again
        self._keep: list[int] = []  # the delegates selected when a mark was written
        self.quorum = QLabel(wordWrap=True)
        self.model = AttendanceTableModel(self)
        self.search = QLineEdit(placeholderText=SEARCH_HINT)
        self.search.setClearButtonEnabled(True)
        self._debounce = QTimer(self, singleShot=True, interval=0)  # an input method's burst, one pass
        self._debounce.timeout.connect(lambda: self.model.set_filter(self.search.text()))
        self.search.textChanged.connect(self._debounce.start)
        self.search.returnPressed.connect(self._mark_found)
        self.table = record_table(self.model, multi_select=True)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self.update_buttons())
        QShortcut(QKeySequence(Qt.Key.Key_Space), self.table, self._space, context=Qt.ShortcutContext.WidgetShortcut)
        self.count = QLabel()
        self.count.setStyleSheet(NOTE_STYLE)
        self.buttons: dict[str, QPushButton] = {}
        row = QHBoxLayout()
        for state, (text, tip) in MARKS.items():
            self.buttons[state] = button = QPushButton(text)
            button.setToolTip(tip)
            button.clicked.connect(lambda _c=False, s=state: self.mark(s))
            row.addWidget(button)
        row.addStretch(1)
        row.addWidget(self.count)
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addWidget(self.quorum)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        self.update_buttons()

    def set_rows(self, session: SessionRow | None, rows: list, keys: dict[int, str]) -> None:
        self.session = session
        self.model.keys = keys
        self.model.set_rows(rows)
        self._reselect()
        if session is None:
            self.quorum.setText("")
            self.count.setText("")
        else:
            self.quorum.setText(session.quorum_text)
            self.quorum.setStyleSheet(quorum_style(session))
            absent = len(rows) - session.present - session.on_leave - session.unmarked
            self.count.setText(
                f"出席 {session.present}，请假 {session.on_leave}，缺席 {absent}，未签到 {session.unmarked}"
            )
        self.update_buttons()

    def set_keys(self, keys: dict[int, str]) -> None:
        self.model.keys = keys
        if self.search.text():
            self.model.set_filter(self.search.text())

    def _reselect(self) -> None:
        """After a mark the list is read again: the same rows stay selected, or (Space) the
        row after them is, so the next key goes on down the list."""
        if self._next_row is not None and self.model.rowCount():
            row = min(self._next_row, self.model.rowCount() - 1)
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0))
        else:
            for delegate_id in self._keep:
                row = self.model.row_of(delegate_id)
                if row is not None:
                    self.table.selectionModel().select(self.model.index(row, 0), SELECT_ROWS)
        self._next_row, self._keep = None, []

    def selected_rows(self) -> list[SignIn]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [self.model.row_at(r) for r in rows]

    def update_buttons(self) -> None:
        can = self.page.editable and self.session is not None
        # a read-only database finds names but marks nobody: the box must not promise it
        self.search.setPlaceholderText(SEARCH_HINT if self.page.editable else SEARCH_ONLY_HINT)
        chosen = bool(self.selected_rows())
        for button in self.buttons.values():
            button.setEnabled(can and chosen)

    def mark(self, state: str, rows: list[SignIn] | None = None) -> bool:
        rows = self.selected_rows() if rows is None else rows
        if not self.page.editable or self.session is None or not rows:
            return False
        ids, session_id = [r.id for r in rows], self.session.id
        self._keep = ids
        done = guarded(self, lambda: congress.set_attendance(self.page.db, session_id, ids, state) or True)
        if done:
            self.changed.emit()
        return bool(done)

    def _mark_found(self) -> None:
        """Enter in the search box: the one row found (or the first) is present."""
        if not self.search.text().strip() or self.model.rowCount() == 0:
            return
        row = self.model.row_at(0)
        if self.mark("present", [row]):
            self.page.say(f"{row.row.name} 已签到")
            self.search.clear()
            self.search.setFocus()

    def _space(self) -> None:
        rows = self.selected_rows()
        if rows and self.mark("present", rows):
            last = max(i.row() for i in self.table.selectionModel().selectedRows())
            self._next_row = min(last + 1, self.model.rowCount() - 1)

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()
