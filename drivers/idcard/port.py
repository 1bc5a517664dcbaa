"""The ID card reader port: what the kiosk needs from any reader (serial adapter, simulator, fake)."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from drivers.errors import NoMedium
from drivers.idcard.card import IdCard


@dataclass(frozen=True)
class ReaderStatus:
    """Result of the SAM self-test: ``ok`` and the SAM id (``05.01-20231205-0012345678-...``)."""

    ok: bool
    sam_id: str = ""
    detail: str = ""


@runtime_checkable
class IdCardReader(Protocol):
    """A second-generation ID card reader.

    ``read_once`` performs one find → select → read cycle: a card, or ``None`` when no card is on
    the reader. Failures raise ``drivers.errors`` types (DeviceUnavailable when the reader is
    gone, DeviceTimeout, ProtocolError, ...). ``read_card`` waits for a card up to ``timeout``.
    """

    def open(self) -> None: ...

    def close(self) -> None: ...

    def status(self) -> ReaderStatus: ...

    def read_once(self) -> IdCard | None: ...

    def read_card(self, timeout: float = 10.0) -> IdCard: ...


def wait_for_card(read_once: Callable[[], IdCard | None], timeout: float, poll_interval: float) -> IdCard:
    """Poll ``read_once`` until a card is read; ``NoMedium`` (idcard.no_card) after ``timeout`` s.

    The one ``read_card`` loop every reader shares (real adapter, simulator, fake).
    """
    deadline = time.monotonic() + timeout
    while True:
        card = read_once()
        if card is not None:
            return card
        if time.monotonic() + poll_interval > deadline:
            raise NoMedium(f"no ID card on the reader within {timeout:g} s", device="idcard",
                           code="idcard.no_card")
        time.sleep(poll_interval)
