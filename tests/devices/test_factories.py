"""Each device package's ``create(cfg)``: every kind builds the right thing; a wrong kind is a clear error."""

from __future__ import annotations

import pytest

from config.settings import DeviceConfig
from drivers import idcard, printer, qrscanner, receipt, smartcard
from drivers.idcard.sim import Faults

pytestmark = pytest.mark.unit


def test_idcard_sim_is_the_real_adapter_on_a_simulator_with_options():
    reader = idcard.create(DeviceConfig(kind="sim", options={
        "card": "foreign_permanent_2017", "faults": "stray_bytes, split_writes", "retries": 3}))
    try:
        assert reader.retries == 3 and reader.simulator.faults.stray_bytes
        assert reader.read_card(1).to_json()["card_number"] == "USA118504120017"
        reader.simulator.place("long_term")
        assert reader.read_card(1).valid_to is None
    finally:
        reader.shutdown()


def test_kinds_map_to_their_classes():
    from drivers.idcard.fake import FakeIdCardReader
    from drivers.idcard.reader import SerialIdCardReader
    from drivers.printer.cups_printer import CupsPrinter
    from drivers.printer.fake import FakePrinter
    from drivers.qrscanner.fake import FakeCodeScanner
    from drivers.receipt.fake import FakeReceiptPrinter
    from drivers.receipt.serial_printer import EscPosPrinter
    from drivers.smartcard.fake import FakeSmartCardReader
    from drivers.smartcard.pcsc import PcscReader

    assert isinstance(idcard.create(DeviceConfig(kind="serial", url="/dev/ttyUSB0")), SerialIdCardReader)
    assert isinstance(idcard.create(DeviceConfig(kind="fake", options={"card": "resident"})), FakeIdCardReader)
    assert isinstance(printer.create(DeviceConfig(kind="cups", url="kiosk")), CupsPrinter)
    assert isinstance(printer.create(DeviceConfig(kind="sim")), FakePrinter)
    assert isinstance(smartcard.create(DeviceConfig(kind="pcsc")), PcscReader)
    assert isinstance(smartcard.create(DeviceConfig(kind="fake")), FakeSmartCardReader)
    assert isinstance(receipt.create(DeviceConfig(kind="escpos", url="/dev/ttyS1")), EscPosPrinter)
    assert isinstance(receipt.create(DeviceConfig(kind="fake")), FakeReceiptPrinter)
    assert isinstance(qrscanner.create(DeviceConfig(kind="fake")), FakeCodeScanner)


def test_sim_receipt_printer_and_scanner_run_on_their_simulators():
    ticket = receipt.create(DeviceConfig(kind="sim", options={"paper": "near_end"}))
    scanner = qrscanner.create(DeviceConfig(kind="sim"))
    try:
        assert ticket.status().paper == "near_end"
        scanner.simulator.scan("ABC123")
        assert scanner.read_code(2) == "ABC123"
    finally:
        for device in (ticket, scanner):
            device.close()
            device.simulator.stop()


@pytest.mark.parametrize("package,name", [(idcard, "idcard"), (printer, "printer"),
                                          (smartcard, "smartcard"), (receipt, "receipt_printer"),
                                          (qrscanner, "qr_scanner")])
def test_unknown_kind_names_the_setting_and_the_choices(package, name):
    with pytest.raises(ValueError, match=rf"devices\.{name}\.kind = \"laser\": expected"):
        package.create(DeviceConfig(kind="laser"))


def test_serial_reader_without_url_and_unknown_faults_are_config_errors():
    with pytest.raises(ValueError, match="url is required"):
        idcard.create(DeviceConfig(kind="serial"))
    with pytest.raises(ValueError, match="unknown simulator fault"):
        Faults.from_options({"stray": True})
