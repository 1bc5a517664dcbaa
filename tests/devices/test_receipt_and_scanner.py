"""Receipt printer (ESC/POS) and code scanner: contract over the pty simulators and the fakes."""

from __future__ import annotations

import pytest

from drivers.errors import DeviceTimeout, DeviceUnavailable, MediaError, ProtocolError
from drivers.qrscanner import CodeScanner, SerialCodeScanner, decode_line
from drivers.qrscanner.fake import FakeCodeScanner
from drivers.qrscanner.sim import ScannerSimulator
from drivers.receipt import Receipt, ReceiptPrinter
from drivers.receipt.escpos import PaperState, decode_status, encode_receipt, encode_status, strip_commands
from drivers.receipt.fake import FakeReceiptPrinter
from drivers.receipt.serial_printer import EscPosPrinter
from drivers.receipt.sim import EscPosSimulator

TICKET = Receipt(title="巩义市人民法院", big_number="A023", lines=("业务：跨域立案", "时间：2026-11-22 10:15"),
                 qr="https://court.example/q/A023", footer="请留意叫号 · 𠀀")


class SimReceipt:
    def __init__(self):
        self.sim = EscPosSimulator().start()
        self.printer = EscPosPrinter(self.sim.path, timeout=0.5)

    def set(self, paper="ok", cover_open=False):
        self.sim.set_state(paper, cover_open)

    def printed(self):
        self.sim.settle()
        return self.sim.printed_text()

    def close(self):
        self.printer.close()
        self.sim.stop()


class FakeReceipt:
    def __init__(self):
        self.printer = FakeReceiptPrinter()

    def set(self, paper="ok", cover_open=False):
        self.printer.trigger_state(paper, cover_open)

    def printed(self):
        return "\n".join(r.title + "\n" + "\n".join(r.lines) for r in self.printer.receipts)

    def close(self):
        pass


@pytest.fixture(params=["sim", "fake"])
def receipt_world(request):
    w = {"sim": SimReceipt, "fake": FakeReceipt}[request.param]()
    yield w
    w.close()


@pytest.mark.contract
def test_receipt_prints_chinese_text(receipt_world):
    assert isinstance(receipt_world.printer, ReceiptPrinter)
    receipt_world.printer.print_receipt(TICKET)
    text = receipt_world.printed()
    assert "巩义市人民法院" in text and "业务：跨域立案" in text


@pytest.mark.contract
@pytest.mark.parametrize("paper,cover,code", [("out", False, "receipt.paper_out"),
                                              ("ok", True, "receipt.cover_open")])
def test_receipt_refuses_without_paper_or_with_cover_open(receipt_world, paper, cover, code):
    receipt_world.set(paper, cover)
    with pytest.raises(MediaError) as info:
        receipt_world.printer.print_receipt(TICKET)
    assert info.value.code == code
    assert "巩义" not in receipt_world.printed()
    receipt_world.set()
    receipt_world.printer.print_receipt(TICKET)
    assert "巩义" in receipt_world.printed()


@pytest.mark.contract
def test_receipt_paper_near_end_is_reported_but_prints(receipt_world):
    receipt_world.set("near_end")
    assert receipt_world.printer.status().paper == "near_end"
    receipt_world.printer.print_receipt(TICKET)


@pytest.mark.unit
def test_escpos_bytes_are_gb18030_with_qr_and_cut():
    data = encode_receipt(TICKET)
    assert data.startswith(b"\x1b@\x1c&")
    assert "巩义市人民法院".encode("gb18030") in data
    assert b"https://court.example/q/A023" in data and data.endswith(b"\x1dV\x42\x03")
    assert "𠀀".encode("gb18030") in data  # four-byte GB18030, not '?'
    assert strip_commands(data).decode("gb18030").count("\n") >= 5


@pytest.mark.unit
@pytest.mark.parametrize("paper,cover", [("ok", False), ("near_end", False), ("out", False), ("ok", True)])
def test_status_bytes_round_trip(paper, cover):
    state = decode_status(*encode_status(PaperState(paper, cover)))
    assert (state.paper, state.cover_open) == (paper, cover)


@pytest.mark.faults
def test_receipt_printer_that_does_not_answer_times_out():
    with EscPosSimulator() as sim:
        sim.pty.stop()  # port stays, nobody answers
        with pytest.raises((DeviceTimeout, DeviceUnavailable)):
            EscPosPrinter(sim.path, timeout=0.2).status()
    with pytest.raises(DeviceUnavailable):
        EscPosPrinter("/dev/ttyNOPE").status()


class SimScanner:
    def __init__(self):
        self.sim = ScannerSimulator().start()
        self.scanner = SerialCodeScanner(self.sim.path, repeat_s=0.5)
        self.scanner.open()  # opening a port flushes what arrived before

    def scan(self, text):
        self.sim.scan(text)

    def close(self):
        self.scanner.close()
        self.sim.stop()


class FakeScanner:
    def __init__(self):
        self.scanner = FakeCodeScanner()

    def scan(self, text):
        self.scanner.trigger_scan(text)

    def close(self):
        pass


@pytest.fixture(params=["sim", "fake"])
def scanner_world(request):
    w = {"sim": SimScanner, "fake": FakeScanner}[request.param]()
    yield w
    w.close()


@pytest.mark.contract
def test_scanner_delivers_codes_in_order(scanner_world):
    assert isinstance(scanner_world.scanner, CodeScanner)
    scanner_world.scan("https://court.example/v/8F3K2")
    scanner_world.scan("验证码 482913")
    assert scanner_world.scanner.read_code(2) == "https://court.example/v/8F3K2"
    assert scanner_world.scanner.read_code(2) == "验证码 482913"
    with pytest.raises(DeviceTimeout):
        scanner_world.scanner.read_code(0.1)


@pytest.mark.faults
def test_scanner_split_lines_gbk_repeats_and_noise():
    with ScannerSimulator() as sim:
        scanner = SerialCodeScanner(sim.path, repeat_s=5)
        scanner.open()
        sim.scan("（2026）豫0181民初123号", encoding="gb18030", split=3)
        assert scanner.read_code(2) == "（2026）豫0181民初123号"
        sim.scan("（2026）豫0181民初123号")  # the same code again while still in view
        sim.send_raw(b"\r\n\r\n")
        sim.scan("NEXT")
        assert scanner.read_code(2) == "NEXT"
        sim.send_raw(b"A" * 5000)
        with pytest.raises(ProtocolError):
            scanner.read_code(2)
        scanner.close()


@pytest.mark.unit
def test_decode_line_rejects_undecodable_bytes():
    assert decode_line(b"abc\x07\t") == "abc"
    assert decode_line("案号".encode("gb18030")) == "案号"
    with pytest.raises(ProtocolError):
        decode_line(b"\xff\xff\xff")
