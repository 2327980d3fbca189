"""The 会议 page of 教代会: the term's sessions (第N次会议, date, place, 应到/实到, whether the
quorum was met, resolutions, proposals), and the selected one in sub-tabs — 签到 (the
sign-in list with the quorum live above it), 决议, 议程与文件. Everything shown is read
on a worker (congress_data), the term's sessions in one go and a session in one go; each
change is one service call, then the page reads again."""

from __future__ import annotations

from datetime import date

import shiboken6
from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QSplitter,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from unionapp.db.engine import Database
from unionapp.services import congress
from unionapp.services.congress import SessionRow
from unionapp.ui.congress import congress_reports
from unionapp.ui.congress.attendance_view import AttendanceView
from unionapp.ui.congress.congress_data import SessionDetail, SessionsData, load_roster, load_session, load_sessions
from unionapp.ui.congress.congress_model import SessionTableModel
from unionapp.ui.congress.congress_reports import SESSION_REPORTS
from unionapp.ui.congress.resolution_view import ResolutionsView
from unionapp.ui.congress.session_dialog import SessionDialog
from unionapp.ui.congress.term_bar import HINT_ELSEWHERE, TermBar
from unionapp.ui.widgets.area_tab import AreaTab
from unionapp.ui.widgets.column_fit import restore_header, save_header
from unionapp.ui.widgets.common import select_record, selected_record
from unionapp.ui.widgets.reason_dialog import ReasonDialog
from unionapp.ui.widgets.row_model import record_table
from unionapp.ui.widgets.tasks import LatestReads, run_quietly

TITLE_STYLE = "font-weight: bold; padding: 2px 0;"


def today() -> date:
    """The page's today (tests move it)."""
    return date.today()


def agenda_text(s: SessionRow) -> str:
    parts = [f"{s.name}\n日期：{s.session_date:%Y年%m月%d日}　地点：{s.place or '（未填）'}"]
    agenda = [line for line in s.agenda.splitlines() if line.strip()]
    documents = [line for line in s.documents.splitlines() if line.strip()]
    parts.append("议程：\n" + ("\n".join(f"  {n}. {line}" for n, line in enumerate(agenda, 1)) or "  （未填）"))
    parts.append("会议文件：\n" + ("\n".join(f"  {line}" for line in documents) or "  （未填）"))
    if s.notes:
        parts.append(f"备注：{s.notes}")
    return "\n\n".join(parts)


