"""审计日志: who changed what and when, with filters, the selected entry's before and
after, and 导出… (xlsx / PDF / CSV). It only reads, so it works on a read-only database.

A page of 500 entries out of 100,000 takes tens of milliseconds to read
(services.audit.search_entries), so a changed filter is read on a worker thread (the
search box after a typing pause): the keys stay quick, and a read overtaken by a newer
filter is dropped. Older entries come with 加载更多.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

import shiboken6
from PySide6.QtCore import QDate, QModelIndex, QSize, Qt, QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from unionapp.db.engine import Database
from unionapp.services import audit
from unionapp.services.audit import ACTION_LABELS, AREA_LABELS, AuditFilter, AuditRow
from unionapp.ui.widgets.common import guarded, show_error
from unionapp.ui.widgets.row_model import SortedRowsModel, record_table
from unionapp.ui.widgets.screen_fit import fit_window
from unionapp.ui.widgets.tasks import run_quietly

PAGE = 500
NO_DATE = QDate(2000, 1, 1)  # the date edits' "不限" value
TYPING_PAUSE_MS = 300


@dataclass(frozen=True)
class Column:
    header: str
    text: Callable[[AuditRow], str]
    sort: Callable[[AuditRow], Any]
    width: int = 90


COLUMNS = [
    Column("时间", lambda r: r.at.strftime("%Y-%m-%d %H:%M:%S"), lambda r: (r.at, r.id), 150),
    Column("操作人", lambda r: r.who, lambda r: r.who, 110),  # the computer's account is in the details
    Column("操作", lambda r: r.action_label, lambda r: r.action_label, 75),
    Column("对象", lambda r: r.entity_label, lambda r: r.entity_label, 80),
    Column("摘要", lambda r: r.summary, lambda r: r.summary, 520),
]


class AuditModel(SortedRowsModel):
    columns = COLUMNS

    def set_rows(self, rows: list[AuditRow]) -> None:
        self._all = rows
        self._show(list(rows))

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self._shown[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.columns[index.column()].text(row)
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == len(self.columns) - 1:
            return row.summary
        return None


def entry_text(row: AuditRow, names: dict, system: bool = False) -> str:
    """The details pane: who (and on which computer account), when, what, then one line per
    changed value (masked); the app's own flags only when 显示系统记录 is ticked."""
    row = row if system else row.without_system_fields()
    head = f"{row.at:%Y-%m-%d %H:%M:%S}　{row.who_in_full}　{row.action_label}（{row.entity_label}）"
    lines = audit.describe_change(row, names)
    return "\n".join([head, row.summary, "", *(lines or ["（没有记录修改前后的具体内容）"])])


