"""Thermal receipt printer (ESC/POS over serial, Chinese as GB18030): receipts and queue tickets.

``create(cfg)``: ``kind = "escpos"`` → ``url`` a serial port / pyserial URL, ``options.baudrate``;
``kind = "sim"`` → the ESC/POS simulator on a pty in this process, driven by the real adapter
(``options.paper`` = ok | near_end | out); ``kind = "fake"`` → in memory.
"""

from __future__ import annotations

from drivers.receipt.escpos import PaperState, Receipt
from drivers.receipt.port import ReceiptPrinter

__all__ = ["PaperState", "Receipt", "ReceiptPrinter", "create"]


def create(cfg) -> ReceiptPrinter:
    options = dict(cfg.options)
    if cfg.kind == "escpos":
        from drivers.receipt.serial_printer import EscPosPrinter

        return EscPosPrinter(cfg.url, baudrate=int(options.get("baudrate", 115200)))
    if cfg.kind == "sim":
        from drivers.receipt.serial_printer import EscPosPrinter
        from drivers.receipt.sim import EscPosSimulator

        sim = EscPosSimulator(paper=options.get("paper", "ok")).start()
        printer = EscPosPrinter(sim.path)
        printer.simulator = sim  # reach it to change paper or read what was printed
        return printer
    if cfg.kind == "fake":
        from drivers.receipt.fake import FakeReceiptPrinter

        return FakeReceiptPrinter(paper=options.get("paper", "ok"))
    raise ValueError(f'devices.receipt_printer.kind = "{cfg.kind}": expected "escpos", "sim" or "fake"')
