"""Poll a reader and turn its answers into debounced events for the session.

Many readers answer "no card" to *find* right after a read while the same card still lies on
the reader (the card is halted), and some re-find it a moment later. So: a card counts as removed
only after ``removal_s`` without seeing it, and the same card seen again within
``same_card_hold_s`` of that is taken as the same touch (no second ``CardPresented``). A reader
that disappears is reported once (``ReaderLost``) and once more when it answers again.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

from drivers.errors import DeviceError, DeviceTimeout, DeviceUnavailable
from drivers.idcard.card import IdCard
from drivers.idcard.port import IdCardReader
from drivers.polling import Poller

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class CardPresented:
    card: IdCard


@dataclass(frozen=True)
class CardRemoved:
    card: IdCard


@dataclass(frozen=True)
class CardReadFailed:
    error: DeviceError


@dataclass(frozen=True)
class ReaderLost:
    error: DeviceError


@dataclass(frozen=True)
class ReaderRecovered:
    pass


Event = CardPresented | CardRemoved | CardReadFailed | ReaderLost | ReaderRecovered


class CardWatcher(Poller):
    thread_name = "idcard-watcher"

    """``step()`` is one poll (testable without threads); ``start()`` polls in a daemon thread."""

    def __init__(self, reader: IdCardReader, on_event: Callable[[Event], None],
                 interval: float = 0.5, removal_s: float = 2.0, same_card_hold_s: float = 5.0,
                 clock: Callable[[], float] = time.monotonic):
        self.reader = reader
        self.on_event = on_event
        self.interval = interval
        self.removal_s = removal_s
        self.same_card_hold_s = same_card_hold_s
        self.clock = clock
        self.present: IdCard | None = None
        self._last_seen = 0.0
        self._removed: tuple[str, float] | None = None
        self._lost = False
        self._failing = False

    def _emit(self, event: Event) -> None:
        try:
            self.on_event(event)
        except Exception:  # a bad listener must not stop the polling
            log.exception("ID card event handler failed on %r", event)

    def step(self) -> None:
        now = self.clock()
        try:
            card = self.reader.read_once()
        except (DeviceUnavailable, DeviceTimeout) as exc:
            if not self._lost:
                self._lost = True
                log.warning("ID card reader lost: %s", exc)
                self._emit(ReaderLost(exc))
            self.reader.close()
            return
        except DeviceError as exc:
            self._recovered()
            if not self._failing:
                self._failing = True
                self._emit(CardReadFailed(exc))
            card = None
        else:
            self._recovered()
            self._failing = False
        if card is not None:
            self._seen(card, now)
        elif self.present is not None and now - self._last_seen >= self.removal_s:
            gone, self.present = self.present, None
            self._removed = (gone.id_number, now)
            self._emit(CardRemoved(gone))

    def _recovered(self) -> None:
        if self._lost:
            self._lost = False
            log.warning("ID card reader recovered")
            self._emit(ReaderRecovered())

    def _seen(self, card: IdCard, now: float) -> None:
        self._last_seen = now
        if self.present is not None and self.present.id_number == card.id_number:
            return
        if self.present is not None:  # another card replaced it without a gap
            self._emit(CardRemoved(self.present))
        recent = self._removed
        self.present = card
        if recent and recent[0] == card.id_number and now - recent[1] < self.same_card_hold_s:
            return
        self._emit(CardPresented(card))

