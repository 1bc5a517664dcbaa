"""Python's full garbage collection, kept away from litigants.

A full (generation 2) collection walks every object the kiosk holds: widgets, screens, catalogues,
fonts' Python side. Measured during a 20-page scan it paused the process up to 365 ms, and it
falls wherever allocations push it, often in the middle of a render (bench/journey.py). So the
long-lived objects are frozen out of collection once built (``gc.freeze``), and a full collection
runs when a session ends, on the attract screen, where nobody is waiting for the screen; during a
session a full collection comes only after 100 times the usual number of younger ones
(``FULL_EVERY``): cyclic garbage a session makes waits for its end, at most a session's worth."""

from __future__ import annotations

import gc
import logging
import time
from collections.abc import Callable

log = logging.getLogger(__name__)
FULL_EVERY = 1000
"""Generation-1 collections between two full ones (Python's default is 10)."""


def collect_and_freeze() -> float:
    """Collect everything that is garbage now, then exclude the survivors from later collections;
    returns the seconds it took."""
    start = time.perf_counter()
    gc.unfreeze()  # what was frozen before is looked at again: a session may have let go of it
    gc.collect()
    gc.freeze()
    young, middle, _full = gc.get_threshold()
    gc.set_threshold(young, middle, FULL_EVERY)
    took = time.perf_counter() - start
    log.debug("full collection between sessions: %.0f ms, %d objects frozen", took * 1000,
              gc.get_freeze_count())
    return took


def collecting_between_sessions(render: Callable, later: Callable[[Callable], None]) -> Callable:
    """Wrap the root's ``render(view)``: when the attract screen comes back (a session ended),
    ``later(collect_and_freeze)`` once, after that frame is drawn."""
    state = {"screen": None}

    def render_and_collect(view) -> None:
        render(view)
        if view.screen == "attract" and state["screen"] not in (None, "attract"):
            later(collect_and_freeze)
        state["screen"] = view.screen

    return render_and_collect
