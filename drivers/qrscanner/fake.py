"""In-memory code scanner: ``trigger_scan(text)`` queues a code."""

from __future__ import annotations

import queue

from drivers.errors import DeviceTimeout


class FakeCodeScanner:
    def __init__(self):
        self._codes: queue.Queue[str] = queue.Queue()

    def trigger_scan(self, text: str) -> None:
        self._codes.put(text.strip())

    def read_code(self, timeout: float = 30.0) -> str:
        try:
            return self._codes.get(timeout=timeout)
        except queue.Empty:
            raise DeviceTimeout(f"no code scanned within {timeout:g} s", device="qr_scanner",
                                code="qr_scanner.timeout") from None

    def open(self) -> None:
        pass

    def close(self) -> None:
        pass
