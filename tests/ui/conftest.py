"""UI test fixtures: private QSettings, a main window on a demo database, and helpers
that keep every modal dialog from blocking (static message boxes are recorded, real
dialogs are driven from a timer while their own event loop runs)."""

from __future__ import annotations

import gc
import os
import sys
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, QThreadPool, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from unionapp import config
from unionapp.db import opening
from unionapp.db.opening import open_database
from unionapp.services.demo import create_demo
from unionapp.ui.funds import budget_view as funds_budget_view
from unionapp.ui.funds import categories_dialog as funds_categories_dialog
from unionapp.ui.funds import entry_dialog as funds_entry_dialog
from unionapp.ui.funds import tab as funds_tab
from unionapp.ui.members import groups_dialog
from unionapp.ui.members import tab as members_tab
from unionapp.ui.shell.app import make_application
from unionapp.ui.visits import types_dialog as visits_types_dialog
from unionapp.ui.widgets import forms

from .helpers import DEMO_MEMBERS, wait_loaded, wait_visits


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """A wait for a worker's read that timed out says why in the report: whether the read is
    still running (and where each thread is) or finished without its result being shown."""
    outcome = yield
    excinfo = call.excinfo
    if excinfo is not None and type(excinfo.value).__name__ == "TimeoutError":
        outcome.get_result().sections.append(("worker threads at the timeout", _threads_now()))


_worker_states: dict[int, str] = {}  # job number → how far its worker got (see trace_workers)
_collections: list[tuple[float, float, int, int]] = []  # GUI thread: (ended at, seconds, generation, freed)


@pytest.fixture(scope="session", autouse=True)
def trace_workers():
    """Each job's worker notes when it started, how long it ran and how it ended, and the
    GUI thread's long garbage collections are noted: a wait that times out then tells a
    job never run, a slow one, and a GUI thread held up (a multi-second collection, the
    cause of the timeouts CI saw) apart."""
    from unionapp.ui.widgets import tasks

    real = tasks._worker

    def traced(job_id, call, stop, relay):
        def traced_call(stop_, progress):
            started = time.monotonic()
            _worker_states[job_id] = f"started at {started:.2f}, not finished"
            try:
                result = call(stop_, progress)
            except BaseException as exc:
                _worker_states[job_id] = _ended(started, f"failed: {exc!r}"[:300])
                raise
            _worker_states[job_id] = _ended(started, "its result was sent")
            return result

        return real(job_id, traced_call, stop, relay)

    began: list[float] = [0.0]

    def timed(phase, info):
        if threading.current_thread() is not threading.main_thread():
            return
        now = time.monotonic()
        if phase == "start":
            began[0] = now
        elif now - began[0] > 0.1:
            _collections.append((now, now - began[0], info["generation"], info["collected"]))
            del _collections[:-5]  # the last five are enough to see what held the GUI thread

    tasks._worker = traced
    gc.callbacks.append(timed)
    yield
    gc.callbacks.remove(timed)
    tasks._worker = real


def _ended(started: float, how: str) -> str:
    now = time.monotonic()
    return f"started at {started:.2f}, ran {now - started:.2f} s, ended at {now:.2f}: {how}"


def _threads_now() -> str:
    from unionapp.ui.widgets import tasks

    pool = QThreadPool.globalInstance()
    names = {t.ident: t.name for t in threading.enumerate()}
    waiting = {job: _worker_states.get(job, "never started") for job in sorted(tasks._running)}
    long_ones = [
        f"{seconds:.2f} s (generation {generation}, {freed} objects freed) ended at {ended:.2f}"
        for ended, seconds, generation, freed in _collections
    ]
    lines = [
        f"now {time.monotonic():.2f}; pool: {pool.activeThreadCount()} of {pool.maxThreadCount()} threads busy; "
        f"jobs not yet reported back: {waiting}",
        f"the GUI thread's last collections over 0.1 s: {long_ones or 'none'}",
    ]
    for ident, frame in sys._current_frames().items():
        if ident == threading.get_ident():
            continue  # the main thread is here, writing this report
        lines.append(f"--- thread {names.get(ident, ident)}")
        lines.extend(line.rstrip() for line in traceback.format_stack(frame)[-12:])
    return "\n".join(lines)


