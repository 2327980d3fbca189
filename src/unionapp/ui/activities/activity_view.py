"""The 活动 page of 活动与发放: a year's activities with the year's participation against
the charter's two thirds, and the selected activity in sub-tabs — 报名与签到, 奖品, 费用,
参与率. Everything shown is read on worker threads (activity_data), a year in one go and an
activity in one go; each change is one service call, then the page reads again."""

from __future__ import annotations

from datetime import date

import shiboken6
from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QSplitter, QTabWidget, QToolButton, QVBoxLayout, QWidget

from unionapp.db.engine import Database
from unionapp.domain.money import format_fen
from unionapp.services import activities
from unionapp.services.activities import ActivityRow
from unionapp.ui.activities import activity_reports
from unionapp.ui.activities.activity_data import Context, Detail, YearData, load_context, load_detail, load_year
from unionapp.ui.activities.activity_dialog import ActivityDialog
from unionapp.ui.activities.activity_model import ActivityTableModel, participation_line
from unionapp.ui.activities.activity_people import EntriesView
from unionapp.ui.activities.activity_prizes import CostsView, PrizesView
from unionapp.ui.activities.activity_rates import RatesView
from unionapp.ui.activities.activity_reports import REPORTS
from unionapp.ui.widgets.area_tab import AreaTab
from unionapp.ui.widgets.column_fit import restore_header, save_header
from unionapp.ui.widgets.common import select_record, selected_record, show_error
from unionapp.ui.widgets.reason_dialog import ReasonDialog
from unionapp.ui.widgets.row_model import record_table
from unionapp.ui.widgets.tasks import LatestReads, run_quietly, run_task

GOAL_STYLE = "font-weight: bold; padding: 2px 0;"


def today() -> date:
    """The page's today (tests move it)."""
    return date.today()


