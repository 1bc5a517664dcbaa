"""A4 document printer: the port, the CUPS adapter (pycups), and an in-memory printer.

``create(cfg)``: ``kind = "cups"`` → ``url`` is the CUPS queue name, ``options.server`` the CUPS
server ("host:port", default: the system's); ``kind = "sim"`` / ``"fake"`` → an in-memory printer
(``options.spool_dir`` keeps copies of what was printed).
"""

from __future__ import annotations

from drivers.printer.port import BadDocument, JobResult, Printer, PrinterStatus, PrintOptions

__all__ = ["BadDocument", "JobResult", "Printer", "PrinterStatus", "PrintOptions", "create"]


def create(cfg) -> Printer:
    if cfg.kind == "cups":
        from drivers.printer.cups_printer import CupsPrinter

        return CupsPrinter(cfg.url, server=cfg.options.get("server", ""),
                           poll_interval=float(cfg.options.get("poll_interval", 0.25)))
    if cfg.kind in ("sim", "fake"):
        from drivers.printer.fake import FakePrinter

        return FakePrinter(spool_dir=cfg.options.get("spool_dir"))
    raise ValueError(f'devices.printer.kind = "{cfg.kind}": expected "cups", "sim" or "fake"')
