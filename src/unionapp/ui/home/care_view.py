"""The 本月关爱 page of 首页: the month's care list (services.care), a heading per kind
with its count in domain.care.CARE_KINDS order and a line per person or thing under it.
A line's button (or a double-click, or Enter) does what the line says — 登记走访,
安排体检, 发放生日祝福, 打开档案 … — through the window, which opens the right tab or
form; the list is read again when a record is written, so a settled line disappears.
The list is read on a worker; 打印本月关爱提醒 prints the one-page reminder."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from unionapp.db.engine import Database
from unionapp.domain.care import CARE_KINDS
from unionapp.domain.dates import format_date
from unionapp.ui.home.care_texts import NO_MEMBERS_TEXT, action_text, month_choices, summary_text
from unionapp.ui.widgets.area_tab import AreaTab
from unionapp.ui.widgets.tasks import LatestReads

OPEN_UP_TO = 30  # a kind with more lines starts folded: its heading still gives the count
NAME_WIDTH_CAP = 320  # 姓名 / 事项 widens for a plan item's or a proposal's title, up to this
COLUMNS = ["姓名 / 事项", "工会小组", "情况", "日期", "处理"]
HEADING_BRUSH = QBrush(QColor("#eef3f8"))
LINE_ROLE = Qt.ItemDataRole.UserRole
KIND_ROLE = Qt.ItemDataRole.UserRole + 1  # on a heading: the kind it gathers
REPORTS = {"care-list": ("本月关爱提醒（所选月份）", "本月关爱提醒")}


def load_care(db: Database, year: int, month: int, today: date):
    from unionapp.services import care

    return care.care_list(db, year, month, today)


def has_members(db: Database) -> bool:
    from unionapp.services import care  # not member_reads: the start's worker has care loaded

    return care.has_members(db)


class CarePage(AreaTab):
    open_requested = Signal(str, dict)  # the window opens what a line names
    counted = Signal(int)  # this month's lines (the tab's title)
    shown_first = Signal()  # the first list is on screen
    page_title = "本月关爱"
    REPORTS = REPORTS
    command_labels = {
        "print": "打印本月关爱提醒…",
        "export_xlsx": "导出本月关爱提醒Excel…",
        "export_pdf": "导出本月关爱提醒PDF…",
    }

    def __init__(self, db: Database, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.today = date.today()
        self.year, self.month = self.today.year, self.today.month
        self.data = None  # services.care.CareList shown
        # A folded kind's lines become items when it is unfolded: in December a big school's
        # 4,000 out-of-province lines would otherwise cost a tenth of a second and megabytes.
        self._folded: dict[str, list] = {}  # kind → its lines not yet in the tree
        self.has_members = True  # False on a new database: the page says to add the roster first
        self.reads = LatestReads(self)
        self._first = True
        self.month_box = QComboBox()
        for y, m in month_choices(self.today):
            self.month_box.addItem(f"{y}年{m}月", y * 100 + m)  # a number: Qt finds it again (a tuple it does not)
        self.month_box.setCurrentIndex(self.month_box.findData(self.year * 100 + self.month))
        self.this_month = QPushButton("本月")
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(COLUMNS)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setAlternatingRowColors(True)
        self.tree.setUniformRowHeights(True)
        header = self.tree.header()
        header.setStretchLastSection(False)
        for column, width in enumerate((150, 130, 420, 100, 130)):
            self.tree.setColumnWidth(column, width)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.empty = QLabel()
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setStyleSheet("color: #666; padding: 24px;")
        self.empty.hide()
        self._build_actions()
        self._layout()
        self._connect()
        self.reload()

    @property
    def loading(self) -> bool:
        return self.data is None or "list" in self.reads.pending

    # ------------------------------------------------------------ building
    def _build_actions(self) -> None:
        self.line_action = self.make_action("处理…", self.activate_selected)
        self.line_action.setToolTip("对所选一项办理：登记走访、安排体检、发放生日祝福、打开档案……（也可双击该项）")
        self.member_action = self.make_action("打开会员", self.open_member)
        self.print_action = self.make_action("打印本月关爱提醒…", lambda: self.print_report("care-list"))
        self.print_action.setToolTip("所选月份的关爱提醒，一页纸，供工会委员会开会时分工")
        self.refresh_action = self.make_action("刷新", self.reload)

    def menu_actions(self) -> list[QAction | None]:
        return [self.line_action, self.member_action, None, self.print_action, self.refresh_action]

    def _layout(self) -> None:
        bar = QHBoxLayout()
        bar.addWidget(QLabel("月份："))
        bar.addWidget(self.month_box)
        bar.addWidget(self.this_month)
        bar.addSpacing(16)
        self.line_button = QPushButton()
        self.member_button = QPushButton()
        self.print_button = QPushButton()
        for button, action in (
            (self.line_button, self.line_action),
            (self.member_button, self.member_action),
            (self.print_button, self.print_action),
        ):
            button.clicked.connect(action.trigger)
            action.changed.connect(lambda b=button, a=action: self._follow(b, a))
            self._follow(button, action)
        bar.addWidget(self.line_button)
        bar.addWidget(self.member_button)
        bar.addStretch(1)
        bar.addWidget(self.print_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.summary)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.empty, 1)  # in the tree's place: the summary stays at the top

    @staticmethod
    def _follow(button: QPushButton, action: QAction) -> None:
        button.setText(action.text())
        button.setToolTip(action.toolTip())
        button.setEnabled(action.isEnabled())

    def _connect(self) -> None:
        self.month_box.activated.connect(lambda _i: self._month_chosen())
        self.this_month.clicked.connect(self.show_this_month)
        self.tree.itemActivated.connect(lambda item, _col: self._activated(item))
        self.tree.itemSelectionChanged.connect(self._update_actions)
        self.tree.itemExpanded.connect(self._unfold)

    # ------------------------------------------------------------ loading
    def _month_chosen(self) -> None:
        chosen = self.month_box.currentData()
        if chosen and chosen != self.year * 100 + self.month:
            self.year, self.month = divmod(chosen, 100)
            self.reload()

    def show_month(self, year: int, month: int) -> None:
        index = self.month_box.findData(year * 100 + month)
        if index >= 0:
            self.month_box.setCurrentIndex(index)
            self._month_chosen()

    def show_this_month(self) -> None:
        self.show_month(self.today.year, self.today.month)

    def reload(self) -> None:
        """The chosen month's list on a worker; what is shown stays until it arrives."""
        db, year, month, today = self.db, self.year, self.month, date.today()
        self.reads.run(
            "list", lambda: (load_care(db, year, month, today), has_members(db)), self._show, "无法读取本月关爱"
        )
        self.status_changed.emit()

    def _show(self, result) -> None:
        data, self.has_members = result
        keep = self._line_key(self.selected_line())
        self.data = data
        self._fill(data)
        self._select(keep)
        self.summary.setText(summary_text(data) if self.has_members else NO_MEMBERS_TEXT)
        self._update_actions()
        if (data.year, data.month) == (self.today.year, self.today.month):
            self.counted.emit(len(data.lines))
        if self._first:
            self._first = False
            self._start_on_first_line()
            self.shown_first.emit()

    def _fill(self, data) -> None:
        self.tree.setUpdatesEnabled(False)
        self.tree.clear()
        self._folded = {}
        by_kind: dict[str, list] = {}
        for line in data.lines:
            by_kind.setdefault(line.kind, []).append(line)
        bold = QFont(self.tree.font())
        bold.setBold(True)
        for kind, label in CARE_KINDS.items():
            lines = by_kind.get(kind)
            if not lines:
                continue
            heading = QTreeWidgetItem([f"{label}（{len(lines)}）"])
            heading.setFont(0, bold)
            for column in range(len(COLUMNS)):
                heading.setBackground(column, HEADING_BRUSH)
            heading.setFlags(Qt.ItemFlag.ItemIsEnabled)  # not selectable: a heading has no action
            heading.setData(0, KIND_ROLE, kind)
            self.tree.addTopLevelItem(heading)
            heading.setFirstColumnSpanned(True)
            if len(lines) <= OPEN_UP_TO:
                heading.addChildren([self._line_item(line) for line in lines])
                heading.setExpanded(True)
            else:  # folded: its arrow shows, its items are made when it opens
                heading.setChildIndicatorPolicy(QTreeWidgetItem.ChildIndicatorPolicy.ShowIndicator)
                self._folded[kind] = lines
        self._fit_names()
        self.tree.setUpdatesEnabled(True)
        empty = not data.lines
        self.tree.setVisible(not empty)
        self.summary.setVisible(not empty)  # the empty list's own text says it, once
        self.empty.setVisible(empty)
        nothing = f"{data.year}年{data.month}月没有需要关注的事项。" if self.has_members else NO_MEMBERS_TEXT
        self.empty.setText(nothing if empty else "")

    def _unfold(self, heading: QTreeWidgetItem) -> None:
        """A folded kind opened: its lines become items now."""
        lines = self._folded.pop(heading.data(0, KIND_ROLE), None)
        if lines:
            self.tree.setUpdatesEnabled(False)
            heading.addChildren([self._line_item(line) for line in lines])
            self._fit_names()
            self.tree.setUpdatesEnabled(True)

    def _start_on_first_line(self) -> None:
        """The window opens with the first line chosen and the list taking the keys: the
        button says what to do (发放生日祝福…), Enter does it, the arrows go down the list."""
        if self.tree.topLevelItemCount() and self.selected_line() is None:
            first = self.tree.topLevelItem(0)
            self._unfold(first)  # chosen while folded, as before: its items must exist
            self.tree.setCurrentItem(first.child(0))
            if self.isVisible() and not isinstance(QApplication.focusWidget(), (QLineEdit, QPlainTextEdit)):
                self.tree.setFocus()  # not from someone already typing elsewhere

    def _fit_names(self) -> None:
        """Widen 姓名 / 事项 to its longest line (“工会档案整理，迎接上级检查” was cut to
        “工会档案整理，…”), never narrower than the user left it, up to NAME_WIDTH_CAP."""
        metrics = self.tree.fontMetrics()
        indent = self.tree.indentation() * 2 + 16  # a line sits one level in, under the root's arrows
        needed = max((metrics.horizontalAdvance(item.text(0)) + indent for item in self._line_items()), default=0)
        if needed > self.tree.columnWidth(0):
            self.tree.setColumnWidth(0, min(needed, NAME_WIDTH_CAP))

    @staticmethod
    def _line_item(line) -> QTreeWidgetItem:
        name = line.name or "（未设置）"
        day = format_date(line.day) if line.day else ""
        item = QTreeWidgetItem([name, line.group_name, line.detail, day, action_text(line)])
        item.setData(0, LINE_ROLE, line)
        item.setToolTip(0, name)  # a title past the cap is still read whole
        item.setToolTip(2, line.detail)
        item.setForeground(4, QBrush(QColor("#1a5fb4")))
        return item

    @staticmethod
    def _line_key(line) -> tuple | None:
        return None if line is None else (line.kind, line.member_id, line.ref_id, line.name)

    def _select(self, key: tuple | None) -> None:
        if key is None:
            return
        for i in range(self.tree.topLevelItemCount()):
            heading = self.tree.topLevelItem(i)
            if any(self._line_key(x) == key for x in self._folded.get(heading.data(0, KIND_ROLE), ())):
                self._unfold(heading)
        for item in self._line_items():
            if self._line_key(item.data(0, LINE_ROLE)) == key:
                self.tree.setCurrentItem(item)
                return

    def _line_items(self) -> list[QTreeWidgetItem]:
        """The lines made into items (a folded kind's are made when it opens)."""
        return [
            self.tree.topLevelItem(i).child(j)
            for i in range(self.tree.topLevelItemCount())
            for j in range(self.tree.topLevelItem(i).childCount())
        ]

    # ------------------------------------------------------------ lines
    def shown_lines(self) -> list:
        """The lines under the headings, in the tree's order, folded ones included (tests
        read what the user sees, or would on unfolding)."""
        found = []
        for i in range(self.tree.topLevelItemCount()):
            heading = self.tree.topLevelItem(i)
            folded = self._folded.get(heading.data(0, KIND_ROLE))
            found += folded or [heading.child(j).data(0, LINE_ROLE) for j in range(heading.childCount())]
        return found

    def headings(self) -> list[str]:
        return [self.tree.topLevelItem(i).text(0) for i in range(self.tree.topLevelItemCount())]

    def line_count(self) -> int:
        return len(self.data.lines) if self.data else 0

    def selected_line(self):
        item = self.tree.currentItem()
        return item.data(0, LINE_ROLE) if item is not None and item.isSelected() else None

    def select_line(self, line) -> None:
        self._select(self._line_key(line))

    def _update_actions(self) -> None:
        line = self.selected_line()
        self.line_action.setText(action_text(line) if line else "处理…")
        self.line_action.setEnabled(line is not None)
        self.member_action.setEnabled(line is not None and line.member_id is not None and line.action != "member")
        self.print_action.setEnabled(self.data is not None)
        self.status_changed.emit()

    def _activated(self, item: QTreeWidgetItem) -> None:
        line = item.data(0, LINE_ROLE)
        if line is not None:
            self.activate(line)

    def activate_selected(self) -> None:
        line = self.selected_line()
        if line is not None:
            self.activate(line)

    def activate(self, line) -> None:
        """Do what the line says, in the month it belongs to."""
        where = {"member_id": line.member_id, "ref_id": line.ref_id, "kind": line.kind, "day": line.day}
        self.open_requested.emit(line.action, {**where, "year": self.year, "month": self.month})

    def open_member(self) -> None:
        line = self.selected_line()
        if line is not None and line.member_id is not None:
            self.open_requested.emit("member", {"member_id": line.member_id, "kind": line.kind})

    # ------------------------------------------------------------ the window's protocol
    def status_text(self) -> str:
        if self.data is None:
            return "正在读取本月关爱…"
        return f"{self.data.year}年{self.data.month}月：需要关注 {len(self.data.lines)} 项"

    def command_enabled(self, command: str) -> bool:
        return {"new": False, "edit": False, "delete": False}.get(command, self.data is not None)

    def edit_item(self) -> None:
        self.activate_selected()

    def refresh(self) -> None:
        self.reload()

    def focus_search(self) -> None:
        self.tree.setFocus()

    def current_report(self) -> str | None:
        return "care-list" if self.data is not None else None

    def report_ready(self) -> bool:
        return self.data is not None

    def report_file_stem(self, key: str) -> str:
        return f"{REPORTS[key][1]}_{self.year}-{self.month:02d}"

    def report_builder(self, key: str):
        from unionapp.reports import care as care_reports
        from unionapp.ui.widgets.report_export import without_personal_numbers

        db, year, month, today = self.db, self.year, self.month, date.today()
        return without_personal_numbers(lambda _full: care_reports.load_care_list_report(db, year, month, today))

    def save_settings(self) -> None:
        from PySide6.QtCore import QSettings

        QSettings().setValue("home/care_header", self.tree.header().saveState())

    def restore_settings(self) -> None:
        from PySide6.QtCore import QSettings

        state = QSettings().value("home/care_header")
        if state is not None:
            self.tree.header().restoreState(state)
