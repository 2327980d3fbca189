"""The 经费 tab: one year of the union's funds — ledger, budget, dues and charts — and the
year-end work. It is an AreaTab (ui/widgets/area_tab.py).

A year is read on a worker thread (ten years of a busy ledger are never loaded at once);
the ledger's other filters run in memory."""

from __future__ import annotations

from datetime import date

import shiboken6
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QMenu, QMessageBox, QTabWidget, QVBoxLayout, QWidget

from unionapp.db.engine import Database
from unionapp.domain.money import format_fen
from unionapp.services import ledger
from unionapp.services import settings as settings_service
from unionapp.ui.funds.budget_view import BudgetView
from unionapp.ui.funds.categories_dialog import CategoriesDialog
from unionapp.ui.funds.charts import FundsCharts
from unionapp.ui.funds.data import YearData, load_year
from unionapp.ui.funds.dues_view import DuesView
from unionapp.ui.funds.entry_dialog import EntryDialog, OpeningBalanceDialog
from unionapp.ui.funds.ledger_import import import_action
from unionapp.ui.funds.ledger_model import entry_details, today_in
from unionapp.ui.funds.ledger_view import LedgerView
from unionapp.ui.widgets.area_tab import AreaTab
from unionapp.ui.widgets.categories import leaf_categories
from unionapp.ui.widgets.common import confirm, guarded, restore_view_state, save_view_state, show_error
from unionapp.ui.widgets.reason_dialog import ReasonDialog
from unionapp.ui.widgets.tasks import run_task

# Report key → file stem; the builders are unionapp.reports.funds.<key>_report(db, year or filter).
REPORTS = {
    "budget": "年度经费预算表",
    "execution": "预算执行情况表",
    "ledger": "收支明细账",
    "disclosure": "经费收支公开表",
}
BANNER_STYLE = "background: #fff3cd; color: #856404; padding: 4px 6px;"


def budget_status(data: YearData) -> str:
    """ "2026 年预算：支出预算 689,664.00 元，已支出 337,751.75 元（49.0%）" (as saved)"""
    total = next((r for r in data.execution if r.level == 0 and r.direction == "expense"), None)
    if total is None or not total.budget_fen:
        return f"{data.year} 年预算：尚未编制支出预算"
    return (
        f"{data.year} 年预算：支出预算 {format_fen(total.budget_fen)} 元，"
        f"已支出 {format_fen(total.actual_fen)} 元（{total.percent}%）"
    )


def dues_status(data: YearData) -> str:
    """ "2026 年会费：已记 11 个月，合计 25,410.00 元" """
    posted = [m for m in data.dues if m.posted]
    if not posted:
        return f"{data.year} 年会费：还没有记会费"
    return f"{data.year} 年会费：已记 {len(posted)} 个月，合计 {format_fen(sum(m.total_fen for m in posted))} 元"


def today() -> date:
    """The tab's today (tests move it before or after 31 December)."""
    return date.today()


def year_not_over_warning(year: int, day: date) -> str | None:
    """Before 31 December of `year`: why closing it now is unusual; None once the year is over."""
    if day >= date(year, 12, 31):
        return None
    shown = f"{day.month} 月 {day.day} 日" if day.year == year else f"{day.year} 年 {day.month} 月 {day.day} 日"
    return (
        f"{year} 年还没有结束（今天是 {shown}）。结账后这一年不能再记账、冲销或修改预算，"
        f"年底前还要发生的收支只能记入 {year + 1} 年。\n\n通常在 12 月 31 日之后结账。确实要现在就结账吗？"
    )


