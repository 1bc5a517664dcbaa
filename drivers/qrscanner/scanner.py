"""Read codes from a serial scanner: lines ended by CR, LF or CRLF, UTF-8 or GB18030 (GBK) text.

Scanners fire the same code several times while it stays in view; ``repeat_s`` swallows repeats.
"""

from __future__ import annotations

import threading
import time
from typing import Protocol, runtime_checkable

from drivers.errors import DeviceTimeout, DeviceUnavailable, ProtocolError
from drivers.sim_serial import open_serial_port

MAX_LINE = 4096


@runtime_checkable
class CodeScanner(Protocol):
    def open(self) -> None:
        """Start listening (codes scanned before are lost, as on the real line)."""
        ...

    def read_code(self, timeout: float = 30.0) -> str:
        """The next code scanned (``DeviceTimeout`` when none comes)."""
        ...

    def close(self) -> None: ...


def decode_line(raw: bytes) -> str:
    """UTF-8 first (modern scanners), else GB18030 (scanners set to GBK), control chars removed."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        try:
            text = raw.decode("gb18030")
        except UnicodeDecodeError as exc:
            raise ProtocolError(f"scanned bytes are neither UTF-8 nor GB18030: {raw[:40].hex()}",
                                device="qr_scanner") from exc
    return "".join(ch for ch in text if ch.isprintable()).strip()


class SerialCodeScanner:
    def __init__(self, url: str, baudrate: int = 9600, repeat_s: float = 1.0):
        self.url = url
        self.baudrate = baudrate
        self.repeat_s = repeat_s
        self._port = None
        self._buf = bytearray()
        self._last: tuple[str, float] = ("", 0.0)
        self._lock = threading.Lock()

    def _open(self):
        if self._port is None:
            self._port = open_serial_port(self.url, device="qr_scanner", label="code scanner",
                                          baudrate=self.baudrate, timeout=0.05)
        return self._port

    def open(self) -> None:
        with self._lock:
            self._open()

    def close(self) -> None:
        if self._port is not None:
            try:
                self._port.close()
            except Exception:  # a vanished port may fail to close; it is gone either way
                pass
            self._port = None

    def _next_line(self) -> bytes | None:
        for i, byte in enumerate(self._buf):
            if byte in (0x0D, 0x0A):
                line = bytes(self._buf[:i])
                del self._buf[:i + 1]
                return line
        if len(self._buf) > MAX_LINE:  # no terminator: garbage or wrong baud; drop it
            self._buf.clear()
            raise ProtocolError(f"no line end in {MAX_LINE} bytes from the scanner", device="qr_scanner")
        return None

    def read_code(self, timeout: float = 30.0) -> str:
        import serial

        deadline = time.monotonic() + timeout
        with self._lock:
            port = self._open()
            while True:
                while (line := self._next_line()) is not None:
                    code = decode_line(line)
                    if not code:
                        continue
                    now = time.monotonic()
                    if code == self._last[0] and now - self._last[1] < self.repeat_s:
                        self._last = (code, now)
                        continue
                    self._last = (code, now)
                    return code
                if time.monotonic() > deadline:
                    raise DeviceTimeout(f"no code scanned within {timeout:g} s", device="qr_scanner",
                                        code="qr_scanner.timeout")
                try:
                    self._buf += port.read(max(1, port.in_waiting))
                except (serial.SerialException, OSError) as exc:
                    self.close()
                    raise DeviceUnavailable(f"code scanner at {self.url} lost: {exc}",
                                            device="qr_scanner", code="qr_scanner.unavailable") from exc
