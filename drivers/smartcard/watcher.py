"""Card inserted / removed and reader added / removed events, by polling any ``SmartCardReader``."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from drivers.errors import DeviceError
from drivers.polling import Poller
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


class SmartCardWatcher(Poller):
    """``step()`` compares the readers and cards with the last poll and emits the differences."""

    thread_name = "smartcard-watcher"

    def __init__(self, port: SmartCardReader, on_event: Callable[[object], None], interval: float = 0.2):
        self.port = port
        self.on_event = on_event
        self.interval = interval
        self._readers: set[str] = set()
        self._cards: dict[str, bytes] = {}

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

