"""The real reader adapter: the SAM protocol over any pyserial URL (port, pty, ``loop://``, ``spy://``).

It probes the line speed, resends a command after a corrupted answer, reassembles answers that
arrive in pieces behind stray bytes, and turns every failure into a ``drivers.errors`` type. A
lost port is closed and reopened on the next call, so an unplugged reader recovers by itself.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence

from drivers.errors import DeviceError, DeviceTimeout, DeviceUnavailable, ProtocolError
from drivers.idcard import codec
from drivers.idcard.card import IdCard, parse_text
from drivers.idcard.port import ReaderStatus, wait_for_card

log = logging.getLogger(__name__)

BAUDRATES = (115200, 57600, 38400, 19200, 9600)


def format_sam_id(payload: bytes) -> str:
    """The SAM id as printed by vendor tools: ``05.01-20231205-0012345678-0087654321``."""
    if len(payload) < 16:
        return payload.hex()
    le = lambda a, b: int.from_bytes(payload[a:b], "little")  # noqa: E731
    return f"{le(0, 2):02d}.{le(2, 4):02d}-{le(4, 8):08d}-{le(8, 12):010d}-{le(12, 16):010d}"


class SerialIdCardReader:
    """``IdCardReader`` over a serial line. Thread-safe: one command at a time."""

    def __init__(self, url: str, *, baudrates: Sequence[int] = BAUDRATES, probe_timeout: float = 0.6,
                 command_timeout: float = 1.0, read_timeout: float = 3.5, retries: int = 2,
                 poll_interval: float = 0.25, read_new_address: bool = True,
                 wlt_library: str | None = None, serial_factory: Callable | None = None):
        self.url = url
        self.baudrates = tuple(baudrates)
        self.probe_timeout = probe_timeout
        self.command_timeout = command_timeout
        self.read_timeout = read_timeout
        self.retries = retries
        self.poll_interval = poll_interval
        self.read_new_address = read_new_address
        self._serial_factory = serial_factory
        self.wlt_library = wlt_library
        self._wlt = None
        self._port = None
        self._lock = threading.RLock()
        self.baudrate: int | None = None

    # -- port handling ----------------------------------------------------------------------
    def open(self) -> None:
        with self._lock:
            if self._port is not None:
                return
            self._port = self._open_port(self.baudrates[0])
            try:
                self.baudrate = self._probe()
            except DeviceError:
                self.close()
                raise

    def close(self) -> None:
        with self._lock:
            if self._port is not None:
                try:
                    self._port.close()
                except Exception:  # closing a vanished port may fail; it is gone either way
                    pass
            self._port = None

    def __enter__(self) -> "SerialIdCardReader":
        self.open()
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _open_port(self, baudrate: int):
        import serial

        factory = self._serial_factory or serial.serial_for_url
        try:
            return factory(self.url, baudrate=baudrate, timeout=0.02, write_timeout=1.0)
        except (serial.SerialException, OSError, ValueError) as exc:
            raise DeviceUnavailable(f"ID card reader at {self.url}: {exc}", device="idcard",
                                    code="idcard.unavailable") from exc

    def _probe(self) -> int:
        """Find the reader's line speed with the SAM status command (115200 first)."""
        for rate in self.baudrates:
            self._port.baudrate = rate
            try:
                self._transact(codec.SAM_STATUS, self.probe_timeout, retries=self.retries)
                return rate
            except codec.ChecksumError:
                return rate  # framed answers, however corrupted, mean the speed is right
            except (DeviceTimeout, ProtocolError):
                continue
        raise DeviceUnavailable(f"no reader answers at {self.url} at any of {self.baudrates} baud",
                                device="idcard", code="idcard.unavailable")

    # -- one command ----------------------------------------------------------------------------
    def transact(self, cmd: tuple[int, int], timeout: float | None = None) -> codec.Frame:
        """Send ``cmd`` and return the checked answer frame (any SW3); opens the port if needed."""
        with self._lock:
            self.open()
            return self._transact(cmd, timeout or self.command_timeout, self.retries)

    def _transact(self, cmd: tuple[int, int], timeout: float, retries: int) -> codec.Frame:
        import termios

        import serial

        frame_bytes = codec.command(cmd)
        last: DeviceError | None = None
        for _attempt in range(retries + 1):
            try:
                self._port.reset_input_buffer()
                self._port.write(frame_bytes)
                frame = self._read_frame(cmd, timeout)
            except codec.ChecksumError as exc:
                log.info("ID reader: %s after %02X %02X; asking again", exc, *cmd)
                last = exc
                continue
            except (serial.SerialException, OSError, termios.error) as exc:
                self.close()
                raise DeviceUnavailable(f"ID card reader at {self.url} lost: {exc}",
                                        device="idcard", code="idcard.unavailable") from exc
            if frame.sw3 == codec.SW_HOST_CHECKSUM:
                last = ProtocolError("reader saw a corrupted command", device="idcard")
                continue
            return frame
        assert last is not None
        raise last

    def _read_frame(self, cmd: tuple[int, int], timeout: float) -> codec.Frame:
        decoder = codec.FrameDecoder()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            chunk = self._port.read(max(1, self._port.in_waiting))
            if chunk:
                decoder.feed(chunk)
                while (frame := decoder.next_frame()) is not None:
                    if decoder.skipped:
                        log.debug("ID reader: skipped %d stray bytes", decoder.skipped)
                    if codec.plausible(cmd, frame):
                        return frame
                    log.info("ID reader: dropped a late answer (SW3=%02X, %d bytes) while waiting"
                             " for %02X %02X", frame.sw3, len(frame.payload), *cmd)
        raise DeviceTimeout(f"ID card reader at {self.url} did not answer within {timeout:.1f} s"
                            f" ({decoder.pending()} bytes pending)", device="idcard",
                            code="idcard.timeout")

    # -- the port's operations ----------------------------------------------------------------
    def status(self) -> ReaderStatus:
        frame = self.transact(codec.SAM_STATUS)
        if frame.sw3 != codec.SW_SUCCESS:
            err = codec.status_error(frame.sw3, "SAM status")
            return ReaderStatus(ok=False, detail=str(err))
        sam = self.transact(codec.SAM_ID)
        sam_id = format_sam_id(sam.payload) if sam.sw3 == codec.SW_SUCCESS else ""
        return ReaderStatus(ok=True, sam_id=sam_id, detail=f"{self.baudrate} baud")

    def reset_sam(self) -> None:
        frame = self.transact(codec.RESET_SAM)
        if frame.sw3 != codec.SW_SUCCESS:
            raise codec.status_error(frame.sw3, "reset SAM")

    def read_once(self) -> IdCard | None:
        with self._lock:
            found = self.transact(codec.FIND_CARD)
            if found.sw3 == codec.SW_NO_CARD:
                return None
            if found.sw3 != codec.SW_CARD_FOUND:
                raise codec.status_error(found.sw3, "find card")
            selected = self.transact(codec.SELECT_CARD)
            if selected.sw3 == 0x81:  # the card left between find and select
                return None
            if selected.sw3 != codec.SW_SUCCESS:
                raise codec.status_error(selected.sw3, "select card")
            answer = self.transact(codec.READ_TEXT_PHOTO, self.read_timeout)
            if answer.sw3 != codec.SW_SUCCESS:
                raise codec.status_error(answer.sw3, "read card")
            parts = codec.split_read_payload(answer.payload)
            card = parse_text(parts.text, parts.photo)
            if self.read_new_address:
                card = card.with_new_address(self._new_address())
            return self._decode_photo(card)

    def _decode_photo(self, card: IdCard) -> IdCard:
        """Add the BMP when a vendor decoder is configured; without one the raw WLT is enough."""
        if not self.wlt_library:
            return card
        from dataclasses import replace

        from drivers.idcard.wlt import WltDecoder

        try:
            self._wlt = self._wlt or WltDecoder(self.wlt_library)
            return replace(card, photo_bmp=self._wlt.to_bmp(card.photo_wlt))
        except DeviceError as exc:
            log.warning("ID card photo not decoded: %s", exc)
            return card

    def _new_address(self) -> str | None:
        try:
            frame = self.transact(codec.READ_NEW_ADDRESS)
        except DeviceTimeout:
            return None  # some older readers do not know 30 03
        if frame.sw3 != codec.SW_SUCCESS:
            return None
        return codec.decode_new_address(frame.payload) or None

    def read_card(self, timeout: float = 10.0) -> IdCard:
        """Wait up to ``timeout`` seconds for a card and read it."""
        return wait_for_card(self.read_once, timeout, self.poll_interval)
