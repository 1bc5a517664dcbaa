"""Self-test rows from fakes and simulators, the Chinese messages, and ``kiosk selftest`` end to end."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from drivers.idcard.fake import FakeIdCardReader
from drivers.printer.fake import FakePrinter
from drivers.receipt.fake import FakeReceiptPrinter
from drivers.smartcard.fake import FakeSmartCardReader
from kiosk.messages import MESSAGES, litigant_message
from kiosk.selftest import run_selftest, status_texts

KIOSK = [sys.executable, "-m", "kiosk.cli.main"]


def devices():
    return {"idcard": FakeIdCardReader(), "smartcard": FakeSmartCardReader(), "printer": FakePrinter(),
            "receipt_printer": FakeReceiptPrinter()}


@pytest.mark.unit
def test_all_fine():
    rows = run_selftest(devices())
    assert [r.ok for r in rows] == [True] * 4
    assert rows[0].detail.startswith("SAM 05.01-")


@pytest.mark.unit
def test_each_failure_is_a_row_with_a_chinese_message():
    devs = devices()
    devs["idcard"].sam_ok = False
    devs["smartcard"].slots.clear()
    devs["printer"].trigger_state_reasons("media-empty-warning", "toner-low")
    devs["receipt_printer"].trigger_state("out")
    rows = {r.name: r for r in run_selftest(devs)}
    assert not any(r.ok for r in rows.values())
    assert rows["printer"].message == "打印机缺纸，请联系工作人员。"
    assert rows["receipt_printer"].message == "凭条打印机缺纸，请联系工作人员。"
    assert "安全模块" in rows["idcard"].message
    assert "media-empty-warning" in rows["printer"].detail


@pytest.mark.unit
def test_unplugged_and_broken_devices_do_not_crash_the_selftest():
    devs = devices()
    devs["idcard"].trigger_unplug()

    class Broken:
        def status(self):
            raise RuntimeError("driver bug")

    devs["printer"] = Broken()
    rows = {r.name: r for r in run_selftest(devs)}
    assert rows["idcard"].message == "身份证阅读器暂时无法使用，请联系工作人员。"
    assert not rows["printer"].ok and "driver bug" in rows["printer"].detail
    assert status_texts(list(rows.values()))["smartcard"] == "正常"


@pytest.mark.unit
def test_every_driver_code_has_a_message():
    codes = ["idcard.no_card", "idcard.sam_fault", "printer.media_empty", "printer.media_jam",
             "printer.cover_open", "printer.offline", "receipt.paper_out", "smartcard.no_card",
             "qr_scanner.timeout"]
    assert all(code in MESSAGES for code in codes)
    from drivers.printer.reasons import PROBLEMS

    assert all(code in MESSAGES for _, code in PROBLEMS.values())
    from drivers.printer.reasons import classify

    assert litigant_message(classify(["media-jam"])[0][0]) == "打印机卡纸，请联系工作人员。"


@pytest.mark.integration
def test_kiosk_selftest_cli_on_simulators_and_a_broken_config(tmp_path):
    mine = tmp_path / "mine.toml"  # the document scanner belongs to another suite
    mine.write_text("[devices.scanner]\nenabled = false\n")
    ok = subprocess.run([*KIOSK, "selftest", "--json", "--config", str(mine)], capture_output=True,
                        text=True, timeout=60)
    assert ok.returncode == 0, ok.stderr
    rows = json.loads(ok.stdout)
    assert {r["name"] for r in rows} >= {"idcard", "smartcard", "printer", "receipt_printer", "qr_scanner"}
    site = tmp_path / "kiosk.toml"
    site.write_text('[devices.scanner]\nenabled = false\n'
                    '[devices.idcard]\nkind = "sim"\noptions = { faults = ["sam_failure"] }\n'
                    '[devices.receipt_printer]\nkind = "sim"\noptions = { paper = "out" }\n')
    bad = subprocess.run([*KIOSK, "selftest", "--config", str(site)], capture_output=True, text=True,
                         timeout=60)
    assert bad.returncode == 1
    lines = {line.split()[0]: line for line in bad.stdout.splitlines()[1:]}
    assert "FAIL" in lines["idcard"] and "FAIL" in lines["receipt_printer"] and "OK" in lines["printer"]
