"""Starting the window: Qt application, bundled font, Qt in Chinese, logging, error hook, database, first run."""

from __future__ import annotations

import logging
import os
import sys
import threading
import time
import traceback
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSettings, QThreadPool, QTimer
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication, QMessageBox

from unionapp import APP_TITLE, config, logs, privacy
from unionapp.db import shared
from unionapp.db.opening import check_ahead, close_database
from unionapp.domain.masking import mask_text
from unionapp.ui.shell.translation import install_chinese
from unionapp.ui.widgets import gui_gc

log = logging.getLogger("unionapp")
# Set by the benchmark: print when the window is shown and filled, then quit ("settled":
# quit SETTLED_MS later, once the start's later work — 五必访, the backup — has run).
STARTUP_REPORT_ENV = "UNIONAPP_STARTUP_REPORT"
SETTLED_MS = 6000
AUTO_BACKUP_AFTER_MS = 2000
FIRST_ROWS_LATEST_MS = 3000  # the first run's question waits for the first rows this long at most


def setup_logging() -> None:
    """The log file, with ID numbers and phones masked in everything written to it."""
    logs.open_log()


def install_excepthook() -> None:
    """An unexpected error is logged and shown politely instead of killing the window."""

    def hook(exc_type, exc, tb):
        text = "".join(traceback.format_exception(exc_type, exc, tb))
        log.error("unexpected error\n%s", text)
        if QApplication.platformName() == "offscreen":  # scripted/headless run: nobody to click OK
            sys.stderr.write(mask_text(text))
            return
        QMessageBox.critical(
            None,
            "意外错误",
            "工会助手遇到了意外错误，刚才的操作可能没有完成，已保存的数据不受影响。\n"
            f"详细信息已记录在：{config.log_path()}",
        )

    sys.excepthook = hook


def register_bundled_font(app: QApplication) -> None:
    """Chinese must render even on a machine with no CJK font: use the font we ship as fallback."""
    font_id = QFontDatabase.addApplicationFont(str(config.font_path()))
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    if not families:
        log.warning("bundled font not loaded: %s", config.font_path())
        return
    font = QFont(app.font())
    font.setFamilies([app.font().family(), families[0]])
    app.setFont(font)


def make_application() -> QApplication:
    app = QApplication.instance() or QApplication(sys.argv)
    app.setOrganizationName("unionapp")
    app.setApplicationName(APP_TITLE)
    register_bundled_font(app)
    install_chinese(app)  # Qt's own buttons and dialogs in Chinese
    gui_gc.collect_on_gui_thread(app)  # before any worker starts: Qt objects die on this thread only
    return app


def choose_database(db_arg: str | None) -> str:
    """--db wins; else the database last opened in the window; else the default file."""
    if db_arg:
        return config.database_url(db_arg)
    last = QSettings().value("database/last")
    server = shared.parse(str(last)) if last else None
    if server is not None:
        return _shared_url(server) or config.database_url(None)
    if last and Path(str(last)).exists():
        return config.database_url(str(last))
    return config.database_url(None)


def _shared_url(server: shared.SharedDatabase) -> str | None:
    """The shared database used last time, with the password from the keyring, or asked
    for; None when the user cancels (the local file opens instead)."""
    password = shared.load_password(server)
    if password:
        return server.url(password)
    from unionapp.ui.shell.shared_db_dialog import SharedDatabaseDialog

    dialog = SharedDatabaseDialog(
        None, server, note=f"上次使用的是共享数据库 {server.shown()}，请输入密码连接。取消则打开本机的数据库文件。"
    )
    return dialog.url() if dialog.exec() else None


def start_auto_backup(db) -> None:
    """A verified snapshot when the data changed since the last one, off the GUI thread
    (it touches only SQLite files, no Qt). A failure is logged, never in the user's way."""
    path = db.sqlite_path
    if path is None or db.read_only:
        return

    def work() -> None:
        from unionapp.services.backup import auto_backup

        try:
            made = auto_backup(path)
            if made:
                log.info("automatic backup written: %s", made)
        except Exception:  # noqa: BLE001 - a backup problem must not stop the app
            log.exception("automatic backup failed")

    threading.Thread(target=work, name="auto-backup", daemon=True).start()


