"""Typing section of the speed benchmark: key event → repaint, in the real main window.

`typing.members_search`: search-as-you-type in the 会员 tab, with every tab built and its
first load finished; beside it Qt's own floor, the same keystrokes into a bare QLineEdit
driving a QSortFilterProxyModel over a QStandardItemModel of the same names and phones.
`typing.visit_dialog`: keystrokes into the 登记走访 form's text fields, and the number of
SQL statements run on the GUI thread while typing (must be 0).

    PYTHONPATH=src python benchmarks/speed_typing.py DB [--runs 5]
"""

from __future__ import annotations

import gc
import os
import sys
import threading
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))

from speed_common import Context, Figure, run_alone  # noqa: E402


def _settle(app) -> None:
    """Let every worker finish and every queued result arrive."""
    from PySide6.QtCore import QThreadPool

    for _ in range(3):
        QThreadPool.globalInstance().waitForDone()
        app.processEvents()


class _Paints:
    """Counts the paint events of a view's viewport (or any widget)."""

    def __init__(self, widget):
        from PySide6.QtCore import QEvent, QObject

        paint = QEvent.Type.Paint

        class Filter(QObject):
            count = 0

            def eventFilter(self, _obj, event):  # noqa: N802 - Qt's name
                if event.type() == paint:
                    Filter.count += 1
                return False

        self.filter = Filter(widget)
        widget.installEventFilter(self.filter)

    @property
    def count(self) -> int:
        return type(self.filter).count


def _type(app, edit, text: str, view) -> list[float]:
    """Type `text` into `edit` one key at a time; each key's ms from the key event until
    `view` has painted once after it. Events are processed as the event loop would (the
    search's zero timer, the model update, the posted paint); a view that has not painted
    by then is painted at once, so no keystroke escapes the measure."""
    from PySide6.QtTest import QTest

    paints = getattr(view, "_bench_paints", None) or _Paints(view)
    view._bench_paints = paints
    timings = []
    for char in text:
        painted = paints.count
        before = time.perf_counter()
        if char.isascii():
            QTest.keyClick(edit, char)
        else:
            edit.insert(char)  # what an input method's commit does
        for _ in range(3):
            app.processEvents()
            if paints.count != painted:
                break
        else:
            view.repaint()
        timings.append((time.perf_counter() - before) * 1000)
    return timings


