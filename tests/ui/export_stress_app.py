"""The export stress test's child program: the real window on a demo database runs COUNT
exports in a row (xlsx and PDF alternately, through the 导出Excel/导出PDF commands), while
the GUI thread keeps making garbage cycles that hold Qt objects (widgets, timers, pixmaps,
images, fonts, painters) — the kind of garbage a window leaves behind as dialogs come and go.

A Qt object finalised on a worker thread can kill the process (a segfault) or corrupt it
quietly; so besides finishing, the program counts the garbage Qt objects finalised off the
GUI thread and fails when there is one. Exit code 0: every export written, every Qt object
finalised on the GUI thread. Usage: python export_stress_app.py FOLDER COUNT"""

from __future__ import annotations

import os
import sys
import threading
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QObject, QTimer  # noqa: E402
from PySide6.QtGui import QFont, QImage, QPainter, QPixmap  # noqa: E402
from PySide6.QtWidgets import QDialog, QWidget  # noqa: E402

from unionapp import config  # noqa: E402
from unionapp.db.opening import open_database  # noqa: E402
from unionapp.services.demo import create_demo  # noqa: E402
from unionapp.ui.shell.app import make_application  # noqa: E402
from unionapp.ui.widgets import report_export  # noqa: E402

finalised = {"gui": 0, "worker": 0}


class CyclicWidget(QWidget):
    """A parentless widget (Python owns it) in a reference cycle with its own timer and
    paint objects: only the cyclic garbage collector can free it."""

    def __init__(self) -> None:
        super().__init__()
        self.me = self
        self.timer = QTimer(self)
        self.timer.start(60_000)
        self.pixmap = QPixmap(16, 16)
        self.image = QImage(16, 16, QImage.Format.Format_RGB32)
        self.painter = QPainter(self.image)
        self.font = QFont("Sans", 9)
        self.handlers = [lambda: self.me]  # a closure over the widget, as slots are

    def __del__(self) -> None:
        finalised["gui" if threading.current_thread() is threading.main_thread() else "worker"] += 1


class CyclicObject(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.me = self

    def __del__(self) -> None:
        finalised["gui" if threading.current_thread() is threading.main_thread() else "worker"] += 1


def make_garbage() -> None:
    for _ in range(3):
        widget = CyclicWidget()
        widget.painter.end()  # a painter still active at finalisation is a different bug
        widget.show()  # a dialog that was shown and closed, then dropped
        widget.close()
        CyclicObject()


def main(folder: Path, count: int) -> int:
    app = make_application()
    db = open_database(config.database_url(str(folder / "union.db")))
    create_demo(db, members_count=120, years=1, seed=1)
    from unionapp.ui.shell.main_window import MainWindow

    window = MainWindow(db)
    window.tabs.setCurrentWidget(window.members_tab)  # its rows are read before the window shows
    window.show()
    state = {"started": 0, "written": [], "errors": []}
    garbage = QTimer()
    garbage.timeout.connect(make_garbage)
    garbage.start(1)

    def accept_with_next_path(dialog: report_export.ExportDialog) -> int:
        """The export dialog as a user fills it: a new file name each time, 导出."""
        dialog.path_edit.setText(str(folder / f"export-{state['started']}.{dialog.fmt}"))
        return QDialog.DialogCode.Accepted

    report_export.ExportDialog.exec = accept_with_next_path
    real_start = report_export.start_export

    def start(*args, **kwargs):
        return real_start(*args, **kwargs, on_done=finished)

    report_export.start_export = start
    report_export.show_error = lambda _parent, exc, _title: finished(exc)

    def finished(result) -> None:
        (state["errors"] if isinstance(result, BaseException) else state["written"]).append(result)
        QTimer.singleShot(0, next_export)

    def next_export() -> None:
        if state["started"] == count:
            garbage.stop()
            app.quit()
            return
        fmt = "pdf" if state["started"] % 2 else "xlsx"
        state["started"] += 1
        window.commands[f"export_{fmt}"].trigger()

    QTimer.singleShot(0, next_export)
    app.exec()
    window.close()
    window = None  # the last reference: collected below, on this (the GUI) thread
    import gc

    gc.collect()
    db.dispose()
    paths = [r.path for r in state["written"]]
    print(f"written={len(paths)} errors={state['errors']!r} finalised={finalised}", flush=True)
    if state["errors"] or len(paths) != count or not all(p.stat().st_size > 0 for p in paths):
        return 1
    return 2 if finalised["worker"] else 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), int(sys.argv[2])))
