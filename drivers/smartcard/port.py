"""The PC/SC smart card port: readers, card presence, the contactless UID, APDU exchange."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from drivers.errors import ProtocolError

GET_UID = bytes.fromhex("FFCA000000")


class ApduError(ProtocolError):
    """The card answered with a status word other than 90 00."""

    code = "smartcard.apdu"

    def __init__(self, message: str = "", *, sw: int = 0, device: str = "smartcard"):
        super().__init__(message or f"card answered SW {sw:04X}", device=device)
        self.sw = sw


@dataclass(frozen=True)
class CardInfo:
    reader: str
    atr: bytes


@runtime_checkable
class SmartCardReader(Protocol):
    """Staff and lawyer badges now (UID), passports later (APDUs)."""

    def readers(self) -> list[str]: ...

    def cards(self) -> dict[str, bytes]:
        """Reader name → ATR for every reader that has a card on it."""
        ...

    def uid(self, reader: str | None = None) -> bytes: ...

    def transmit(self, apdu: bytes, reader: str | None = None) -> bytes:
        """Send one command APDU; the response data (SW 90 00 stripped) or ``ApduError``."""
        ...
