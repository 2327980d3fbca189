"""Python's cyclic garbage collector, run on the GUI thread only.

CPython runs a collection on whichever thread happens to allocate when a generation's
threshold is crossed — in this app usually a worker writing an xlsx or a PDF, since that
allocates the most. The collection then finalises *every* unreachable cycle in the
process, including ones holding Qt objects made on the GUI thread (a closed dialog and the
slots that refer to it, a timer, a pixmap, a painter). Qt objects must die on the thread
they live on: destroyed on a worker they corrupt Qt's state or crash the process at once
(a top-level window that was shown: a segmentation fault).

Pausing collection only while our own workers run is not enough: any thread can trip the
threshold (a second worker, the auto-backup thread), and a worker can't know when the GUI
thread made garbage. So the window turns automatic collection off for the whole process
and collects from a timer on the GUI thread, with CPython's own thresholds — the pattern
pyqtgraph and calibre use for the same crash. Cycles are freed at most half a second
late; everything else is still freed at once by reference counting.
"""

from __future__ import annotations

import gc
import time

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, QThread, QTimer

INTERVAL_MS = 500
START_HOLD_S = 5.0  # the longest the start's hold lasts, should its rows never arrive
_collector: _GuiThreadCollector | None = None
_held_until = 0.0  # time.monotonic(): no collection before it
_long_lived = 0  # objects in the oldest generation after the last full collection


class _GuiThreadCollector(QObject):
    def __init__(self, app: QCoreApplication):
        super().__init__(app)  # lives (and its timer ticks) on the GUI thread, as long as the app
        self.timer = QTimer(self)
        self.timer.timeout.connect(collect_due)
        self.timer.start(INTERVAL_MS)


def collect_on_gui_thread(app: QCoreApplication | None = None) -> None:
    """Turn automatic collection off and collect on the GUI thread instead (idempotent).
    Call it on the GUI thread, before any worker starts."""
    global _collector
    app = app or QCoreApplication.instance()
    if app is None or QThread.currentThread() is not app.thread():
        raise RuntimeError("collect_on_gui_thread must be called on the GUI thread of a running application")
    first = _collector is None
    if first or not shiboken6.isValid(_collector):
        _collector = _GuiThreadCollector(app)
    gc.disable()
    if first:
        # What exists now is what the imports made (modules, classes, Qt wrappers: some
        # hundred thousand objects that live as long as the process). Left in the
        # collector's generations, every full collection walks them all (a frame's time
        # and more, landing in a keystroke); frozen, the collector looks only at what the
        # window makes from here. Reference counting still frees them as usual.
        gc.freeze()


def hold_for_start() -> None:
    """The app's start: no collection until its first rows are in (freeze_settled ends the
    hold; START_HOLD_S at most). One landing meanwhile walks everything the window and its
    first read made (20-30 ms for 首页's 4,587 lines) just before the user sees the list,
    for no garbage: those objects are frozen a moment later."""
    global _held_until
    _held_until = time.monotonic() + START_HOLD_S


def freeze_settled() -> None:
    """Once the start's loads are in (the roster and its rows): those join the frozen
    objects, so later collections walk only what the window makes after. A cycle already
    unreachable at this moment stays unfreed; the start makes few, and nothing of Qt's
    (no dialog has been closed yet)."""
    global _held_until, _long_lived
    gc.freeze()
    _held_until = 0.0
    _long_lived = 0  # the oldest generation starts anew, empty


def collect_due() -> int:
    """Collect the generations CPython would have collected by now (cheap when none is due)."""
    if time.monotonic() < _held_until:
        return 0
    thresholds = gc.get_threshold()
    counts = gc.get_count()
    if counts[0] <= thresholds[0]:
        return 0
    # The oldest generation due, as CPython picks it (a full one only once the oldest grew enough).
    generation = next(g for g in (2, 1, 0) if counts[g] > thresholds[g] and (g < 2 or _oldest_grew_enough()))
    found = gc.collect(generation)
    if generation == 2:
        _after_full_collection()
    return found


def _oldest_grew_enough() -> bool:
    """CPython's own rule for a full collection, which its thresholds alone leave out:
    only once the oldest generation grew by a quarter since the last one. Without it a
    full collection — a walk over every object not frozen — came every eleventh
    collection however big the heap, one long pause after another as the session grew."""
    return _oldest_size() - _long_lived > _long_lived // 4


def _after_full_collection() -> None:
    global _long_lived
    _long_lived = _oldest_size()


def _oldest_size() -> int:
    """Objects in the oldest generation, frozen ones not counted (3-4 ms per 200,000; the
    window's is far smaller, its start frozen)."""
    return len(gc.get_objects(generation=2))
