"""The 困难帮扶 tab: the hardship files (困难职工档案) as a list that shows no sensitive
details, and what is done to a file — 新建档案, 查看档案 (each view recorded by the
service), 修改, 复核, 删除, 登记走访 — with the 困难职工花名册 and 帮扶情况统计表.
Everything listed is read on a worker (data.load); each change is one service call,
then the list is read again. The steps themselves are in actions.py."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QLineEdit, QMenu, QToolButton, QVBoxLayout, QWidget

from unionapp.db.engine import Database
from unionapp.domain.dates import format_date
from unionapp.services.hardship import FileRow
from unionapp.ui.hardship import actions
from unionapp.ui.hardship.data import Listing, counts_text, load, today
from unionapp.ui.hardship.model import FileTableModel
from unionapp.ui.widgets.area_tab import AreaTab
from unionapp.ui.widgets.column_fit import restore_header, save_header
from unionapp.ui.widgets.common import select_record, selected_record
from unionapp.ui.widgets.row_model import record_table
from unionapp.ui.widgets.tasks import LatestReads

# Report key (the command line's name) → (menu title, file name ending).
REPORTS = {"hardship": ("困难职工花名册", "困难职工花名册"), "hardship-stats": ("帮扶情况统计表", "帮扶情况统计表")}


HINT_STYLE = "background: #eef3f8; color: #1a3a5c; padding: 6px 8px;"
READ_ONLY_HINT = (
    "数据库现在是只读的：可以查看列表、打印花名册；查看档案详情每次都要记入修改日志，"
    "只读时无法记录，所以不能打开档案，请在可以修改的电脑上查看。"
)


def hint_text(data: Listing | None, editable: bool, can_import: bool) -> str:
    """The line above the list: why details stay shut on a read-only copy, or the first
    step when there is no file yet (the roster first, if there is no one on it)."""
    if not editable:
        return READ_ONLY_HINT
    if data is None or data.files:
        return ""
    if not data.members:
        return "还没有会员：请先到“会员”页导入花名册，再为困难职工建档。"
    imports = "，或点“导入困难职工档案”从表格导入已有的名单" if can_import else ""
    return f"目前没有在档的困难职工档案。点“新建档案”为一位会员建档立卡{imports}；复核和帮扶记录都记在档案里。"


class HardshipTab(AreaTab):
    command_labels = {
        "new": "新建档案…",
        "edit": "修改档案…",
        "delete": "删除档案…",
        "print": "打印困难职工花名册…",
        "export_xlsx": "导出困难职工花名册Excel…",
        "export_pdf": "导出困难职工花名册PDF…",
    }
    REPORTS = REPORTS
    records_changed = Signal()  # a file was written or a visit registered (首页 reads again)

    def __init__(self, db: Database, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.data: Listing | None = None
        self.reads = LatestReads(self)
        self._select_after: int | None = None
        self._then = None  # what to do once the list has arrived (open a file, say)
        self.report_choice = None  # the options asked before a report is made (actions.ask_report)
        self.last_detail = None  # the last details dialog opened (tests, the guide's pictures)
        self.model = FileTableModel(self)
        self.table = record_table(self.model)
        self.search = QLineEdit(placeholderText="查找姓名、拼音或小组")
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(200)  # the hint in it read “查找姓名、拼音…”
        self.search.setMaximumWidth(240)
        self.closed_box = QCheckBox("包含已销档")
        self.privacy = QLabel("列表不显示家庭收入等敏感信息；查看档案详情会记入修改日志。")
        self.privacy.setStyleSheet("color: #555;")
        self.hint = QLabel(wordWrap=True)  # what to do first, or why the details stay shut
        self.hint.setStyleSheet(HINT_STYLE)
        self.hint.hide()
        self.area_menu = QMenu("困难帮扶(&K)", self)
        self.report_menu = QMenu("报表(&R)", self)
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
        return self.data is None or self.data.include_closed != self.closed_box.isChecked()

    # ------------------------------------------------------------ building
    def _build_actions(self) -> None:
        self.new_action = self.make_action("新建档案…", self.new_item)
        self.view_action = self.make_action("查看档案", self.view_item)
        self.edit_action = self.make_action("修改…", self.edit_item)
        self.review_action = self.make_action("复核…", lambda: actions.review(self, self.selected()))
        self.delete_action = self.make_action("删除…", self.delete_item)
        self.visit_action = self.make_action("登记走访…", lambda: actions.register_visit(self, self.selected()))
        self.new_action.setToolTip("为一位会员建立困难职工档案（建档立卡）")
        self.view_action.setToolTip("查看所选档案的家庭情况、复核和帮扶记录；每次查看都记入修改日志")
        self.delete_action.setToolTip("只用于录入错误的档案；脱困请用“复核”销档")
        self.import_action = actions.import_action(self)
        self.needs_loaded_data(self.new_action)
        for action in self.menu_actions():
            if action is not None:
                self.area_menu.addAction(action)
            else:
                self.area_menu.addSeparator()
        for key, (title, _stem) in REPORTS.items():
            self.add_report_menu(self.report_menu, key, title)

    def menu_actions(self) -> list[QAction | None]:
        extra = [None, self.import_action] if self.import_action is not None else []
        return [
            self.new_action,
            self.view_action,
            self.edit_action,
            self.review_action,
            self.delete_action,
            None,
            self.visit_action,
            *extra,
        ]

    def _layout(self) -> None:
        bar = QHBoxLayout()
        for action in (
            self.new_action,
            self.view_action,
            self.edit_action,
            self.review_action,
            self.delete_action,
            self.visit_action,
        ):
            button = QToolButton()
            button.setDefaultAction(action)
            bar.addWidget(button)
        bar.addStretch(1)
        bar.addWidget(self.search)
        bar.addWidget(self.closed_box)
        if self.import_action is not None:
            button = QToolButton()
            button.setDefaultAction(self.import_action)
            bar.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.hint)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.privacy)  # the counts are in the window's status bar

    def _connect(self) -> None:
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._update_actions())
        self.table.activated.connect(lambda _i: self.view_item())  # a double-click or Enter
        self.search.textChanged.connect(self.model.set_filter)
        self.closed_box.toggled.connect(lambda _on: self.reload())

    # ------------------------------------------------------------ loading
    def reload(self, select_id: int | None = None) -> None:
        chosen = self.selected()
        self._select_after = select_id or (chosen.id if chosen else None)
        db, closed, day = self.db, self.closed_box.isChecked(), today()
        self.set_loaded(False)
        self.reads.run("files", lambda: load(db, closed, day), self._show, "无法读取困难职工档案", "正在读取档案…")

    def written(self, select_id: int | None = None) -> None:
        """A file changed: read the list again and tell the window (首页 follows)."""
        self.reload(select_id)
        self.records_changed.emit()

    def _show(self, data: Listing) -> None:
        if data.include_closed != self.closed_box.isChecked():
            return  # the box was toggled again meanwhile: its own read follows
        self.data = data
        self.model.keys = data.keys
        self.model.set_rows(data.files)
        keep, self._select_after = self._select_after, None
        if keep is not None:
            select_record(self.table, self.model, keep)
        elif self.model.rowCount():
            self.table.selectRow(0)
        self._update_actions()
        self.set_loaded(True)
        then, self._then = self._then, None
        if then is not None:
            then()

    def when_loaded(self, then) -> None:
        """Run `then` now if the list is here, else as soon as it arrives."""
        if self.loading:
            self._then = then
        else:
            then()

    def selected(self) -> FileRow | None:
        return selected_record(self.table, self.model)

    def row_of_file(self, file_id: int) -> FileRow | None:
        return next((r for r in (self.data.files if self.data else []) if r.id == file_id), None)

    # ------------------------------------------------------------ opening from elsewhere
    def open_file(self, file_id: int) -> None:
        """Show file `file_id`'s details (the 首页 and the member dialog ask for it): selected
        in the list once it is there — closed files shown too when it is closed."""

        def show() -> None:
            if self.row_of_file(file_id) is None and not self.closed_box.isChecked():
                self._then = lambda: self._open_now(file_id)
                self.closed_box.setChecked(True)  # reads again, closed files included
                return
            self._open_now(file_id)

        self.when_loaded(show)

    def _open_now(self, file_id: int) -> None:
        select_record(self.table, self.model, file_id)
        actions.view(self, file_id)

    def open_member(self, member_id: int) -> None:
        """The member's open file, or a new file for them when they have none."""
        self.when_loaded(lambda: actions.open_member(self, member_id))

    # ------------------------------------------------------------ actions
    def _update_actions(self) -> None:
        row, can = self.selected(), self.editable
        chosen = row is not None
        self.new_action.setEnabled(can)
        self.view_action.setEnabled(chosen and can)  # a view is logged: a read-only copy cannot
        self.edit_action.setEnabled(can and chosen and row.open)
        self.review_action.setEnabled(can and chosen and row.open)
        self.delete_action.setEnabled(can and chosen)
        self.visit_action.setEnabled(can and chosen and row.member_status == "active")
        if self.import_action is not None:
            self.import_action.setEnabled(can)
        if not can:
            self.view_action.setToolTip("数据库现在是只读的：查看档案详情需要记入修改日志，只能在可以修改的电脑上查看")
        closed = chosen and not row.open
        self.review_action.setToolTip(
            f"该档案已于 {format_date(row.closed_on)} 销档，不再复核"
            if closed
            else "年度复核（一般在 11 月）：维持、调整级别或脱困销档"
        )
        text = hint_text(self.data, can, self.import_action is not None)
        self.hint.setText(text)
        self.hint.setVisible(bool(text))
        self.status_changed.emit()

    def new_item(self) -> None:
        if self.editable and self.data is not None:
            actions.new_file(self)

    def view_item(self) -> None:
        row = self.selected()
        if row is not None and self.editable:
            actions.view(self, row.id)

    def edit_item(self) -> None:
        row = self.selected()
        if row is not None and self.editable and row.open:
            actions.edit(self, row)

    def delete_item(self) -> None:
        row = self.selected()
        if row is not None and self.editable:
            actions.delete(self, row)

    def refresh(self) -> None:
        self.reload()

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    # ------------------------------------------------------------ the window's protocol
    def tab_actions(self) -> list[QAction | None]:
        return []  # the tab shows its own buttons

    def status_text(self) -> str:
        if self.data is None:
            return "正在读取困难职工档案…"
        return counts_text(self.data.files)

    def command_enabled(self, command: str) -> bool:
        row = self.selected()
        return {
            "new": self.editable and self.data is not None,
            "edit": self.editable and row is not None and row.open,
            "delete": self.editable and row is not None,
        }.get(command, True)

    def current_report(self) -> str | None:
        return "hardship"

    def print_report(self, key: str) -> None:
        if actions.ask_report(self, key):
            super().print_report(key)

    def export_report(self, key: str, fmt: str) -> None:
        if actions.ask_report(self, key):
            super().export_report(key, fmt)

    def report_file_stem(self, key: str) -> str:
        return REPORTS[key][1]

    def report_builder(self, key: str):
        return actions.report_builder(self, key)

    def save_settings(self) -> None:
        store = QSettings()
        save_header(store, "hardship/header", self.table)

    def restore_settings(self) -> None:
        store = QSettings()
        restore_header(store, "hardship/header", self.table)
