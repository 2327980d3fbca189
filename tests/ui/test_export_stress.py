"""Many exports from the window in a row must never kill it.

Python's cyclic garbage collector runs on whichever thread allocates when a threshold is
crossed — usually the export worker inside openpyxl or reportlab — and then frees every
unreachable Qt object of the process there, off the GUI thread: a shown-and-closed window
freed so segfaults. The window collects on the GUI thread only (ui.gui_gc), and a worker
never holds the last reference to a Qt object (ui.tasks)."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
import threading
from pathlib import Path

from PySide6.QtCore import QObject, QTimer

from unionapp import config
from unionapp.reports.model import Column, Report
from unionapp.ui.widgets import tasks
from unionapp.ui.widgets.report_export import start_export

CHILD = Path(__file__).with_name("export_stress_app.py")
EXPORTS = 40


def test_forty_exports_in_a_row_with_qt_garbage_made_meanwhile(tmp_path):
    """In a child process, so that a segmentation fault fails this test instead of pytest."""
    # The child's own settings and data folders: the user's saved window (another tab open,
    # say) must not change what 导出 exports here.
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        config.DATA_DIR_ENV: str(tmp_path / "data"),
    }
    child = subprocess.run(
        [sys.executable, str(CHILD), str(tmp_path), str(EXPORTS)], capture_output=True, text=True, timeout=600, env=env
    )
    report = f"exit {child.returncode}\n{child.stdout}\n{child.stderr[-3000:]}"
    assert child.returncode == 0, report
    assert f"written={EXPORTS} errors=[]" in child.stdout and "'worker': 0" in child.stdout, report
    assert "from another thread" not in child.stderr, report  # Qt's word for an object freed off its thread
    assert len(list(tmp_path.glob("export-*.xlsx"))) == len(list(tmp_path.glob("export-*.pdf"))) == EXPORTS // 2


def _cycle() -> None:
    me: list = []
    me.append(me)


def _big_report(rows: int) -> Report:
    return Report(
        "压力测试",
        [Column("name", "姓名", width=12), Column("note", "备注", width=30)],
        [{"name": f"会员{i}", "note": "备注" * (i % 7)} for i in range(rows)],
    )


def test_no_garbage_collection_runs_on_an_export_worker(app, qtbot, tmp_path):
    """Which thread collects, whatever the garbage (plain cycles here, so that this process
    survives the code that collects on a worker)."""
    collectors: list[str] = []

    def record(phase, _info):
        if phase == "start":
            collectors.append(threading.current_thread().name)

    garbage = QTimer()
    garbage.timeout.connect(lambda: [_cycle() for _ in range(50)])
    gc.callbacks.append(record)
    garbage.start(1)
    try:
        for n, fmt in enumerate(["xlsx", "pdf"] * 3):
            start_export(
                None,
                lambda _full, n=n: _big_report(1500 + n),
                tmp_path / f"r{n}.{fmt}",
                fmt,
                False,
                on_done=lambda _result: None,
            )
            qtbot.waitUntil(lambda: not tasks._running, timeout=60000)
        # The GUI thread's collector ticks twice a second: exports quicker than that may
        # have seen none, so the garbage goes on until one ran.
        qtbot.waitUntil(lambda: bool(collectors), timeout=5000)
    finally:
        garbage.stop()
        gc.callbacks.remove(record)
    assert collectors and set(collectors) == {threading.main_thread().name}
    assert not gc.isenabled()  # collecting is the GUI thread's timer's job
    assert len(list(tmp_path.glob("r*.*"))) == 6


class _Probe(QObject):
    freed_on: list[str] = []

    def __del__(self):
        _Probe.freed_on.append(threading.current_thread().name)

    def got(self, _value) -> None:
        pass


def test_a_tasks_callbacks_and_dialog_are_freed_on_the_gui_thread(app, qtbot):
    """The worker finishes after the GUI thread let go: it must not hold the last reference."""
    _Probe.freed_on.clear()
    release = threading.Event()
    for _ in range(20):
        probe = _Probe()
        tasks.run_task(None, "请稍候", release.wait, probe.got, probe.got)
        del probe
    release.set()
    qtbot.waitUntil(lambda: not tasks._running, timeout=30000)
    qtbot.waitUntil(lambda: len(_Probe.freed_on) == 20, timeout=5000)
    assert set(_Probe.freed_on) == {threading.main_thread().name}
