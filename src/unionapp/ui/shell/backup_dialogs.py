"""Opening a database safely and the backup commands of the 文件 menu: the prompt when
another copy of the app has the file open, the offer of the newest good backup for a
damaged file, 备份到… and the 从备份恢复 dialog (which also shows and changes the
backups folder of this computer)."""

from __future__ import annotations

import itertools
import threading
from datetime import datetime
from pathlib import Path

import shiboken6
from PySide6.QtCore import (
    QCoreApplication, QObject, QRunnable, QSettings, QStandardPaths, Qt, QThreadPool, QUrl, Signal,
)
from PySide6.QtGui import QColor, QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView, QApplication, QDialog, QFileDialog, QHBoxLayout, QHeaderView, QLabel, QMessageBox, QPushButton,
    QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

from unionapp import config
from unionapp.db import lock as writer_lock
from unionapp.db.engine import Database
from unionapp.db.errors import DatabaseOpenError
from unionapp.db.opening import DamagedDatabaseError, open_database
from unionapp.services import backup
from unionapp.services.backup import BackupError, BackupFile, BackupInfo
from unionapp.ui.widgets.common import confirm, show_error
from unionapp.ui.widgets.tasks import run_task

LAST_BACKUP_DIR_KEY = "backup/last_target_dir"
IN_USE_BANNER = "另一位用户正在使用这个数据库（{who}）：现在只能查看和查找，不能修改。对方关闭工会助手后，重新打开数据库即可修改。"


# ---------------------------------------------------------------- opening a file
def open_for_window(parent: QWidget | None, url: str) -> Database | None:
    """Open a database for the window: with the one-writer lock, or read-only when the
    user agrees because another copy holds it; a damaged file is offered the newest good
    backup. None when it can't be opened (the user has been told why)."""
    try:
        return open_database(url, lock=True)
    except writer_lock.DatabaseLockedError as exc:
        return _open_read_only(parent, url, exc.holder)
    except DamagedDatabaseError as exc:
        return _offer_backup_for_damaged(parent, url, exc)
    except DatabaseOpenError as exc:
        _cannot_open(parent, url, exc)
        return None


def in_use_banner(db: Database) -> str:
    holder = db.lock_holder or writer_lock.LockHolder()
    who = f"{holder.computer} 上的 {holder.who()}" if holder.computer else holder.who()
    return IN_USE_BANNER.format(who=who)


def _cannot_open(parent: QWidget | None, url: str, exc: Exception) -> None:
    QMessageBox.warning(parent, "无法打开数据库", f"{exc}\n\n数据库位置：{_where(url)}")


def _where(url: str) -> str:
    try:
        probe = Database(url)
    except Exception:  # noqa: BLE001 - an unusable URL is shown as given
        return url
    try:
        return str(probe.sqlite_path or probe.url.render_as_string(hide_password=True))
    finally:
        probe.dispose()