def report_when_filled(app: QApplication, window, started: float, shown: float) -> None:
    """For the benchmark: once the tab the window opened on (首页's care list, or the 会员
    table) shows its rows, read on a worker while the window painted, print the time (and
    how long after the window was shown) and quit."""
    tab = window.tabs.currentWidget()
    if not hasattr(tab, "rows_arrived"):
        tab = window.members_tab

    def report() -> None:
        app.processEvents()  # the rows painted
        rows = tab.filled_rows() if hasattr(tab, "filled_rows") else tab.model.rowCount()
        print(
            f"window_filled_at={time.time():.4f} in_process_s={time.perf_counter() - started:.4f}"
            f" after_shown_s={time.perf_counter() - shown:.4f} rows={rows}",
            flush=True,
        )
        settled = os.environ.get(STARTUP_REPORT_ENV) == "settled"
        QTimer.singleShot(SETTLED_MS if settled else 0, app.quit)

    if tab.rows_ready:
        report()
    else:
        tab.rows_arrived.connect(report)


def after_first_rows(window, then: Callable[[], None]) -> None:
    """`then`, once: when the tab the window opened on shows its first rows, or after
    FIRST_ROWS_LATEST_MS if they never come (their read failed). Until then the start's
    read has the processor to itself: Python runs one thread at a time. `then` runs from
    the event loop, not inside the signal: a dialog it opens may rebuild the tabs."""
    tab = window.tabs.currentWidget()
    if getattr(tab, "rows_ready", True):  # a tab that reads nothing at start
        QTimer.singleShot(0, window, then)
        return
    pending = [then]

    def once() -> None:
        if pending:
            QTimer.singleShot(0, window, pending.pop())

    tab.rows_arrived.connect(once)
    QTimer.singleShot(FIRST_ROWS_LATEST_MS, window, once)


def ask_first_question(window) -> None:
    """The first run's questions, or 本机使用人 (ui.shell.first_run), if the database needs them."""
    from unionapp.ui.shell.first_run import first_question

    ask = first_question(window.db)
    if ask is not None:
        ask(window)


def run_gui(db_arg: str | None) -> int:
    started = time.perf_counter()
    privacy.private_by_default()  # also when started without the command line's main
    privacy.protect_app_files()
    app = make_application()
    setup_logging()
    install_excepthook()
    url = choose_database(db_arg)
    check_ahead(url)  # SQLite checks the file on a thread while the window's modules load
    from unionapp.ui.shell.backup_dialogs import open_for_window
    from unionapp.ui.shell.main_window import MainWindow

    db = open_for_window(None, url)  # the writer lock, or read-only, or a backup
    if db is None and not db_arg and shared.parse(url):
        # The shared server can't be reached today (the message said why): this PC's own file
        # opens instead, so the app is still usable; next start tries the server again.
        db = open_for_window(None, config.database_url(None))
    if db is None:
        return 1
    window = MainWindow(db, first_load_in_background=True)
    window.show()
    shown = time.perf_counter()
    # The snapshot waits until the start's reads are done: it then takes neither their
    # time nor, on top of theirs, its memory (SQLite's pages of a 20 MB file).
    QTimer.singleShot(AUTO_BACKUP_AFTER_MS, lambda: start_auto_backup(db))
    if os.environ.get(STARTUP_REPORT_ENV):
        report_when_filled(app, window, started, shown)
    else:
        after_first_rows(window, lambda: ask_first_question(window))
    code = app.exec()
    # Background loads still running must end while the QApplication exists (a worker
    # outliving it aborts the process), and before the engine they use is disposed.
    QThreadPool.globalInstance().waitForDone()
    close_database(window.db)  # the one open now (switching closed the others); frees the writer lock
    return code
