"""Background work: run a function on the thread pool and get its result or its error
back on the GUI thread, with a progress dialog the user can cancel."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget


class _Signals(QObject):
    done = Signal(object)
    failed = Signal(object)


class _Task(QRunnable):
    def __init__(self, fn: Callable[[], Any]):
        super().__init__()
        self.fn = fn
        self.signals = _Signals()

    def run(self) -> None:
        try:
            result = self.fn()
        except BaseException as exc:  # noqa: BLE001 - handed to the GUI thread
            self.signals.failed.emit(exc)
        else:
            self.signals.done.emit(result)


_running: set[_Task] = set()  # keep the signal objects alive until the task reports


def run_task(parent: QWidget | None, label: str, fn: Callable[[], Any],
             on_done: Callable[[Any], None], on_error: Callable[[BaseException], None],
             cancellable: bool = True) -> QProgressDialog:
    """Run `fn` off the GUI thread. Cancelling drops the result: `fn` must not have written
    anything the user did not confirm (writes happen in their own short task)."""
    dialog = QProgressDialog(label, "取消" if cancellable else None, 0, 0, parent)
    dialog.setWindowTitle("请稍候")
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(300)
    dialog.setValue(0)  # starts the 300 ms clock; without it the dialog waits Qt's default 4 s
    task = _Task(fn)
    _running.add(task)
    state = {"cancelled": False}

    def finish(callback, value):
        _running.discard(task)
        dialog.reset()
        if not state["cancelled"]:
            callback(value)

    dialog.canceled.connect(lambda: state.update(cancelled=True))
    task.signals.done.connect(lambda r: finish(on_done, r), Qt.ConnectionType.QueuedConnection)
    task.signals.failed.connect(lambda e: finish(on_error, e), Qt.ConnectionType.QueuedConnection)
    QThreadPool.globalInstance().start(task)
    return dialog
