"""The collector paused for an import and given back as it was."""

import gc
import threading

import pytest

from unionapp.gc_pause import gc_paused


@pytest.fixture(autouse=True)
def collecting():
    """Each test starts with automatic collection on, as a command line process has it (a
    window test earlier in the session turned it off: ui.widgets.gui_gc), and leaves it
    as it found it."""
    was = gc.isenabled()
    gc.enable()
    yield
    (gc.enable if was else gc.disable)()


def test_paused_within_and_enabled_after():
    assert gc.isenabled()
    with gc_paused():
        assert not gc.isenabled()
        with gc_paused():  # nested: the outer block still holds the pause
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()


def test_disabled_before_stays_disabled():
    gc.disable()
    try:
        with gc_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_restored_after_an_error():
    try:
        with gc_paused():
            raise ValueError("boom")
    except ValueError:
        pass
    assert gc.isenabled()


def test_overlapping_pauses_on_two_threads_resume_once_both_end():
    entered, release = threading.Event(), threading.Event()

    def other():
        with gc_paused():
            entered.set()
            release.wait(5)

    thread = threading.Thread(target=other)
    thread.start()
    entered.wait(5)
    with gc_paused():
        pass
    assert not gc.isenabled()  # the other thread's pause still runs
    release.set()
    thread.join(5)
    assert gc.isenabled()


def test_objects_made_while_paused_are_not_left_frozen():
    gc.collect()
    with gc_paused():
        made = [[] for _ in range(1000)]
        cycle = []
        cycle.append(cycle)
        del cycle
    assert gc.get_freeze_count() == 0
    assert gc.is_tracked(made[0])
    assert gc.collect() >= 1  # the cycle made during the pause is still found


def test_what_was_frozen_on_purpose_stays_frozen():
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        with gc_paused():
            [[] for _ in range(100)]
        assert gc.get_freeze_count() == frozen
    finally:
        gc.unfreeze()


def test_collection_taken_over_during_the_pause_is_left_as_it_was_set():
    """The window may turn automatic collection off and freeze what exists (gui_gc) while
    an import plans on a worker: the pause's end must not turn it back on."""
    try:
        with gc_paused():
            gc.disable()
            gc.freeze()
        assert not gc.isenabled()
    finally:
        gc.unfreeze()
        gc.enable()
