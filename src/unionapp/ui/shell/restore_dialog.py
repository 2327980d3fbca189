"""The 从备份恢复 dialog: the backups of this computer with what each holds (read off the
GUI thread, each file once), the backups folder shown and changed, and 恢复… after a
confirmation."""

from __future__ import annotations

import itertools
import threading
from datetime import datetime
from pathlib import Path

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, QRunnable, QSize, Qt, QThreadPool, QUrl, Signal
from PySide6.QtGui import QColor, QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from unionapp import config
from unionapp.services import backup
from unionapp.services.backup import BackupError, BackupFile, BackupInfo
from unionapp.ui.widgets.common import confirm, show_error
from unionapp.ui.widgets.screen_fit import fit_window

# The contents of backups already looked at: (path, size, mtime) → BackupInfo or why not.
_inspected: dict[tuple[str, int, int], BackupInfo | str] = {}
_inspected_lock = threading.Lock()


def inspect_cached(entry: BackupFile) -> BackupInfo | str:
    """What a backup holds, or the Chinese reason it can't be used; each file is read once,
    with SQLite's quick check (恢复… checks the chosen one fully before using it)."""
    try:
        stat = entry.path.stat()
    except OSError:
        return f"找不到备份文件：{entry.path}"
    key = (str(entry.path), stat.st_size, stat.st_mtime_ns)
    with _inspected_lock:
        if key in _inspected:
            return _inspected[key]
    try:
        found: BackupInfo | str = backup.check_restorable(entry.path, quick=True)
    except BackupError as exc:
        found = str(exc)
    with _inspected_lock:
        _inspected[key] = found
    return found


class _LoaderSignals(QObject):
    inspected = Signal(int, str, object)  # loader number, path, BackupInfo or the reason it can't be used


_loader_signals: _LoaderSignals | None = None
_loader_numbers = itertools.count(1)


def loader_signals() -> _LoaderSignals:
    """One for the application, made on the GUI thread and owned by it: the pool frees a
    loader on its worker, so a loader must not hold the last reference to a Qt object."""
    global _loader_signals
    if _loader_signals is None or not shiboken6.isValid(_loader_signals):
        _loader_signals = _LoaderSignals(QCoreApplication.instance())
    return _loader_signals


class _ContentsLoader(QRunnable):
    """Reads what each backup holds, newest first, off the GUI thread."""

    def __init__(self, entries: list[BackupFile]):
        super().__init__()
        self.entries = entries
        self.number = next(_loader_numbers)
        self.cancelled = False
        self.signals = loader_signals()

    def run(self) -> None:
        for entry in self.entries:
            if self.cancelled:
                return
            self.signals.inspected.emit(self.number, str(entry.path), inspect_cached(entry))


COLUMNS = ["时间", "类型", "大小", "会员", "走访", "记账", "体检", "状态"]
COUNT_COLUMNS = {"会员": 3, "走访": 4, "记账": 5, "体检": 6}
STATUS_COLUMN = 7