class AuditDialog(QDialog):
    def __init__(self, db: Database, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.setWindowTitle("审计日志")
        fit_window(self, QSize(1100, 680))
        self.names: dict = {}
        self.next_before_id: int | None = None
        self.loading = False  # a read of the first page is on its way
        self._reads = 0  # number of the latest read: an older one's result is stale
        self._build()
        self.typing = QTimer(self, singleShot=True, interval=TYPING_PAUSE_MS)
        self.typing.timeout.connect(self.reload)
        self._connect()
        self.reload()

    # ------------------------------------------------------------ building
    def _build(self) -> None:
        self.date_from, self.date_to = self._date_edit(), self._date_edit()
        self.action_box = self._combo("全部操作", ACTION_LABELS)
        self.area_box = self._combo("全部范围", AREA_LABELS)
        self.person_box = self._combo("全部人员", {})
        self.search = QLineEdit(placeholderText="搜索摘要和修改内容（姓名、号码、金额…）", clearButtonEnabled=True)
        self.system_box = QCheckBox("显示系统记录")
        self.system_box.setToolTip("程序自己记下的内部设置（如首次使用提示），平时不必查看")
        self.model = AuditModel(self)
        self.table = record_table(self.model)
        self.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)  # newest first
        self.table.horizontalHeader().setStretchLastSection(True)  # the summary takes the rest
        self.details = QPlainTextEdit(readOnly=True, placeholderText="选中一条记录，这里显示修改前后的内容。")
        self.status = QLabel()
        self.refresh_button = QPushButton("刷新")
        self.refresh_button.setShortcut(QKeySequence(QKeySequence.StandardKey.Refresh))
        self.more_button = QPushButton("加载更早的记录")
        self.export_button = QPushButton("导出…")
        self.close_button = QPushButton("关闭")
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(self.details)
        split.setSizes([440, 160])
        layout = QVBoxLayout(self)
        layout.addLayout(self._filter_bar())
        layout.addWidget(split, 1)
        layout.addLayout(self._button_row())
        self.search.setFocus()

    def _filter_bar(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        for label, widget in (
            ("从", self.date_from),
            ("到", self.date_to),
            ("操作", self.action_box),
            ("范围", self.area_box),
            ("操作人", self.person_box),
        ):
            bar.addWidget(QLabel(label))
            bar.addWidget(widget)
        bar.addWidget(self.search, 1)
        bar.addWidget(self.system_box)
        return bar

    def _button_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addWidget(self.status, 1)
        for button in (self.refresh_button, self.more_button, self.export_button, self.close_button):
            row.addWidget(button)
        return row

    @staticmethod
    def _date_edit() -> QDateEdit:
        edit = QDateEdit(calendarPopup=True, displayFormat="yyyy-MM-dd")
        edit.setMinimumDate(NO_DATE)
        edit.setSpecialValueText("不限")  # shown at the minimum date
        edit.setDate(NO_DATE)
        return edit

    @staticmethod
    def _combo(everything: str, labels: dict[str, str]) -> QComboBox:
        box = QComboBox()
        box.addItem(everything, None)
        for code, label in labels.items():
            box.addItem(label, code)
        return box

    def _connect(self) -> None:
        for edit in (self.date_from, self.date_to):
            edit.dateChanged.connect(self.reload)
        for box in (self.action_box, self.area_box, self.person_box):
            box.currentIndexChanged.connect(self.reload)
        self.search.textChanged.connect(lambda _text: self.typing.start())
        self.system_box.toggled.connect(self.reload)
        self.table.selectionModel().selectionChanged.connect(self._show_selected)
        self.refresh_button.clicked.connect(self.reload)
        self.more_button.clicked.connect(self.load_more)
        self.export_button.clicked.connect(self.export)
        self.close_button.clicked.connect(self.close)

    # ------------------------------------------------------------ reading
    def current_filter(self) -> AuditFilter:
        def day(edit: QDateEdit) -> date | None:
            return None if edit.date() == NO_DATE else edit.date().toPython()

        return AuditFilter(
            date_from=day(self.date_from),
            date_to=day(self.date_to),
            action=self.action_box.currentData(),
            area=self.area_box.currentData(),
            person=self.person_box.currentData() or "",
            text=self.search.text().strip(),
            limit=PAGE,
            system=self.system_box.isChecked(),
        )

    def reload(self) -> None:
        """Read the first page again (after a filter changed) on a worker thread; keep the
        people list current."""
        self.typing.stop()
        self._reads += 1
        number, db, flt = self._reads, self.db, self.current_filter()  # plain values for the worker
        self.loading = True
        run_quietly(
            lambda: (audit.names_for(db), audit.people(db), audit.search_entries(db, flt)),
            lambda result: self._reloaded(number, *result),
            lambda exc: self._read_failed(number, exc),
        )

    def _current(self, number: int) -> bool:
        return shiboken6.isValid(self) and number == self._reads

    def _reloaded(self, number: int, names: dict, people: list[str], page) -> None:
        if not self._current(number):
            return  # the dialog closed, or a newer filter is being read
        self.loading = False
        self.names = names
        self._fill_people(people)
        self.model.set_rows(page.rows)
        self._after_page(page)

    def _read_failed(self, number: int, exc: BaseException) -> None:
        if self._current(number):
            self.loading = False
            show_error(self, exc)

    def load_more(self) -> None:
        guarded(self, self._load_more)

    def _load_more(self) -> None:
        page = audit.search_entries(self.db, replace(self.current_filter(), before_id=self.next_before_id))
        self.model.set_rows(self.model.all_rows + page.rows)
        self._after_page(page)

    def _after_page(self, page) -> None:
        self.next_before_id = page.next_before_id
        self.more_button.setEnabled(page.more)
        shown = self.model.total_count
        if not shown:
            self.status.setText("没有符合条件的记录。")
        else:
            self.status.setText(f"显示 {shown} 条（最新的在前）" + ("，还有更早的记录" if page.more else ""))
        self._show_selected()

    def _fill_people(self, people: list[str]) -> None:
        chosen = self.person_box.currentData()
        self.person_box.blockSignals(True)
        while self.person_box.count() > 1:
            self.person_box.removeItem(1)
        for name in people:
            self.person_box.addItem(name, name)
        self.person_box.setCurrentIndex(max(self.person_box.findData(chosen), 0) if chosen else 0)
        self.person_box.blockSignals(False)

    def _show_selected(self, *_args) -> None:
        row = self.selected()
        shown = entry_text(row, self.names, self.system_box.isChecked()) if row is not None else ""
        self.details.setPlainText(shown)

    def selected(self) -> AuditRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    # ------------------------------------------------------------ export
    def report_builder(self):
        """Every entry of the current filter (not only the pages shown), read on the worker thread."""
        from unionapp.reports.audit import audit_report
        from unionapp.ui.widgets.report_export import with_personal_numbers

        db, flt = self.db, self.current_filter()
        # Its columns hold no ID or phone, but the changes it lists do (masked unless asked).
        return with_personal_numbers(lambda full_id: audit_report(db, flt, full_id=full_id))

    def export(self) -> None:
        from unionapp.reports.audit import FILE_STEM
        from unionapp.ui.widgets.report_export import export_report

        export_report(self, self.report_builder(), FILE_STEM)
