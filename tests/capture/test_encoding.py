"""Compression fit for evidence and the SANE adapter's choice of source, without devices."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from drivers.scanner.base import FEEDER, FLATBED, error_for_status, NoPaper, PaperJam, CoverOpen
from drivers.scanner.sane_adapter import SaneScanner
from drivers.scanner.synthetic import synthetic_pages
from kiosk.capture.worker import decode, encode

pytestmark = pytest.mark.unit


@pytest.fixture(scope="module")
def grey():
    return decode(synthetic_pages(41, 1, dpi=300, fit_height=True)[0].jpeg)


def test_text_page_is_bilevel_and_small(grey):
    enc = encode(grey, grey, 300, 75)
    assert enc.kind == "bilevel" and len(enc.data) < grey.size / 20


def test_colour_evidence_keeps_its_colour(grey):
    colour = cv2.cvtColor(grey, cv2.COLOR_GRAY2BGR)
    cv2.circle(colour, (600, 500), 230, (0, 0, 220), 12)  # a red 40 mm seal at 300 dpi
    assert encode(colour, grey, 150, 75).kind == "jpeg-rgb"


def test_grey_photo_stays_jpeg(grey):
    photo = cv2.GaussianBlur(np.random.default_rng(3).integers(0, 255, grey.shape, dtype=np.uint8), (0, 0), 6)
    photo = cv2.normalize(photo, None, 0, 255, cv2.NORM_MINMAX)
    assert encode(photo, photo, 150, 75).kind == "jpeg-gray"


@pytest.mark.parametrize("data", [b"", b"GIF89a broken", b"\x00" * 100])
def test_unreadable_bytes_raise_value_error(data):
    with pytest.raises(ValueError):
        decode(data)


SOURCES = ("Flatbed", "ADF Front", "ADF Duplex")


@pytest.mark.parametrize("kind, duplex, expected", [
    (FLATBED, False, "Flatbed"), (FEEDER, False, "ADF Front"), (FEEDER, True, "ADF Duplex"),
])
def test_source_names_of_real_devices(kind, duplex, expected):
    assert SaneScanner._source_name(kind, duplex, SOURCES) == expected


def test_duplex_falls_back_to_simplex_feeder():
    assert SaneScanner._source_name(FEEDER, True, ("Flatbed", "Automatic Document Feeder")) == \
        "Automatic Document Feeder"


@pytest.mark.parametrize("status, error", [
    ("Document feeder jammed", PaperJam), ("Document feeder out of documents", NoPaper),
    ("Scanner cover is open", CoverOpen),
])
def test_sane_status_texts(status, error):
    assert isinstance(error_for_status(status, "scanner"), error)
