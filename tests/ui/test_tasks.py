"""Background jobs hand their outcome to the GUI thread exactly once, and when the
worker's queued signal never arrives (seen under load in the test suite: the result sent,
the pool idle, the list left on "正在读取…"), the relay's sweep hands it out instead."""

from __future__ import annotations

import logging
import threading

import pytest
from PySide6.QtCore import QThreadPool

from unionapp.ui.widgets import tasks


@pytest.fixture
def lost_signals():
    """Workers' `arrived` signals reach nothing, as when one is lost."""
    relay = tasks._the_relay()
    relay.arrived.disconnect(relay._arrived)
    yield relay
    relay.arrived.connect(relay._arrived)


def test_a_result_whose_signal_was_lost_is_handed_out_by_the_sweep(qtbot, lost_signals, monkeypatch, caplog):
    monkeypatch.setattr(tasks, "LATE_S", 0.0)  # any outcome the sweep finds counts as late
    done, failed = [], []
    on_gui = []
    with caplog.at_level(logging.WARNING, logger=tasks.__name__):
        tasks.run_quietly(
            lambda: 42, lambda v: (done.append(v), on_gui.append(threading.current_thread())), failed.append
        )
        qtbot.waitUntil(lambda: done == [42], timeout=3000)
    assert failed == [] and on_gui == [threading.main_thread()]
    assert "signal never arrived" in caplog.text
    qtbot.waitUntil(lambda: not lost_signals.sweep.isActive(), timeout=3000)  # nothing out: it stops


def test_an_error_whose_signal_was_lost_is_handed_out_too(qtbot, lost_signals):
    failed = []

    def broken():
        raise ValueError("读不出来")

    tasks.run_quietly(broken, lambda _v: pytest.fail("no result expected"), failed.append)
    qtbot.waitUntil(lambda: len(failed) == 1, timeout=3000)
    assert str(failed[0]) == "读不出来"


def test_each_outcome_is_handed_out_once(qtbot):
    """Signal and sweep both hand out: every job still gets its one callback."""
    seen: list[int] = []
    for n in range(60):
        tasks.run_quietly(lambda n=n: n, seen.append, lambda exc: pytest.fail(str(exc)))
    qtbot.waitUntil(lambda: len(seen) == 60, timeout=10000)
    assert QThreadPool.globalInstance().waitForDone(10000)
    qtbot.wait(2 * tasks.SWEEP_MS)
    assert sorted(seen) == list(range(60)) and not tasks._running
