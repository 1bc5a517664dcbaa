"""An in-memory ID card reader for unit tests of flows: same port, same errors, no bytes."""

from __future__ import annotations

import threading

from drivers.errors import DeviceError, DeviceUnavailable
from drivers.idcard.card import IdCard
from drivers.idcard.port import ReaderStatus, wait_for_card
from drivers.idcard.samples import sample_cards


class FakeIdCardReader:
    """``IdCardReader`` whose card and failures the test sets with ``trigger_*``."""

    def __init__(self, card: IdCard | str | None = None, sam_ok: bool = True,
                 poll_interval: float = 0.01):
        self.card: IdCard | None = None
        self.sam_ok = sam_ok
        self.poll_interval = poll_interval
        self.plugged = True
        self.opened = False
        self.reads = 0
        self._next_error: DeviceError | None = None
        self._lock = threading.Lock()
        if card is not None:
            self.trigger_place(card)

    # -- test hooks ----------------------------------------------------------------------------
    def trigger_place(self, card: IdCard | str) -> None:
        self.card = sample_cards()[card] if isinstance(card, str) else card

    def trigger_remove(self) -> None:
        self.card = None

    def trigger_error(self, error: DeviceError) -> None:
        """The next operation raises ``error`` (e.g. a read failing as the card is pulled away)."""
        self._next_error = error

    def trigger_unplug(self) -> None:
        self.plugged = False
        self.opened = False

    def trigger_replug(self) -> None:
        self.plugged = True

    # -- the port ------------------------------------------------------------------------------
    def _check(self) -> None:
        if not self.plugged:
            raise DeviceUnavailable("fake ID card reader unplugged", device="idcard",
                                    code="idcard.unavailable")
        self.opened = True
        if self._next_error is not None:
            error, self._next_error = self._next_error, None
            raise error

    def open(self) -> None:
        self._check()

    def close(self) -> None:
        self.opened = False

    def status(self) -> ReaderStatus:
        self._check()
        if not self.sam_ok:
            return ReaderStatus(ok=False, detail="SAM status: SW3=60 SAM self-test failed")
        return ReaderStatus(ok=True, sam_id="05.01-20231205-0012345678-0087654321", detail="fake")

    def read_once(self) -> IdCard | None:
        with self._lock:
            self._check()
            if not self.sam_ok:
                raise DeviceUnavailable("SAM self-test failed", device="idcard", code="idcard.sam_fault")
            if self.card is not None:
                self.reads += 1
            return self.card

    def read_card(self, timeout: float = 10.0) -> IdCard:
        return wait_for_card(self.read_once, timeout, self.poll_interval)