class FundsTab(AreaTab):
    command_labels = {"new": "记一笔…", "edit": "查看凭证…", "delete": "红字冲销…"}

    def __init__(self, db: Database, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.data: YearData | None = None
        self.loading = False
        self._serial = 0  # only the latest load is shown
        self._select_after_load: int | None = None
        self.year_box = QComboBox()
        self.year_box.setMinimumWidth(90)
        self.summary = QLabel()
        self.banner = QLabel()
        self.banner.setStyleSheet(BANNER_STYLE)
        self.banner.hide()
        self.ledger_view = LedgerView()
        self.budget_view = BudgetView(db)
        self.dues_view = DuesView(db, lambda: self._settings().operator)
        self.charts = FundsCharts()
        self.views = QTabWidget()
        self.views.setDocumentMode(True)
        for view, title in (
            (self.ledger_view, "收支明细账"),
            (self.budget_view, "预算与执行"),
            (self.dues_view, "会费"),
            (self.charts, "图表"),
        ):
            self.views.addTab(view, title)
        self._build_actions()
        self._layout()
        self._connect()

    def _layout(self) -> None:
        bar = QHBoxLayout()
        bar.addWidget(QLabel("年度："))
        bar.addWidget(self.year_box)
        bar.addSpacing(12)
        bar.addWidget(self.summary, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.banner)
        layout.addWidget(self.views)

    def _build_actions(self) -> None:
        self.categories_action = self.make_action("科目设置…", self.edit_categories)
        self.opening_action = self.make_action("期初余额…", self.edit_opening_balance)
        self.close_action = self.make_action("年度结账…", self.close_year)
        self.disclosures_action = self.make_action("经费公开记录…", self.edit_disclosures)
        self.import_action = import_action(self)
        dues = self.dues_view
        self.area_menu = QMenu("经费(&J)", self)
        self.area_menu.addActions([dues.post_action, dues.undo_action, dues.allocation_action, dues.rule_action])
        self.area_menu.addSeparator()
        self.area_menu.addActions([self.categories_action, self.opening_action, self.close_action])
        self.area_menu.addAction(self.disclosures_action)
        self.area_menu.addSeparator()
        self.area_menu.addAction(self.import_action)
        # They read the year shown (its months, summary, closed flag): nothing until it has arrived.
        self.needs_loaded_data(
            dues.post_action,
            dues.undo_action,
            dues.allocation_action,
            dues.rule_action,
            self.categories_action,
            self.opening_action,
            self.close_action,
            self.disclosures_action,
        )
        self.report_menu = QMenu("报表(&R)", self)
        for key, title in REPORTS.items():
            self.add_report_menu(self.report_menu, key, title + ("（当前筛选）" if key == "ledger" else ""))
        self._update_actions()

    def _connect(self) -> None:
        self.year_box.activated.connect(self._year_chosen)
        self.ledger_view.filter_changed.connect(self.status_changed)
        self.ledger_view.selection_changed.connect(self.status_changed)
        self.ledger_view.activated.connect(self.edit_item)
        self.views.currentChanged.connect(lambda _i: self.status_changed.emit())
        self.budget_view.saved.connect(lambda: self.load(self.year))
        self.dues_view.changed.connect(self.load)

    # ------------------------------------------------------------ loading
    @property
    def year(self) -> int:
        return self.data.year if self.data else date.today().year

    @property
    def editable(self) -> bool:
        """Editing needs a writable database and an open (not yet closed) year."""
        return self.data is not None and not self.db.read_only and not self.data.closed

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self.data is None and not self.loading:
            self.load(self.year)  # the first look at the tab, not the window's start, reads the ledger

    def load(self, year: int) -> None:
        self._serial += 1
        serial, db = self._serial, self.db
        self.loading = True
        self.set_loaded(False)  # a year being read: what is shown may be another year's
        self._progress = run_task(
            self,
            "正在读取经费账…",
            lambda: load_year(db, year),
            lambda data: self._loaded(serial, data),
            lambda exc: self._failed(serial, exc),
            cancellable=False,
        )

    def _loaded(self, serial: int, data: YearData) -> None:
        if serial != self._serial or not shiboken6.isValid(self):  # a newer load, or the tab was closed
            return
        self.loading = False
        self._show(data)
        self.set_loaded(True)

    def _failed(self, serial: int, exc: BaseException) -> None:
        if serial == self._serial and shiboken6.isValid(self):
            self.loading = False
            self.set_loaded(self.data is not None)  # the year shown before still stands
            show_error(self, exc, "无法读取经费账")

    def _show(self, data: YearData) -> None:
        self.data = data
        self._fill_years(data)
        s = data.summary
        self.summary.setText(
            f"期初余额 {format_fen(s.opening_fen)} 元　　本年收入 {format_fen(s.income_fen)} 元　　"
            f"本年支出 {format_fen(s.expense_fen)} 元　　结余 {format_fen(s.balance_fen)} 元"
        )
        self.banner.setText(
            f"{data.year} 年已结账：本年账目只能查看，不能再记账、冲销或修改预算。如需更正，请在当前年度记一笔调整。"
        )
        self.banner.setVisible(data.closed)
        self.ledger_view.set_data(data)
        self.budget_view.set_data(data, self.editable)
        self.dues_view.set_data(data, self.editable)
        self.charts.set_data(data.year, data.execution, data.entries)
        if self._select_after_load is not None:
            self.ledger_view.select_entry(self._select_after_load)
            self._select_after_load = None
        self._update_actions()
        self.status_changed.emit()

    def _fill_years(self, data: YearData) -> None:
        # Next year is offered too, so its budget can be made in December.
        years = sorted(set(data.years) | {date.today().year + 1})
        self.year_box.clear()
        for year in years:
            self.year_box.addItem(f"{year} 年", year)
        self.year_box.setCurrentIndex(self.year_box.findData(data.year))

    def _year_chosen(self, index: int) -> None:
        year = self.year_box.itemData(index)
        if self.data is None or year == self.data.year:
            return
        if not self.budget_view.may_leave():
            self.year_box.setCurrentIndex(self.year_box.findData(self.data.year))
            return
        self.load(year)

    def _update_actions(self) -> None:
        self.opening_action.setEnabled(self.editable and self.data.first_year)
        self.close_action.setEnabled(self.editable)

    def _settings(self) -> settings_service.UnionSettings:
        return settings_service.load(self.db)

    # ------------------------------------------------------------ the window's protocol
    def status_text(self) -> str:
        """Each page says its own: the ledger its count, the budget and dues their figures,
        the charts nothing (a ledger count under a chart would describe what is not shown)."""
        view = self.views.currentWidget()
        if view is self.ledger_view or self.data is None:
            return self.ledger_view.status_text()
        if view is self.budget_view:
            return budget_status(self.data)
        if view is self.dues_view:
            return dues_status(self.data)
        return ""

    def tab_actions(self) -> list[QAction | None]:
        return [
            self.dues_view.post_action,
            self.dues_view.allocation_action,
            None,
            self.categories_action,
            self.close_action,
        ]

    def command_enabled(self, command: str) -> bool:
        on_ledger = self.views.currentWidget() is self.ledger_view
        selected = on_ledger and self.ledger_view.selected_entry() is not None
        ready = self.data is not None and not self.loading  # a report or entry of the year being read waits
        return {"new": ready and self.editable, "edit": selected, "delete": ready and self.editable and selected}.get(
            command, ready
        )

    def new_item(self) -> None:
        """记一笔."""
        if not self.editable or self.loading:
            return
        settings = self._settings()
        dialog = EntryDialog(
            self,
            self.db,
            leaf_categories(self.data.categories),
            today_in(self.year),
            settings.operator,
            settings.chair_name,
        )
        if dialog.exec() and dialog.saved_id is not None:
            self._select_after_load = dialog.saved_id
            self.views.setCurrentWidget(self.ledger_view)
            self.load(dialog.saved_date.year)

    def edit_item(self) -> None:
        """查看凭证: a posted entry is never edited, only looked at (or reversed)."""
        entry = self.ledger_view.selected_entry()
        if entry is not None:
            QMessageBox.information(self, "查看凭证", entry_details(entry, self.ledger_view.model.status_text(entry)))

    def delete_item(self) -> None:
        """红字冲销 of the selected entry: a posted entry is corrected, never deleted."""
        entry = self.ledger_view.selected_entry()
        if entry is None or not self.editable:
            return
        if entry.reversal_of_id is not None or entry.reversed_by_id is not None:
            QMessageBox.information(
                self, "红字冲销", f"凭证 {entry.voucher} 是冲销记录或已经冲销过了，不能再冲销。如需恢复，请重新记一笔。"
            )
            return
        what = (
            f"冲销凭证 {entry.voucher}：{entry.category_name}，{format_fen(entry.amount_fen)} 元，{entry.summary}。\n"
            "将记一笔同科目、负金额的红字凭证，原凭证保留。"
        )
        made: list[int] = []
        dialog = ReasonDialog(
            self, "红字冲销", what, lambda reason: made.append(ledger.reverse_entry(self.db, entry.id, reason)), "冲销"
        )
        if dialog.exec() and made:
            self._select_after_load = made[0]
            self.load(self.year)

    def refresh(self) -> None:
        if self.data is None and not self.isVisible():
            return  # never shown yet: it reads the ledger when first shown
        if self.budget_view.may_leave():
            self.load(self.year)

    def focus_search(self) -> None:
        self.views.setCurrentWidget(self.ledger_view)
        self.ledger_view.focus_search()

    def save_settings(self) -> None:
        save_view_state("funds/ledger", self.ledger_view.table, self.views)

    def restore_settings(self) -> None:
        restore_view_state("funds/ledger", self.ledger_view.table, self.views)

    # ------------------------------------------------------------ reports
    def current_report(self) -> str:
        view = self.views.currentWidget()
        return "ledger" if view is self.ledger_view else "execution" if view is self.budget_view else "disclosure"

    def report_file_stem(self, key: str) -> str:
        return REPORTS[key]

    def report_builder(self, key: str):
        """The report module (reportlab, openpyxl) loads on first use, keeping start-up short."""
        from unionapp.reports import funds as funds_reports
        from unionapp.ui.widgets.report_export import without_personal_numbers

        build = {
            "budget": funds_reports.budget_report,
            "execution": funds_reports.execution_report,
            "ledger": funds_reports.ledger_report,
            "disclosure": funds_reports.disclosure_report,
        }[key]
        argument = self.ledger_view.current_filter() if key == "ledger" else self.year  # captured now
        db = self.db
        return without_personal_numbers(lambda _full_id: build(db, argument))  # money only, no ID or phone

    # ------------------------------------------------------------ year end and the chart
    def edit_categories(self) -> None:
        dialog = CategoriesDialog(self.db, self, read_only=self.db.read_only)
        dialog.exec()
        if dialog.changed:
            self.load(self.year)

    def edit_disclosures(self) -> None:
        from unionapp.ui.funds.disclosures_dialog import DisclosuresDialog  # opened rarely: loaded then

        DisclosuresDialog(self.db, self.year, self, read_only=self.db.read_only).exec()

    def edit_opening_balance(self) -> None:
        if self.editable and OpeningBalanceDialog(self, self.db, self.year, self.data.summary.opening_fen).exec():
            self.load(self.year)

    def close_year(self) -> None:
        if not self.editable or not self.budget_view.may_leave():
            return
        s, year = self.data.summary, self.year
        early = year_not_over_warning(year, today())
        if early is not None and not confirm(self, "年度结账：这一年还没有结束", early):
            return
        text = (
            f"确定给 {year} 年结账吗？\n\n期初余额 {format_fen(s.opening_fen)} 元，收入 {format_fen(s.income_fen)} 元，"
            f"支出 {format_fen(s.expense_fen)} 元，结余 {format_fen(s.balance_fen)} 元，"
            f"将结转为 {year + 1} 年的期初余额。\n\n结账后 {year} 年的账目不能再记账、冲销或修改预算。"
        )
        if not confirm(self, "年度结账", text):
            return
        closing = guarded(self, lambda: ledger.close_year(self.db, year))
        if closing is not None:
            QMessageBox.information(
                self, "年度结账", f"{year} 年已结账，结余 {format_fen(closing)} 元已结转为 {year + 1} 年的期初余额。"
            )
            self.load(year)