class RestoreDialog(QDialog):
    """The backups in this computer's backups folder, newest first, with what each
    holds; 恢复… after a confirmation that says what is replaced and where the current
    data is backed up first. `chosen` is the BackupInfo to restore once accepted."""

    def __init__(self, database: Path, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("从备份恢复")
        fit_window(self, QSize(820, 480))
        self.database = database
        self.chosen: BackupInfo | None = None
        self.entries: list[BackupFile] = []
        self.contents: dict[str, BackupInfo | str] = {}
        self.loader: _ContentsLoader | None = None
        loader_signals().inspected.connect(self._contents_arrived, Qt.ConnectionType.QueuedConnection)
        layout = QVBoxLayout(self)
        layout.addLayout(self._folder_row())
        self.folder_problem = QLabel(wordWrap=True, styleSheet="color: #b00020;")
        layout.addWidget(self.folder_problem)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.itemSelectionChanged.connect(self._show_selected)
        layout.addWidget(self.table, 1)
        self.details = QLabel(wordWrap=True, textInteractionFlags=Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details.setMinimumHeight(48)
        layout.addWidget(self.details)
        layout.addLayout(self._button_row())
        self.reload()

    def _folder_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.folder_label = QLabel(textInteractionFlags=Qt.TextInteractionFlag.TextSelectableByMouse)
        self.change_folder_button = QPushButton("更改…")
        self.change_folder_button.clicked.connect(self.change_folder)
        self.open_folder_button = QPushButton("打开文件夹")
        self.open_folder_button.clicked.connect(self.open_folder)
        row.addWidget(self.folder_label, 1)
        row.addWidget(self.change_folder_button)
        row.addWidget(self.open_folder_button)
        return row

    def _button_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.other_button = QPushButton("选择其他文件…")
        self.other_button.clicked.connect(self.choose_other_file)
        self.restore_button = QPushButton("恢复…")
        self.restore_button.clicked.connect(self.restore_selected)
        close = QPushButton("关闭")
        close.clicked.connect(self.reject)
        row.addWidget(self.other_button)
        row.addStretch(1)
        row.addWidget(self.restore_button)
        row.addWidget(close)
        return row

    # ------------------------------------------------------------ the list
    def reload(self) -> None:
        self._stop_loading()
        folder = config.backup_dir()
        self.folder_label.setText(f"备份文件夹：{folder}")
        try:
            entries = backup.list_backups(self.database.stem, backup.backup_folder())
            self.folder_problem.setVisible(False)
        except BackupError as exc:
            entries = []
            self.folder_problem.setText(str(exc))
            self.folder_problem.setVisible(True)
        self.entries = [e for e in entries if e.path.resolve() != self.database.resolve()]
        self.table.setRowCount(0)
        for entry in self.entries:
            self._add_row(entry, self.table.rowCount())
        if not self.entries:
            self.details.setText("这个文件夹里还没有这个数据库的备份。可以用“选择其他文件…”选择U盘等处的备份。")
        self._load_contents([e for e in self.entries if str(e.path) not in self.contents])
        if self.entries:
            self.table.selectRow(0)
        self._update_restore_button()

    def _add_row(self, entry: BackupFile, row: int) -> None:
        self.table.insertRow(row)
        cells = [f"{entry.made_at:%Y-%m-%d %H:%M}", entry.kind, backup.human_size(entry.size)]
        for column, text in enumerate(cells):
            item = QTableWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, str(entry.path))
            item.setToolTip(str(entry.path))
            self.table.setItem(row, column, item)
        self._show_contents(row, self.contents.get(str(entry.path)))

    def _show_contents(self, row: int, found: BackupInfo | str | None) -> None:
        for label, column in COUNT_COLUMNS.items():
            text = "…" if found is None else "—" if isinstance(found, str) else str(found.counts.get(label, "—"))
            item = QTableWidgetItem(text)
            item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.table.setItem(row, column, item)
        status = QTableWidgetItem("正在检查…" if found is None else "不能使用" if isinstance(found, str) else "完好")
        if isinstance(found, str):
            status.setForeground(QColor("#b00020"))
            status.setToolTip(found)
        self.table.setItem(row, STATUS_COLUMN, status)

    def _load_contents(self, entries: list[BackupFile]) -> None:
        if not entries:
            return
        self.loader = _ContentsLoader(entries)
        QThreadPool.globalInstance().start(self.loader)

    def _stop_loading(self) -> None:
        if self.loader is not None:
            self.loader.cancelled = True
            self.loader = None

    def _contents_arrived(self, number: int, path: str, found) -> None:
        if self.loader is None or number != self.loader.number:
            return  # another dialog's loader, or one this dialog stopped
        self.contents[path] = found
        row = self._row_of(path)
        if row is not None:
            self._show_contents(row, found)
            if row == self._selected_row():
                self._show_selected()

    def _row_of(self, path: str) -> int | None:
        for row in range(self.table.rowCount()):
            if self.table.item(row, 0).data(Qt.ItemDataRole.UserRole) == path:
                return row
        return None

    def _selected_row(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].row() if rows else None

    def _selected_path(self) -> str | None:
        row = self._selected_row()
        return None if row is None else self.table.item(row, 0).data(Qt.ItemDataRole.UserRole)

    def _show_selected(self) -> None:
        path = self._selected_path()
        found = self.contents.get(path) if path else None
        if path is None:
            self.details.setText("")
        elif found is None:
            self.details.setText(f"正在读取这个备份的内容…\n{path}")
        elif isinstance(found, str):
            self.details.setText(f"<span style='color:#b00020'>{_html(found)}</span><br>{_html(path)}")
        else:
            self.details.setText(f"{found.made_at:%Y-%m-%d %H:%M} 的备份：{found.counts_text()}。\n{path}")
        self._update_restore_button()

    def _update_restore_button(self) -> None:
        path = self._selected_path()
        self.restore_button.setEnabled(path is not None and isinstance(self.contents.get(path), BackupInfo))

    # ------------------------------------------------------------ actions
    def change_folder(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, "选择备份文件夹", str(config.backup_dir()))
        if not chosen:
            return
        try:
            folder = backup.set_backup_folder(Path(chosen))
        except BackupError as exc:
            show_error(self, exc, "备份文件夹没有更改")
            return
        QMessageBox.information(
            self,
            "备份文件夹已更改",
            f"以后的自动备份和恢复前的备份都放在：\n{folder}\n\n原来文件夹中的备份仍在原处，没有移动。",
        )
        self.reload()

    def open_folder(self) -> None:
        try:
            folder = backup.backup_folder()
        except BackupError as exc:
            show_error(self, exc, "无法打开备份文件夹")
            return
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    def choose_other_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, "选择备份文件", str(config.backup_dir()), "工会助手数据库 (*.db);;所有文件 (*)"
        )
        if not path:
            return
        chosen = Path(path)
        if chosen.resolve() == self.database.resolve():
            QMessageBox.warning(self, "从备份恢复", "这是当前正在使用的数据库文件本身，请选择一个备份文件。")
            return
        stat = chosen.stat()
        entry = BackupFile(chosen, datetime.fromtimestamp(stat.st_mtime), "其他文件", stat.st_size)
        existing = self._row_of(str(chosen))
        if existing is None:
            self.entries.insert(0, entry)
            self._add_row(entry, 0)
            existing = 0
        self.contents[str(chosen)] = inspect_cached(entry)  # one file: read now
        self._show_contents(existing, self.contents[str(chosen)])
        self.table.selectRow(existing)
        self._show_selected()
        if isinstance(self.contents[str(chosen)], str):
            QMessageBox.warning(self, "不能用这个文件恢复", self.contents[str(chosen)])

    def restore_selected(self) -> None:
        path = self._selected_path()
        if path is None:
            return
        try:  # read again: the file may have changed since the list was made
            info = backup.check_restorable(Path(path))
        except BackupError as exc:
            show_error(self, exc, "不能用这个备份恢复")
            return
        text = (
            f"当前数据库中的全部数据将被这个备份替换：\n{info.made_at:%Y-%m-%d %H:%M} 的备份，{info.counts_text()}。\n\n"
            f"替换之前，当前的数据会先备份到：\n{config.backup_dir()}\n\n确定要恢复吗？"
        )
        if confirm(self, "从备份恢复", text):
            self.chosen = info
            self.accept()

    def done(self, result: int) -> None:
        self._stop_loading()
        super().done(result)


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