def _queries(rows) -> list[str]:
    """Initials, name and phone of the member in the middle of the roster (any size)."""
    sample = rows[len(rows) // 2]
    parts = sample.search_text.split("|")
    initials = parts[2] if len(parts) > 2 and parts[2] else "zs"
    return [initials[:1], initials[:2], sample.name[:1], sample.phone[-4:]]


def _build_window(app, db):
    from unionapp.ui.shell.main_window import MainWindow

    window = MainWindow(db, first_load_in_background=True)  # as the app starts
    window.show()
    _settle(app)
    for index in range(window.tabs.count()):  # every tab built and its first load done
        window.tabs.setCurrentIndex(index)
        _settle(app)
    window.tabs.setCurrentIndex(window.tabs.indexOf(window.members_tab))
    _settle(app)
    deadline = time.perf_counter() + 60
    while not window.members_tab.model.total_count and time.perf_counter() < deadline:
        _settle(app)  # the roster arrives from a worker
    from PySide6.QtTest import QTest

    QTest.qWait(1000)  # the start's timers have run (五必访 counted, the start's objects frozen)
    _settle(app)
    return window


def _members_runs(app, window, queries, runs) -> list[float]:
    tab = window.members_tab
    timings: list[float] = []
    for _ in range(runs):
        for query in queries:
            tab.search.clear()
            app.processEvents()
            timings += _type(app, tab.search, query, tab.table.viewport())
    tab.search.clear()
    app.processEvents()
    return timings


def _floor(rows):
    """A bare QLineEdit → QSortFilterProxyModel → QStandardItemModel of names and phones."""
    from PySide6.QtCore import QSortFilterProxyModel
    from PySide6.QtGui import QStandardItem, QStandardItemModel
    from PySide6.QtWidgets import QLineEdit, QTableView, QVBoxLayout, QWidget

    source = QStandardItemModel(len(rows), 2)
    for i, row in enumerate(rows):
        source.setItem(i, 0, QStandardItem(row.name))
        source.setItem(i, 1, QStandardItem(row.phone))
    proxy = QSortFilterProxyModel()
    proxy.setSourceModel(source)
    proxy.setFilterKeyColumn(-1)
    host = QWidget()
    edit, view = QLineEdit(), QTableView()
    view.setModel(proxy)
    edit.textChanged.connect(proxy.setFilterFixedString)
    layout = QVBoxLayout(host)
    layout.addWidget(edit)
    layout.addWidget(view)
    host.resize(1100, 700)
    host.show()
    return host, edit, view, (source, proxy)


def _floor_runs(app, floor, queries, runs) -> list[float]:
    _host, edit, view, _models = floor
    timings: list[float] = []
    for _ in range(runs):
        for query in queries:
            edit.clear()
            app.processEvents()
            timings += _type(app, edit, query, view.viewport())
    return timings


class _Collections:
    """Python's garbage collections while typing (ms each): gui_gc runs them on the GUI
    thread, so a long one lands in a keystroke."""

    def __init__(self):
        import gc

        self.ms: list[float] = []
        self._start = 0.0
        gc.callbacks.append(self._seen)

    def _seen(self, phase: str, _info: dict) -> None:
        if phase == "start":
            self._start = time.perf_counter()
        else:
            self.ms.append((time.perf_counter() - self._start) * 1000)

    def close(self) -> str:
        import gc

        gc.callbacks.remove(self._seen)
        return f"{len(self.ms)} garbage collections while typing, longest {max(self.ms, default=0):.0f} ms"


class _GuiThreadStatements:
    """Counts SQL statements run on the GUI thread (the thread that made this counter)."""

    def __init__(self, engine):
        from sqlalchemy import event

        self.count, self._engine, self._gui = 0, engine, threading.get_ident()
        event.listen(engine, "before_cursor_execute", self._seen)

    def _seen(self, *_args) -> None:
        if threading.get_ident() == self._gui:
            self.count += 1

    def close(self) -> None:
        from sqlalchemy import event

        event.remove(self._engine, "before_cursor_execute", self._seen)


def _visit_runs(app, window, rows, runs) -> tuple[list[float], int]:
    """Open 登记走访 for a member with a type chosen, then type into its text fields."""
    from unionapp.services import visits
    from unionapp.ui.visits.dialog import VisitDialog

    db = window.members_tab.db
    types = visits.list_types(db)
    sample = rows[len(rows) // 2]
    dialog = VisitDialog(window, db, rows, types)
    dialog.show()
    _settle(app)
    counter = _GuiThreadStatements(db.engine)
    timings: list[float] = []
    try:
        for _ in range(runs):
            dialog.member_edit.clear()
            timings += _type(app, dialog.member_edit, _queries([sample])[0][:2], dialog)  # the member picker's list
            dialog.member_edit.set_member(sample.id)
            dialog.type_box.setCurrentIndex(1)  # its facts are read on a worker
            _settle(app)
            for edit, text in ((dialog.money_edit, "1250.5"), (dialog.reason_edit, "zhuyuan")):
                edit.clear()
                app.processEvents()
                timings += _type(app, edit, text, dialog)
    finally:
        counter.close()
    statements = counter.count
    dialog.done(0)
    dialog.deleteLater()
    _settle(app)
    return timings, statements


def measure(ctx: Context) -> list[Figure]:
    from unionapp import config
    from unionapp.db.opening import open_database
    from unionapp.ui.shell.app import make_application

    collecting = gc.isenabled()
    app = make_application()  # turns automatic collection off, as the app does (ui.widgets.gui_gc)
    db = open_database(config.database_url(ctx.db_arg))
    window = _build_window(app, db)
    rows = window.members_tab.model.all_rows  # the window's own: no second roster for the collector to walk
    queries = _queries(rows)
    floor = _floor(rows)
    ours: list[float] = []
    base: list[float] = []
    collections = _Collections()
    for _ in range(ctx.runs):  # interleaved, so the machine's load falls on both alike
        ours += _members_runs(app, window, queries, 1)
        base += _floor_runs(app, floor, queries, 1)
    gc_note = collections.close()
    visit_ms, statements = _visit_runs(app, window, rows, ctx.runs)
    window.close()
    floor[0].close()
    db.dispose()
    if collecting:
        gc.enable()  # the sections after this one run as before it
    keys = sum(len(q) for q in queries)
    return [
        Figure(
            "typing.members_search",
            f"search keystroke → repaint, {len(rows):,} members, all tabs loaded ({keys} keys × {ctx.runs})",
            "ms",
            ours,
            "bare QLineEdit + QSortFilterProxyModel over the same names and phones",
            base,
            goal=16,
            note=f"max {max(ours):.1f} ms (floor max {max(base):.1f} ms); queries {', '.join(queries)}; {gc_note}",
        ),
        Figure(
            "typing.visit_dialog",
            "登记走访 form: keystroke in 会员 (initials), 慰问金 and 事由 → repaint",
            "ms",
            visit_ms,
            goal=16,
            note=f"max {max(visit_ms):.1f} ms; SQL statements on the GUI thread while typing: {statements}",
        ),
    ]


if __name__ == "__main__":
    run_alone(measure, __doc__)
