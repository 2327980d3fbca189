"""The 提案 page of 教代会: a term's proposals (one session's, or all), filtered by stage
and searched by 案由 or name, overdue ones in red and counted, the reply summary the
提案工作报告 quotes, and the selected proposal's whole history below. Everything shown is
read on worker threads (proposal_data); each step is one service call in its own small
form (proposal_actions), then the page reads again."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from unionapp.db.engine import Database
from unionapp.services.proposals import ProposalDetail, ProposalRow
from unionapp.ui.congress import proposal_actions, proposal_import, proposal_reports
from unionapp.ui.congress.proposal_data import Context, ProposalsData, load_detail, load_proposals, today
from unionapp.ui.congress.proposal_detail import HistoryView
from unionapp.ui.congress.proposal_model import STAGE_FILTERS, ProposalTableModel, overdue_line, summary_line
from unionapp.ui.congress.term_bar import HINT_ELSEWHERE, TermBar
from unionapp.ui.widgets.area_tab import AreaTab
from unionapp.ui.widgets.column_fit import restore_header, save_header
from unionapp.ui.widgets.common import select_record, selected_record
from unionapp.ui.widgets.row_model import record_table
from unionapp.ui.widgets.tasks import LatestReads

ALL_SESSIONS = "本届全部会议"
OVERDUE_STYLE = "color: #c9302c; font-weight: bold;"


class ProposalsPage(AreaTab):
    term_changed = Signal(int)  # the user chose another term here (the tab's other pages follow)
    proposals_changed = Signal()  # a proposal was written (the tab counts the overdue again)
    page_title = "提案"
    REPORTS = proposal_reports.REPORTS
    command_labels = {
        "new": "新建提案…",
        "edit": "修改提案…",
        "delete": "删除提案…",
        "print": "打印提案表…",
        "export_xlsx": "导出提案汇总表Excel…",
        "export_pdf": "导出提案汇总表PDF…",
    }

    def __init__(self, db: Database, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.term_id: int | None = None  # None: the current term
        self.session_id: int | None = None  # None: all the term's sessions
        self.data: ProposalsData | None = None
        self.context: Context | None = None
        self.proposal: ProposalRow | None = None
        self.detail: ProposalDetail | None = None
        self.reads = LatestReads(self)
        self._select_after: int | None = None
        self._import_flow = None  # a running 导入提案 (its tasks outlive the click)
        self.term_bar = TermBar(empty_hint=HINT_ELSEWHERE)
        self.term_bar.box.setMinimumWidth(200)
        self.session_box = QComboBox()
        self.session_box.setMinimumWidth(220)
        self.stage_box = QComboBox()
        for key, (label, _stages) in STAGE_FILTERS.items():
            self.stage_box.addItem(label, key)
        self.search = QLineEdit(placeholderText="按案由、提案人或附议人查找")
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(200)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.overdue = QLabel()
        self.overdue.setStyleSheet(OVERDUE_STYLE)
        self.model = ProposalTableModel(self)
        self.table = record_table(self.model, multi_select=True)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.history = HistoryView()
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
        return self.data is None or "list" in self.reads.pending

    @staticmethod
    def current_day():
        return today()

    # ------------------------------------------------------------ building
    def _build_actions(self) -> None:
        act = self.make_action
        self.new_action = act("新建提案…", self.new_item)
        self.edit_action = act("修改…", self.edit_item)
        self.screen_action = act("审查…", lambda: proposal_actions.screen(self))
        self.reply_action = act("答复…", lambda: proposal_actions.reply(self))
        self.feedback_action = act("反馈…", lambda: proposal_actions.feedback(self))
        self.undo_action = act("撤回上一步…", lambda: proposal_actions.undo_step(self))
        self.delete_action = act("删除…", self.delete_item)
        self.forms_action = act("打印提案表…", lambda: self.print_report("proposal-forms"))
        self.new_action.setToolTip("登记一件提案：提案人、附议人、案由、理由和建议措施")
        self.screen_action.setToolTip("提案工作委员会审查：立案（定承办部门和答复期限）、不立案或转为意见建议")
        self.undo_action.setToolTip("撤回最近登记的答复或反馈（登记错了时用）")
        self.forms_action.setToolTip("所选提案的提案表，每件一页，供签名存档")
        self.import_action = proposal_import.import_action(self)
        self.needs_loaded_data(self.new_action)

    def menu_actions(self) -> list[QAction | None]:
        """The area menu's part for this page (None: a separator)."""
        return [
            self.new_action,
            self.edit_action,
            self.delete_action,
            None,
            self.screen_action,
            self.reply_action,
            self.feedback_action,
            self.undo_action,
            None,
            self.forms_action,
            None,
            self.import_action,
        ]

    def _layout(self) -> None:
        choose = QHBoxLayout()
        choose.addWidget(self.term_bar)
        for label, widget in (("会议：", self.session_box), ("状态：", self.stage_box)):
            choose.addWidget(QLabel(label))
            choose.addWidget(widget)
        choose.addWidget(self.search, 1)
        steps = QHBoxLayout()
        for action in (self.new_action, self.edit_action, self.delete_action):
            steps.addWidget(self._button(action))
        steps.addSpacing(12)
        for action in (self.screen_action, self.reply_action, self.feedback_action, self.undo_action):
            steps.addWidget(self._button(action))
        steps.addStretch(1)
        for action in (self.forms_action, self.import_action):
            steps.addWidget(self._button(action))
        figures = QHBoxLayout()
        figures.addWidget(self.summary, 1)
        figures.addWidget(self.overdue)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.history)
        self.splitter.setSizes([330, 170])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addLayout(choose)
        layout.addLayout(steps)
        layout.addLayout(figures)
        layout.addWidget(self.splitter, 1)

    def _button(self, action: QAction) -> QToolButton:
        button = QToolButton()
        button.setDefaultAction(action)
        return button

    def _connect(self) -> None:
        self.term_bar.chosen.connect(self._term_chosen)
        self.session_box.activated.connect(lambda _i: self._session_chosen())
        self.stage_box.currentIndexChanged.connect(lambda _i: self._filter())
        self.search.textChanged.connect(lambda _t: self._filter())
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._proposal_chosen())
        self.table.doubleClicked.connect(lambda _i: self.edit_item())

    # ------------------------------------------------------------ loading
    def set_term(self, term_id: int) -> None:
        """The tab's other pages chose `term_id`: show its proposals."""
        if term_id != self.term_id:
            self.term_id, self.session_id, self.context, self.proposal = term_id, None, None, None
            self.reload()

    def reload(self, select_id: int | None = None) -> None:
        """The chosen term's (or session's) proposals on a worker; keeps the chosen one."""
        self._select_after = select_id or (self.proposal.id if self.proposal else None)
        db, term_id, session_id, day = self.db, self.term_id, self.session_id, today()
        self.set_loaded(False)
        self.reads.run(
            "list",
            lambda: load_proposals(db, term_id, session_id, day),
            self._show_data,
            "无法读取提案",
            "正在读取提案…",
        )

    def _show_data(self, data: ProposalsData) -> None:
        self.data = data
        if data.terms.term_id != self.term_id:
            self.context = None
        self.term_id, self.session_id = data.terms.term_id, data.session_id
        self._fill_choosers(data)
        self.model.set_rows(data.proposals)
        self.summary.setText(summary_line(data.summary) if data.terms.term_id else "")
        self.overdue.setText(overdue_line(data.proposals))
        keep, self._select_after = self._select_after, None
        selection = self.table.selectionModel()
        selection.blockSignals(True)  # one read of the history below, whether or not the row changes
        self.table.clearSelection()
        if keep is not None and self.model.row_of(keep) is not None:
            select_record(self.table, self.model, keep)
        elif self.model.rowCount():
            select_record(self.table, self.model, self.model.row_at(0).id)
        selection.blockSignals(False)
        self.table.viewport().update()
        self._proposal_chosen(force=True)
        self.set_loaded(True)

    def _fill_choosers(self, data: ProposalsData) -> None:
        self.term_bar.set_terms(data.terms)
        self.session_box.clear()
        self.session_box.addItem(ALL_SESSIONS, None)
        for s in data.sessions:
            self.session_box.addItem(s.name, s.id)
        self.session_box.setCurrentIndex(max(self.session_box.findData(data.session_id), 0))

    def _term_chosen(self, term_id: int) -> None:
        if term_id != self.term_id:
            self.set_term(term_id)
            self.term_changed.emit(term_id)

    def _session_chosen(self) -> None:
        session_id = self.session_box.currentData()
        if session_id != self.session_id:
            self.session_id, self.proposal = session_id, None
            self.reload()

    def _filter(self) -> None:
        self.model.set_stage_filter(self.stage_box.currentData())
        self.model.set_filter(self.search.text())
        self._proposal_chosen()

    def _proposal_chosen(self, force: bool = False) -> None:
        chosen = selected_record(self.table, self.model)
        same = chosen is not None and self.proposal is not None and chosen.id == self.proposal.id
        self.proposal = chosen
        self._update_actions()
        if force or not same:
            self._load_detail()

    def _load_detail(self) -> None:
        proposal, db, day = self.proposal, self.db, today()
        self.detail = None
        if proposal is None:
            self.reads.forget("detail")
            self.history.show_detail(None, self._empty_text())
            return
        self.reads.run("detail", lambda: load_detail(db, proposal.id, day), self._show_detail, "无法读取提案详情")

    def _show_detail(self, detail: ProposalDetail) -> None:
        self.detail = detail
        self.history.show_detail(detail)

    def _empty_text(self) -> str:
        if self.data is None or self.data.terms.term_id is None:
            return "还没有教代会届次：请先在“代表”页建立本届，再登记提案"
        if not self.data.sessions:
            return "本届还没有会议：请先在“会议”页建立会议，再登记提案"
        if not self.model.total_count:
            return "还没有提案，点“新建提案…”登记"
        return "没有符合条件的提案" if not self.model.rowCount() else "选择一件提案查看办理经过"

    def selected_ids(self) -> list[int]:
        rows = sorted(i.row() for i in self.table.selectionModel().selectedRows())
        return [self.model.row_at(r).id for r in rows]

    # ------------------------------------------------------------ actions
    def _update_actions(self) -> None:
        p, can = self.proposal, self.editable
        has_sessions = bool(self.data and self.data.sessions)
        self.new_action.setEnabled(can and has_sessions)
        self.edit_action.setEnabled(can and p is not None)
        self.delete_action.setEnabled(can and p is not None)
        self.screen_action.setEnabled(can and proposal_actions.can_screen(p))
        self.reply_action.setEnabled(can and proposal_actions.can_reply(p))
        self.feedback_action.setEnabled(can and p is not None and p.stage == "replied")
        self.undo_action.setEnabled(can and proposal_actions.undo_kind(p) is not None)
        self.forms_action.setEnabled(p is not None)
        self.import_action.setEnabled(can and has_sessions)
        self.status_changed.emit()

    def written(self, proposal_id: int | None = None) -> None:
        """After a write: read again (keeping or moving to `proposal_id`) and tell the tab."""
        self.reload(proposal_id)
        self.proposals_changed.emit()

    def new_item(self) -> None:
        if self.editable and self.data is not None:
            proposal_actions.new_proposal(self)

    def edit_item(self) -> None:
        if self.editable and self.proposal is not None:
            proposal_actions.edit_proposal(self)

    def delete_item(self) -> None:
        if self.editable and self.proposal is not None:
            proposal_actions.delete(self)

    def refresh(self) -> None:
        self.context = None  # delegates may have changed on the 代表 page
        self.reload()

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    # ------------------------------------------------------------ the window's protocol
    def status_text(self) -> str:
        if self.data is None:
            return "正在读取提案…"
        if self.data.terms.term_id is None:
            return "还没有教代会届次"  # as the 代表 and 会议 pages say
        shown, total = self.model.rowCount(), self.model.total_count
        text = f"提案 {total} 件" if shown == total else f"显示 {shown} 件，共 {total} 件"
        late = overdue_line(self.data.proposals)
        return f"{text}，{late}" if late else text

    def command_enabled(self, command: str) -> bool:
        chosen = self.proposal is not None
        ready = self.data is not None and self.data.terms.term_id is not None
        return {
            "new": self.editable and bool(self.data and self.data.sessions),
            "edit": self.editable and chosen,
            "delete": self.editable and chosen,
            "print": chosen,
            "export_xlsx": ready,
            "export_pdf": ready,
        }.get(command, True)

    def print_current(self) -> None:
        if self.proposal is not None:
            self.print_report("proposal-forms")  # 打印 gives the proposal forms, 导出 the summary

    def export_current(self, fmt: str) -> None:
        if self.data is not None and self.data.terms.term_id is not None:
            self.export_report("proposals", fmt)

    def report_ready(self) -> bool:
        return self.data is not None and self.data.terms.term_id is not None

    def report_file_stem(self, key: str) -> str:
        return proposal_reports.file_stem(self, key)

    def report_builder(self, key: str):
        return proposal_reports.builder(self, key)

    def save_settings(self) -> None:
        store = QSettings()
        save_header(store, "proposals/header", self.table)
        store.setValue("proposals/splitter", self.splitter.saveState())

    def restore_settings(self) -> None:
        store = QSettings()
        restore_header(store, "proposals/header", self.table)
        state = store.value("proposals/splitter")
        if state is not None:
            self.splitter.restoreState(state)
