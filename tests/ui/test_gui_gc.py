"""The GUI thread's collections pick the generation as CPython does, its rule for the
oldest one included: a full collection (a walk over every object not frozen) only once
the oldest generation grew by a quarter since the last one, not every eleventh time."""

from __future__ import annotations

import gc

import pytest

from unionapp.ui.widgets import gui_gc


@pytest.fixture
def generations(app, monkeypatch):
    """Every collection due at once (thresholds of 1), and the generations collected."""
    old = gc.get_threshold()
    gc.set_threshold(1, 1, 1)
    seen: list[int] = []

    def watch(phase, info):
        if phase == "start":
            seen.append(info["generation"])

    gc.callbacks.append(watch)
    yield seen
    gc.callbacks.remove(watch)
    gc.set_threshold(*old)


def _due_everywhere() -> None:
    """Allocations and collections enough that each generation's count passes 1."""
    for _ in range(3):
        junk = [[] for _ in range(10)]  # noqa: F841 - tracked objects, counted by the collector
        gc.collect(1)
    for _ in range(2):
        gc.collect(0)
    junk = [[] for _ in range(10)]  # noqa: F841


def test_a_full_collection_once_the_oldest_generation_grew_a_quarter(generations, monkeypatch):
    monkeypatch.setattr(gui_gc, "_long_lived", 0)  # nothing long-lived yet: any growth counts
    _due_everywhere()
    generations.clear()
    gui_gc.collect_due()
    assert generations == [2]
    assert gui_gc._long_lived > 0  # the survivors: what the next full one is measured against


def test_no_full_collection_while_the_oldest_generation_barely_grew(generations, monkeypatch):
    # As if the last full collection had left 100,000 more than there are now (the test
    # process's heap is any size): the few objects made here are not a quarter more.
    monkeypatch.setattr(gui_gc, "_long_lived", len(gc.get_objects(generation=2)) + 100_000)
    _due_everywhere()
    assert gc.get_count()[2] > 1  # CPython's thresholds alone would collect everything now
    generations.clear()
    gui_gc.collect_due()
    assert generations == [1]  # the next generation down that is due