WAIT_MS = 30_000  # qtbot.waitUntil's default here (pytest-qt's: 5 s)


@pytest.fixture(scope="session", autouse=True)
def patient_waits():
    """A wait for a worker's rows gets 30 s unless the test says otherwise. The test
    process holds a million objects and more; the collection that frees several tests'
    windows at once held the GUI thread 4-7 s on this 2-core machine (seen in CI: the
    rows were read in 0.02 s, then shown only after the collection, past pytest-qt's
    5 s). A wait still ends the moment its condition holds."""
    real = QtBot.waitUntil

    def wait_until(self, callback, *, timeout: int = WAIT_MS) -> None:
        real(self, callback, timeout=timeout)

    QtBot.waitUntil = wait_until
    yield
    QtBot.waitUntil = real


@pytest.fixture(scope="session")
def app(qapp):
    """The pytest-qt application, named and given the bundled font as the real app does."""
    return make_application()


@pytest.fixture(autouse=True)
def private_settings(app, tmp_path):
    """Each test reads and writes its own QSettings files, never the user's."""
    folder = tmp_path / "qsettings"
    folder.mkdir()
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    for fmt in (QSettings.Format.IniFormat, QSettings.Format.NativeFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, str(folder))
    QSettings().clear()
    yield folder
    QSettings().sync()


@pytest.fixture(autouse=True)
def workers_end_within_their_test():
    """No worker of a test runs on into the next one's (a tab made by a fixture of its own
    leaves reads behind as open_window's would): the pool is empty before the next begins."""
    yield
    assert QThreadPool.globalInstance().waitForDone(60_000), "a worker still ran 60 s after its test ended"


@dataclass
class MessageLog:
    """Static QMessageBox calls made during a test, and the answer `confirm` gives."""

    shown: list[tuple[str, str, str]] = field(default_factory=list)  # (kind, title, text)
    confirm_answer: bool | None = None  # None: a confirmation is not expected
    confirmations: list[str] = field(default_factory=list)
    discard_answer: bool = True  # 放弃修改？ on closing a changed form: yes, unless a test says no
    discard_questions: int = 0

    def texts(self, kind: str | None = None) -> list[str]:
        return [text for k, _title, text in self.shown if kind is None or k == kind]


@pytest.fixture(autouse=True)
def messages(monkeypatch) -> MessageLog:
    log = MessageLog()

    def recorder(kind, result=QMessageBox.StandardButton.Ok):
        def show(_parent, title, text, *_args, **_kwargs):
            log.shown.append((kind, title, text))
            return result

        return staticmethod(show)

    for kind in ("warning", "information", "critical"):
        monkeypatch.setattr(QMessageBox, kind, recorder(kind))
    monkeypatch.setattr(QMessageBox, "about", recorder("about", None))
    monkeypatch.setattr(QMessageBox, "question", recorder("question", QMessageBox.StandardButton.No))

    def fake_confirm(_parent, _title, text):
        log.confirmations.append(text)
        assert log.confirm_answer is not None, f"unexpected confirmation: {text}"
        return log.confirm_answer

    def fake_ask_discard(_parent):
        log.discard_questions += 1
        return log.discard_answer

    monkeypatch.setattr(forms, "ask_discard", fake_ask_discard)
    for module in (
        members_tab,
        groups_dialog,
        funds_tab,
        funds_entry_dialog,
        funds_budget_view,
        funds_categories_dialog,
        visits_types_dialog,
    ):
        monkeypatch.setattr(module, "confirm", fake_confirm)
    return log


def visible_windows(cls: type) -> list[QWidget]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, cls) and w.isVisible()]


