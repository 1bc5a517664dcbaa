"""In-memory PC/SC readers holding ``VirtualCard``s: the same port and errors, no pcscd."""

from __future__ import annotations

from drivers.errors import DeviceUnavailable, NoMedium
from drivers.smartcard.port import GET_UID, ApduError
from drivers.smartcard.vicc import VirtualCard


class FakeSmartCardReader:
    def __init__(self, reader_names: tuple[str, ...] = ("Fake PCD 00 00",)):
        self.slots: dict[str, VirtualCard | None] = {name: None for name in reader_names}
        self.service_up = True

    def trigger_insert(self, card: VirtualCard, reader: str | None = None) -> None:
        self.slots[reader or next(iter(self.slots))] = card

    def trigger_remove(self, reader: str | None = None) -> None:
        self.slots[reader or next(iter(self.slots))] = None

    def _check(self) -> None:
        if not self.service_up:
            raise DeviceUnavailable("PC/SC service: not running", device="smartcard",
                                    code="smartcard.unavailable")

    def readers(self) -> list[str]:
        self._check()
        return list(self.slots)

    def cards(self) -> dict[str, bytes]:
        self._check()
        return {name: card.atr for name, card in self.slots.items() if card is not None}

    def transmit(self, apdu: bytes, reader: str | None = None) -> bytes:
        present = self.cards()
        name = reader or next(iter(present), None)
        if name is None or name not in present:
            raise NoMedium(f"no card on {name or 'any reader'}", device="smartcard",
                           code="smartcard.no_card")
        answer = self.slots[name].respond(bytes(apdu))
        if answer[-2:] != b"\x90\x00":
            raise ApduError(sw=int.from_bytes(answer[-2:], "big"))
        return answer[:-2]

    def uid(self, reader: str | None = None) -> bytes:
        return self.transmit(GET_UID, reader)
