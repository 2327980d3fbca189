"""The 代表 page of 教代会: the term (届) chosen at the top with 新建届/修改 and its 选区, the
term's delegates (those whose seat ended greyed, those who left the school still in office
in red) and their make-up against the rule. Everything shown is read on a worker
(congress_data.load_term); each change is one service call, then the page reads again."""

from __future__ import annotations

from datetime import date

import shiboken6
from PySide6.QtCore import QSettings, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QLineEdit, QToolButton, QVBoxLayout, QWidget

from unionapp.db.engine import Database
from unionapp.services import congress
from unionapp.services.congress import DelegateRow, TermRow
from unionapp.ui.congress import congress_reports
from unionapp.ui.congress.congress_data import TermData, in_service, load_roster, load_term, makeup_lines
from unionapp.ui.congress.congress_model import DelegateTableModel
from unionapp.ui.congress.congress_reports import DELEGATE_REPORTS
from unionapp.ui.congress.delegate_dialogs import AddDelegatesDialog, DelegateDialog, EndDelegateDialog
from unionapp.ui.congress.term_bar import TermBar
from unionapp.ui.congress.term_dialog import ConstituenciesDialog, TermDialog
from unionapp.ui.widgets.area_tab import AreaTab
from unionapp.ui.widgets.column_fit import restore_header, save_header
from unionapp.ui.widgets.common import confirm, guarded, select_record, selected_record, show_error
from unionapp.ui.widgets.forms import PROBLEM_STYLE
from unionapp.ui.widgets.row_model import record_table
from unionapp.ui.widgets.tasks import LatestReads, run_task

MAKEUP_STYLE = "font-weight: bold; padding: 2px 0;"


def today() -> date:
    """The page's today (tests move it)."""
    return date.today()


