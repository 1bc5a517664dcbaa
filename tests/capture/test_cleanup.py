"""Page checks and clean-up on the project's own scanned-looking pages."""

from __future__ import annotations

import random

import cv2
import numpy as np
import pytest

from drivers.scanner.synthetic import Degradation, degrade, layout, render_lines, synthetic_pages
from drivers.scanner.synthetic_text import make_filing
from kiosk.capture import cleanup

pytestmark = pytest.mark.unit


@pytest.fixture(scope="module")
def page() -> np.ndarray:
    jpeg = synthetic_pages(3, 1, dpi=200, degradation=Degradation(shadow=False))[0].jpeg
    return cv2.imdecode(np.frombuffer(jpeg, np.uint8), cv2.IMREAD_GRAYSCALE)


def test_a_normal_scan_is_fine(page):
    q = cleanup.assess(page)
    assert not (q.blank or q.too_dark or q.blurred or q.cut_off)
    assert q.rescan_reasons == ()


def test_blank_page_with_scanner_noise(page):
    noise = np.random.default_rng(1).normal(0, 7, page.shape)
    blank = np.clip(238 + noise, 0, 255).astype(np.uint8)
    q = cleanup.assess(blank)
    assert q.blank and q.rescan_reasons == ()


def test_too_dark(page):
    assert "too_dark" in cleanup.assess((page * 0.35).astype(np.uint8)).rescan_reasons


def test_blurred(page):
    assert "blurred" in cleanup.assess(cv2.GaussianBlur(page, (0, 0), 3.5)).rescan_reasons


def test_cut_off(page):
    cut = page[:, page.shape[1] // 3:]
    assert "cut_off" in cleanup.assess(cut).rescan_reasons


@pytest.mark.parametrize("angle", [-2.0, -0.7, 1.3])
def test_skew_is_measured(angle):
    lines = layout(make_filing(8), 150)[0]
    img = np.asarray(render_lines(lines, 150))
    h, w = img.shape
    rotated = cv2.warpAffine(img, cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0), (w, h),
                             borderValue=255)
    assert cleanup.estimate_skew(rotated) == pytest.approx(-angle, abs=0.15)
    straightened = cleanup.rotate(rotated, cleanup.estimate_skew(rotated), 255)
    assert abs(cleanup.estimate_skew(straightened)) <= 0.15


def test_border_crop_removes_shadow_not_content(page):
    shadowed = page.copy()
    shadowed[:, :25] = 40
    cropped, _, (left, top) = cleanup.crop_borders(shadowed)
    assert 20 <= left <= 30 and top == 0
    assert cleanup.crop_borders(page)[2] == (0, 0)


def test_compression_choice(page):
    assert cleanup.is_text_only(page)
    photo = cv2.GaussianBlur(np.random.default_rng(2).integers(0, 255, page.shape, dtype=np.uint8), (0, 0), 9)
    assert not cleanup.is_text_only(cv2.normalize(photo, None, 0, 255, cv2.NORM_MINMAX))
    colour = cv2.cvtColor(page, cv2.COLOR_GRAY2BGR)
    assert not cleanup.is_colour(colour)
    cv2.circle(colour, (400, 400), 120, (0, 0, 220), -1)  # a red seal
    assert cleanup.is_colour(colour)


def test_synthetic_pages_are_deterministic():
    a = synthetic_pages(9, 2, dpi=100, fit_height=True)
    b = synthetic_pages(9, 2, dpi=100, fit_height=True)
    assert [p.jpeg for p in a] == [p.jpeg for p in b] and a[0].truth == b[0].truth
    assert degrade(render_lines([("测试", "plain", 20)], 100, fit_height=True), random.Random(1),
                   Degradation())[:2] == b"\xff\xd8"
