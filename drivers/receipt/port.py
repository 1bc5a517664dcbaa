"""The receipt printer port: print a receipt, report paper and cover."""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from drivers.receipt.escpos import PaperState, Receipt


@runtime_checkable
class ReceiptPrinter(Protocol):
    def print_receipt(self, receipt: Receipt) -> None:
        """Print and cut; ``MediaError`` (``receipt.paper_out`` / ``receipt.cover_open``) first if it cannot."""
        ...

    def status(self) -> PaperState: ...
