"""One contract for every scanner: the real SANE adapter (on SANE's test backend), the simulator
and the fake feed pages in order and raise the same typed faults."""

from __future__ import annotations

import pytest

from drivers.scanner import FEEDER, FLATBED, CoverOpen, NoPaper, PaperJam, ScanSettings, Scanner
from kiosk.messages import litigant_message

pytestmark = pytest.mark.contract


def _sane(fault: str | None, sheets: int):
    from drivers.scanner.sane_adapter import SaneScanner

    status = {"jam": "SANE_STATUS_JAMMED", "no_paper": "SANE_STATUS_NO_DOCS",
              "cover_open": "SANE_STATUS_COVER_OPEN"}
    # The test backend keeps option values between opens: always say which status to return.
    opts = {"enable_test_options": True, "read_return_value": status[fault] if fault else "Default"}
    return SaneScanner("test", opts)


def _sim(fault: str | None, sheets: int):
    from drivers.scanner.simulator import SimScanner

    return SimScanner({"fault": fault or "", "sheets": sheets, "fit_height": True, "seed": 5})


def _sim_files(fault: str | None, sheets: int, folder):
    """The simulator fed a court's own files: a PDF of all but one page and an image."""
    from drivers.scanner.simulator import SimScanner
    from tests.capture.site_files import write_image, write_pdf

    if sheets > 1:
        write_pdf(folder / "a.pdf", [f"page {i}" for i in range(1, sheets)], size_pt=(300, 420))
    write_image(folder / "b.png", size=(300, 420), dpi=72)
    return SimScanner({"fault": fault or "", "files": [str(folder)]})


def _fake(fault: str | None, sheets: int):
    from PIL import Image

    from drivers.scanner.fake import FakeScanner

    scanner = FakeScanner([Image.new("L", (200, 280), 255) for _ in range(0 if fault == "no_paper" else sheets)])
    if fault == "jam":
        scanner.trigger_jam(0)
    if fault == "cover_open":
        scanner.trigger_cover_open()
    return scanner


@pytest.fixture(params=[
    pytest.param(_sane, id="sane", marks=pytest.mark.integration),
    pytest.param(_sim, id="sim"),
    pytest.param(_sim_files, id="sim-files"),
    pytest.param(_fake, id="fake"),
])
def make_scanner(request):
    if request.param is _sane:
        request.getfixturevalue("sane_test_backend")
    opened = []

    def make(fault: str | None = None, sheets: int = 10) -> Scanner:
        if request.param is _sim_files:
            folder = request.getfixturevalue("tmp_path") / f"feeder{len(opened)}"
            folder.mkdir()
            scanner = _sim_files(fault, sheets, folder)
        else:
            scanner = request.param(fault, sheets)
        scanner.open()
        opened.append(scanner)
        return scanner

    yield make
    for scanner in opened:
        scanner.close()


SMALL = dict(resolution=75, mode="gray")


def test_is_a_scanner(make_scanner):
    scanner = make_scanner()
    assert isinstance(scanner, Scanner)
    info = scanner.info()
    assert FEEDER in info.sources and FLATBED in info.sources


def test_feeder_yields_the_pages_asked_for_in_order(make_scanner):
    pages = list(make_scanner().scan(ScanSettings(source=FEEDER, pages=3, **SMALL)))
    assert [p.index for p in pages] == [0, 1, 2]
    for page in pages:
        assert page.image.size[0] > 50 and page.image.size[1] > 50
        assert page.dpi > 0


def test_flatbed_yields_one_page(make_scanner):
    pages = list(make_scanner().scan(ScanSettings(source=FLATBED, pages=5, **SMALL)))
    assert len(pages) == 1


def test_feeder_stops_when_empty(make_scanner):
    pages = list(make_scanner(sheets=4).scan(ScanSettings(source=FEEDER, pages=None, **SMALL)))
    # SANE's test feeder holds 10 sheets whatever we ask; the others hold what they were given.
    assert 1 <= len(pages) <= 10
    assert [p.index for p in pages] == list(range(len(pages)))


@pytest.mark.parametrize("fault, error, words", [
    ("jam", PaperJam, "卡纸"),
    ("no_paper", NoPaper, "没有纸张"),
    ("cover_open", CoverOpen, "盖板"),
])
def test_faults_are_typed_with_a_litigant_message(make_scanner, fault, error, words):
    scanner = make_scanner(fault)
    with pytest.raises(error) as caught:
        list(scanner.scan(ScanSettings(source=FEEDER, pages=2, **SMALL)))
    assert caught.value.code.startswith("device.")
    assert words in litigant_message(caught.value)


def test_scanner_recovers_after_a_fault(make_scanner):
    """A jam cleared by the litigant: the next scan works on the same (re-created) device."""
    jammed = make_scanner("jam")
    with pytest.raises(PaperJam):
        list(jammed.scan(ScanSettings(source=FEEDER, pages=1, **SMALL)))
    jammed.close()
    pages = list(make_scanner().scan(ScanSettings(source=FEEDER, pages=1, **SMALL)))
    assert len(pages) == 1
