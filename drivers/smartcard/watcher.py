"""Card inserted / removed and reader added / removed events, by polling any ``SmartCardReader``."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass

from drivers.errors import DeviceError
from drivers.smartcard.port import SmartCardReader

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class CardInserted:
    reader: str
    atr: bytes


@dataclass(frozen=True)
class CardRemoved:
    reader: str


@dataclass(frozen=True)
class ReaderAdded:
    reader: str


@dataclass(frozen=True)
class ReaderRemoved:
    reader: str


class SmartCardWatcher:
    """``step()`` compares the readers and cards with the last poll and emits the differences."""

    def __init__(self, port: SmartCardReader, on_event: Callable[[object], None], interval: float = 0.2):
        self.port = port
        self.on_event = on_event
        self.interval = interval
        self._readers: set[str] = set()
        self._cards: dict[str, bytes] = {}
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def step(self) -> None:
        try:
            readers = set(self.port.readers())
            cards = self.port.cards()
        except DeviceError as exc:  # service gone: every reader is gone
            log.debug("smart card poll failed: %s", exc)
            readers, cards = set(), {}
        events: list[object] = [ReaderAdded(r) for r in sorted(readers - self._readers)]
        events += [CardRemoved(r) for r in sorted(set(self._cards) - set(cards))]
        events += [CardInserted(r, atr) for r, atr in sorted(cards.items())
                   if self._cards.get(r) != atr]
        events += [ReaderRemoved(r) for r in sorted(self._readers - readers)]
        self._readers, self._cards = readers, cards
        for event in events:
            try:
                self.on_event(event)
            except Exception:
                log.exception("smart card event handler failed on %r", event)

    def start(self) -> "SmartCardWatcher":
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, daemon=True, name="smartcard-watcher")
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._thread:
            self._thread.join(timeout=5)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.step()
            self._stop.wait(self.interval)
