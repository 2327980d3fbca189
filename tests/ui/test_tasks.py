"""Background jobs hand their outcome to the GUI thread exactly once, on the GUI thread."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import QThreadPool

from unionapp.ui.widgets import tasks


def test_each_outcome_is_handed_out_once_on_the_gui_thread(qtbot):
    seen: list[int] = []
    threads: set[threading.Thread] = set()

    def got(n: int) -> None:
        seen.append(n)
        threads.add(threading.current_thread())

    for n in range(60):
        tasks.run_quietly(lambda n=n: n, got, lambda exc: pytest.fail(str(exc)))
    qtbot.waitUntil(lambda: len(seen) == 60, timeout=10000)
    assert QThreadPool.globalInstance().waitForDone(10000)
    qtbot.wait(100)
    assert sorted(seen) == list(range(60)) and not tasks._running
    assert threads == {threading.main_thread()}


def test_an_error_reaches_its_job_on_the_gui_thread(qtbot):
    failed: list[BaseException] = []

    def broken():
        raise ValueError("读不出来")

    tasks.run_quietly(broken, lambda _v: pytest.fail("no result expected"), failed.append)
    qtbot.waitUntil(lambda: len(failed) == 1, timeout=3000)
    assert str(failed[0]) == "读不出来" and not tasks._running
