"""The 五必访 tab: what needs attention, the register of visits for a period, the year's
summary with charts, the types and standards, and the reports. It is an AreaTab
(ui/widgets/area_tab.py); its title carries the attention count.

Everything it shows is read on worker threads (ui/visits/data.py); a visit is saved by
its dialog through services.visits, which also posts the money to the ledger."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QTabWidget, QVBoxLayout, QWidget

from unionapp.db.engine import Database
from unionapp.domain.money import format_fen
from unionapp.services import visits
from unionapp.services.visits import AttentionItem, VisitFilter, VisitInput, VisitRow
from unionapp.ui.visits.attention import AttentionPanel
from unionapp.ui.visits.charts import SummaryView
from unionapp.ui.visits.data import Context, load_context, load_rows, load_summary
from unionapp.ui.visits.dialog import VisitDialog
from unionapp.ui.visits.register import RegisterView
from unionapp.ui.visits.register_import import import_action
from unionapp.ui.visits.title import tab_title
from unionapp.ui.visits.types_dialog import TypesDialog
from unionapp.ui.widgets.area_tab import AreaTab
from unionapp.ui.widgets.common import guarded, restore_view_state, save_view_state
from unionapp.ui.widgets.reason_dialog import ReasonDialog
from unionapp.ui.widgets.tasks import LatestReads

# Report key (the command line's name) → menu title; builders are in unionapp.reports.visits.
REPORTS = {
    "visits": "五必访登记表（当前期间）",
    "visit-receipts": "慰问金发放签收表（当前期间）",
    "visit-summary": "五必访统计表（所选年度）",
}


class VisitsTab(AreaTab):
    ledger_changed = Signal()  # a visit's money was posted, re-posted or reversed
    command_labels = {"new": "登记走访…", "edit": "修改走访…", "delete": "删除走访…"}

    def __init__(self, db: Database, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.context: Context | None = None
        self.rows_loaded = False
        self.reads = LatestReads(self)
        self._select_after_load: int | None = None
        self.attention = AttentionPanel()
        self.register = RegisterView()
        self.summary_view = SummaryView()
        self.views = QTabWidget()
        self.views.setDocumentMode(True)
        self.views.addTab(self.register, "走访登记")
        self.views.addTab(self.summary_view, "年度统计")
        layout = QVBoxLayout(self)
        layout.addWidget(self.attention)
        layout.addWidget(self.views, 1)
        self._build_actions()
        self._connect()
        self._selection_changed()
        self.refresh()

    @property
    def editable(self) -> bool:
        return not self.db.read_only

    @property
    def loading(self) -> bool:
        return bool(self.reads.pending)

    def _action(self, text: str, slot, editing: bool = True) -> QAction:
        action = QAction(text, self)
        action.triggered.connect(slot)
        action.setEnabled(self.editable or not editing)
        return action

    def _build_actions(self) -> None:
        self.new_action = self._action("登记走访…", self.new_item)
        self.edit_action = self._action("修改…", self.edit_item, editing=False)
        self.done_action = self._action("标为已访…", lambda: self.mark_done())
        self.remove_action = self._action("删除…", self.delete_item)
        self.types_action = self._action("走访类型与标准…", self.edit_types, editing=False)
        self.import_action = import_action(self)
        self.area_menu = QMenu("五必访(&V)", self)
        self.area_menu.addActions([self.new_action, self.done_action])
        self.area_menu.addSeparator()
        self.area_menu.addActions([self.types_action, self.import_action])
        self.report_menu = QMenu("报表(&R)", self)
        for key, title in REPORTS.items():
            self.add_report_menu(self.report_menu, key, title)

    def _connect(self) -> None:
        self.register.query_changed.connect(self.load_rows)
        self.register.filter_changed.connect(self.status_changed)
        self.register.selection_changed.connect(self._selection_changed)
        self.register.activated.connect(self.edit_item)
        self.register.table.customContextMenuRequested.connect(self._context_menu)
        self.summary_view.year_changed.connect(lambda _y: self.load_summary())
        self.views.currentChanged.connect(self._view_changed)
        self.attention.item_activated.connect(self.attend)

    def _context_menu(self, pos) -> None:
        if self.register.table.indexAt(pos).isValid():
            menu = QMenu(self)
            menu.addActions([self.edit_action, self.done_action, self.remove_action])
            menu.addSeparator()
            menu.addAction(self.new_action)
            menu.exec(self.register.table.viewport().mapToGlobal(pos))
            menu.deleteLater()

    def _selection_changed(self) -> None:
        row = self.register.selected_visit()
        self.done_action.setEnabled(self.editable and row is not None and row.status == "planned")
        self.remove_action.setEnabled(self.editable and row is not None)
        self.status_changed.emit()

    def _view_changed(self) -> None:
        if self.views.currentWidget() is self.summary_view and self.summary_view.summary is None:
            self.load_summary()
        self.status_changed.emit()

    # ------------------------------------------------------------ loading
    def _run(self, key: str, label: str, work, show) -> None:
        """Read on a worker; only the latest read of each kind is shown."""

        def shown(result) -> None:
            show(result)
            self.status_changed.emit()

        self._progress = self.reads.run(key, work, shown, "无法读取走访记录", label)

    def load_context(self) -> None:
        db = self.db
        self._run("context", "正在读取走访记录…", lambda: load_context(db), self._show_context)

    def load_rows(self) -> None:
        flt, db = self.register.current_filter(), self.db
        if flt.date_from is None:
            return  # a typed date is not a date yet: its field is red
        self._run("rows", "正在读取走访记录…", lambda: load_rows(db, flt), lambda rows: self._show_rows(rows, flt))

    def load_summary(self) -> None:
        year, db = self.summary_view.year, self.db
        self._run("summary", "正在统计…", lambda: load_summary(db, year), self.summary_view.set_data)

    def _show_context(self, context: Context) -> None:
        self.context = context
        self.attention.set_items(context.attention)
        self.register.set_choices(context.types, context.groups)
        if self.rows_loaded:
            self.register.member_keys = context.member_keys
            self.register.apply_text()

    def _show_rows(self, rows: list[VisitRow], flt: VisitFilter) -> None:
        self.rows_loaded = True
        self.register.set_rows(rows, flt, self.context.member_keys if self.context else {})
        if self._select_after_load is not None:
            self.register.select_visit(self._select_after_load)
            self._select_after_load = None

    def _ensure_context(self) -> Context | None:
        """A dialog opened before the first read finished reads what it needs now."""
        if self.context is None:
            context = guarded(self, lambda: load_context(self.db))
            if context is not None:
                self._show_context(context)
        return self.context

    # ------------------------------------------------------------ the window's protocol
    def tab_title(self) -> str:
        return tab_title(len(self.context.attention) if self.context else 0)

    def status_text(self) -> str:
        if self.views.currentWidget() is self.summary_view:
            return self.summary_view.totals.text() or "正在统计…"
        return self.register.status_text() if self.rows_loaded else "正在读取走访记录…"

    def tab_actions(self) -> list[QAction | None]:
        return [self.done_action, None, self.types_action]

    def command_enabled(self, command: str) -> bool:
        selected = self.views.currentWidget() is self.register and self.register.selected_visit() is not None
        return {"new": self.editable, "edit": selected, "delete": self.editable and selected}.get(command, True)

    def refresh(self) -> None:
        self.load_context()
        self.load_rows()
        if self.summary_view.summary is not None or self.views.currentWidget() is self.summary_view:
            self.load_summary()

    def focus_search(self) -> None:
        self.views.setCurrentWidget(self.register)
        self.register.focus_search()

    def save_settings(self) -> None:
        save_view_state("visits/register", self.register.table, self.views)

    def restore_settings(self) -> None:
        restore_view_state("visits/register", self.register.table, self.views)

    # ------------------------------------------------------------ visits
    def _open_dialog(
        self,
        data: VisitInput | None = None,
        row: VisitRow | None = None,
        title: str = "登记走访",
        follow_standard: bool = False,
    ) -> None:
        context = self._ensure_context()
        if context is None:
            return
        dialog = VisitDialog(
            self,
            self.db,
            context.members,
            context.types,
            data,
            row.id if row else None,
            row.version if row else None,
            context.chair,
            title,
            not self.editable,
            follow_standard,
        )
        if dialog.exec() and dialog.saved_id is not None:
            self._saved(dialog.saved_id, dialog.saved_date)

    def _saved(self, visit_id: int, day: date) -> None:
        """Show the saved visit: its month when the period shown does not hold it."""
        self._select_after_load = visit_id
        period = self.register.period()
        self.views.setCurrentWidget(self.register)
        if period is None or not period[0] <= day <= period[1]:
            self.register.show_month(day)  # reloads the rows
        else:
            self.load_rows()
        self.load_context()
        if self.summary_view.summary is not None:
            self.load_summary()
        self.ledger_changed.emit()

    def new_item(self, data: VisitInput | None = None) -> None:
        if self.editable:
            self._open_dialog(data)

    def edit_item(self) -> None:
        row = self.register.selected_visit()
        if row is None:
            return
        data = guarded(self, lambda: visits.visit_input(self.db, row.id))
        if data is None:
            self.refresh()  # removed by someone else
            return
        self._open_dialog(data, row, f"修改走访记录：{row.member_name}")

    def mark_done(self, visit_id: int | None = None, member_id: int | None = None) -> None:
        """A planned visit, with today's date and 已访, for the user to complete and save."""
        row = self._visit_row(visit_id, member_id) if visit_id else self.register.selected_visit()
        if row is None or not self.editable:
            return
        data = guarded(self, lambda: visits.visit_input(self.db, row.id))
        if data is not None:
            # A plan without an amount gets the standard's, as a new visit does.
            self._open_dialog(
                replace(data, status="done", visit_date=date.today()),
                row,
                f"标为已访：{row.member_name}",
                follow_standard=not data.money_fen,
            )

    def _visit_row(self, visit_id: int, member_id: int | None) -> VisitRow | None:
        shown = self.register.model.row_of_visit(visit_id)
        if shown is not None:
            return self.register.model.row_at(shown)
        rows = guarded(self, lambda: visits.list_visits(self.db, VisitFilter(member_id=member_id)))
        return next((r for r in rows or [] if r.id == visit_id), None)

    def delete_item(self) -> None:
        row = self.register.selected_visit()
        if row is None or not self.editable:
            return
        money = f"，慰问金 {format_fen(row.money_fen)} 元" if row.money_fen else ""
        what = (
            f"删除 {row.visit_date} {row.member_name} 的“{row.type_name}”走访记录{money}。\n"
            "删除只用于录入错误的记录；已记账的慰问金将以红字冲销，原凭证保留。"
        )
        dialog = ReasonDialog(
            self, "删除走访记录", what, lambda reason: visits.remove_visit(self.db, row.id, reason), "删除"
        )
        dialog.reason.setPlaceholderText("如 重复登记")
        if dialog.exec():
            self.refresh()
            self.ledger_changed.emit()

    def attend(self, item: AttentionItem) -> None:
        """需要关注, double-clicked: mark an overdue visit done, or plan a retirement visit."""
        if item.kind == "overdue":
            self.mark_done(item.visit_id, item.member_id)
            return
        context = self._ensure_context()
        retirement = next((t.id for t in context.types if t.code == "retirement"), 0) if context else 0
        self.new_item(
            VisitInput(
                item.member_id,
                retirement,
                item.due,
                status="planned",
                reason="退休",
                approver=context.chair if context else "",
            )
        )

    def edit_types(self) -> None:
        dialog = TypesDialog(self.db, self, read_only=not self.editable)
        dialog.exec()
        if dialog.changed:
            self.refresh()

    # ------------------------------------------------------------ reports
    def current_report(self) -> str:
        return "visit-summary" if self.views.currentWidget() is self.summary_view else "visits"

    def report_file_stem(self, key: str) -> str:
        from unionapp.reports.visits import FILE_STEMS

        return FILE_STEMS[key]

    def report_builder(self, key: str):
        """The report module loads on first use; the period or year is captured now."""
        from unionapp.reports import visits as visit_reports
        from unionapp.ui.widgets.report_export import by_columns

        db = self.db
        if key == "visit-summary":
            year = self.summary_view.year
            return by_columns(lambda full_id: visit_reports.summary_report(db, year), visit_reports.SUMMARY_COLUMNS)
        period = self.register.period()
        if period is None:
            raise visits.VisitError(["请先把期间的起止日期填写完整"])
        build, columns = {
            "visits": (visit_reports.register_report, visit_reports.REGISTER_COLUMNS),
            "visit-receipts": (visit_reports.receipts_report, visit_reports.RECEIPT_COLUMNS),
        }[key]
        return by_columns(lambda full_id: build(db, *period), columns)
