"""The cyclic garbage collector paused while a big import plans and writes, or a PDF is
made (importers, reports and the command line share it: a module of no layer).

Planning a 10,000-row roster makes some hundred thousand small objects that all live
until the plan is applied; each allocation burst makes the collector walk them (and
everything SQLAlchemy left behind at import), again and again: a fifth of the import's
CPU time, for no garbage, since rows, cells and plans hold no cycles. Reference
counting still frees everything as usual; only the search for cycles waits.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_depth = 0  # pauses running now, on any thread: the collector resumes when the last ends
_was_enabled = True
_frozen = 0  # gc.get_freeze_count() when the pause began


@contextmanager
def gc_paused() -> Iterator[None]:
    """Within the block no cyclic collection runs; nested and concurrent blocks (the
    window plans on a worker thread) share one pause, and the collector's state from
    before the first is restored when the last ends."""
    global _depth, _was_enabled, _frozen
    with _lock:
        if _depth == 0:
            _was_enabled, _frozen = gc.isenabled(), gc.get_freeze_count()
            gc.disable()
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            # Objects frozen meanwhile: the window took collection over (ui/widgets/gui_gc.py
            # turns it off and collects on the GUI thread); it stays as the window left it.
            if _depth == 0 and _was_enabled and gc.get_freeze_count() == _frozen:
                _to_oldest()
                gc.enable()


def _to_oldest() -> None:
    """The objects made during the pause moved to the oldest generation, unexamined: else
    the first collection after it walks them all at once (50 ms after a 10,000-row plan).
    They are still examined by the next full collection. Not done when something froze
    objects on purpose (gc.freeze), as unfreeze would give those back too."""
    if gc.get_freeze_count() == 0:
        gc.freeze()
        gc.unfreeze()
