"""Page clean-up before OCR and filing: quality checks, deskew, border crop, compression choice.

Content is never altered: deskew rotates, border crop only trims dark scanner margins (never ink),
and the bilevel encoding is chosen only for pages that are already black text on white paper.
Checks give reasons for a rescan (too dark, blurred, cut off) instead of silently filing a bad page.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

BLANK_INK_RATIO = 0.0004
DARK_MEDIAN = 110
LOW_CONTRAST = 60
BLUR_SHARPNESS = 0.17
CUTOFF_INK_RATIO = 0.004


@dataclass(frozen=True)
class PageQuality:
    """Measurements and verdicts for one page (``rescan_reasons`` is empty for a good page)."""

    blank: bool
    too_dark: bool
    blurred: bool
    cut_off: bool
    ink_ratio: float
    paper_level: float
    contrast: float
    sharpness: float

    @property
    def rescan_reasons(self) -> tuple[str, ...]:
        reasons = (("too_dark", self.too_dark), ("blurred", self.blurred), ("cut_off", self.cut_off))
        return tuple(name for name, bad in reasons if bad and not self.blank)


def to_grey(img: np.ndarray) -> np.ndarray:
    import cv2

    return img if img.ndim == 2 else cv2.cvtColor(img, cv2.COLOR_BGR2GRAY)


def _small(grey: np.ndarray, width: int = 1000) -> tuple[np.ndarray, float]:
    import cv2

    scale = min(1.0, width / grey.shape[1])
    if scale == 1.0:
        return grey, 1.0
    return cv2.resize(grey, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA), scale


def ink_mask(grey: np.ndarray) -> np.ndarray:
    """Pixels clearly darker than the paper (speckle noise stays out)."""
    import cv2

    paper = float(np.percentile(grey, 90))
    mask = (grey < paper - max(50.0, 0.35 * paper)).astype(np.uint8)
    return cv2.morphologyEx(mask, cv2.MORPH_OPEN, np.ones((2, 2), np.uint8))


def crop_borders(grey: np.ndarray, colour: np.ndarray | None = None):
    """Trim dark scanner margins (lid shadow, platen edge) at the page edges; never into the paper."""
    paper = float(np.percentile(grey, 90))
    limit = paper * 0.6
    rows, cols = grey.mean(axis=1), grey.mean(axis=0)
    max_trim_r, max_trim_c = grey.shape[0] // 20, grey.shape[1] // 20

    def run(profile, limit_n):
        n = 0
        while n < limit_n and profile[n] < limit:
            n += 1
        return n

    top, bottom = run(rows, max_trim_r), run(rows[::-1], max_trim_r)
    left, right = run(cols, max_trim_c), run(cols[::-1], max_trim_c)
    box = (top, grey.shape[0] - bottom, left, grey.shape[1] - right)
    cut = (slice(box[0], box[1]), slice(box[2], box[3]))
    return grey[cut], (colour[cut] if colour is not None else None), (left, top)


def assess(grey: np.ndarray) -> PageQuality:
    """Blank, too dark, blurred and cut-off verdicts from a downscaled copy (a few ms per page)."""
    small, scale = _small(grey)
    paper = float(np.percentile(small, 90))
    contrast = paper - float(np.percentile(small, 0.5))
    h, w = small.shape
    mh, mw = max(1, h // 33), max(1, w // 33)
    mask = ink_mask(small)
    inner = mask[mh:-mh, mw:-mw]
    ink_ratio = float(inner.mean()) if inner.size else 0.0
    blank = ink_ratio < BLANK_INK_RATIO
    too_dark = paper < DARK_MEDIAN or (not blank and contrast < LOW_CONTRAST)
    sharpness = _sharpness(grey, mask, scale, contrast) if not blank else 1.0
    band_w, band_h = max(2, w // 150), max(2, h // 150)
    bands = (mask[:band_h, :], mask[-band_h:, :], mask[:, :band_w], mask[:, -band_w:])
    cut_off = not blank and any(float(b.mean()) > CUTOFF_INK_RATIO for b in bands)
    return PageQuality(blank, too_dark, (not blank and sharpness < BLUR_SHARPNESS), cut_off,
                       ink_ratio, paper, contrast, sharpness)


def _sharpness(grey: np.ndarray, small_mask: np.ndarray, scale: float, contrast: float) -> float:
    """Steepness of the ink edges relative to contrast: ~0.4 for a crisp scan, low when out of focus.

    Measured at full resolution, only around ink, in the middle of the text block (a short IOU
    is mostly empty paper; a whole page would cost too much)."""
    import cv2

    rows = np.nonzero(small_mask.any(axis=1))[0]
    if len(rows) < 2:
        return 1.0
    top, bottom = rows[0] / scale, rows[-1] / scale
    mid, half = (top + bottom) / 2, max((bottom - top) * 0.2, 64)
    crop = grey[int(max(0, mid - half)): int(mid + half)]
    paper = float(np.percentile(crop, 90))
    ink = (crop < paper - 0.5 * contrast).astype(np.uint8)
    near = cv2.dilate(ink, np.ones((5, 5), np.uint8)).astype(bool)
    if near.sum() < 100:
        return 1.0
    gx = cv2.Sobel(crop, cv2.CV_32F, 1, 0, ksize=3) / 8.0
    gy = cv2.Sobel(crop, cv2.CV_32F, 0, 1, ksize=3) / 8.0
    mag = np.sqrt(gx * gx + gy * gy)[near]
    return float(np.percentile(mag, 90)) / max(contrast, 1.0)


def estimate_skew(grey: np.ndarray, limit: float = 5.0) -> float:
    """Skew angle in degrees (positive = counter-clockwise) maximising the row-profile contrast."""
    small, _ = _small(grey, 800)
    ys, xs = np.nonzero(ink_mask(small))
    if len(xs) < 50:
        return 0.0
    if len(xs) > 40000:
        pick = np.random.default_rng(0).choice(len(xs), 40000, replace=False)
        xs, ys = xs[pick], ys[pick]
    xs = xs - small.shape[1] / 2.0

    def score(deg: float) -> float:
        t = np.deg2rad(deg)
        proj = ys * np.cos(t) + xs * np.sin(t)
        hist = np.bincount(np.round(proj - proj.min()).astype(np.int64))
        return float((hist.astype(np.float64) ** 2).sum())

    best = max(np.arange(-limit, limit + 0.01, 0.25), key=score)
    best = max(np.arange(best - 0.25, best + 0.26, 0.05), key=score)
    return float(-best) if abs(best) > 0.05 else 0.0


def rotate(img: np.ndarray, angle: float, fill: float) -> np.ndarray:
    import cv2

    if not angle:
        return img
    h, w = img.shape[:2]
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    border = fill if img.ndim == 2 else (fill, fill, fill)
    return cv2.warpAffine(img, m, (w, h), flags=cv2.INTER_LINEAR, borderValue=border)


def is_colour(img: np.ndarray) -> bool:
    """True when the page has real colour (stamps, photos), not grey paper in an RGB scan."""
    import cv2

    if img.ndim == 2:
        return False
    small, _ = _small(img[..., 1], 400)
    hsv = cv2.cvtColor(cv2.resize(img, (small.shape[1], small.shape[0])), cv2.COLOR_BGR2HSV)
    return float((hsv[..., 1] > 60).mean()) > 0.002


def is_text_only(grey: np.ndarray) -> bool:
    """Black text on plain paper: few mid-tone pixels beyond the anti-aliased edges of the ink."""
    small, _ = _small(grey)
    paper = float(np.percentile(small, 90))
    ink = float(np.percentile(small, 0.5))
    span = paper - ink
    mid = (small > ink + 0.3 * span) & (small < paper - 0.3 * span)
    dark = small < paper - 0.5 * span
    return span > 100 and float(mid.mean()) < 0.6 * max(float(dark.mean()), 1e-4) + 0.002
