"""The viewer's print effect on the real print stack (private cupsd → ippeveprinter): the pages
allowed reach the printer; paper running out mid-job is reported, the job is kept, and it
finishes once staff refill the tray; a file that is not the signed one never prints."""

from __future__ import annotations

import hashlib
import threading
import time

import pytest

from drivers.printer.cups_printer import CupsPrinter
from kiosk.bootstrap import settings_for_tests
from kiosk.effects import viewer
from kiosk.effects.ports import Ports
from kiosk.flows.effects import PrintDocument
from kiosk.viewer.samples import sample_pdf

pytestmark = pytest.mark.integration


@pytest.fixture
def print_stack(module_print_stack):
    """This module's own print stack (``tests/fixtures/cups.py``): the suite's shared one has
    seen many jobs (and held ones) by the time these run, and its printed folder then stayed empty."""
    return module_print_stack


@pytest.fixture
def ports(print_stack, tmp_path, monkeypatch):
    monkeypatch.setattr(viewer, "BLOCKED_POLL_S", 0.2)
    p = Ports(settings_for_tests(tmp_path))
    p.printer = CupsPrinter(print_stack.queue, server=f"127.0.0.1:{print_stack.cups_port}", poll_interval=0.1)
    yield p
    print_stack.release_hold()


@pytest.fixture
def pdf(tmp_path):
    path = tmp_path / "judgment.pdf"
    path.write_bytes(sample_pdf("judgment", pages=3))
    return path, hashlib.sha256(path.read_bytes()).hexdigest()


def follow(ports, effect, until=("done", "failed"), timeout=60):
    events: list = []
    thread = threading.Thread(target=viewer.print_document, args=(effect, ports, events.append))
    thread.start()
    return events, thread


def wait_state(events, state, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if any(e.state == state for e in events):
            return True
        time.sleep(0.05)
    return False


def test_allowed_pages_print_and_the_job_is_followed_to_done(ports, pdf, print_stack):
    path, digest = pdf
    import pypdfium2 as pdfium

    before = set(print_stack.printed.glob("*.pdf"))
    events, thread = follow(ports, PrintDocument("k#print1", str(path), digest, page_ranges="2-3"))
    thread.join(90)
    assert [e.state for e in events] == ["printing", "done"], events
    from tests.fixtures.procs import wait_until

    # ippeveprinter may close the spool file a moment after CUPS reports the job completed
    assert wait_until(lambda: set(print_stack.printed.glob("*.pdf")) - before, timeout=15)
    printed = (set(print_stack.printed.glob("*.pdf")) - before).pop()
    assert len(pdfium.PdfDocument(printed.read_bytes())) == 2, "CUPS sent pages 2-3 only"


def test_paper_out_is_told_the_job_kept_and_finished_when_refilled(ports, pdf, print_stack):
    path, digest = pdf
    print_stack.inject("STATE: +media-empty-error", hold=True, release=("STATE: -media-empty-error",))
    events, thread = follow(ports, PrintDocument("k#print1", str(path), digest))
    assert wait_state(events, "blocked", 60), events
    blocked = next(e for e in events if e.state == "blocked")
    assert blocked.code == "printer.media_empty" and "缺纸" in blocked.message and "继续打印" in blocked.message
    assert ("printer.media_empty", f"print job {blocked.job_id}") in ports.alerts
    assert thread.is_alive() and not any(e.state in ("done", "failed") for e in events)
    print_stack.release_hold()  # staff refill the tray
    thread.join(90)
    assert [e.state for e in events][-2:] == ["printing", "done"], events
    assert len({e.job_id for e in events if e.job_id}) == 1, "the same job, never a second copy"


def test_a_changed_file_never_prints(ports, pdf, print_stack):
    path, _digest = pdf
    before = set(print_stack.printed.glob("*.pdf"))
    events, thread = follow(ports, PrintDocument("k#print1", str(path), "0" * 64))
    thread.join(10)
    assert [(e.state, e.code) for e in events] == [("failed", "viewer.tampered")]
    assert set(print_stack.printed.glob("*.pdf")) == before


def test_no_printer_is_a_clear_failure(tmp_path, pdf):
    path, digest = pdf
    events = []
    viewer.print_document(PrintDocument("k", str(path), digest), Ports(settings_for_tests(tmp_path)),
                          events.append)
    assert [(e.state, e.code) for e in events] == [("failed", "printer.unavailable")]
    assert "打印服务" in events[0].message