class ModalDriver:
    """Runs `trigger`, which opens a modal dialog of type `cls`; `handler(dialog)` is called
    from inside the dialog's event loop. The dialog is rejected afterwards if the handler
    left it open, so a failing assertion never leaves the test hanging."""

    def __init__(self, qtbot):
        self.qtbot = qtbot

    def run(
        self, cls: type, handler: Callable[[QWidget], None], trigger: Callable[[], object], timeout: float = 10.0
    ) -> None:
        state: dict = {"done": False, "error": None, "stopped": False}
        deadline = time.monotonic() + timeout

        def poll():
            if state["stopped"]:
                return
            found = visible_windows(cls)
            if not found:
                if time.monotonic() < deadline:
                    QTimer.singleShot(10, poll)
                else:
                    state["error"] = AssertionError(f"no {cls.__name__} opened")
                    state["done"] = True
                return
            dialog = found[-1]
            try:
                handler(dialog)
            except BaseException as exc:  # noqa: BLE001 - re-raised in the test below
                state["error"] = exc
            finally:
                if dialog.isVisible():
                    dialog.reject()
                state["done"] = True

        QTimer.singleShot(0, poll)
        try:
            trigger()
            self.qtbot.waitUntil(lambda: state["done"], timeout=int(timeout * 1000) + 1000)
        finally:
            state["stopped"] = True
        if state["error"] is not None:
            raise state["error"]


@pytest.fixture
def modal(qtbot) -> ModalDriver:
    return ModalDriver(qtbot)


@pytest.fixture
def demo_db(db):
    create_demo(db, members_count=DEMO_MEMBERS, seed=1)
    return db


@pytest.fixture
def open_window(qtbot):
    """Factory: a shown MainWindow on a database, closed (and its settings saved) at the end."""
    from unionapp.ui.shell.main_window import MainWindow

    def make(database):
        if QSettings().value("window/tab") is None:
            # The tests written before 首页 came first drive the roster: the window opens
            # on 会员 for them; tests of 首页 (test_home*) save "home" first.
            QSettings().setValue("window/tab", "members")
        window = MainWindow(database)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        return window

    yield make
    # As the app ends (ui.shell.app), the reads still running on workers finish before the
    # database is disposed (by the db fixture, after this): none outlives its test into
    # the next one's. Nothing runs them again: no event is processed until qtbot closes
    # the windows.
    QThreadPool.globalInstance().waitForDone()


@pytest.fixture
def window(demo_db, open_window):
    return open_window(demo_db)


@pytest.fixture
def tab(window):
    return window.members_tab


@pytest.fixture
def funds(window, qtbot):
    """The 经费 tab of the demo window (three years of demo funds, past years closed), loaded."""
    window.tabs.setCurrentWidget(window.funds_tab)
    wait_loaded(qtbot, window.funds_tab)
    return window.funds_tab


@pytest.fixture
def empty_books_db(db):
    """The demo school's members with no funds at all: a union starting its books."""
    create_demo(db, members_count=DEMO_MEMBERS, years=0, seed=1)
    return db


@pytest.fixture
def new_books(empty_books_db, open_window, qtbot):
    """The 经费 tab of a window on `empty_books_db`, loaded."""
    window = open_window(empty_books_db)
    window.tabs.setCurrentWidget(window.funds_tab)
    wait_loaded(qtbot, window.funds_tab)
    return window.funds_tab


@pytest.fixture
def read_only_db(demo_db, db_path, monkeypatch):
    """The demo database file, made read-only. Tests run as root, for whom os.access always
    says "writable", so the check in db.opening is told the truth about this file."""
    demo_db.dispose()  # closing the last connection folds the WAL into the file
    os.chmod(db_path, 0o444)
    real_access = os.access

    def access(path, mode, *args, **kwargs):
        if Path(path) == db_path and mode & os.W_OK:
            return False
        return real_access(path, mode, *args, **kwargs)

    monkeypatch.setattr(opening.os, "access", access)
    database = open_database(config.database_url(str(db_path)))
    yield database
    database.dispose()
    os.chmod(db_path, 0o644)


@pytest.fixture
def visits_tab(window, qtbot):
    """The 五必访 tab of the demo window (three years of demo visits), current and loaded."""
    window.tabs.setCurrentWidget(window.visits_tab)
    wait_visits(qtbot, window.visits_tab)
    return window.visits_tab
