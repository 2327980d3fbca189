"""The 届次 chooser at the top of the 代表 and 会议 pages: the terms, newest first, each
with its years; choosing one sends `chosen(term_id)`."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QWidget

from unionapp.ui.congress.congress_data import Terms

# what the empty chooser says: on the 代表 page 新建届 stands beside it, elsewhere it does not
HINT_HERE = "还没有届次，请先点“新建届…”"
HINT_ELSEWHERE = "还没有届次，请先在“代表”页新建届"


class TermBar(QWidget):
    chosen = Signal(int)

    def __init__(self, parent: QWidget | None = None, empty_hint: str = HINT_HERE):
        super().__init__(parent)
        self.box = QComboBox()
        self.box.setMinimumWidth(260)
        # a term's whole name and years, however narrow a page sets the minimum
        self.box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.box.setPlaceholderText(empty_hint)
        self.box.activated.connect(lambda _i: self._activated())
        self.row = QHBoxLayout(self)
        self.row.setContentsMargins(0, 0, 0, 0)
        self.row.addWidget(QLabel("届次："))
        self.row.addWidget(self.box)

    def set_terms(self, terms: Terms) -> None:
        self.box.blockSignals(True)
        self.box.clear()
        for t in terms.terms:
            self.box.addItem(f"{t.name}（{t.start_date.year}—{t.end_date.year}）", t.id)
        self.box.setCurrentIndex(self.box.findData(terms.term_id) if terms.term_id is not None else -1)
        self.box.blockSignals(False)

    def _activated(self) -> None:
        term_id = self.box.currentData()
        if term_id is not None:
            self.chosen.emit(term_id)
