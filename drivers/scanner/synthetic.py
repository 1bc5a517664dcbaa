"""Render synthetic filings to page images that look like a cheap scanner's output.

Pages are drawn with a CJK font at the scan resolution, then skewed, blurred, noised, unevenly lit
and JPEG-compressed. Each page carries its ground-truth text (the rendered lines in reading order)
and its filing (every field's truth), for the simulator, the tests and ``bench/ocr.py``.
"""

from __future__ import annotations

import io
import random
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from drivers.scanner.synthetic_text import Filing, make_filing

FONT_PATH = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
A4_INCHES = (8.27, 11.69)


@dataclass(frozen=True)
class Degradation:
    """How bad the scanner is. ``level`` 0 = clean render, 1 = a typical cheap office scanner."""

    level: float = 1.0
    skew_deg: float = 1.2
    blur_sigma: float = 0.8
    noise_sigma: float = 7.0
    jpeg_quality: int = 70
    shadow: bool = True


@dataclass(frozen=True)
class SyntheticPage:
    """One page: its JPEG bytes (what a scanner would hand over), dpi, the truth, its filing."""

    jpeg: bytes
    dpi: int
    truth: str
    filing: Filing
    page_in_filing: int

    def image(self):
        from PIL import Image

        return Image.open(io.BytesIO(self.jpeg))


@lru_cache(maxsize=8)
def _font(size: int):
    from PIL import ImageFont

    return ImageFont.truetype(str(FONT_PATH), size)


def _wrap(text: str, font, width: float) -> list[str]:
    """Break like a word processor: anywhere between Chinese characters, never inside a number
    or Latin word, and never before closing punctuation."""
    import re

    tokens = re.findall(r"[0-9A-Za-z.¥]+|.", text)
    lines, current = [], ""
    for tok in tokens:
        if font.getlength(current + tok) > width and current and tok not in "，。；：、）》”！？":
            lines.append(current)
            current = tok
        else:
            current += tok
    if current:
        lines.append(current)
    return lines


def layout(filing: Filing, dpi: int, body_pt: float = 12.0, page_in: tuple[float, float] = A4_INCHES,
           margin_in: float = 0.9) -> list[list[tuple[str, str, int]]]:
    """Wrap the filing into pages of lines (text, style, font px) at ``dpi``."""
    px = round(body_pt / 72 * dpi)
    title_px = round(px * 1.6)
    width = (page_in[0] - 2 * margin_in) * dpi
    usable = (page_in[1] - 2 * margin_in) * dpi
    pages, page, used = [], [], 0.0
    for style, text in filing.paragraphs:
        size = title_px if style == "title" else px
        indent = 2 * size if style == "body" else 0
        for i, line in enumerate(_wrap(text, _font(size), width - (indent if style == "body" else 0))):
            height = size * (1.9 if style == "title" else 1.65)
            if used + height > usable and page:
                pages.append(page)
                page, used = [], 0.0
            page.append((line, style if (style != "body" or i == 0) else "cont", size))
            used += height
    if page:
        pages.append(page)
    return pages


def render_lines(lines: list[tuple[str, str, int]], dpi: int, page_in: tuple[float, float] = A4_INCHES,
                 margin_in: float = 0.9, fit_height: bool = False):
    """Draw lines on white paper; ``fit_height`` cuts the page just below the text (small test pages)."""
    from PIL import Image, ImageDraw

    width, height = round(page_in[0] * dpi), round(page_in[1] * dpi)
    margin = round(margin_in * dpi)
    needed = margin * 2 + sum(round(size * (1.9 if s == "title" else 1.65)) for _, s, size in lines)
    if fit_height:
        height = min(height, needed)
    img = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(img)
    y = margin
    for text, style, size in lines:
        font = _font(size)
        text_w = font.getlength(text)
        if style == "title":
            x = (width - text_w) / 2
        elif style == "right":
            x = width - margin - text_w - 2 * size
        elif style == "body":
            x = margin + 2 * size
        else:
            x = margin
        draw.text((x, y), text, font=font, fill=0)
        y += round(size * (1.9 if style == "title" else 1.65))
    return img


def degrade(img, rng: random.Random, d: Degradation, quality: int | None = None) -> bytes:
    """Make a clean render look scanned: paper tone, skew, blur, noise, light falloff, JPEG."""
    import cv2
    import numpy as np

    # In place, a band of rows at a time for the noise: a 300 dpi page is 35 MB as float32, and
    # the whole-page temporaries of the plain expressions peaked at ~200 MB in the kiosk process.
    # One float copy of the page (not two), blur and clip into it: the kiosk process holds at
    # most the page and its rotated copy (70 MB, not 130 MB), and the bytes are the same.
    a = np.asarray(img).astype(np.float32)
    ink, paper = rng.uniform(15, 45), rng.uniform(232, 248)
    np.subtract(255.0, a, out=a)
    a /= 255.0
    a *= paper - ink
    np.subtract(paper, a, out=a)
    h, w = a.shape
    if d.level > 0:
        angle = rng.uniform(-d.skew_deg, d.skew_deg) * d.level
        m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
        a = cv2.warpAffine(a, m, (w, h), flags=cv2.INTER_LINEAR, borderValue=float(paper))
        cv2.GaussianBlur(a, (0, 0), max(0.3, d.blur_sigma * d.level * rng.uniform(0.8, 1.2)), dst=a)
        xs = np.linspace(rng.uniform(-12, 0), rng.uniform(0, 12), w, dtype=np.float32)
        a += xs[None, :] * d.level
        if d.shadow and rng.random() < 0.5:
            band = rng.randint(8, 30)
            a[:, :band] *= 0.35  # lid shadow at the left edge
        nrng = np.random.default_rng(rng.getrandbits(32))
        sigma = d.noise_sigma * d.level
        for top in range(0, h, 256):  # the same draws, in order, as one whole-page array
            rows = a[top:top + 256]
            rows += nrng.normal(0, sigma, rows.shape).astype(np.float32)
    np.clip(a, 0, 255, out=a)
    a = a.astype(np.uint8)
    ok, buf = cv2.imencode(".jpg", a, [cv2.IMWRITE_JPEG_QUALITY, quality or d.jpeg_quality])
    assert ok
    return buf.tobytes()


def synthetic_pages(seed: int = 0, count: int = 10, dpi: int = 300, kinds: list[str] | None = None,
                    degradation: Degradation = Degradation(), fit_height: bool = False,
                    body_pt: float = 12.0) -> list[SyntheticPage]:
    """``count`` scanned-looking pages from consecutive filings, deterministic from ``seed``."""
    rng = random.Random(seed)
    pages: list[SyntheticPage] = []
    n = 0
    while len(pages) < count:
        kind = kinds[n % len(kinds)] if kinds else None
        filing = make_filing(seed * 1000 + n, kind)
        n += 1
        for i, lines in enumerate(layout(filing, dpi, body_pt)):
            img = render_lines(lines, dpi, fit_height=fit_height)
            truth = "\n".join(text for text, _, _ in lines)
            pages.append(SyntheticPage(degrade(img, rng, degradation), dpi, truth, filing, i))
            if len(pages) == count:
                break
    return pages