def _open_read_only(parent: QWidget | None, url: str, holder: writer_lock.LockHolder) -> Database | None:
    box = QMessageBox(QMessageBox.Icon.Information, "数据库正在使用",
                      f"{holder.message()}\n\n以只读方式打开，可以查看、查找、打印和导出，但不能修改。", parent=parent)
    read_only = box.addButton("以只读方式打开", QMessageBox.ButtonRole.AcceptRole)
    box.addButton("取消", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(read_only)
    box.exec()
    if box.clickedButton() is not read_only:
        return None
    try:
        db = open_database(url, create=False, read_only=True)
    except DatabaseOpenError as exc:
        _cannot_open(parent, url, exc)
        return None
    db.lock_holder = holder
    return db


def _offer_backup_for_damaged(parent: QWidget | None, url: str, damage: DamagedDatabaseError) -> Database | None:
    """The newest good backup (or one the user picks, e.g. on a USB stick) in place of the
    damaged file, which is kept aside, never deleted."""
    try:
        info, folder_note = backup.latest_good_backup(damage.path.stem), ""
    except BackupError as exc:  # the backups folder is on a removed USB stick, say
        info, folder_note = None, str(exc)
    if damage.not_sqlite and info is None:  # most likely the wrong file was chosen: just say so
        _cannot_open(parent, url, damage)
        return None
    choice = _ask_about_damaged(parent, damage, info, folder_note)
    if choice == "other":
        info = _pick_backup_file(parent)
    if choice is None or info is None:
        return None
    return _replace_damaged(parent, url, damage.path, info)


def _ask_about_damaged(parent, damage: DamagedDatabaseError, info: BackupInfo | None, folder_note: str) -> str | None:
    keep = f"损坏的文件不会删除，会改名为 {damage.path.stem}-damaged-（日期时间）.db 留在原处。"
    if info is not None:
        text = (f"{damage}\n\n最近的完好备份是 {info.made_at:%Y-%m-%d %H:%M}（{info.counts_text()}）。要用它恢复吗？\n"
                f"这次备份之后的修改不在其中，恢复后请核对补录。{keep}")
    else:
        where = folder_note or f"备份文件夹（{config.backup_dir()}）中没有这个数据库的完好备份。"
        text = f"{damage}\n\n{where}\n如果在U盘或其他地方有备份，可以选择它来恢复。{keep}"
    box = QMessageBox(QMessageBox.Icon.Critical, "数据库文件已损坏", text, parent=parent)
    latest = box.addButton("用这个备份恢复", QMessageBox.ButtonRole.AcceptRole) if info is not None else None
    other = box.addButton("选择其他备份…" if info is not None else "选择备份文件…", QMessageBox.ButtonRole.ActionRole)
    box.addButton("取消", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(latest or other)
    box.exec()
    clicked = box.clickedButton()
    return "latest" if latest is not None and clicked is latest else "other" if clicked is other else None


def _pick_backup_file(parent) -> BackupInfo | None:
    path, _ = QFileDialog.getOpenFileName(parent, "选择备份文件", str(config.backup_dir()),
                                          "工会助手数据库 (*.db);;所有文件 (*)")
    if not path:
        return None
    try:
        return backup.check_restorable(Path(path))
    except BackupError as exc:
        show_error(parent, exc, "不能用这个文件恢复")
        return None


def _replace_damaged(parent, url: str, path: Path, info: BackupInfo) -> Database | None:
    try:
        held = writer_lock.acquire(path)  # nobody else may open it while it is replaced
    except writer_lock.DatabaseLockedError as exc:
        QMessageBox.warning(parent, "数据库正在使用", str(exc))
        return None
    except OSError:
        held = None
    try:
        aside = backup.replace_damaged(path, info.path)
        db = open_database(url, lock=True)
    except (BackupError, DatabaseOpenError) as exc:
        _cannot_open(parent, url, exc)
        return None
    finally:
        if held is not None:
            held.release()  # the opened database holds its own share of the lock
    QMessageBox.information(parent, "已从备份恢复",
                            f"已用 {info.made_at:%Y-%m-%d %H:%M} 的备份恢复（{info.counts_text()}）。\n"
                            f"这次备份之后的修改不在其中，请核对后补录。\n\n损坏的文件没有删除，保留为：\n{aside}")
    return db


# ---------------------------------------------------------------- 备份到…
def backup_to(window) -> None:
    """文件 → 备份到…: a verified copy where the user says (a USB stick, say), written off
    the GUI thread; then where it is and how big."""
    source = window.db.sqlite_path
    start = QSettings().value(LAST_BACKUP_DIR_KEY) or QStandardPaths.writableLocation(
        QStandardPaths.StandardLocation.DocumentsLocation)
    name = f"工会数据-{datetime.now():%Y%m%d-%H%M}.db"
    chosen, _ = QFileDialog.getSaveFileName(window, "备份到", str(Path(start) / name), "工会助手数据库 (*.db)")
    if not chosen:
        return
    target = Path(chosen) if Path(chosen).suffix.lower() == ".db" else Path(chosen + ".db")
    if target.resolve() == source.resolve():
        QMessageBox.warning(window, "备份到", "不能把数据库备份到它自己身上，请换一个文件名或位置。")
        return
    QSettings().setValue(LAST_BACKUP_DIR_KEY, str(target.parent))

    def done(made: Path) -> None:
        size = backup.human_size(made.stat().st_size)
        QMessageBox.information(window, "备份完成", f"已备份并校验通过：\n{made}\n大小：{size}\n\n"
                                                   "需要时，用“文件 → 从备份恢复…”中的“选择其他文件…”恢复它。")

    run_task(window, f"正在备份到 {target} …", lambda: backup.write_snapshot(source, target), done,
             lambda exc: show_error(window, exc, "备份没有完成"), cancellable=False)


# ---------------------------------------------------------------- 从备份恢复…
def restore_into(window) -> None:
    """文件 → 从备份恢复…: choose a backup, then the window closes its database, the
    current file is backed up, the backup is put in its place and the window re-opens it."""
    path = window.db.sqlite_path
    dialog = RestoreDialog(path, window)
    if dialog.exec() != QDialog.DialogCode.Accepted or dialog.chosen is None:
        return
    info = dialog.chosen
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)  # a few seconds for a large file
    try:
        QThreadPool.globalInstance().waitForDone()  # the tabs' background loads use the engine
        window.db.dispose()  # it reconnects by itself should the restore fail
        kept = backup.restore(path, info.path)
    except BackupError as exc:
        QApplication.restoreOverrideCursor()
        show_error(window, exc, "恢复没有完成")
        return
    QApplication.restoreOverrideCursor()
    window.switch_database(str(path))
    before = f"恢复前的数据已备份到：\n{kept}" if kept else ""
    QMessageBox.information(window, "恢复完成",
                            f"已用 {info.made_at:%Y-%m-%d %H:%M} 的备份恢复（{info.counts_text()}）。\n\n{before}")


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
        self.resize(820, 480)
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
        QMessageBox.information(self, "备份文件夹已更改",
                                f"以后的自动备份和恢复前的备份都放在：\n{folder}\n\n原来文件夹中的备份仍在原处，没有移动。")
        self.reload()

    def open_folder(self) -> None:
        try:
            folder = backup.backup_folder()
        except BackupError as exc:
            show_error(self, exc, "无法打开备份文件夹")
            return
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    def choose_other_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "选择备份文件", str(config.backup_dir()),
                                              "工会助手数据库 (*.db);;所有文件 (*)")
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
        text = (f"当前数据库中的全部数据将被这个备份替换：\n{info.made_at:%Y-%m-%d %H:%M} 的备份，{info.counts_text()}。\n\n"
                f"替换之前，当前的数据会先备份到：\n{config.backup_dir()}\n\n确定要恢复吗？")
        if confirm(self, "从备份恢复", text):
            self.chosen = info
            self.accept()

    def done(self, result: int) -> None:
        self._stop_loading()
        super().done(result)


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