class SessionsPage(AreaTab):
    term_changed = Signal(int)
    page_title = "会议"
    REPORTS = SESSION_REPORTS
    command_labels = {
        "new": "新建会议…",
        "edit": "修改会议…",
        "delete": "删除会议…",
        "print": "打印会议签到表…",
        "export_xlsx": "导出会议签到表Excel…",
        "export_pdf": "导出会议档案PDF…",
    }

    def __init__(self, db: Database, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.term_id: int | None = None
        self.data: SessionsData | None = None
        self.detail: SessionDetail | None = None
        self.session: SessionRow | None = None
        self.keys: dict[int, str] | None = None  # member id → pinyin, for the sign-in search
        self.reads = LatestReads(self)
        self._select_after: int | None = None
        self.terms = TermBar(empty_hint=HINT_ELSEWHERE)
        self.model = SessionTableModel(self)
        self.table = record_table(self.model)
        self.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)  # the latest first
        self.table.horizontalHeader().setStretchLastSection(False)  # the figures stay by their headers
        self.detail_title = QLabel()
        self.detail_title.setStyleSheet(TITLE_STYLE)
        self.attendance = AttendanceView(self)
        self.resolutions = ResolutionsView(self)
        self.agenda = QPlainTextEdit(readOnly=True)
        self.views = QTabWidget()
        self.views.setDocumentMode(True)
        for view, title in ((self.attendance, "签到"), (self.resolutions, "决议"), (self.agenda, "议程与文件")):
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
        return self.data is None or bool(self.reads.pending)

    @property
    def term(self):
        return self.data.terms.term() if self.data else None

    # ------------------------------------------------------------ building
    def _build_actions(self) -> None:
        a = self.make_action
        self.new_action = a("新建会议…", self.new_item)
        self.edit_action = a("修改…", self.edit_item)
        self.delete_action = a("删除…", self.delete_item)
        self.signin_action = a("打印签到表…", lambda: self.print_report("congress-signin"))
        self.resolutions_action = a("打印决议…", lambda: self.print_report("congress-resolutions"))
        self.archive_action = a("会议档案PDF…", lambda: self.export_report("congress-archive", "pdf"))
        self.new_action.setToolTip("新建本届的一次会议：日期、地点、议程和会议文件")
        self.archive_action.setToolTip("封面、议程、签到、决议和提案答复，一份PDF存入教代会工作档案")
        self.needs_loaded_data(self.new_action)

    def menu_actions(self) -> list[QAction | None]:
        return [
            self.new_action,
            self.edit_action,
            self.delete_action,
            None,
            self.signin_action,
            self.resolutions_action,
            self.archive_action,
        ]

    def _layout(self) -> None:
        bar = QHBoxLayout()
        bar.addWidget(self.terms)
        for action in (self.new_action, self.edit_action, self.delete_action):
            bar.addWidget(self._button(action))
        bar.addStretch(1)
        for action in (self.signin_action, self.resolutions_action, self.archive_action):
            bar.addWidget(self._button(action))
        lower = QWidget()
        below = QVBoxLayout(lower)
        below.setContentsMargins(0, 0, 0, 0)
        below.addWidget(self.detail_title)
        below.addWidget(self.views, 1)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(lower)
        self.splitter.setSizes([110, 440])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.splitter, 1)

    def _button(self, action: QAction) -> QToolButton:
        button = QToolButton()
        button.setDefaultAction(action)
        return button

    def _connect(self) -> None:
        self.terms.chosen.connect(self._term_chosen)
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._session_chosen())
        self.table.doubleClicked.connect(lambda _i: self.edit_item())
        for view in (self.attendance, self.resolutions):
            view.changed.connect(lambda: self.reload())

    # ------------------------------------------------------------ loading
    def reload(self, select_id: int | None = None) -> None:
        """The term's sessions on a worker; keeps (or moves to) the chosen one."""
        self._select_after = select_id or (self.session.id if self.session else None)
        db, term_id = self.db, self.term_id
        self.set_loaded(False)
        self.reads.run("term", lambda: load_sessions(db, term_id, today()), self._show_sessions, "无法读取会议记录")

    def set_term(self, term_id: int) -> None:
        if term_id != self.term_id:
            self.term_id, self.session = term_id, None
            self.reload()

    def _term_chosen(self, term_id: int) -> None:
        if term_id != self.term_id:
            self.set_term(term_id)
            self.term_changed.emit(term_id)

    def _show_sessions(self, data: SessionsData) -> None:
        self.data = data
        self.term_id = data.terms.term_id
        self.terms.set_terms(data.terms)
        self.model.set_rows(data.sessions)
        keep, self._select_after = self._select_after, None
        row = self.model.row_of(keep) if keep is not None else None
        if row is None and self.model.rowCount():
            row = 0
        if row is None:
            self.table.clearSelection()
        else:
            select_record(self.table, self.model, self.model.row_at(row).id)
        self._session_chosen(force=True)
        self.set_loaded(True)

    def _session_chosen(self, force: bool = False) -> None:
        chosen = selected_record(self.table, self.model)
        same = chosen is not None and self.session is not None and chosen.id == self.session.id
        self.session = chosen
        self._update_actions()
        if force or not same:
            self._load_detail()

    def _load_detail(self) -> None:
        session, db = self.session, self.db
        if session is None:
            self.reads.forget("detail")
            self._show_detail(None)
            return
        self.detail_title.setText(f"{session.name}（正在读取…）")
        self.reads.run("detail", lambda: load_session(db, session.id), self._show_detail, "无法读取会议详情")

    def _show_detail(self, detail: SessionDetail | None) -> None:
        self.detail = detail
        session = detail.session if detail else None
        self.attendance.set_rows(session, detail.attendance if detail else [], self.keys or {})
        self.resolutions.set_rows(session, detail.rule if detail else None, detail.resolutions if detail else [])
        self.agenda.setPlainText(agenda_text(session) if session else "")
        if session is None:
            no_term = self.data is not None and self.data.terms.term_id is None
            self.detail_title.setText(
                "还没有教代会届次：请先在“代表”页新建届并添加代表"
                if no_term
                else "本届还没有会议记录，点“新建会议…”添加"
            )
        else:
            self.detail_title.setText(f"{session.name}　{session.session_date:%Y-%m-%d}　{session.place}")
        if detail is not None and self.keys is None:
            self._read_keys()
        self._update_actions()

    def _read_keys(self) -> None:
        """The roster's pinyin for the sign-in search, read quietly once."""
        db = self.db

        def done(roster) -> None:
            if shiboken6.isValid(self):
                self.keys = {m.id: m.search_text for m in roster}
                self.attendance.set_keys(self.keys)

        self.keys = {}
        run_quietly(lambda: load_roster(db), done, lambda _e: None)

    def say(self, text: str) -> None:
        self.detail_title.setText(text)

    # ------------------------------------------------------------ actions
    def _update_actions(self) -> None:
        can, term, chosen = self.editable, self.term, self.session is not None
        self.new_action.setEnabled(can and term is not None)
        self.edit_action.setEnabled(can and chosen)
        self.delete_action.setEnabled(can and chosen)
        for action in (self.signin_action, self.resolutions_action, self.archive_action):
            action.setEnabled(chosen)
        self.attendance.update_buttons()
        self.resolutions.update_buttons()
        self.status_changed.emit()

    def new_item(self) -> None:
        term = self.term
        if self.editable and term is not None:
            number = max((s.number for s in self.data.sessions), default=0) + 1
            dialog = SessionDialog(self, self.db, term, number, None, today())
            if dialog.exec() and dialog.saved_id is not None:
                self.reload(dialog.saved_id)

    def edit_item(self) -> None:
        term, row = self.term, self.session
        if self.editable and term is not None and row is not None:
            dialog = SessionDialog(self, self.db, term, row.number, row, today())
            if dialog.exec():
                self.reload(row.id)

    def delete_item(self) -> None:
        s = self.session
        if not self.editable or s is None:
            return
        what = f"删除“{s.name}”：签到 {s.present + s.on_leave} 人、决议 {s.resolutions} 项将一并删除。"
        dialog = ReasonDialog(
            self, "删除会议", what, lambda reason: congress.delete_session(self.db, s.id, reason), "删除"
        )
        if dialog.exec():
            self.session = None
            self.reload()

    def refresh(self) -> None:
        self.keys = None
        self.reload()

    def focus_search(self) -> None:
        self.views.setCurrentWidget(self.attendance)
        self.attendance.focus_search()

    # ------------------------------------------------------------ the window's protocol
    def status_text(self) -> str:
        if self.data is None:
            return "正在读取会议记录…"
        term = self.term
        if term is None:
            return "还没有教代会届次"
        return f"{term.name}：会议 {len(self.data.sessions)} 次"

    def command_enabled(self, command: str) -> bool:
        chosen = self.session is not None
        return {
            "new": self.editable and self.term is not None,
            "edit": self.editable and chosen,
            "delete": self.editable and chosen,
            "print": chosen,
            "export_xlsx": chosen,
            "export_pdf": chosen,
        }.get(command, True)

    def current_report(self) -> str | None:
        return "congress-signin" if self.session is not None else None

    def export_current(self, fmt: str) -> None:
        if self.session is not None:  # 导出PDF gives the session's archive, 导出Excel its sign-in sheet
            self.export_report("congress-archive" if fmt == "pdf" else "congress-signin", fmt)

    def report_ready(self) -> bool:
        return self.session is not None

    def report_file_stem(self, key: str) -> str:
        return f"{self.session.name}_{SESSION_REPORTS[key][1]}"

    def report_builder(self, key: str):
        return congress_reports.session_builder(self.db, self.session.id if self.session else None, key)

    def save_settings(self) -> None:
        store = QSettings()
        save_header(store, "congress/sessions_header", self.table)
        save_header(store, "congress/signin_header", self.attendance.table)
        store.setValue("congress/sessions_splitter", self.splitter.saveState())

    def restore_settings(self) -> None:
        store = QSettings()
        restore_header(store, "congress/sessions_header", self.table)
        restore_header(store, "congress/signin_header", self.attendance.table)
        state = store.value("congress/sessions_splitter")
        if state is not None:
            self.splitter.restoreState(state)
