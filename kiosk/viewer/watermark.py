"""The watermark drawn INTO a rendered page's pixels (PIL), so every pixel shown carries it: an
overlay widget could be skipped by a screenshot or spill outside the page.

Memory (issue 11 bench): the text is drawn once per size as a small rotated tile (cached), and
the tiles are composited straight into the page where they fall, clipped at its edges. An earlier
version built a transparent layer the size of the page on a canvas twice as large and cached
six such layers: 20–110 MB at a time for the zoomed widths, for the same pixels."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

INK = (150, 20, 20, 64)
"""Dark red at a quarter opacity: readable over text, never hiding it."""


@lru_cache(maxsize=4)
def _font(path: str, size: int):
    try:
        return ImageFont.truetype(path, size)
    except OSError:  # no CJK font: PIL's own (Latin only) rather than no watermark at all
        return ImageFont.load_default(size)


@lru_cache(maxsize=8)
def tile(width: int, text: str, font_path: str) -> tuple[Image.Image, int, int]:
    """(the rotated text tile, horizontal step, vertical step) for a page ``width`` wide."""
    size = max(14, width // 34)
    font = _font(str(font_path), size)
    lines = [line for line in text.split("\n") if line]
    probe = ImageDraw.Draw(Image.new("L", (1, 1)))
    tw = max(int(probe.textlength(line, font=font)) for line in lines) + size * 3
    th = len(lines) * int(size * 1.4) + size * 2
    flat = Image.new("RGBA", (tw, th), (0, 0, 0, 0))
    draw = ImageDraw.Draw(flat)
    for i, line in enumerate(lines):
        draw.text((size, size + i * int(size * 1.4)), line, font=font, fill=INK)
    rotated = flat.rotate(30, expand=True, resample=Image.BICUBIC)
    tw, th = rotated.size
    return rotated, tw + size, max(1, int(th * 0.55))


def positions(width: int, height: int, tw: int, th: int, step_x: int, step_y: int):
    """Top-left corners of the tiles, in page coordinates (some start left of or above it)."""
    for row, y in enumerate(range(0, height + th, step_y)):
        shift = (row % 2) * step_x // 2
        for x in range(shift, width + tw, step_x):
            yield x - tw, y - th


def apply(image: Image.Image, text: str, font_path: str | Path) -> Image.Image:
    """``image`` (RGBA) with the watermark composited into its pixels; no text, no change."""
    if not text.strip():
        return image
    stamp, step_x, step_y = tile(image.width, text, str(font_path))
    tw, th = stamp.size
    for x, y in positions(image.width, image.height, tw, th, step_x, step_y):
        sx, sy = max(0, -x), max(0, -y)
        w, h = min(tw, image.width - x) - sx, min(th, image.height - y) - sy
        if w > 0 and h > 0:
            image.alpha_composite(stamp, (x + sx, y + sy), (sx, sy, sx + w, sy + h))
    return image
