"""Background work: run a function on the thread pool and get its result or its error
back on the GUI thread, with a progress dialog the user can cancel.

Qt objects must be destroyed on the GUI thread; one destroyed on a worker can crash the
process. So a worker is given plain data only: the function to run (whose closure must
capture plain values — rows, a path, the Database — never a widget), its job number and
the stop flag. Everything Qt about a job (its dialog, its callbacks) stays in `_running`
on the GUI thread, and news comes back through one relay object that lives as long as the
application: a worker never holds the last reference to a Qt object, so none is freed
there. The other way a worker frees Qt objects — Python's cyclic garbage collector running
on it — is closed by ui.gui_gc."""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, Qt, QThreadPool, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget

from unionapp.ui.widgets import gui_gc
from unionapp.ui.widgets.common import show_error

Progress = Callable[[int, int], None]


class _Relay(QObject):
    """Carries workers' news to the GUI thread (signals emitted on a worker are queued to
    the relay's thread). Made on the GUI thread, owned by the application."""

    done = Signal(int, object)
    failed = Signal(int, object)
    progressed = Signal(int, int, int)

    def __init__(self, app: QCoreApplication):
        super().__init__(app)
        self.done.connect(self._done)
        self.failed.connect(self._failed)
        self.progressed.connect(self._progressed)

    @Slot(int, object)
    def _done(self, job_id: int, result: Any) -> None:
        _finish(job_id, "on_done", result)

    @Slot(int, object)
    def _failed(self, job_id: int, exc: BaseException) -> None:
        _finish(job_id, "on_error", exc)

    @Slot(int, int, int)
    def _progressed(self, job_id: int, done: int, total: int) -> None:
        _show_progress(job_id, done, total)


@dataclass(eq=False)
class _Job:
    """The GUI thread's side of one task; the worker never sees it."""

    dialog: QProgressDialog | None  # None: a quiet job (run_quietly)
    on_done: Callable[[Any], None]
    on_error: Callable[[BaseException], None]
    stop: threading.Event = field(default_factory=threading.Event)


_running: dict[int, _Job] = {}  # job number → its GUI side, until the worker reports
_numbers = itertools.count(1)
_relay: _Relay | None = None


def _the_relay() -> _Relay:
    global _relay
    if _relay is None or not shiboken6.isValid(_relay):
        app = QCoreApplication.instance()
        gui_gc.collect_on_gui_thread(app)  # no worker may ever run a garbage collection
        _relay = _Relay(app)
    return _relay


def run_task(
    parent: QWidget | None,
    label: str,
    fn: Callable[[], Any],
    on_done: Callable[[Any], None],
    on_error: Callable[[BaseException], None],
    cancellable: bool = True,
) -> QProgressDialog:
    """Run `fn` off the GUI thread. Cancelling drops the result: `fn` must not have written
    anything the user did not confirm (writes happen in their own short task). `fn` and
    what it returns must hold no Qt object (see the module's docstring)."""
    return _start(parent, label, lambda _stop, _progress: fn(), on_done, on_error, cancellable)


def run_with_progress(
    parent: QWidget | None,
    label: str,
    work: Callable[[Callable[[], bool], Progress], Any],
    on_done: Callable[[Any], None],
    on_error: Callable[[BaseException], None],
) -> QProgressDialog:
    """run_task for a writer: `work(cancelled, progress)` gets the cancel flag of the
    dialog's 取消 button and a progress callback that is safe to call from the worker."""
    return _start(parent, label, lambda stop, progress: work(stop.is_set, progress), on_done, on_error, True)


def run_quietly(
    fn: Callable[[], Any], on_done: Callable[[Any], None], on_error: Callable[[BaseException], None]
) -> None:
    """run_task without a dialog, for a short read the user does not wait on (what a form
    shows beside its fields): the GUI thread stays free while typing, and no dialog flashes."""
    relay = _the_relay()
    job_id, job = next(_numbers), _Job(None, on_done, on_error)
    _running[job_id] = job
    QThreadPool.globalInstance().start(_worker(job_id, lambda _stop, _progress: fn(), job.stop, relay))


def _start(parent, label, call, on_done, on_error, cancellable) -> QProgressDialog:
    relay = _the_relay()
    dialog = QProgressDialog(label, "取消" if cancellable else None, 0, 0, parent)
    dialog.setWindowTitle("请稍候")
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(300)
    dialog.setValue(0)  # starts the 300 ms clock; without it the dialog waits Qt's default 4 s
    job_id, job = next(_numbers), _Job(dialog, on_done, on_error)
    _running[job_id] = job
    dialog.canceled.connect(job.stop.set)
    QThreadPool.globalInstance().start(_worker(job_id, call, job.stop, relay))
    return dialog


def _worker(job_id: int, call: Callable, stop: threading.Event, relay: _Relay) -> Callable[[], None]:
    """What the pool runs: nothing here but plain values and the long-lived relay."""

    def progress(done: int, total: int) -> None:
        relay.progressed.emit(job_id, done, total)

    def run() -> None:
        try:
            result = call(stop, progress)
        except BaseException as exc:  # noqa: BLE001 - handed to the GUI thread
            relay.failed.emit(job_id, exc)
        else:
            relay.done.emit(job_id, result)

    return run


def _finish(job_id: int, callback: str, value: Any) -> None:
    job = _running.pop(job_id, None)
    if job is None:
        return
    if job.dialog is not None and shiboken6.isValid(job.dialog):  # gone when its parent window was closed meanwhile
        job.dialog.reset()
        job.dialog.deleteLater()  # a hidden dialog per task would pile up on the parent
    if not job.stop.is_set():
        getattr(job, callback)(value)


def _show_progress(job_id: int, done: int, total: int) -> None:
    job = _running.get(job_id)
    if job is None or job.stop.is_set() or job.dialog is None or not shiboken6.isValid(job.dialog):
        return
    if job.dialog.maximum() != total:
        job.dialog.setRange(0, total)
    job.dialog.setValue(min(done, total - 1))  # reaching the maximum would close it early


class LatestReads:
    """A widget's reads on workers, by kind ("year", "detail" ...): only the latest read
    of each kind reaches its `show` — an older one arriving late is dropped, and none
    arrives once the widget is gone. `pending` holds the kinds being read."""

    def __init__(self, owner: QWidget):
        self.owner = owner
        self._serials: dict[str, int] = {}
        self.pending: set[str] = set()

    def run(
        self,
        key: str,
        work: Callable[[], Any],
        show: Callable[[Any], None],
        failed_title: str,
        label: str | None = None,
    ) -> QProgressDialog | None:
        """Read with `work`; `label`: a progress dialog if it takes a moment (run_task),
        None: quietly (run_quietly), for a read beside what the user is doing."""
        serial = self.forget(key)
        self.pending.add(key)

        def current() -> bool:
            return serial == self._serials[key] and shiboken6.isValid(self.owner)

        def done(result) -> None:
            if current():
                self.pending.discard(key)
                show(result)

        def failed(exc: BaseException) -> None:
            if current():
                self.pending.discard(key)
                show_error(self.owner, exc, failed_title)

        if label is None:
            run_quietly(work, done, failed)
            return None
        return run_task(self.owner, label, work, done, failed, cancellable=False)

    def forget(self, key: str) -> int:
        """Drop whatever read of `key` is under way (nothing to read any more); its serial."""
        self._serials[key] = self._serials.get(key, 0) + 1
        self.pending.discard(key)
        return self._serials[key]
