"""A simulated SAM ID card reader speaking the real protocol on a pty, with fault injection.

``IdCardSimulator`` answers every command frame the host writes, with realistic or zero timing.
Faults (``Faults``) come from config options, so a demo kiosk, a test or ``kiosk idcard simulate``
can reproduce what real readers do: stray bytes, answers in pieces, corrupted answers, no card,
a failed SAM, a slow radio, a card pulled away mid-read, a reader that does not answer at all.
"""

from __future__ import annotations

import logging
import random
import threading
import time
from dataclasses import dataclass, fields
from typing import Any

from drivers.idcard import codec
from drivers.idcard.card import IdCard, encode_text
from drivers.idcard.samples import sample_cards
from drivers.sim_serial import PtyDevice

log = logging.getLogger(__name__)

SAM_ID_BYTES = (b"\x05\x00\x01\x00" + (20231205).to_bytes(4, "little")
                + (12345678).to_bytes(4, "little") + (87654321).to_bytes(4, "little"))
NO_CARD = codec.response(codec.SW_NO_CARD)


@dataclass
class Faults:
    """What can go wrong; every field can be set from ``options["faults"]``."""

    stray_bytes: bool = False
    """Noise before every answer (a reader that was powered up mid-frame, a long cable)."""
    split_writes: bool = False
    """Answers in small pieces with gaps (USB-serial bridges do this)."""
    bad_checksum: int = 0
    """Corrupt the checksum of this many next answers."""
    sam_failure: bool = False
    """The SAM self-test fails (SW3 60)."""
    slow_radio_s: float = 0.0
    """Extra seconds the radio read takes."""
    remove_mid_read: bool = False
    """The card is pulled away during the next read (SW3 41, then no card)."""
    silent: bool = False
    """The reader does not answer at all (wrong port, dead reader)."""

    @classmethod
    def from_options(cls, value: Any) -> "Faults":
        """From a list of names (``["stray_bytes", "split_writes"]``) or a mapping of fields."""
        if isinstance(value, cls):
            return value
        if not value:
            return cls()
        if isinstance(value, str):
            value = [v for v in value.replace(",", " ").split() if v]
        if isinstance(value, (list, tuple)):
            value = {name: (1 if name == "bad_checksum" else
                            2.5 if name == "slow_radio_s" else True) for name in value}
        known = {f.name for f in fields(cls)}
        unknown = set(value) - known
        if unknown:
            raise ValueError(f"unknown simulator fault(s) {sorted(unknown)}; known: {sorted(known)}")
        return cls(**value)


@dataclass(frozen=True)
class Timing:
    """Seconds the reader takes; ``REALISTIC`` follows the protocol notes, ``FAST`` is for tests."""

    find: float = 0.0
    select: float = 0.0
    read: float = 0.0
    per_byte_at_baud: bool = False


FAST = Timing()
REALISTIC = Timing(find=0.03, select=0.03, read=1.0, per_byte_at_baud=True)


def read_answer(card: IdCard) -> bytes:
    """The 1295-byte answer to ``30 01`` for ``card``."""
    photo = card.photo_wlt.ljust(1024, b"\x00")[:1024]
    return codec.response(codec.SW_SUCCESS,
                          (256).to_bytes(2, "big") + (1024).to_bytes(2, "big") + encode_text(card) + photo)


