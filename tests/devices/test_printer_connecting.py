"""CUPS's ipp backend reports ``connecting-to-device`` at the start of every job until it reaches
the printer; on a loaded machine that lasts seconds. Read as "printer offline" at once, a paper-out
that followed was told to the litigant as 打印机未连接 (CI, test_documents). Logic only: a scripted
CUPS connection, the real ``CupsPrinter.wait``."""

from __future__ import annotations

import pytest

from drivers.errors import DeviceUnavailable, MediaError
from drivers.printer import cups_printer
from drivers.printer.cups_printer import CupsPrinter


class ScriptedCups:
    """Answers job and printer attributes from a script of (job state, printer reasons) per poll."""

    def __init__(self, script):
        self.script = list(script)
        self.polls = 0

    def getJobAttributes(self, job_id):
        self.polls += 1
        return {"job-state": self.script[min(self.polls, len(self.script)) - 1][0]}

    def getPrinterAttributes(self, queue):
        reasons = self.script[min(self.polls, len(self.script)) - 1][1]
        return {"printer-state": 4, "printer-state-reasons": reasons, "device-uri": "file:/dev/null"}  # not networked: no probe


def printer_on(conn) -> CupsPrinter:
    printer = CupsPrinter("kiosk", poll_interval=0.01)
    printer._connect = lambda: conn
    return printer


PROCESSING, COMPLETED = 5, 9


def test_connecting_then_paper_out_is_told_as_paper_out():
    conn = ScriptedCups([(PROCESSING, ["connecting-to-device"])] * 5 + [(PROCESSING, ["media-empty-warning"])])
    with pytest.raises(MediaError) as info:
        printer_on(conn).wait(1, timeout=10)
    assert info.value.code == "printer.media_empty"


def test_connecting_for_a_moment_then_printed_completes():
    conn = ScriptedCups([(PROCESSING, ["connecting-to-device"])] * 5 + [(COMPLETED, ["none"])])
    assert printer_on(conn).wait(1, timeout=10).state == "completed"


def test_a_printer_that_stays_unreachable_is_offline_after_the_grace(monkeypatch):
    monkeypatch.setattr(cups_printer, "OFFLINE_GRACE_S", 0.2)
    conn = ScriptedCups([(PROCESSING, ["connecting-to-device"])])
    with pytest.raises(DeviceUnavailable) as info:
        printer_on(conn).wait(1, timeout=10)
    assert info.value.code == "printer.offline" and conn.polls >= 10
