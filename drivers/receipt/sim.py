"""A simulated ESC/POS printer on a pty: answers the status requests, records every byte printed."""

from __future__ import annotations

import threading

from drivers.receipt.escpos import DLE, EOT, PaperState, encode_status
from drivers.sim_serial import PtyDevice, PtySimulator


class EscPosSimulator(PtySimulator):
    """Paper and cover are settable; ``printed`` holds what reached the paper (not status polls)."""

    def __init__(self, paper: str = "ok", cover_open: bool = False, link: str | None = None):
        self.state = PaperState(paper, cover_open)
        self.printed = bytearray()
        self._pending = b""
        self._lock = threading.Lock()
        self.pty = PtyDevice(self._on_bytes, link=link, name="escpos-sim")

    def set_state(self, paper: str = "ok", cover_open: bool = False) -> None:
        self.state = PaperState(paper, cover_open)

    def _on_bytes(self, data: bytes) -> None:
        with self._lock:
            data = self._pending + data
            self._pending = b""
            out = bytearray()
            i = 0
            while i < len(data):
                if data[i:i + 2] == DLE + EOT:
                    if i + 2 >= len(data):
                        self._pending = data[i:]
                        break
                    offline, paper = encode_status(self.state)
                    self.pty.write(bytes([offline if data[i + 2] == 2 else paper]))
                    i += 3
                    continue
                out.append(data[i])
                i += 1
            if self.state.paper != "out" and not self.state.cover_open:
                self.printed += out

    def settle(self, quiet_s: float = 0.05, timeout: float = 2.0) -> None:
        """Wait until the host has stopped sending (the pty delivers bytes asynchronously)."""
        import time

        deadline = time.monotonic() + timeout
        last = -1
        while time.monotonic() < deadline and last != len(self.printed):
            last = len(self.printed)
            time.sleep(quiet_s)

    def printed_text(self) -> str:
        """The printable GB18030 text (ESC/GS/FS commands removed), for checking receipts."""
        from drivers.receipt.escpos import strip_commands

        return strip_commands(bytes(self.printed)).decode("gb18030", errors="replace")