class DelegatesPage(AreaTab):
    term_changed = Signal(int)
    page_title = "代表"
    REPORTS = DELEGATE_REPORTS
    command_labels = {
        "new": "添加代表…",
        "edit": "修改代表…",
        "delete": "删除代表…",
        "print": "打印代表名册…",
        "export_xlsx": "导出代表名册Excel…",
        "export_pdf": "导出代表名册PDF…",
    }

    def __init__(self, db: Database, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.term_id: int | None = None
        self.data: TermData | None = None
        self.reads = LatestReads(self)
        self.roster = None  # the members the dialogs pick from, read on first need
        self._select_after: int | None = None
        self._import_flow = None
        self.terms = TermBar()
        self.search = QLineEdit(placeholderText="搜索：姓名、拼音首字母（zs）")
        self.search.setClearButtonEnabled(True)
        self.show_ended = QCheckBox("显示任期已结束的")
        self.show_ended.setChecked(True)
        self.makeup = QLabel()
        self.makeup.setStyleSheet(MAKEUP_STYLE)
        self.warnings = QLabel(wordWrap=True)
        self.warnings.setStyleSheet(PROBLEM_STYLE)
        self.model = DelegateTableModel(self)
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
        return self.data is None or bool(self.reads.pending)

    @property
    def term(self) -> TermRow | None:
        return self.data.terms.term() if self.data else None

    # ------------------------------------------------------------ building
    def _build_actions(self) -> None:
        a = self.make_action
        self.new_term_action = a("新建届…", self.new_term)
        self.edit_term_action = a("修改…", self.edit_term)
        self.seats_action = a("选区与名额…", self.edit_constituencies)
        self.add_action = a("添加代表…", self.new_item)
        self.edit_action = a("修改…", self.edit_item)
        self.end_action = a("任期结束…", lambda: self.end_delegate(False))
        self.replace_action = a("补选替换…", lambda: self.end_delegate(True))
        self.delete_action = a("删除", self.delete_item)
        self.import_action = a("导入代表名单…", self.import_delegates)
        self.print_action = a("打印代表名册…", lambda: self.print_report("congress-delegates"))
        self.edit_term_action.setToolTip("修改所选届次的名称和任期")
        self.delete_action.setToolTip("只用于删除录错的代表；任期中离开的代表请用“任期结束”或“补选替换”")
        self.import_action.setToolTip("从Excel代表名单（姓名、工会小组、选区、类别、当选日期）导入本届代表")
        self.needs_loaded_data(self.new_term_action, self.add_action, self.import_action)

    def menu_actions(self) -> list[QAction | None]:
        return [
            self.new_term_action,
            self.edit_term_action,
            self.seats_action,
            None,
            self.add_action,
            self.edit_action,
            self.end_action,
            self.replace_action,
            self.delete_action,
            None,
            self.import_action,
            self.print_action,
        ]

    def _layout(self) -> None:
        bar = QHBoxLayout()
        bar.addWidget(self.terms)
        for action in (self.new_term_action, self.edit_term_action, self.seats_action):
            bar.addWidget(self._button(action))
        bar.addStretch(1)
        bar.addWidget(self.search, 1)
        bar.addWidget(self.show_ended)
        buttons = QHBoxLayout()
        for action in (
            self.add_action,
            self.edit_action,
            self.end_action,
            self.replace_action,
            self.delete_action,
            self.import_action,
        ):
            buttons.addWidget(self._button(action))
        buttons.addStretch(1)
        buttons.addWidget(self._button(self.print_action))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.makeup)
        layout.addWidget(self.warnings)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

    def _button(self, action: QAction) -> QToolButton:
        button = QToolButton()
        button.setDefaultAction(action)
        return button

    def _connect(self) -> None:
        self.terms.chosen.connect(self._term_chosen)
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._update_actions())
        self.table.doubleClicked.connect(lambda _i: self.edit_item())
        debounce = QTimer(self, singleShot=True, interval=0)  # an input method's burst, one pass
        debounce.timeout.connect(lambda: self.model.set_filter(self.search.text()))
        self.search.textChanged.connect(debounce.start)
        self.show_ended.toggled.connect(lambda _on: self._show_rows())

    # ------------------------------------------------------------ loading
    def reload(self, select_id: int | None = None) -> None:
        chosen = selected_record(self.table, self.model)
        self._select_after = select_id or (chosen.id if chosen else None)
        db, term_id = self.db, self.term_id
        self.set_loaded(False)
        self.reads.run("term", lambda: load_term(db, term_id, today()), self._show_term, "无法读取代表名单")

    def set_term(self, term_id: int) -> None:
        """Another page chose `term_id`."""
        if term_id != self.term_id:
            self.term_id = term_id
            self.reload()

    def _term_chosen(self, term_id: int) -> None:
        if term_id != self.term_id:
            self.term_id = term_id
            self.reload()
            self.term_changed.emit(term_id)

    def _show_term(self, data: TermData) -> None:
        self.data = data
        self.term_id = data.terms.term_id
        self.terms.set_terms(data.terms)
        line, warnings = makeup_lines(data.makeup, data.seat_warnings)
        if data.terms.term_id is None:
            line = "还没有教代会届次：点“新建届…”建立本届，再添加代表"
        self.makeup.setText(line)
        self.warnings.setText("\n".join(warnings))
        self.warnings.setVisible(bool(warnings))
        self._show_rows()
        self.set_loaded(True)
        self._update_actions()

    def _show_rows(self) -> None:
        if self.data is None:
            return
        keep = self._select_after
        if keep is None:
            chosen = selected_record(self.table, self.model)
            keep = chosen.id if chosen else None
        self._select_after = None
        rows = self.data.delegates
        if not self.show_ended.isChecked():
            rows = [d for d in rows if d.ended_on is None]
        self.model.set_rows(rows)
        if keep is not None:
            select_record(self.table, self.model, keep)
        self._update_actions()

    def with_roster(self, then) -> None:
        """Run `then(roster)` once the roster is read (on a worker, the first time)."""
        if self.roster is not None:
            then(self.roster)
            return
        db = self.db

        def done(roster) -> None:
            if shiboken6.isValid(self):
                self.roster = roster
                self.model.keys = {m.id: m.search_text for m in roster}
                then(roster)

        run_task(self, "正在读取会员名单…", lambda: load_roster(db), done, lambda e: show_error(self, e), False)

    # ------------------------------------------------------------ actions
    def selected(self) -> DelegateRow | None:
        return selected_record(self.table, self.model)

    def _update_actions(self) -> None:
        can, term, chosen = self.editable, self.term, self.selected()
        in_office = chosen is not None and chosen.ended_on is None
        self.new_term_action.setEnabled(can)
        self.edit_term_action.setEnabled(can and term is not None)
        self.seats_action.setEnabled(term is not None)
        self.add_action.setEnabled(can and term is not None)
        self.import_action.setEnabled(can and term is not None)
        self.edit_action.setEnabled(can and chosen is not None)
        self.end_action.setEnabled(can and in_office)
        self.replace_action.setEnabled(can and in_office)
        self.delete_action.setEnabled(can and chosen is not None)
        self.print_action.setEnabled(term is not None)
        self.status_changed.emit()

    def new_term(self) -> None:
        if not self.editable:
            return
        terms = self.data.terms.terms if self.data else []
        number = max((t.number for t in terms), default=0) + 1
        dialog = TermDialog(self, self.db, number, None, today())
        if dialog.exec() and dialog.saved_id is not None:
            self._term_chosen(dialog.saved_id)

    def edit_term(self) -> None:
        term = self.term
        if self.editable and term is not None:
            dialog = TermDialog(self, self.db, term.number, term, today())
            if dialog.exec():
                self.reload()
                self.term_changed.emit(term.id)  # its name shows on the other pages

    def edit_constituencies(self) -> None:
        term = self.term
        if term is not None:
            dialog = ConstituenciesDialog(self, self.db, term, self.editable)
            dialog.exec()
            if dialog.changed:
                self.reload()

    def new_item(self) -> None:
        term = self.term
        if self.editable and term is not None and self.data is not None:
            places = self.data.constituencies
            self.with_roster(lambda roster: self._add(term, roster, places))

    def _add(self, term, roster, places) -> None:
        dialog = AddDelegatesDialog(self, self.db, term, in_service(roster), places, today())
        if dialog.exec() and dialog.added is not None:
            self.reload()

    def edit_item(self) -> None:
        row = self.selected()
        if self.editable and row is not None and self.data is not None:
            dialog = DelegateDialog(self, self.db, row, self.data.constituencies)
            if dialog.exec() and dialog.saved:
                self.reload(row.id)

    def end_delegate(self, replace: bool) -> None:
        row = self.selected()
        if not self.editable or row is None or row.ended_on is not None:
            return
        if replace:
            self.with_roster(lambda roster: self._end(row, roster))
        else:
            self._end(row, None)

    def _end(self, row: DelegateRow, roster) -> None:
        dialog = EndDelegateDialog(self, self.db, row, today(), in_service(roster) if roster is not None else None)
        if dialog.exec() and dialog.saved_id is not None:
            self.reload(dialog.saved_id)

    def delete_item(self) -> None:
        row = self.selected()
        if not self.editable or row is None:
            return
        text = f"删除代表“{row.name}”？\n只用于删除录错的记录；任期中离开的代表请用“任期结束”或“补选替换”，以便留档。"
        if confirm(self, "删除代表", text) and guarded(self, lambda: congress.remove_delegate(self.db, row.id) or True):
            self.reload()

    def import_delegates(self) -> None:
        term = self.term
        if self.editable and term is not None:
            self._import_flow = congress_reports.import_delegates(self, self.db, term.id, self.reload)

    def refresh(self) -> None:
        self.roster = None  # members may have changed elsewhere
        self.reload()

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    # ------------------------------------------------------------ the window's protocol
    def status_text(self) -> str:
        if self.data is None:
            return "正在读取代表名单…"
        term = self.term
        if term is None:
            return "还没有教代会届次"
        in_office = sum(1 for d in self.data.delegates if d.in_office)
        return f"{term.name}：在任代表 {in_office} 人，历任共 {len(self.data.delegates)} 人"

    def command_enabled(self, command: str) -> bool:
        can, term, chosen = self.editable, self.term, self.selected()
        return {
            "new": can and term is not None,
            "edit": can and chosen is not None,
            "delete": can and chosen is not None,
            "print": term is not None,
            "export_xlsx": term is not None,
            "export_pdf": term is not None,
        }.get(command, True)

    def current_report(self) -> str | None:
        return "congress-delegates" if self.term is not None else None

    def report_ready(self) -> bool:
        return self.term is not None

    def report_file_stem(self, key: str) -> str:
        return f"{self.term.name}_{DELEGATE_REPORTS[key][1]}"

    def report_builder(self, key: str):
        return congress_reports.delegates_builder(self.db, self.term.id)

    def save_settings(self) -> None:
        store = QSettings()
        save_header(store, "congress/delegates_header", self.table)
        store.setValue("congress/show_ended", self.show_ended.isChecked())

    def restore_settings(self) -> None:
        store = QSettings()
        restore_header(store, "congress/delegates_header", self.table)
        self.show_ended.setChecked(store.value("congress/show_ended", True) not in (False, "false"))
