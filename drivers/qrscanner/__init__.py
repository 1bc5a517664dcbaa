"""QR / barcode scanner on a serial line (plain serial or USB CDC), one code per line.

``create(cfg)``: ``kind = "serial"`` → ``url`` a port / pyserial URL (``options.baudrate``, default
9600); ``kind = "sim"`` → the scanner simulator on a pty in this process, read by the real
adapter (``scanner.simulator.scan("...")``); ``kind = "fake"`` → in memory.
"""

from __future__ import annotations

from drivers.qrscanner.scanner import CodeScanner, SerialCodeScanner, decode_line

__all__ = ["CodeScanner", "SerialCodeScanner", "create", "decode_line"]


def create(cfg) -> CodeScanner:
    options = dict(cfg.options)
    if cfg.kind == "serial":
        return SerialCodeScanner(cfg.url, baudrate=int(options.get("baudrate", 9600)))
    if cfg.kind == "sim":
        from drivers.qrscanner.sim import ScannerSimulator

        sim = ScannerSimulator().start()
        scanner = SerialCodeScanner(sim.path)
        scanner.open()
        scanner.simulator = sim
        return scanner
    if cfg.kind == "fake":
        from drivers.qrscanner.fake import FakeCodeScanner

        return FakeCodeScanner()
    raise ValueError(f'devices.qr_scanner.kind = "{cfg.kind}": expected "serial", "sim" or "fake"')
