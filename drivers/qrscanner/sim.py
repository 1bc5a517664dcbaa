"""A simulated serial code scanner on a pty: ``scan(text)`` sends the line a real scanner would."""

from __future__ import annotations

from drivers.sim_serial import PtyDevice, PtySimulator


class ScannerSimulator(PtySimulator):
    def __init__(self, link: str | None = None, encoding: str = "utf-8", terminator: bytes = b"\r\n"):
        self.encoding = encoding
        self.terminator = terminator
        self.pty = PtyDevice(lambda data: None, link=link, name="scanner-sim")  # scanners ignore input

    def scan(self, text: str, encoding: str | None = None, split: int = 0) -> None:
        self.pty.write(text.encode(encoding or self.encoding) + self.terminator, chunk=split, gap_s=0.003)

    def send_raw(self, data: bytes) -> None:
        self.pty.write(data)
