"""The 发放 page of 活动与发放: a year's handouts, the selected one's recipients with a
count and total, and what is done to a handout (new, edit, issue, withdraw, delete, print
its 发放签收表, the spending rules). Everything shown is read on worker threads
(handout_data); each change is one service call, then the page reads again."""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QSplitter, QToolButton, QVBoxLayout, QWidget

from unionapp.db.engine import Database
from unionapp.domain.money import format_fen
from unionapp.services.handouts import HandoutRow
from unionapp.ui.activities import handout_actions
from unionapp.ui.activities.handout_data import Context, YearData, load_context, load_recipients, load_year, today
from unionapp.ui.activities.handout_model import HandoutTableModel, RecipientTableModel
from unionapp.ui.widgets.area_tab import AreaTab
from unionapp.ui.widgets.column_fit import restore_header, save_header
from unionapp.ui.widgets.common import select_record, selected_record, show_error
from unionapp.ui.widgets.row_model import record_table
from unionapp.ui.widgets.tasks import LatestReads, run_task

# Report key (the command line's name) → (menu title, file name ending).
REPORTS = {"handout-receipts": ("发放签收表（所选发放）", "发放签收表")}


class HandoutsPage(AreaTab):
    page_title = "发放"
    ledger_changed = Signal()  # a handout's money was posted, re-posted or reversed
    command_labels = {
        "new": "新建发放…",
        "edit": "修改发放…",
        "delete": "删除发放…",
        "print": "打印发放签收表…",
        "export_xlsx": "导出发放签收表Excel…",
        "export_pdf": "导出发放签收表PDF…",
    }

    def __init__(self, db: Database, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.year = today().year
        self.data: YearData | None = None
        self.context: Context | None = None
        self.handout: HandoutRow | None = None
        self.recipients_for: int | None = None  # the handout whose recipients are shown
        self.reads = LatestReads(self)
        self._select_after: int | None = None
        self.year_box = QComboBox()
        self.year_box.setMinimumWidth(90)
        self.model = HandoutTableModel(self)
        self.table = record_table(self.model)
        self.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)  # the latest first: what the chair works on
        self.people_model = RecipientTableModel(self)
        self.people = record_table(self.people_model)
        self.people.horizontalHeader().setStretchLastSection(True)
        self.people_title = QLabel("发放名单")
        self.count_line = QLabel()
        self._build_actions()
        self._layout()
        self._connect()
        self._update_actions()
        self.reload()

    @property
    def editable(self) -> bool:
        return not self.db.read_only

    @property
    def loading(self) -> bool:
        return self.data is None or self.data.year != self.year

    # ------------------------------------------------------------ building
    def _build_actions(self) -> None:
        self.new_action = self.make_action("新建发放…", self.new_item)
        self.edit_action = self.make_action("修改…", self.edit_item)
        self.issue_action = self.make_action("发放…", lambda: handout_actions.issue(self))
        self.withdraw_action = self.make_action("撤回发放…", lambda: handout_actions.withdraw(self))
        self.delete_action = self.make_action("删除…", self.delete_item)
        self.print_action = self.make_action("打印签收表…", lambda: self.print_report("handout-receipts"))
        self.rules_action = self.make_action("开支标准…", lambda: handout_actions.edit_rules(self))
        self.new_action.setToolTip("新建一次发放：选类型（如三八慰问）自动带出名称、科目和名单")
        self.issue_action.setToolTip("核对开支标准后发放：名单固定，并记入收支明细账")
        self.import_action = handout_actions.import_action(self)
        self.needs_loaded_data(self.new_action)

    def menu_actions(self) -> list[QAction | None]:
        """The area menu's part for this page (None: a separator)."""
        extra = [self.import_action] if self.import_action is not None else []
        return [
            self.new_action,
            self.edit_action,
            None,
            self.issue_action,
            self.withdraw_action,
            self.delete_action,
            None,
            self.rules_action,
            *extra,
        ]

    def _layout(self) -> None:
        bar = QHBoxLayout()
        bar.addWidget(QLabel("年度："))
        bar.addWidget(self.year_box)
        for action in (self.new_action, self.edit_action, self.issue_action, self.withdraw_action, self.delete_action):
            button = QToolButton()
            button.setDefaultAction(action)
            bar.addWidget(button)
        bar.addStretch(1)
        for action in (self.print_action, self.import_action, self.rules_action):
            button = QToolButton()
            button.setDefaultAction(action)
            bar.addWidget(button)
        lower = QWidget()
        below = QVBoxLayout(lower)
        below.setContentsMargins(0, 0, 0, 0)
        below.addWidget(self.people_title)
        below.addWidget(self.people, 1)
        below.addWidget(self.count_line)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(lower)
        self.splitter.setSizes([220, 380])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.splitter, 1)

    def _connect(self) -> None:
        self.year_box.activated.connect(lambda _i: self._year_chosen())
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._handout_chosen())
        self.table.doubleClicked.connect(lambda _i: self.edit_item())

    # ------------------------------------------------------------ loading
    def reload(self, select_id: int | None = None) -> None:
        """The chosen year's handouts on a worker; keeps (or moves to) the chosen handout."""
        self._select_after = select_id or (self.handout.id if self.handout else None)
        db, year = self.db, self.year
        self.set_loaded(False)
        self._progress = self.reads.run(
            "year", lambda: load_year(db, year, today()), self._show_year, "无法读取发放记录", "正在读取发放记录…"
        )

    def _show_year(self, data: YearData) -> None:
        self.data = data
        self.year_box.clear()
        for year in data.years:
            self.year_box.addItem(f"{year} 年", year)
        self.year_box.setCurrentIndex(max(self.year_box.findData(self.year), 0))
        self.model.set_rows(data.handouts)
        keep, self._select_after = self._select_after, None
        row = self.model.row_of(keep) if keep is not None else None
        if row is None and self.model.rowCount():
            row = 0
        selection = self.table.selectionModel()
        selection.blockSignals(True)  # one read of the recipients below, whether or not the row changes
        if row is None:
            self.table.clearSelection()
        else:
            select_record(self.table, self.model, self.model.row_at(row).id)
        selection.blockSignals(False)
        self.table.viewport().update()
        self._handout_chosen()
        self.set_loaded(True)

    def _year_chosen(self) -> None:
        year = self.year_box.currentData()
        if year is not None and year != self.year:
            self.year, self.handout = year, None
            self.reload()

    def _handout_chosen(self) -> None:
        self.handout = selected_record(self.table, self.model)
        self._update_actions()
        self._load_recipients()

    def _load_recipients(self) -> None:
        handout, db = self.handout, self.db
        if handout is None:
            self.reads.forget("recipients")
            self._show_recipients(None, [])
            return
        self.people_title.setText(f"发放名单：{handout.name}（正在读取…）")
        self.reads.run(
            "recipients",
            lambda: load_recipients(db, handout.id),
            lambda rows: self._show_recipients(handout, rows),
            "无法读取发放名单",
        )

    def _show_recipients(self, handout: HandoutRow | None, rows: list) -> None:
        self.recipients_for = handout.id if handout else None
        self.people_model.set_rows(rows)
        if handout is None:
            self.people_title.setText("发放名单" if self.model.rowCount() else f"{self.year} 年还没有发放记录")
            self.count_line.setText("")
        else:
            self.people_title.setText(f"发放名单：{handout.name}（{handout.rule_text}）")
            groups = len({r.group_name for r in rows})
            self.count_line.setText(
                f"共 {len(rows)} 人，{groups} 个工会小组，合计 {format_fen(self.people_model.total_fen())} 元"
            )
        self.status_changed.emit()

    def with_context(self, then) -> None:
        """Run `then(context)` once the dialog's choices are read (on a worker, the first time)."""
        if self.context is not None:
            then(self.context)
            return
        db = self.db

        def done(context: Context) -> None:
            if shiboken6.isValid(self):
                self.context = context
                then(context)

        run_task(self, "正在读取会员名单…", lambda: load_context(db), done, lambda e: show_error(self, e), False)

    # ------------------------------------------------------------ actions
    def _update_actions(self) -> None:
        h, can = self.handout, self.editable
        self.new_action.setEnabled(can)
        self.edit_action.setEnabled(can and h is not None)
        self.issue_action.setEnabled(can and h is not None and h.status == "draft")
        self.withdraw_action.setEnabled(can and h is not None and h.status == "issued")
        self.delete_action.setEnabled(can and h is not None)
        self.print_action.setEnabled(h is not None)
        self.rules_action.setEnabled(True)
        if self.import_action is not None:
            self.import_action.setEnabled(can)
        self.status_changed.emit()

    def new_item(self) -> None:
        if self.editable:
            handout_actions.new_handout(self)

    def edit_item(self) -> None:
        if self.editable and self.handout is not None:
            handout_actions.edit_handout(self)

    def delete_item(self) -> None:
        if self.editable and self.handout is not None:
            handout_actions.delete(self)

    def refresh(self) -> None:
        self.context = None  # members and categories may have changed elsewhere
        self.reload()

    def focus_search(self) -> None:
        self.table.setFocus()

    # ------------------------------------------------------------ the window's protocol
    def status_text(self) -> str:
        if self.data is None:
            return "正在读取发放记录…"
        rows = self.data.handouts
        issued = [h for h in rows if h.status == "issued"]
        total = sum(h.total_fen for h in issued)
        return f"{self.year} 年发放 {len(rows)} 次（已发放 {len(issued)} 次，合计 {format_fen(total)} 元）"

    def command_enabled(self, command: str) -> bool:
        chosen = self.handout is not None
        return {
            "new": self.editable and self.data is not None,
            "edit": self.editable and chosen,
            "delete": self.editable and chosen,
            "print": chosen,
            "export_xlsx": chosen,
            "export_pdf": chosen,
        }.get(command, True)

    def current_report(self) -> str | None:
        return "handout-receipts" if self.handout is not None else None

    def report_ready(self) -> bool:
        return self.handout is not None

    def report_file_stem(self, key: str) -> str:
        return f"{self.handout.name}_{REPORTS[key][1]}"

    def report_builder(self, key: str):
        """The report module (reportlab, openpyxl) loads on first use."""
        from unionapp.reports import handouts as handout_reports
        from unionapp.ui.widgets.report_export import by_columns

        db, handout_id = self.db, self.handout.id
        return by_columns(
            lambda _full_id: handout_reports.handout_receipts_report(db, handout_id), handout_reports.RECEIPT_COLUMNS
        )

    def save_settings(self) -> None:
        store = QSettings()
        save_header(store, "handouts/people_header", self.people)
        save_header(store, "handouts/header", self.table)
        store.setValue("handouts/splitter", self.splitter.saveState())

    def restore_settings(self) -> None:
        store = QSettings()
        restore_header(store, "handouts/people_header", self.people)
        restore_header(store, "handouts/header", self.table)
        state = store.value("handouts/splitter")
        if state is not None:
            self.splitter.restoreState(state)
