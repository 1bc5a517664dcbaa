"""A device poller: ``step()`` is one poll (tested without threads), ``start()`` runs it in a daemon thread."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable


class Poller:
    """Subclasses set ``interval`` and implement ``step()``; polls keep a steady period."""

    interval: float = 0.5
    clock: Callable[[], float] = staticmethod(time.monotonic)
    thread_name = "device-poller"

    def step(self) -> None:
        raise NotImplementedError

    def start(self):
        self._stop_event = threading.Event()
        self._thread = threading.Thread(target=self._run, name=self.thread_name, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        stop_event = getattr(self, "_stop_event", None)
        if stop_event is None:
            return
        stop_event.set()
        self._thread.join(timeout=5)
        self._stop_event = None

    def _run(self) -> None:
        stop_event = self._stop_event
        while not stop_event.is_set():
            started = self.clock()
            self.step()
            stop_event.wait(max(0.0, self.interval - (self.clock() - started)))
