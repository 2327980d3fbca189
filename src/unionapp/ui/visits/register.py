"""The 五必访 register view (走访登记簿): the period and filters, the table, the totals.

The period, type, group and status go to `services.visits.list_visits` (the tab reloads
when they change); the search box filters the loaded rows in memory."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from unionapp.domain.dates import DateError, add_months, format_date, parse_date
from unionapp.domain.money import format_fen
from unionapp.domain.visits import STATUS_LABELS
from unionapp.services.groups import GroupRow
from unionapp.services.visits import TypeRow, VisitFilter, VisitRow
from unionapp.ui.visits.data import month_period, period_words, year_period
from unionapp.ui.visits.model import VisitTableModel
from unionapp.ui.widgets.common import select_record, selected_record
from unionapp.ui.widgets.forms import ERROR_STYLE
from unionapp.ui.widgets.row_model import record_table

PERIOD_MODES = {"month": "按月", "year": "按年", "range": "按日期"}


def _combo(items: dict, width: int = 100) -> QComboBox:
    box = QComboBox()
    for value, label in items.items():
        box.addItem(label, value)
    box.setMinimumWidth(width)
    return box


def _refill(box: QComboBox, first: str, items: list[tuple[str, int]]) -> None:
    """New items, keeping the chosen one when it is still there, without signalling."""
    current = box.currentData()
    box.blockSignals(True)
    box.clear()
    box.addItem(first, None)
    for label, value in items:
        box.addItem(label, value)
    box.setCurrentIndex(max(box.findData(current), 0))
    box.blockSignals(False)


class RegisterView(QWidget):
    query_changed = Signal()  # what the service is asked for changed: reload
    filter_changed = Signal()  # what is shown changed
    selection_changed = Signal()
    activated = Signal()  # a row was double-clicked

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.model = VisitTableModel(self)
        self.member_keys: dict[int, str] = {}
        self.period_label = ""
        self._build_period()
        self._build_filters()
        self._build_table()
        self.footer = QLabel()
        self.footer.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addLayout(self.period_bar)
        layout.addWidget(self.table)
        layout.addWidget(self.footer)
        self._mode_changed()

    def _build_period(self) -> None:
        today = date.today()
        self.mode_box = _combo(PERIOD_MODES, 80)
        self.year_spin = QSpinBox(minimum=2000, maximum=2100, value=today.year, suffix=" 年")
        self.month_box = _combo({m: f"{m} 月" for m in range(1, 13)}, 70)
        self.month_box.setCurrentIndex(today.month - 1)
        self.from_edit = QLineEdit(format_date(month_period(today.year, today.month)[0]), placeholderText="起始日期")
        self.to_edit = QLineEdit(format_date(month_period(today.year, today.month)[1]), placeholderText="截止日期")
        self.prev_button, self.next_button = QToolButton(), QToolButton()
        for button, arrow, tip, step in (
            (self.prev_button, Qt.ArrowType.LeftArrow, "上一期", -1),
            (self.next_button, Qt.ArrowType.RightArrow, "下一期", 1),
        ):
            button.setArrowType(arrow)
            button.setToolTip(tip)
            button.clicked.connect(lambda _c=False, s=step: self.step_period(s))
        self.to_label = QLabel("至")
        self.mode_box.currentIndexChanged.connect(self._mode_changed)
        self.year_spin.valueChanged.connect(self._period_edited)
        self.month_box.currentIndexChanged.connect(self._period_edited)
        for edit in (self.from_edit, self.to_edit):
            edit.setMaximumWidth(110)
            edit.editingFinished.connect(self._period_edited)
        self.period_bar = QHBoxLayout()
        for widget in (
            QLabel("期间："),
            self.mode_box,
            self.prev_button,
            self.year_spin,
            self.month_box,
            self.from_edit,
            self.to_label,
            self.to_edit,
            self.next_button,
        ):
            self.period_bar.addWidget(widget)
        self.period_bar.addSpacing(12)

    def _build_filters(self) -> None:
        self.type_filter = _combo({None: "全部类型"}, 110)
        self.group_filter = _combo({None: "全部小组"}, 90)
        self.status_filter = _combo(
            {None: "全部状态", "planned": STATUS_LABELS["planned"], "done": STATUS_LABELS["done"]}, 80
        )
        for box in (self.type_filter, self.group_filter, self.status_filter):
            box.currentIndexChanged.connect(lambda _i: self.query_changed.emit())
            self.period_bar.addWidget(box)
        self.search = QLineEdit(placeholderText="搜索：姓名、拼音或首字母、事由、走访人")
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(120)
        # A zero timer merges a burst of edits (an input method's commit) into one pass.
        self._debounce = QTimer(self, singleShot=True, interval=0)
        self._debounce.timeout.connect(lambda: self.apply_text())
        self.search.textChanged.connect(self._debounce.start)
        self.period_bar.addWidget(self.search, 1)

    def _build_table(self) -> None:
        self.table = record_table(self.model)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self.selection_changed.emit())
        self.table.doubleClicked.connect(lambda _i: self.activated.emit())

    # ------------------------------------------------------------ the period
    def _mode_changed(self) -> None:
        mode = self.mode_box.currentData()
        self.year_spin.setVisible(mode != "range")
        self.month_box.setVisible(mode == "month")
        for widget in (self.from_edit, self.to_label, self.to_edit):
            widget.setVisible(mode == "range")
        self.prev_button.setVisible(mode != "range")
        self.next_button.setVisible(mode != "range")
        self._period_edited()

    def _period_edited(self) -> None:
        if self.period() is not None:
            self.query_changed.emit()

    def step_period(self, step: int) -> None:
        """The month or year before (-1) or after (+1) the one shown."""
        if self.mode_box.currentData() == "year":
            self.year_spin.setValue(self.year_spin.value() + step)
            return
        moved = add_months(date(self.year_spin.value(), self.month_box.currentData(), 1), step)
        self.year_spin.blockSignals(True)  # one reload for the pair
        self.year_spin.setValue(moved.year)
        self.year_spin.blockSignals(False)
        self.month_box.setCurrentIndex(moved.month - 1)

    def show_month(self, day: date) -> None:
        """Show the month of `day` (a visit just saved there)."""
        for widget in (self.mode_box, self.year_spin, self.month_box):
            widget.blockSignals(True)  # one reload for the three
        self.mode_box.setCurrentIndex(self.mode_box.findData("month"))
        self.year_spin.setValue(day.year)
        self.month_box.setCurrentIndex(day.month - 1)
        for widget in (self.mode_box, self.year_spin, self.month_box):
            widget.blockSignals(False)
        self._mode_changed()

    def period(self) -> tuple[date, date] | None:
        """The chosen period, or None while a typed date is not a date (its field turns red)."""
        mode = self.mode_box.currentData()
        if mode == "month":
            return month_period(self.year_spin.value(), self.month_box.currentData())
        if mode == "year":
            return year_period(self.year_spin.value())
        dates = [self._typed_date(edit) for edit in (self.from_edit, self.to_edit)]
        return None if None in dates or dates[0] > dates[1] else (dates[0], dates[1])

    @staticmethod
    def _typed_date(edit: QLineEdit) -> date | None:
        try:
            value = parse_date(edit.text())
        except DateError:
            value = None
        edit.setStyleSheet("" if value else ERROR_STYLE)
        edit.setToolTip("" if value else "请写成 2026-03-01 这样的日期")
        return value

    # ------------------------------------------------------------ data
    def set_choices(self, types: list[TypeRow], groups: list[GroupRow]) -> None:
        _refill(self.type_filter, "全部类型", [(t.name + ("（停用）" if not t.active else ""), t.id) for t in types])
        _refill(self.group_filter, "全部小组", [(g.name, g.id) for g in groups])

    def current_filter(self) -> VisitFilter:
        start, end = self.period() or (None, None)
        return VisitFilter(
            date_from=start,
            date_to=end,
            type_id=self.type_filter.currentData(),
            group_id=self.group_filter.currentData(),
            status=self.status_filter.currentData(),
            text=self.search.text(),
        )

    def set_rows(self, rows: list[VisitRow], flt: VisitFilter, member_keys: dict[int, str]) -> None:
        selected = self.selected_visit()
        self.member_keys = member_keys
        self.period_label = period_words(flt.date_from, flt.date_to)
        self.model.set_rows(rows)
        self.apply_text(selected.id if selected else None)

    def apply_text(self, keep: int | None = None) -> None:
        """Filter by the search box; the selected visit stays selected while it is shown."""
        self._debounce.stop()
        selected = self.selected_visit()
        self.model.set_text(self.search.text(), self.member_keys)
        if keep or selected:
            self.select_visit(keep or selected.id)
        count, done, money, gifts = self.model.totals()
        gift_text = f"　　慰问品价值合计 {format_fen(gifts)} 元" if gifts else ""
        empty = "　　本期间还没有走访记录：登记走访请按 Ctrl+N" if not self.model.total_count else ""
        self.footer.setText(
            f"次数：{count}（已访 {done}，待访 {count - done}）　　"
            f"慰问金合计 {format_fen(money)} 元{gift_text}　　（合计只含已访）{empty}"
        )
        self.filter_changed.emit()
        self.selection_changed.emit()

    def status_text(self) -> str:
        count, _done, money, _gifts = self.model.totals()
        total = self.model.total_count
        shown = f"共 {total} 次" if count == total else f"显示 {count} 次 / 共 {total} 次"
        return f"{self.period_label}五必访：{shown}，慰问金 {format_fen(money)} 元"

    # ------------------------------------------------------------ selection
    def selected_visit(self) -> VisitRow | None:
        return selected_record(self.table, self.model)

    def select_visit(self, visit_id: int) -> None:
        select_record(self.table, self.model, visit_id)

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()
