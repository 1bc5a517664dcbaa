"""The real receipt printer: ESC/POS over any pyserial URL, with the status checked before printing."""

from __future__ import annotations

import threading

from drivers.errors import DeviceTimeout, DeviceUnavailable, MediaError
from drivers.sim_serial import open_serial_port
from drivers.receipt.escpos import (STATUS_OFFLINE, STATUS_PAPER, PaperState, Receipt,
                                    decode_status, encode_receipt)


class EscPosPrinter:
    def __init__(self, url: str, baudrate: int = 115200, timeout: float = 1.0):
        self.url = url
        self.baudrate = baudrate
        self.timeout = timeout
        self._port = None
        self._lock = threading.Lock()

    def _open(self):
        if self._port is None:
            self._port = open_serial_port(self.url, device="receipt", label="receipt printer",
                                          baudrate=self.baudrate, timeout=self.timeout, write_timeout=5)
        return self._port

    def close(self) -> None:
        with self._lock:
            if self._port is not None:
                try:
                    self._port.close()
                except Exception:  # a vanished port may fail to close; it is gone either way
                    pass
                self._port = None

    def _ask(self, port, request: bytes) -> int:
        port.reset_input_buffer()
        port.write(request)
        answer = port.read(1)
        if not answer:
            raise DeviceTimeout(f"receipt printer at {self.url} did not answer the status request",
                                device="receipt", code="receipt.timeout")
        return answer[0]

    def _io(self, fn):
        import termios

        import serial

        with self._lock:
            port = self._open()
            try:
                return fn(port)
            except (serial.SerialException, OSError, termios.error) as exc:
                self._port = None
                raise DeviceUnavailable(f"receipt printer at {self.url} lost: {exc}", device="receipt",
                                        code="receipt.unavailable") from exc

    def status(self) -> PaperState:
        return self._io(lambda port: decode_status(self._ask(port, STATUS_OFFLINE),
                                                   self._ask(port, STATUS_PAPER)))

    def print_receipt(self, receipt: Receipt) -> None:
        state = self.status()
        raise_for(state)
        self._io(lambda port: (port.write(encode_receipt(receipt)), port.flush()))


def raise_for(state: PaperState) -> None:
    if state.paper == "out":
        raise MediaError("receipt printer is out of paper", device="receipt", code="receipt.paper_out")
    if state.cover_open:
        raise MediaError("receipt printer cover is open", device="receipt", code="receipt.cover_open")
