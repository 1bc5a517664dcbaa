"""In-memory receipt printer: keeps the receipts, paper state settable."""

from __future__ import annotations

from drivers.receipt.escpos import PaperState, Receipt
from drivers.receipt.serial_printer import raise_for


class FakeReceiptPrinter:
    def __init__(self, paper: str = "ok"):
        self.state = PaperState(paper)
        self.receipts: list[Receipt] = []

    def trigger_state(self, paper: str = "ok", cover_open: bool = False) -> None:
        self.state = PaperState(paper, cover_open)

    def status(self) -> PaperState:
        return self.state

    def print_receipt(self, receipt: Receipt) -> None:
        raise_for(self.state)
        self.receipts.append(receipt)