class IdCardSimulator:
    """The reader's firmware, minus the radio: one card slot, a SAM, a serial line on a pty."""

    def __init__(self, card: IdCard | str | None = None, faults: Faults | Any = None,
                 timing: Timing | str = FAST, baud: int = 115200, halt_after_read: bool = True,
                 link: str | None = None, seed: int = 0):
        self.card = sample_cards()[card] if isinstance(card, str) else card
        self.faults = Faults.from_options(faults)
        self.timing = {"fast": FAST, "realistic": REALISTIC}[timing] if isinstance(timing, str) else timing
        self.baud = baud
        self.halt_after_read = halt_after_read
        self._halted = False
        self._decoder = codec.FrameDecoder()
        self._rng = random.Random(seed)
        self._lock = threading.Lock()
        self.commands: list[tuple[int, int]] = []
        self.placed_at: float | None = None
        self.pty = PtyDevice(self._on_bytes, link=link, name="idcard-sim")

    # -- the world outside the reader -------------------------------------------------------------
    def place(self, card: IdCard | str) -> None:
        with self._lock:
            self.card = sample_cards()[card] if isinstance(card, str) else card
            self._halted = False
            self.placed_at = time.monotonic()

    def remove(self) -> None:
        with self._lock:
            self.card = None
            self._halted = False

    @property
    def path(self) -> str:
        return self.pty.path

    def start(self) -> "IdCardSimulator":
        self.pty.start()
        return self

    def stop(self) -> None:
        self.pty.unplug()

    def __enter__(self) -> "IdCardSimulator":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    # -- the firmware -------------------------------------------------------------------------------
    def _on_bytes(self, data: bytes) -> None:
        if self.faults.silent:
            return
        host_baud = self.pty.host_baudrate()
        if host_baud is not None and host_baud != self.baud:
            self.pty.write(bytes(self._rng.randrange(256) for _ in range(len(data))))  # line noise
            self._decoder = codec.FrameDecoder()
            return
        self._decoder.feed(data)
        while True:
            try:
                frame = self._decoder.next_frame()
            except codec.ChecksumError:
                self._send(codec.response(codec.SW_HOST_CHECKSUM))
                continue
            if frame is None:
                return
            self.commands.append(frame.cmd)
            delay, answer = self.answer(frame.cmd)
            if delay:
                time.sleep(delay)
            self._send(answer)

    def answer(self, cmd: tuple[int, int]) -> tuple[float, bytes]:
        """(seconds the reader takes, answer bytes) for one command: the protocol, no I/O."""
        t, f = self.timing, self.faults
        with self._lock:
            card = self.card
            if cmd == codec.SAM_STATUS:
                return 0.0, codec.response(0x60 if f.sam_failure else codec.SW_SUCCESS)
            if cmd == codec.RESET_SAM:
                return 0.0, codec.response(0x60 if f.sam_failure else codec.SW_SUCCESS)
            if cmd == codec.SAM_ID:
                return 0.0, codec.response(codec.SW_SUCCESS, SAM_ID_BYTES)
            if f.sam_failure:
                return 0.0, codec.response(0x60)
            if cmd == codec.FIND_CARD:
                if card is None or self._halted:
                    return t.find, NO_CARD
                return t.find, codec.response(codec.SW_CARD_FOUND, b"\x00\x00\x00\x00")
            if cmd == codec.SELECT_CARD:
                if card is None:
                    return t.select, codec.response(0x81)
                return t.select, codec.response(codec.SW_SUCCESS, bytes(8))
            if cmd == codec.READ_TEXT_PHOTO:
                radio = t.read + f.slow_radio_s
                if card is None:
                    return radio, codec.response(0x41)
                if f.remove_mid_read:
                    f.remove_mid_read = False
                    self.card = None
                    return radio / 2, codec.response(0x41)
                if self.halt_after_read:
                    self._halted = True
                return radio, read_answer(card)
            if cmd == codec.READ_NEW_ADDRESS:
                if card is None or not card.new_address:
                    return t.select, codec.response(codec.SW_NO_CONTENT)
                return t.select, codec.response(codec.SW_SUCCESS, _pad70(card.new_address))
            return 0.0, codec.response(0x21)

    def _send(self, answer: bytes) -> None:
        f = self.faults
        if f.bad_checksum > 0:
            f.bad_checksum -= 1
            answer = answer[:-1] + bytes([answer[-1] ^ 0x5A])
        if self.timing.per_byte_at_baud:
            time.sleep(len(answer) * 10 / self.baud)
        if f.stray_bytes:
            noise = bytes(self._rng.choice((0x00, 0xAA, 0x96, 0x69, 0xFF, 0x13))
                          for _ in range(self._rng.randint(1, 9)))
            answer = noise + answer
        if f.split_writes:
            self.pty.write(answer, chunk=self._rng.randint(3, 64), gap_s=0.002)
        else:
            self.pty.write(answer)


def _pad70(text: str) -> bytes:
    raw = text.encode("utf-16-le")[:70]
    return raw + " ".encode("utf-16-le") * ((70 - len(raw)) // 2)


def simulator_from_options(options: dict[str, Any]) -> IdCardSimulator:
    """Build a simulator from ``DeviceConfig.options`` (card, faults, timing, baud, link)."""
    known = {"card", "faults", "timing", "baud", "halt_after_read", "link", "seed"}
    return IdCardSimulator(**{k: v for k, v in options.items() if k in known})
