"""The PDFium worker: pages come back as RGBA pixels with the watermark inside them; a file that
is not the one the court signed, or not a PDF at all, is refused with a clear event."""

from __future__ import annotations

import hashlib
import queue

import pytest
from PIL import Image

from kiosk.flows.events import DocumentFailed, DocumentOpened, PageRendered
from kiosk.viewer.render import PageRenderer
from kiosk.viewer.samples import sample_pdf

FONT = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"


@pytest.fixture
def renderer():
    events: queue.Queue = queue.Queue()
    r = PageRenderer(events.put, FONT)
    r.events = events
    yield r
    r.shutdown()


def next_event(r, kind, timeout=10):
    while True:
        event = r.events.get(timeout=timeout)
        if isinstance(event, kind) or isinstance(event, DocumentFailed):
            return event


@pytest.fixture(scope="module")
def pdf(tmp_path_factory):
    path = tmp_path_factory.mktemp("pdf") / "judgment.pdf"
    path.write_bytes(sample_pdf("judgment", pages=4))
    return path


def render(r, pdf, key, watermark, page=1, width=600):
    r.open(key, str(pdf), hashlib.sha256(pdf.read_bytes()).hexdigest(), watermark)
    opened = next_event(r, DocumentOpened)
    assert isinstance(opened, DocumentOpened) and opened.page_count == 4
    r.want(key, (page,), width)
    event = next_event(r, PageRendered)
    assert isinstance(event, PageRendered)
    return event


def test_the_watermark_is_in_the_pixels(renderer, pdf, tmp_path):
    plain = render(renderer, pdf, "a", "")
    marked = render(renderer, pdf, "b", "张三 · 4517\n终端 kiosk-01 · 2026-12-01 10:30")
    assert (plain.width, plain.fmt) == (600, "rgba") and len(plain.pixels) == plain.width * plain.height * 4
    a = Image.frombytes("RGBA", (plain.width, plain.height), plain.pixels)
    b = Image.frombytes("RGBA", (marked.width, marked.height), marked.pixels)
    b.save(tmp_path / "marked.png")
    reddish = sum(1 for r, g, bl, _a in b.getdata() if r > g + 25 and r > bl + 25)
    assert not any(r > g + 25 and r > bl + 25 for r, g, bl, _a in a.getdata())
    assert reddish > 0.01 * marked.width * marked.height, reddish
    assert marked.serial != plain.serial


def test_only_the_latest_wish_is_rendered(renderer, pdf):
    renderer.open("k", str(pdf), "", "")
    next_event(renderer, DocumentOpened)
    renderer.want("k", (0, 1, 2, 3), 300)
    renderer.want("k", (3,), 300)  # the reader moved on before the first wish was done
    seen = []
    while True:
        try:
            seen.append(renderer.events.get(timeout=1.5).page)
        except queue.Empty:
            break
    assert seen[-1] == 3 and len(seen) < 4, seen


def test_a_file_that_is_not_the_signed_one_is_not_shown(renderer, pdf, tmp_path):
    renderer.open("k", str(pdf), "0" * 64, "")
    event = next_event(renderer, DocumentOpened)
    assert isinstance(event, DocumentFailed) and event.code == "viewer.tampered"
    assert "签名核验" in event.message


def test_broken_and_missing_files_are_explained(renderer, tmp_path):
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4 not really")
    renderer.open("k", str(broken), "", "")
    event = next_event(renderer, DocumentOpened)
    assert isinstance(event, DocumentFailed) and event.code == "viewer.broken_pdf"
    renderer.open("m", str(tmp_path / "gone.pdf"), "", "")
    event = next_event(renderer, DocumentOpened)
    assert isinstance(event, DocumentFailed) and event.code == "viewer.missing"


def test_one_wish_can_name_pages_at_several_widths(renderer, pdf):
    renderer.open("k", str(pdf), "", "")
    next_event(renderer, DocumentOpened)
    renderer.want("k", (1,), 500, more=((2, 300), (0, 300)))
    got = [next_event(renderer, PageRendered) for _ in range(3)]
    assert [(e.page, e.width) for e in got] == [(1, 500), (2, 300), (0, 300)]


@pytest.mark.parametrize("width", [500, 600, 860, 1290, 1720, 2150])
def test_a_page_comes_back_exactly_as_wide_as_asked(renderer, pdf, width):
    """The step keeps pages by (page, width): one pixel more and the page is never shown."""
    event = render(renderer, pdf, f"w{width}", "", page=0, width=width)
    assert event.width == width and len(event.pixels) == width * event.height * 4
