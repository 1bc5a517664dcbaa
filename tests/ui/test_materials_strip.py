"""The materials step's page strip with a 50-page material, driven by touches on the real screen:
only the thumbnails in view exist as widgets (the strip recycles them), and moving, deleting and
rescanning a page still work on whichever page a recycled thumbnail shows."""

from __future__ import annotations

import io

import pytest

from kiosk.a11y.journey_targets import _send, _to
from kiosk.walkthrough import Walk

pytestmark = [pytest.mark.ui]
PAGES = 50


def _thumb(n: int) -> bytes:
    """A distinct small PNG per page (its number drawn as bars), as capture makes them."""
    from PIL import Image, ImageDraw

    image = Image.new("L", (150, 212), 250)
    draw = ImageDraw.Draw(image)
    for i in range(n % 12 + 1):
        draw.line((18, 30 + i * 14, 132, 30 + i * 14), fill=90, width=3)
    buf = io.BytesIO()
    image.save(buf, format="PNG")
    return buf.getvalue()


@pytest.fixture()
def scanned(tmp_path):
    """A kiosk on the materials step whose complaint has 50 pages (files on disk), fed."""
    from kiosk.bootstrap import settings_for_tests
    from kiosk.flows.dossier import PageRef
    from kiosk.flows.events import ActionTapped, PageScanned, ScanFinished
    from kiosk.headless import Headless

    kiosk = Headless(settings_for_tests(tmp_path))
    try:
        _to(kiosk, "materials")
        _send(kiosk, ActionTapped("add", "complaint"))
        mid = kiosk.controller.state.journey.dossier.materials[-1].material_id
        for i in range(PAGES):
            path = tmp_path / f"page-{i:02d}.png"
            path.write_bytes(_thumb(i))
            _send(kiosk, PageScanned(mid, PageRef(f"p{i:02d}", str(path), _thumb(i))))
        _send(kiosk, ScanFinished(mid))  # pages are moved once the feeder has stopped
        kiosk.pump(4)
        yield kiosk, Walk(kiosk, tmp_path / "shots", log=lambda _m: None)
    finally:
        kiosk.close()


def _pages(kiosk) -> list[str]:
    return [p.page_id for p in kiosk.controller.state.journey.dossier.materials[-1].pages]


def _thumbs(screen):
    from screens.steps.materials import PageThumb

    return [w for w in screen.strip.children if isinstance(w, PageThumb)]


def _shown(screen, n: int):
    """The recycled thumbnail now showing page ``n`` (0-based)."""
    return next(w for w in _thumbs(screen) if w.index == n)


def test_a_50_page_strip_holds_only_the_thumbnails_in_view(scanned):
    kiosk, walk = scanned
    screen = walk.screen
    assert len(screen.scroller.data) == PAGES
    live = _thumbs(screen)
    assert 1 <= len(live) <= 12, f"{len(live)} thumbnail widgets for {PAGES} pages"
    assert {w.index for w in live} == set(range(len(live))), "the strip starts at page 1"
    screen.scroller.scroll_x = 1
    kiosk.pump(4)
    assert len(_thumbs(screen)) <= 12
    last = _shown(screen, PAGES - 1)
    assert last.caption.text.startswith(f"第{PAGES}页") and last.image.texture is not None
    walk.shot("materials-50-pages", "a 50-page complaint: the strip scrolled to its last page")


def test_move_delete_and_rescan_act_on_the_page_a_recycled_thumbnail_shows(scanned):
    kiosk, walk = scanned
    screen = walk.screen
    screen.scroller.scroll_x = 1  # the last pages, on widgets that first showed pages 1-8
    kiosk.pump(4)
    before = _pages(kiosk)
    walk.tap(_shown(screen, PAGES - 1).buttons["move_page:-1"])
    walk.wait(lambda: _pages(kiosk) != before, 10, "page 50 moved")
    moved = _pages(kiosk)
    assert moved == before[:-2] + [before[-1], before[-2]]
    walk.wait(lambda: _shown(screen, PAGES - 2).image.texture is not None, 10, "the strip redrawn")
    walk.tap(_shown(screen, PAGES - 2).buttons["delete_page"])
    walk.wait(lambda: len(_pages(kiosk)) == PAGES - 1, 10, "page 49 deleted")
    assert _pages(kiosk) == moved[:-2] + moved[-1:]
    walk.wait(lambda: len(screen.scroller.data) == PAGES - 1, 10, "the strip redrawn")
    screen.scroller.scroll_x = 0
    kiosk.pump(4)
    material = kiosk.controller.state.journey.dossier.materials[-1]
    walk.tap(_shown(screen, 2).buttons["rescan_page"])
    # This kiosk has no scanner: the rescan of page 3 is asked for and fails with the device's
    # message, every page kept.
    walk.wait(lambda: kiosk.controller.state.journey.dossier.materials[-1] != material, 10, "the rescan")
    walk.wait(lambda: "设备" in screen.message.label.text, 10, "the scanner's fault shown")
    assert kiosk.controller.state.journey.dossier.materials[-1].page_count == PAGES - 1
