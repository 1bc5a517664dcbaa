"""One log line per key and interval: a condition that repeats with every message (a full disk, a
broker refusing us) is said once a minute, not once per chunk."""

from __future__ import annotations

import threading
import time
from collections.abc import Hashable


_OVERFLOW = ("throttle", "overflow")


class Throttle:
    capacity = 4096

    def __init__(self, interval_s: float = 60.0):
        self.interval_s = interval_s
        self._last: dict[Hashable, float] = {}
        self._pruned_at = float("-inf")
        self._lock = threading.Lock()

    def due(self, key: Hashable) -> bool:
        """True (and remembered) when ``key`` was not let through within the interval."""
        now = time.monotonic()
        with self._lock:
            if now - self._last.get(key, float("-inf")) < self.interval_s:
                return False
            if len(self._last) >= self.capacity:  # keys chosen by hostile input must not grow this forever
                if now - self._pruned_at > 1.0:
                    self._pruned_at = now
                    self._last = {k: t for k, t in self._last.items() if now - t < self.interval_s}
                if len(self._last) >= self.capacity:  # a flood of distinct keys: one line for all of them
                    key = _OVERFLOW
                    if now - self._last.get(key, float("-inf")) < self.interval_s:
                        return False
            self._last[key] = now
            return True
