"""One printer contract, run against CUPS → ippeveprinter (real) and the in-memory printer."""

from __future__ import annotations

import io
import time

import pytest

from drivers.errors import DeviceError, DeviceUnavailable, MediaError
from drivers.printer import BadDocument, Printer, PrintOptions
from drivers.printer.cups_printer import CupsPrinter
from drivers.printer.fake import FakePrinter

pytestmark = pytest.mark.contract


def make_pdf(path, pages=3):
    import img2pdf
    from PIL import Image

    images = []
    for n in range(pages):
        buf = io.BytesIO()
        Image.new("L", (120, 170), 255 - n * 40).save(buf, format="PNG")
        images.append(buf.getvalue())
    path.write_bytes(img2pdf.convert(images))
    return path


class CupsWorld:
    def __init__(self, stack):
        self.stack = stack
        self.printer = CupsPrinter(stack.queue, server=f"127.0.0.1:{stack.cups_port}", poll_interval=0.1)

    def block(self, reason):
        self.stack.inject(f"STATE: +{reason}", hold=True, release=(f"STATE: -{reason}",))

    def unblock(self):
        self.stack.release_hold()

    def printed(self, job_id):
        files = sorted(self.stack.printed.glob(f"{job_id}-*"))  # ippeveprinter numbers its own jobs
        return files

    def received(self):
        return sorted(p for p in self.stack.printed.glob("*") if p.suffix == ".pdf")


class FakeWorld:
    def __init__(self):
        self.printer = FakePrinter()

    def block(self, reason):
        self.printer.trigger_state_reasons(reason)

    def unblock(self):
        self.printer.trigger_state_reasons()

    def received(self):
        return [job.data for job in self.printer.jobs.values() if job.state == "completed"]


@pytest.fixture(params=["cups", "fake"])
def world(request):
    if request.param == "cups":
        marker = pytest.mark.integration
        request.node.add_marker(marker)
        stack = request.getfixturevalue("print_stack")
        w = CupsWorld(stack)
        yield w
        stack.release_hold()
    else:
        yield FakeWorld()


def test_satisfies_the_port(world):
    assert isinstance(world.printer, Printer)


def test_prints_a_pdf_to_completion(world, tmp_path):
    before = len(world.received())
    job = world.printer.print_pdf(make_pdf(tmp_path / "judgment.pdf"),
                                  PrintOptions(copies=2, duplex=True, page_ranges="1-2", title="判决书"))
    result = world.printer.wait(job, timeout=60)
    assert result.state == "completed"
    assert len(world.received()) == before + 1
    assert world.printer.status().ok


@pytest.mark.parametrize("reason,error,code", [
    ("media-empty-error", MediaError, "printer.media_empty"),
    ("media-jam-error", MediaError, "printer.media_jam"),
    ("cover-open-error", MediaError, "printer.cover_open"),
])
def test_printer_trouble_is_a_typed_error_and_the_job_survives_it(world, tmp_path, reason, error, code):
    world.block(reason)
    job = world.printer.print_pdf(make_pdf(tmp_path / "a.pdf", pages=1))
    with pytest.raises(error) as info:
        world.printer.wait(job, timeout=30)
    assert info.value.code == code
    assert not world.printer.status().ok
    world.unblock()  # staff added paper: the problem clears and the same job finishes
    assert _eventually(lambda: world.printer.status().ok, timeout=20)
    assert world.printer.wait(job, timeout=30).state == "completed"


@pytest.mark.parametrize("content,options,match", [
    (None, PrintOptions(), "cannot read"),
    (b"", PrintOptions(), "not a PDF"),
    (b"PK\x03\x04 a zip", PrintOptions(), "not a PDF"),
    (b"%PDF-1.4", PrintOptions(copies=0), "copies"),
    (b"%PDF-1.4", PrintOptions(page_ranges="3-1"), "page ranges"),
    (b"%PDF-1.4", PrintOptions(page_ranges="all"), "page ranges"),
])
def test_bad_documents_are_refused_before_anything_prints(world, tmp_path, content, options, match):
    path = tmp_path / "bad.pdf"
    if content is not None:
        path.write_bytes(content)
    before = len(world.received())
    with pytest.raises(BadDocument, match=match):
        world.printer.print_pdf(path, options)
    assert len(world.received()) == before


def test_cancelled_job_reports_cancelled(world, tmp_path):
    world.block("media-empty-error")
    job = world.printer.print_pdf(make_pdf(tmp_path / "c.pdf", pages=1))
    world.printer.cancel(job)
    world.unblock()
    with pytest.raises(DeviceError) as info:
        world.printer.wait(job, timeout=30)
    assert info.value.code in ("printer.job_canceled", "printer.media_empty")


def _eventually(predicate, timeout=10.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return predicate()


@pytest.mark.integration
def test_unknown_queue_and_dead_cupsd_are_unavailable(print_stack, tmp_path):
    from tests.fixtures.procs import free_port

    pdf = make_pdf(tmp_path / "x.pdf", pages=1)
    with pytest.raises(DeviceUnavailable) as info:
        CupsPrinter("nosuchqueue", server=f"127.0.0.1:{print_stack.cups_port}").print_pdf(pdf)
    assert info.value.code == "printer.not_found"
    with pytest.raises(DeviceUnavailable):
        CupsPrinter("kiosk", server=f"127.0.0.1:{free_port()}").status()


@pytest.mark.integration
def test_options_reach_the_printer(print_stack, tmp_path):
    printer = CupsPrinter(print_stack.queue, server=f"127.0.0.1:{print_stack.cups_port}", poll_interval=0.1)
    before = set(print_stack.printed.glob("*.env"))
    job = printer.print_pdf(make_pdf(tmp_path / "o.pdf"), PrintOptions(copies=2, duplex=True, title="opts"))
    printer.wait(job, timeout=60)
    env = (set(print_stack.printed.glob("*.env")) - before).pop().read_text()
    assert "IPP_SIDES=two-sided-long-edge" in env, env


@pytest.mark.integration
@pytest.mark.faults
def test_unreachable_printer_is_offline_and_the_job_prints_when_it_is_back(print_stack, tmp_path):
    printer = CupsPrinter(print_stack.queue, server=f"127.0.0.1:{print_stack.cups_port}", poll_interval=0.1)
    print_stack.unplug_printer()
    try:
        status = printer.status()
        assert not status.ok and status.problems[0].code == "printer.offline"
        job = printer.print_pdf(make_pdf(tmp_path / "late.pdf", pages=1))
        with pytest.raises(DeviceUnavailable) as info:
            printer.wait(job, timeout=20)
        assert info.value.code == "printer.offline"
    finally:
        print_stack.replug_printer()
    assert printer.wait(job, timeout=60).state == "completed"
    assert printer.status().ok
