"""The 年度工作计划 page of 首页: a year's items by month (工作内容, 负责人, 涉及方面, 完成日期,
完成情况 or the linked record), overdue ones in red. The first time a year from this one
on is shown with no items, the template is copied into it (services.year_plan.ensure_year)
and a line above the table says so. Items are added, changed, removed, marked done (a
day, a note, a record of the year) or open again; 编辑模板… edits what new years copy.
Reads run on a worker; each write is one service call in its form, then the page reads again."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QSettings, Signal
from PySide6.QtGui import QAction, QColor
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QToolButton, QVBoxLayout, QWidget

from unionapp.db.engine import Database
from unionapp.domain.dates import format_date
from unionapp.services import year_plan
from unionapp.services.year_plan import PlanItemRow
from unionapp.ui.activities.columns import Column, RowsModel
from unionapp.ui.home import plan_dialogs
from unionapp.ui.widgets.area_tab import AreaTab
from unionapp.ui.widgets.column_fit import restore_header, save_header
from unionapp.ui.widgets.common import guarded, select_record, selected_record, show_error
from unionapp.ui.widgets.row_model import record_table
from unionapp.ui.widgets.tasks import LatestReads, run_task

OVERDUE = QColor("#c9302c")
DONE = QColor("#2e7d32")
BANNER_STYLE = "background: #e8f4fd; color: #0c5460; padding: 6px;"
REPORTS = {
    "year-plan": ("年度工作计划表（所选年度）", "年度工作计划表"),
    "year-ledger": ("年度工作计划完成情况（所选年度）", "年度工作计划完成情况"),
}


def result_text(r: PlanItemRow) -> str:
    """完成情况: the linked record and the note; "逾期未完成" for an overdue one."""
    parts = [p for p in (r.link_text, r.note) if p]
    if parts:
        return "；".join(parts)
    return "逾期未完成" if r.overdue else ""


PLAN_COLUMNS = [
    Column("月份", lambda r: f"{r.month}月", lambda r: r.month, 50, True),
    Column("工作内容", lambda r: r.title, lambda r: r.title, 300),
    Column("负责人", lambda r: r.owner, lambda r: r.owner, 90),
    Column("涉及方面", lambda r: r.area_label, lambda r: r.area_label, 80),
    Column("完成日期", lambda r: format_date(r.done_on) if r.done_on else "", lambda r: r.done_on or date.max, 95),
    Column("完成情况 / 关联记录", result_text, result_text, 300),
]


class PlanModel(RowsModel):
    columns = PLAN_COLUMNS

    def color(self, row: PlanItemRow) -> QColor | None:
        return OVERDUE if row.overdue else None


def load_year(db: Database, year: int, ensure: bool, today: date) -> tuple[int, list[PlanItemRow]]:
    """(items copied from the template now, the year's items)."""
    added = year_plan.ensure_year(db, year) if ensure else 0
    return added, year_plan.list_items(db, year, today)


class YearPlanPage(AreaTab):
    plan_changed = Signal()  # an item was written (overdue items are care lines)
    page_title = "年度工作计划"
    REPORTS = REPORTS
    command_labels = {
        "new": "添加计划项目…",
        "edit": "修改计划项目…",
        "delete": "删除计划项目…",
        "print": "打印年度工作计划表…",
        "export_xlsx": "导出年度工作计划表Excel…",
        "export_pdf": "导出年度工作计划表PDF…",
    }

    def __init__(self, db: Database, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.today = date.today()
        self.year = self.today.year
        self.rows: list[PlanItemRow] | None = None
        self.shown_year: int | None = None
        self.ensured: set[int] = set()  # years whose template copy was asked for this session
        self.reads = LatestReads(self)
        self._select_after: int | None = None
        self.year_box = QComboBox()
        for year in range(self.today.year - 3, self.today.year + 2):
            self.year_box.addItem(f"{year} 年", year)
        self.year_box.setCurrentIndex(self.year_box.findData(self.year))
        self.banner = QLabel(wordWrap=True)
        self.banner.setStyleSheet(BANNER_STYLE)
        self.banner.hide()
        self.figures = QLabel()
        self.plain_figures = ""
        self.model = PlanModel(self)
        self.table = record_table(self.model)
        self.table.horizontalHeader().setStretchLastSection(True)
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
        return self.rows is None or "year" in self.reads.pending

    # ------------------------------------------------------------ building
    def _build_actions(self) -> None:
        act = self.make_action
        self.new_action = act("添加…", self.new_item)
        self.edit_action = act("修改…", self.edit_item)
        self.delete_action = act("删除…", self.delete_item)
        self.done_action = act("标记完成…", self.mark_done)
        self.open_action = act("撤销完成…", self.mark_open)
        self.template_action = act("编辑模板…", self.edit_template)
        self.plan_print = act("打印计划表…", lambda: self.print_report("year-plan"))
        self.ledger_print = act("打印完成情况…", lambda: self.print_report("year-ledger"))
        self.done_action.setToolTip("填写完成日期和完成情况，可关联完成它的发放、活动、体检或教代会会议")
        self.template_action.setToolTip("每年的固定工作：新的年度按模板生成计划")
        self.ledger_print.setToolTip("年度工作计划完成情况，年终备查：每项工作何时完成、涉及人数和金额")
        self.needs_loaded_data(self.new_action)

    def menu_actions(self) -> list[QAction | None]:
        return [
            self.new_action,
            self.edit_action,
            self.delete_action,
            None,
            self.done_action,
            self.open_action,
            None,
            self.template_action,
            None,
            self.plan_print,
            self.ledger_print,
        ]

    def _layout(self) -> None:
        bar = QHBoxLayout()
        bar.addWidget(QLabel("年度："))
        bar.addWidget(self.year_box)
        bar.addSpacing(12)
        for action in (self.new_action, self.edit_action, self.delete_action):
            bar.addWidget(self._button(action))
        bar.addSpacing(12)
        for action in (self.done_action, self.open_action):
            bar.addWidget(self._button(action))
        bar.addSpacing(12)
        bar.addWidget(self._button(self.template_action))
        bar.addStretch(1)
        for action in (self.plan_print, self.ledger_print):
            bar.addWidget(self._button(action))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.banner)
        layout.addWidget(self.figures)
        layout.addWidget(self.table, 1)

    @staticmethod
    def _button(action: QAction) -> QToolButton:
        button = QToolButton()
        button.setDefaultAction(action)
        return button

    def _connect(self) -> None:
        self.year_box.activated.connect(lambda _i: self._year_chosen())
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._update_actions())
        self.table.activated.connect(lambda _i: self._double_clicked())  # a double-click or Enter

    # ------------------------------------------------------------ loading
    def _year_chosen(self) -> None:
        year = self.year_box.currentData()
        if year is not None and year != self.year:
            self.year = year
            self.banner.hide()
            self.reload()

    def show_item(self, item_id: int | None, year: int) -> None:
        """The year with the item selected (a care line's 打开计划)."""
        index = self.year_box.findData(year)
        if index >= 0 and year != self.year:
            self.year_box.setCurrentIndex(index)
            self.year = year
            self.reload(item_id)
        elif item_id is not None:
            self._select_after = item_id
            if not self.loading:
                self.reload(item_id)

    def reload(self, select_id: int | None = None) -> None:
        keep = self.selected()
        self._select_after = select_id or self._select_after or (keep.id if keep else None)
        db, year, today = self.db, self.year, date.today()
        # The template is copied the first time a year from this one on is shown (not past years).
        ensure = self.editable and year >= today.year and year not in self.ensured
        self.ensured.add(year)
        self.set_loaded(False)
        self.reads.run(
            "year", lambda: load_year(db, year, ensure, today), lambda r: self._show(year, *r), "无法读取年度工作计划"
        )

    def _show(self, year: int, added: int, rows: list[PlanItemRow]) -> None:
        self.rows, self.shown_year = rows, year
        if added:
            self.banner.setText(
                f"{year}年的工作计划已按模板生成（{added} 项）：可以添加、修改或删除，模板在“编辑模板…”中修改。"
            )
            self.banner.show()
        self.model.set_rows(rows)
        done = sum(1 for r in rows if r.done_on)
        late = sum(1 for r in rows if r.overdue)
        self.plain_figures = f"{year}年共 {len(rows)} 项，已完成 {done} 项" + (
            f"，逾期未完成 {late} 项" if late else ""
        )
        if not rows:
            self.plain_figures = f"{year}年没有工作计划。" + ("点“添加…”登记。" if self.editable else "")
        self.figures.setText(self.plain_figures)
        self.figures.setStyleSheet("color: #c9302c;" if late else "")
        keep, self._select_after = self._select_after, None
        if keep is not None and self.model.row_of(keep) is not None:
            select_record(self.table, self.model, keep)
        self._update_actions()
        self.set_loaded(True)

    # ------------------------------------------------------------ actions
    def selected(self) -> PlanItemRow | None:
        return selected_record(self.table, self.model)

    def _update_actions(self) -> None:
        r, can = self.selected(), self.editable
        self.new_action.setEnabled(can)
        self.edit_action.setEnabled(can and r is not None)
        self.delete_action.setEnabled(can and r is not None)
        self.done_action.setEnabled(can and r is not None)
        self.open_action.setEnabled(can and r is not None and r.done_on is not None)
        self.template_action.setEnabled(True)
        self.status_changed.emit()

    def _written(self, select_id: int | None = None) -> None:
        self.reload(select_id)
        self.plan_changed.emit()

    def _double_clicked(self) -> None:
        r = self.selected()
        if r is not None and r.done_on is None:
            self.mark_done()
        else:
            self.edit_item()

    def new_item(self) -> None:
        if not self.editable or self.rows is None:
            return
        month = self.today.month if self.year == self.today.year else 1
        dialog = plan_dialogs.PlanItemDialog(self, self.db, self.year, month=month)
        if dialog.exec():
            self._written(dialog.saved_id)

    def edit_item(self) -> None:
        r = self.selected()
        if r is not None and self.editable and plan_dialogs.PlanItemDialog(self, self.db, self.year, r).exec():
            self._written(r.id)

    def delete_item(self) -> None:
        r = self.selected()
        if r is None or not self.editable or not plan_dialogs.confirm_remove(self, r):
            return
        if guarded(self, lambda: year_plan.remove_item(self.db, r.id) or True):
            self._written()

    def mark_done(self) -> None:
        """The year's records of the item's area are read on a worker, then the form opens."""
        r = self.selected()
        if r is None or not self.editable:
            return
        db = self.db

        def ready(choices) -> None:
            if plan_dialogs.DoneDialog(self, db, r, choices).exec():
                self._written(r.id)

        read = (lambda: year_plan.link_choices(db, r.year, r.area)) if r.area else list
        run_task(self, "正在读取可关联的记录…", read, ready, lambda e: show_error(self, e), False)

    def mark_open(self) -> None:
        r = self.selected()
        if r is None or r.done_on is None or not self.editable or not plan_dialogs.confirm_open(self, r):
            return
        if guarded(self, lambda: year_plan.mark_open(self.db, r.id) or True):
            self._written(r.id)

    def edit_template(self) -> None:
        plan_dialogs.TemplateDialog(self, self.db, read_only=not self.editable).exec()

    # ------------------------------------------------------------ the window's protocol
    def status_text(self) -> str:
        if self.rows is None:
            return "正在读取年度工作计划…"
        return self.plain_figures

    def command_enabled(self, command: str) -> bool:
        chosen = self.selected() is not None
        return {
            "new": self.editable and self.rows is not None,
            "edit": self.editable and chosen,
            "delete": self.editable and chosen,
        }.get(command, self.rows is not None)

    def refresh(self) -> None:
        self.reload()

    def focus_search(self) -> None:
        self.table.setFocus()

    def current_report(self) -> str | None:
        return "year-plan" if self.rows is not None else None

    def report_ready(self) -> bool:
        return self.rows is not None

    def report_file_stem(self, key: str) -> str:
        return f"{REPORTS[key][1]}_{self.year}"

    def report_builder(self, key: str):
        from unionapp.reports import year_plan as plan_reports
        from unionapp.ui.widgets.report_export import without_personal_numbers

        db, year, today = self.db, self.year, date.today()
        load = plan_reports.load_plan_report if key == "year-plan" else plan_reports.load_year_ledger_report
        return without_personal_numbers(lambda _full: load(db, year, today))

    def save_settings(self) -> None:
        save_header(QSettings(), "home/plan_header", self.table)

    def restore_settings(self) -> None:
        restore_header(QSettings(), "home/plan_header", self.table)
