"""The scanner simulator loaded with a court's own PDFs and images (``files`` beside ``seed``):
pages at the scan resolution, in order, duplex by sheet, and one clear error for a file it cannot
feed, raised when the scanner is made rather than halfway through a rehearsal."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from config.settings import DeviceConfig
from drivers.scanner import FEEDER, FLATBED, NoPaper, ScanSettings, open_scanner, scanner_from_url
from drivers.scanner.simulator import SimScanner
from drivers.scanner.site_sheets import SheetFileError
from tests.capture.site_files import write_image, write_pdf

pytestmark = pytest.mark.contract


def _scan(scanner: SimScanner, **kw):
    scanner.open()
    try:
        return list(scanner.scan(ScanSettings(**{"source": FEEDER, "resolution": 100, **kw})))
    finally:
        scanner.close()


def test_pdf_pages_are_rendered_at_the_scan_resolution_with_their_text(tmp_path: Path) -> None:
    pdf = write_pdf(tmp_path / "complaint.pdf", ["Complaint page 1", "Evidence page 2"])
    scanner = SimScanner({"files": [str(pdf)]})
    pages = _scan(scanner, resolution=150)
    assert len(pages) == 2
    for page in pages:
        assert page.dpi == 150
        # A4 (595 x 842 pt) at 150 dpi
        assert abs(page.image.width - 1240) <= 1 and abs(page.image.height - 1754) <= 2
        assert page.image.mode == "L"
        assert page.image.getextrema()[0] < 100  # the text was drawn, not a blank page
    assert scanner.truths == ["Complaint page 1", "Evidence page 2"]
    assert _scan(SimScanner({"files": [str(pdf)]}), resolution=75)[0].image.width in (620, 621)


def test_images_keep_their_paper_size_at_the_scan_resolution(tmp_path: Path) -> None:
    at_300 = write_image(tmp_path / "a.png", size=(600, 800), dpi=300)  # 2 x 2.67 in
    no_dpi = write_image(tmp_path / "b.jpg", size=(1654, 2339), mode="RGB")  # taken as A4 wide
    pages = _scan(SimScanner({"files": [str(at_300), str(no_dpi)]}), resolution=150)
    assert pages[0].image.size == (300, 400)
    assert abs(pages[1].image.width - 1240) <= 1 and pages[1].image.mode == "L"


def test_transparent_images_are_white_paper_and_colour_scans_are_rgb(tmp_path: Path) -> None:
    png = write_image(tmp_path / "stamp.png", size=(300, 300), dpi=100, mode="RGBA", ink=0)
    gray = _scan(SimScanner({"files": [str(png)]}))[0].image
    assert gray.getpixel((5, 5)) == 255 and gray.getpixel((100, 100)) == 0
    colour = _scan(SimScanner({"files": [str(png)]}), mode="color")[0].image
    assert colour.mode == "RGB" and colour.getpixel((5, 5)) == (255, 255, 255)


def test_a_directory_feeds_its_files_sorted_by_name_and_skips_dotfiles(tmp_path: Path) -> None:
    write_image(tmp_path / "02.png", size=(100, 100), dpi=100, ink=200)
    write_pdf(tmp_path / "01.pdf", ["first", "second"])
    write_image(tmp_path / "03.png", size=(100, 100), dpi=100, ink=50)
    (tmp_path / ".DS_Store").write_bytes(b"\0junk")
    scanner = SimScanner({"files": [str(tmp_path)]})
    pages = _scan(scanner)
    assert len(pages) == 4 and [p.index for p in pages] == [0, 1, 2, 3]
    assert scanner.truths[:2] == ["first", "second"]
    assert pages[2].image.getextrema()[0] == 200 and pages[3].image.getextrema()[0] == 50


def test_multi_page_tiff_frames_are_pages(tmp_path: Path) -> None:
    from PIL import Image

    frames = [Image.new("L", (200, 200), shade) for shade in (10, 90, 170)]
    frames[0].save(tmp_path / "bundle.tif", save_all=True, append_images=frames[1:], dpi=(100, 100))
    pages = _scan(SimScanner({"files": [str(tmp_path / "bundle.tif")]}))
    assert [p.image.getextrema()[0] for p in pages] == [10, 90, 170]


def test_duplex_takes_two_pages_of_a_file_per_sheet(tmp_path: Path) -> None:
    write_pdf(tmp_path / "a.pdf", ["a1", "a2", "a3"])
    write_image(tmp_path / "b.png", size=(100, 100), dpi=100)
    write_pdf(tmp_path / "c.pdf", ["c1", "c2"])
    scanner = SimScanner({"files": [str(tmp_path)]})
    assert scanner.info().duplex
    pages = _scan(scanner, duplex=True)
    assert [p.side for p in pages] == ["front", "back", "front", "front", "front", "back"]
    assert scanner.truths == ["a1", "a2", "a3", "", "c1", "c2"]
    simplex = _scan(SimScanner({"files": [str(tmp_path)]}))
    assert [p.side for p in simplex] == ["front"] * 6


def test_the_feeder_empties_and_flatbed_takes_the_next_page(tmp_path: Path) -> None:
    pdf = write_pdf(tmp_path / "a.pdf", ["one", "two"])
    scanner = SimScanner({"files": [str(pdf)]})
    scanner.open()
    assert len(list(scanner.scan(ScanSettings(source=FLATBED, resolution=72)))) == 1
    assert len(list(scanner.scan(ScanSettings(source=FEEDER, resolution=72)))) == 1
    with pytest.raises(NoPaper):
        list(scanner.scan(ScanSettings(source=FEEDER, resolution=72)))
    scanner.reload(2)  # the stack put back in
    assert len(list(scanner.scan(ScanSettings(source=FEEDER, resolution=72)))) == 2
    assert scanner.truths == ["one", "two", "one", "two"]


def test_config_and_url_select_the_files(tmp_path: Path) -> None:
    a = write_pdf(tmp_path / "a.pdf", ["from config"])
    b = write_image(tmp_path / "b.png", size=(100, 100), dpi=100)
    from_config = open_scanner(DeviceConfig(kind="sim", options={"files": [str(a), str(b)]}))
    assert len(_scan(from_config)) == 2
    from_url = scanner_from_url(f"sim://?files={a}{os.pathsep}{b}")
    assert len(_scan(from_url)) == 2 and from_url.truths == ["from config", ""]


@pytest.mark.parametrize("name, content, words", [
    ("missing.pdf", None, "cannot be read"),
    ("fake.pdf", b"%PDF-1.4 not really", "not a readable PDF"),
    ("broken.png", b"\x89PNG\r\n\x1a\nbroken", "not a readable image"),
    ("notes.txt", b"hello", "not a readable PDF or image"),
    ("empty", "dir", "holds no files"),
])
def test_a_file_it_cannot_feed_is_one_clear_error_naming_it(tmp_path: Path, name, content, words) -> None:
    good = write_image(tmp_path / "good.png", size=(100, 100), dpi=100)
    bad = tmp_path / name
    if content == "dir":
        bad.mkdir()
    elif content is not None:
        bad.write_bytes(content)
    with pytest.raises(SheetFileError) as caught:
        SimScanner({"files": [str(good), str(bad)]})
    assert str(bad) in str(caught.value) and words in str(caught.value)
    assert caught.value.code == "device.config" and caught.value.device == "scanner"


def test_a_bad_file_inside_a_directory_is_named(tmp_path: Path) -> None:
    write_image(tmp_path / "01.png", size=(100, 100), dpi=100)
    (tmp_path / "02.jpg").write_bytes(b"\xff\xd8 truncated")
    with pytest.raises(SheetFileError, match="02.jpg"):
        open_scanner(DeviceConfig(kind="sim", options={"files": [str(tmp_path)]}))
