"""The 会员 tab: the roster table, search-as-you-type, filters, and the member actions.
It is an AreaTab (ui/widgets/area_tab.py)."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialogButtonBox,
    QHBoxLayout,
    QLineEdit,
    QMenu,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from unionapp.db.engine import Database
from unionapp.domain.labels import GENDER_LABELS, MEMBER_STATUS_LABELS
from unionapp.services import groups, members
from unionapp.services import settings as settings_service
from unionapp.services.members import NO_GROUP, MemberFilter
from unionapp.ui.members.dialog import MemberDialog
from unionapp.ui.members.groups_dialog import GroupsDialog
from unionapp.ui.members.model import MemberTableModel
from unionapp.ui.members.status_dialog import StatusDialog
from unionapp.ui.widgets.area_tab import AreaTab
from unionapp.ui.widgets.column_fit import restore_header, save_header
from unionapp.ui.widgets.common import confirm, guarded, select_record, show_error
from unionapp.ui.widgets.import_dialog import ImportPreviewDialog
from unionapp.ui.widgets.import_flow import ImportFlow
from unionapp.ui.widgets.row_model import record_table
from unionapp.ui.widgets.tasks import run_task

RETIRING_CHOICES = {None: "退休：不限", 3: "3 个月内退休", 6: "6 个月内退休", 12: "12 个月内退休"}


def _filter_combo(items: dict, width: int = 110) -> QComboBox:
    box = QComboBox()
    for value, label in items.items():
        box.addItem(label, value)
    box.setMinimumWidth(width)
    return box


class MembersTab(AreaTab):
    count_changed = Signal(int, int)  # shown, total
    rows_arrived = Signal()  # the roster is in the table (after a load on a worker too)
    command_labels = {"new": "新增会员…", "edit": "编辑会员…", "delete": "删除会员…"}

    def __init__(self, db: Database, parent: QWidget | None = None, load_now: bool = True):
        super().__init__(parent)
        self.db = db
        self.rows_ready = False  # False until the first roster is in the table
        self._load_serial = 0  # a load on a worker that a later reload overtook is dropped
        self.model = MemberTableModel(self)
        self._build_filters()
        self._build_table()
        self._build_actions()
        layout = QVBoxLayout(self)
        layout.addLayout(self.filter_bar)
        layout.addWidget(self.table)
        self.count_changed.connect(lambda *_a: self.status_changed.emit())
        if load_now:
            self.reload()

    # ------------------------------------------------------------ layout
    def _build_filters(self) -> None:
        self.search = QLineEdit(placeholderText="搜索：姓名、拼音、首字母、证件号或手机号")
        self.search.setToolTip("按姓名、拼音（zhangsan）、拼音首字母（zs）、身份证号或手机号查找")
        self.search.setClearButtonEnabled(True)
        self.group_filter = _filter_combo({None: "全部小组"})
        self.status_filter = _filter_combo({None: "全部状态", **{k: v for k, v in MEMBER_STATUS_LABELS.items()}}, 90)
        self.union_filter = _filter_combo({None: "会员与非会员", True: "工会会员", False: "非会员"})
        self.gender_filter = _filter_combo({None: "性别：不限", **GENDER_LABELS}, 90)
        self.month_filter = _filter_combo({None: "生日：不限", **{m: f"{m} 月生日" for m in range(1, 13)}}, 95)
        self.retiring_filter = _filter_combo(RETIRING_CHOICES)
        self.show_full = QCheckBox("显示完整证件号")
        self.show_full.setToolTip("身份证号和手机号默认部分隐藏，防止旁人看到")
        # Filtering 10,000 rows takes a few ms; a zero timer merges a burst of edits (IME) into one pass.
        self._debounce = QTimer(self, singleShot=True, interval=0)
        self._debounce.timeout.connect(self.apply_filter)
        self.search.textChanged.connect(self._debounce.start)
        for box in (
            self.group_filter,
            self.status_filter,
            self.union_filter,
            self.gender_filter,
            self.month_filter,
            self.retiring_filter,
        ):
            box.currentIndexChanged.connect(self.apply_filter)
        self.show_full.toggled.connect(self.model.set_show_full)
        self.filter_bar = QHBoxLayout()
        self.filter_bar.addWidget(self.search, 3)
        for widget in (
            self.group_filter,
            self.status_filter,
            self.union_filter,
            self.gender_filter,
            self.month_filter,
            self.retiring_filter,
            self.show_full,
        ):
            self.filter_bar.addWidget(widget)

    def _build_table(self) -> None:
        self.table = record_table(self.model, multi_select=True)
        self.table.doubleClicked.connect(lambda _index: self.edit_selected())
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._context_menu)

    def _build_actions(self) -> None:
        # The window's 新建/编辑/删除/打印 commands (with their shortcuts) call this tab's
        # handlers; these actions serve the context menu, the 会员 menu and the 报表 menu.
        self.add_action = self.make_action("新增会员…", self.add_member)
        self.edit_action = self.make_action("编辑…", self.edit_selected)
        self.status_action = self.make_action("更改状态…", self.change_status)
        self.remove_action = self.make_action("删除…", self.remove_selected)
        self.import_action = self.make_action("导入花名册…", self.import_roster)
        self.groups_action = self.make_action("工会小组…", self.manage_groups)
        self.history_action = self.make_action("会员履历…", self.show_history)  # looking only: allowed read-only
        self.export_xlsx_action = self.make_action("导出Excel…", lambda: self.export_report("members", "xlsx"))
        self.export_pdf_action = self.make_action("导出PDF…", lambda: self.export_report("members", "pdf"))
        self.export_csv_action = self.make_action("导出CSV…", lambda: self.export_report("members", "csv"))
        self.print_action = self.make_action("打印…", lambda: self.print_report("members"))
        self.area_menu = QMenu("会员(&M)", self)
        self.area_menu.addActions([self.status_action, self.history_action, self.groups_action, self.import_action])
        self.report_menu = self._report_menu()
        self.edit_actions = [
            self.add_action,
            self.edit_action,
            self.status_action,
            self.remove_action,
            self.import_action,
        ]
        if self.db.read_only:
            for action in self.edit_actions:
                action.setEnabled(False)

    def _context_menu(self, pos) -> None:
        if self.table.indexAt(pos).isValid():
            menu = QMenu(self)
            menu.addActions([self.edit_action, self.status_action, self.history_action, self.remove_action])
            menu.addSeparator()
            menu.addAction(self.add_action)
            menu.exec(self.table.viewport().mapToGlobal(pos))

    def _report_menu(self) -> QMenu:
        """报表: the roster of what the table shows, this month's birthdays, retirements ahead."""
        menu = QMenu("报表(&R)", self)
        roster = menu.addMenu("花名册（当前列表）")
        roster.addActions([self.print_action, self.export_xlsx_action, self.export_pdf_action, self.export_csv_action])
        for key, title in (("birthdays", "本月生日名单"), ("retirements", "退休预告（12 个月内）")):
            self.add_report_menu(menu, key, title)
        return menu

    # ------------------------------------------------------------ the window's protocol
    def status_text(self) -> str:
        shown, total = self.model.rowCount(), self.model.total_count
        return f"共 {total} 人" if shown == total else f"显示 {shown} 人 / 共 {total} 人"

    def tab_actions(self) -> list[QAction | None]:
        return [self.status_action, None, self.import_action, self.groups_action]

    def command_enabled(self, command: str) -> bool:
        return command not in ("new", "edit", "delete") or not self.db.read_only

    def new_item(self) -> None:
        self.add_member()

    def edit_item(self) -> None:
        self.edit_selected()

    def delete_item(self) -> None:
        self.remove_selected()

    def current_report(self) -> str:
        return "members"  # the roster of what the table shows

    def refresh(self) -> None:
        self.reload()

    def save_settings(self) -> None:
        save_header(QSettings(), "members/header", self.table)

    def restore_settings(self) -> None:
        restore_header(QSettings(), "members/header", self.table)

    # ------------------------------------------------------------ reports
    # The report modules (reportlab, QtPdf) load on first use, keeping start-up short.
    def _union_name(self) -> str:
        return settings_service.load(self.db).union_name

    def _roster_builder(self):
        from unionapp.reports.members import ROSTER_COLUMNS, roster
        from unionapp.ui.widgets.report_export import by_columns

        rows = list(self.model.shown_rows)  # captured now: the builder runs on a worker thread
        union, scope = self._union_name(), self._filter_description()
        return by_columns(lambda full_id: roster(rows, union, full_id=full_id, scope=scope), ROSTER_COLUMNS)

    def _member_report_builder(self, key: str):
        from unionapp.reports import members as member_reports
        from unionapp.ui.widgets.report_export import by_columns

        rows, union = list(self.model.all_rows), self._union_name()
        columns = {"birthdays": member_reports.BIRTHDAY_COLUMNS, "retirements": member_reports.RETIREMENT_COLUMNS}
        build = member_reports.MEMBER_REPORTS[key]
        return by_columns(lambda full_id: build(rows, union, full_id=full_id), columns[key])

    def report_builder(self, key: str):
        return self._roster_builder() if key == "members" else self._member_report_builder(key)

    def report_file_stem(self, key: str) -> str:
        from unionapp.reports.members import FILE_STEMS

        return FILE_STEMS[key]

    def _filter_description(self) -> str:
        """What the table is filtered by, in words, for the roster's subtitle."""
        parts = [
            box.currentText()
            for box in (
                self.group_filter,
                self.status_filter,
                self.union_filter,
                self.gender_filter,
                self.month_filter,
                self.retiring_filter,
            )
            if box.currentData() is not None
        ]
        if self.search.text().strip():
            parts.append(f"搜索“{self.search.text().strip()}”")
        return "、".join(parts)

    # ------------------------------------------------------------ data
    def reload(self) -> None:
        self._load_serial += 1
        self._show_loaded(groups.list_groups(self.db), members.list_members(self.db))

    def load_in_background(self) -> None:
        """The first load at start-up: the window paints while the roster is read on a worker
        (which gets the Database only, never the tab)."""
        db, serial = self.db, self._load_serial
        run_task(
            self,
            "正在读取会员名单…",
            lambda: (groups.list_groups(db), members.list_members(db)),
            lambda loaded: serial == self._load_serial and self._show_loaded(*loaded),
            lambda exc: show_error(self, exc, "会员名单没有读出"),
            cancellable=False,
        )

    def _show_loaded(self, group_rows, rows) -> None:
        self._reload_groups(group_rows)
        self.model.set_rows(rows)
        self.rows_ready = True
        self.apply_filter()
        self.rows_arrived.emit()

    def _reload_groups(self, group_rows) -> None:
        current = self.group_filter.currentData()
        self.group_filter.blockSignals(True)
        self.group_filter.clear()
        self.group_filter.addItem("全部小组", None)
        for row in group_rows:
            self.group_filter.addItem(row.name, row.id)
        self.group_filter.addItem("（未分组）", NO_GROUP)
        self.group_filter.setCurrentIndex(max(self.group_filter.findData(current), 0))
        self.group_filter.blockSignals(False)

    def current_filter(self) -> MemberFilter:
        return MemberFilter(
            text=self.search.text(),
            group_id=self.group_filter.currentData(),
            status=self.status_filter.currentData(),
            union_member=self.union_filter.currentData(),
            gender=self.gender_filter.currentData(),
            birthday_month=self.month_filter.currentData(),
            retiring_within_months=self.retiring_filter.currentData(),
        )

    def apply_filter(self) -> None:
        self._debounce.stop()
        self.model.set_filter(self.current_filter())
        self.count_changed.emit(self.model.rowCount(), self.model.total_count)

    def selected_ids(self) -> list[int]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [self.model.row_at(r).id for r in rows]

    def select_member(self, member_id: int) -> None:
        select_record(self.table, self.model, member_id)

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    # ------------------------------------------------------------ actions
    def _group_names(self) -> list[str]:
        return [g.name for g in groups.list_groups(self.db)]

    def add_member(self) -> None:
        saved: list[int] = []
        dialog = MemberDialog(self, self._group_names(), lambda data: saved.append(members.add_member(self.db, data)))
        if dialog.exec() and saved:
            self.reload()
            self.select_member(saved[0])

    def edit_selected(self) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        member_id = ids[0]
        row = guarded(self, lambda: members.get_member(self.db, member_id))
        data = guarded(self, lambda: members.member_input(self.db, member_id))
        if row is None or data is None:
            self.reload()
            return

        def save(d):
            return members.update_member(self.db, member_id, d, expected_version=row.version)

        dialog = MemberDialog(self, self._group_names(), save, data, f"编辑会员：{row.name}", hardship_link=True)
        if self.db.read_only:
            dialog.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(False)  # 取消 still closes it
        if dialog.exec():
            self.reload()
            self.select_member(member_id)
        elif dialog.wants_hardship and hasattr(window := self.window(), "area_tab"):
            window.tabs.setCurrentWidget(tab := window.area_tab("hardship"))
            tab.open_member(member_id)  # the member's file there, or a new one for them

    def change_status(self) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        rows = [self.model.row_at(self.model.row_of_member(i)) for i in ids]
        if StatusDialog(self, self.db, rows).exec():
            self.reload()
            self.select_member(ids[0])

    def remove_selected(self) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        names = "、".join(self.model.row_at(self.model.row_of_member(i)).name for i in ids[:5])
        more = f" 等 {len(ids)} 人" if len(ids) > 5 else ""
        if not confirm(
            self,
            "删除会员",
            f"确定删除 {names}{more} 吗？\n\n删除只用于录入错误的人员；"
            "调出、退休或去世的人员请用“更改状态”，以保留记录。",
        ):
            return
        for member_id in ids:
            if guarded(self, lambda m=member_id: members.remove_member(self.db, m) or True) is None:
                break
        self.reload()

    def show_history(self) -> None:
        """会员履历 of the (first) selected member: one timeline across the areas, totals by year."""
        from unionapp.ui.members.history import MemberHistoryDialog

        ids = self.selected_ids()
        row = guarded(self, lambda: members.get_member(self.db, ids[0])) if ids else None
        if row is not None:
            dialog = guarded(self, lambda: MemberHistoryDialog(self, self.db, row))
            if dialog is not None:
                dialog.exec()

    def manage_groups(self) -> None:
        dialog = GroupsDialog(self.db, self, read_only=self.db.read_only)
        dialog.exec()
        if dialog.changed:
            self.reload()

    def import_roster(self) -> None:
        db = self.db  # the worker gets plain values, never the tab (see ui.tasks)

        def plan(path, mapping):
            from unionapp.importers.members import plan_member_import  # loaded only when needed

            return plan_member_import(db, path, mapping=mapping)

        def apply(plan, skip):
            from unionapp.importers.members import apply_member_import

            return apply_member_import(db, plan, skip_errors=skip)

        self.import_flow = ImportFlow(self, "选择花名册", plan, apply, ImportPreviewDialog, self._import_done)
        self.import_flow.choose()

    def _import_done(self, result) -> None:
        self.reload()
        QMessageBox.information(self, "导入完成", result.summary() + "。")