class ActivitiesPage(AreaTab):
    ledger_changed = Signal()  # prizes or costs were posted, re-posted or reversed
    page_title = "活动"
    REPORTS = REPORTS
    command_labels = {
        "new": "新建活动…",
        "edit": "修改活动…",
        "delete": "删除活动…",
        "print": "打印活动签到表…",
        "export_xlsx": "导出活动一览表Excel…",
        "export_pdf": "导出活动一览表PDF…",
    }

    def __init__(self, db: Database, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.year = today().year
        self.data: YearData | None = None
        self.detail: Detail | None = None
        self.context: Context | None = None
        self.activity: ActivityRow | None = None
        self.reads = LatestReads(self)
        self._select_after: int | None = None
        self._import_flow = None  # a running 导入报名表 (its tasks outlive the click)
        self.year_box = QComboBox()
        self.year_box.setMinimumWidth(90)
        self.goal = QLabel()
        self.goal.setStyleSheet(GOAL_STYLE)
        self.model = ActivityTableModel(self)
        self.table = record_table(self.model)
        self.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)  # the latest first: what the chair works on
        self.table.horizontalHeader().setStretchLastSection(True)
        self.detail_title = QLabel()
        self.entries = EntriesView(self)
        self.prizes = PrizesView(self)
        self.costs = CostsView(self)
        self.rates = RatesView()
        self.views = QTabWidget()
        self.views.setDocumentMode(True)
        for view, title in (
            (self.entries, "报名与签到"),
            (self.prizes, "奖品"),
            (self.costs, "费用"),
            (self.rates, "参与率"),
        ):
            self.views.addTab(view, title)
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
        """A year is being read: what is shown may be another year's, or out of date."""
        return self.data is None or bool(self.reads.pending)

    @staticmethod
    def current_day() -> date:
        return today()

    # ------------------------------------------------------------ building
    def _build_actions(self) -> None:
        self.new_action = self.make_action("新建活动…", self.new_item)
        self.edit_action = self.make_action("修改…", self.edit_item)
        self.delete_action = self.make_action("删除…", self.delete_item)
        self.signin_action = self.make_action("打印签到表…", lambda: self.print_report("activity-signin"))
        self.prizes_action = self.make_action("打印奖品签收表…", lambda: self.print_report("prize-receipts"))
        self.new_action.setToolTip("新建一项活动：名称、类型、日期、参加小组、预算和经费科目")
        self.import_action = activity_reports.import_action(self)
        self.needs_loaded_data(self.new_action)

    def menu_actions(self) -> list[QAction | None]:
        """The area menu's part for this page (None: a separator)."""
        extra = [None, self.import_action]
        return [
            self.new_action,
            self.edit_action,
            self.delete_action,
            None,
            self.signin_action,
            self.prizes_action,
        ] + extra

    def _layout(self) -> None:
        bar = QHBoxLayout()
        bar.addWidget(QLabel("年度："))
        bar.addWidget(self.year_box)
        for action in (self.new_action, self.edit_action, self.delete_action):
            bar.addWidget(self._button(action))
        bar.addStretch(1)
        for action in (self.signin_action, self.prizes_action):
            bar.addWidget(self._button(action))
        self.entries.button_row.addWidget(self._button(self.import_action))
        lower = QWidget()
        below = QVBoxLayout(lower)
        below.setContentsMargins(0, 0, 0, 0)
        below.addWidget(self.detail_title)
        below.addWidget(self.views, 1)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(lower)
        self.splitter.setSizes([200, 400])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.goal)
        layout.addWidget(self.splitter, 1)

    def _button(self, action: QAction) -> QToolButton:
        button = QToolButton()
        button.setDefaultAction(action)
        return button

    def _connect(self) -> None:
        self.year_box.activated.connect(lambda _i: self._year_chosen())
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._activity_chosen())
        self.table.doubleClicked.connect(lambda _i: self.edit_item())
        for view in (self.entries, self.prizes, self.costs):
            view.changed.connect(lambda: self.reload())
        for view in (self.prizes, self.costs):
            view.changed.connect(self.ledger_changed)

    # ------------------------------------------------------------ loading
    def reload(self, select_id: int | None = None) -> None:
        """The chosen year's activities on a worker; keeps (or moves to) the chosen one."""
        self._select_after = select_id or (self.activity.id if self.activity else None)
        db, year = self.db, self.year
        self.set_loaded(False)
        self._progress = self.reads.run(
            "year", lambda: load_year(db, year, today()), self._show_year, "无法读取活动记录", "正在读取活动记录…"
        )

    def _show_year(self, data: YearData) -> None:
        self.data = data
        self.year_box.clear()
        for year in data.years:
            self.year_box.addItem(f"{year} 年", year)
        self.year_box.setCurrentIndex(max(self.year_box.findData(self.year), 0))
        self.goal.setText(participation_line(data.year, data.rates))
        self.model.set_rows(data.activities)
        keep, self._select_after = self._select_after, None
        row = self.model.row_of(keep) if keep is not None else None
        if row is None and self.model.rowCount():
            row = 0
        if row is None:
            self.table.clearSelection()
        else:
            select_record(self.table, self.model, self.model.row_at(row).id)
        self._activity_chosen(force=True)
        self.set_loaded(True)

    def _year_chosen(self) -> None:
        year = self.year_box.currentData()
        if year is not None and year != self.year:
            self.year, self.activity = year, None
            self.reload()

    def _activity_chosen(self, force: bool = False) -> None:
        chosen = selected_record(self.table, self.model)
        same = chosen is not None and self.activity is not None and chosen.id == self.activity.id
        self.activity = chosen
        self._update_actions()
        if force or not same:
            self._load_detail()

    def _load_detail(self) -> None:
        activity, db = self.activity, self.db
        if activity is None:
            self.reads.forget("detail")
            self._show_detail(None, None)
            return
        self.detail_title.setText(f"{activity.name}（正在读取…）")
        self.reads.run(
            "detail",
            lambda: load_detail(db, activity.id),
            lambda detail: self._show_detail(activity, detail),
            "无法读取活动详情",
        )

    def _show_detail(self, activity: ActivityRow | None, detail: Detail | None) -> None:
        self.detail = detail
        keys = self.context.member_keys if self.context else {}
        self.entries.set_rows(detail.entries if detail else [], keys)
        self.prizes.set_rows(activity, detail.prizes if detail else [])
        self.costs.set_rows(activity, detail.costs if detail else [])
        self.rates.set_rows(activity, detail.rates if detail else [])
        if activity is None:
            self.detail_title.setText(
                "" if self.model.rowCount() else f"{self.year} 年还没有活动记录，点“新建活动…”添加"
            )
        else:
            spent = f"奖品 {format_fen(activity.prizes_fen)} 元，费用 {format_fen(activity.costs_fen)} 元"
            self.detail_title.setText(f"{activity.name}（{activity.place or '地点未填'}）：{spent}")
        if detail is not None and self.context is None:
            self.with_context(lambda c: self.entries.set_keys(c.member_keys), quiet=True)
        self.status_changed.emit()

    def with_context(self, then, quiet: bool = False) -> None:
        """Run `then(context)` once the dialogs' choices are read (on a worker, the first time)."""
        if self.context is not None:
            then(self.context)
            return
        db = self.db

        def done(context: Context) -> None:
            if shiboken6.isValid(self):
                self.context = context
                then(context)

        if quiet:
            run_quietly(lambda: load_context(db), done, lambda _e: None)  # only the search's pinyin
        else:
            run_task(self, "正在读取会员名单…", lambda: load_context(db), done, lambda e: show_error(self, e), False)

    def say(self, text: str) -> None:
        self.detail_title.setText(text)

    # ------------------------------------------------------------ actions
    def _update_actions(self) -> None:
        chosen, can = self.activity is not None, self.editable
        self.new_action.setEnabled(can)
        self.edit_action.setEnabled(can and chosen)
        self.delete_action.setEnabled(can and chosen)
        self.signin_action.setEnabled(chosen)
        self.prizes_action.setEnabled(chosen)
        self.import_action.setEnabled(can and chosen)
        for view in (self.entries, self.prizes, self.costs):
            view.update_buttons()
        self.status_changed.emit()

    def new_item(self) -> None:
        if self.editable:
            self.with_context(lambda c: self._open_dialog(c, None))

    def edit_item(self) -> None:
        if self.editable and self.activity is not None:
            row = self.activity
            self.with_context(lambda c: self._open_dialog(c, row))

    def _open_dialog(self, context: Context, row: ActivityRow | None) -> None:
        dialog = ActivityDialog(self, self.db, context, self.year, row, today=today())
        if dialog.exec() and dialog.saved_id is not None:
            self.year = activities.get_activity(self.db, dialog.saved_id).year
            self.reload(dialog.saved_id)
            self.ledger_changed.emit()  # a new date or category moves the activity's entries

    def delete_item(self) -> None:
        a = self.activity
        if not self.editable or a is None:
            return
        what = (
            f"删除活动“{a.name}”：报名 {a.signed_up} 人，奖品 {format_fen(a.prizes_fen)} 元，"
            f"费用 {format_fen(a.costs_fen)} 元。已记的账将冲销。"
        )
        dialog = ReasonDialog(
            self, "删除活动", what, lambda reason: activities.delete_activity(self.db, a.id, reason), "删除"
        )
        if dialog.exec():
            self.activity = None
            self.reload()
            self.ledger_changed.emit()

    def refresh(self) -> None:
        self.context = None  # members, groups and categories may have changed elsewhere
        self.reload()

    def focus_search(self) -> None:
        self.views.setCurrentWidget(self.entries)
        self.entries.focus_search()

    # ------------------------------------------------------------ the window's protocol
    def status_text(self) -> str:
        if self.data is None:
            return "正在读取活动记录…"
        rows = self.data.activities
        posted = sum(a.costs_fen + (a.prizes_fen if a.prizes_issued else 0) for a in rows)
        waiting = sum(a.prizes_fen for a in rows if not a.prizes_issued)
        text = f"{self.year} 年活动 {len(rows)} 项，已记账的奖品和费用 {format_fen(posted)} 元"
        return text + (f"，另有登记未发的奖品 {format_fen(waiting)} 元" if waiting else "")

    def command_enabled(self, command: str) -> bool:
        chosen = self.activity is not None
        return {
            "new": self.editable and self.data is not None,
            "edit": self.editable and chosen,
            "delete": self.editable and chosen,
            "print": chosen,
            "export_xlsx": self.data is not None,
            "export_pdf": self.data is not None,
        }.get(command, True)

    def print_current(self) -> None:
        if self.activity is not None:
            self.print_report("activity-signin")  # 打印 gives the sign-in sheet, 导出 the year's overview

    def export_current(self, fmt: str) -> None:
        if self.data is not None:
            self.export_report("activities", fmt)

    def report_ready(self) -> bool:
        return self.data is not None

    def report_file_stem(self, key: str) -> str:
        stem = REPORTS[key][1]
        return f"{self.year}年{stem}" if key == "activities" else f"{self.activity.name}_{stem}"

    def report_builder(self, key: str):
        return activity_reports.builder(self.db, self.year, self.activity.id if self.activity else None, key)

    def save_settings(self) -> None:
        store = QSettings()
        save_header(store, "activities/header", self.table)
        save_header(store, "activities/entries_header", self.entries.table)
        store.setValue("activities/splitter", self.splitter.saveState())

    def restore_settings(self) -> None:
        store = QSettings()
        restore_header(store, "activities/header", self.table)
        restore_header(store, "activities/entries_header", self.entries.table)
        state = store.value("activities/splitter")
        if state is not None:
            self.splitter.restoreState(state)
