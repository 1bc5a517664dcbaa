"""The watermark drawn INTO a rendered page's pixels (PIL), so every pixel shown carries it: an
overlay widget could be skipped by a screenshot or spill outside the page."""

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


@lru_cache(maxsize=6)
def overlay(width: int, height: int, text: str, font_path: str) -> Image.Image:
    """A transparent RGBA layer of ``text`` in diagonal rows across the whole page (cached per
    size: every page of a document shares it, so a page costs one ``alpha_composite``)."""
    size = max(14, width // 34)
    font = _font(str(font_path), size)
    lines = [line for line in text.split("\n") if line]
    probe = ImageDraw.Draw(Image.new("L", (1, 1)))
    tw = max(int(probe.textlength(line, font=font)) for line in lines) + size * 3
    th = len(lines) * int(size * 1.4) + size * 2
    tile = Image.new("RGBA", (tw, th), (0, 0, 0, 0))
    draw = ImageDraw.Draw(tile)
    for i, line in enumerate(lines):
        draw.text((size, size + i * int(size * 1.4)), line, font=font, fill=INK)
    tile = tile.rotate(30, expand=True, resample=Image.BICUBIC)
    # tiles composited on a larger canvas (no negative offsets), then cut to the page
    tw, th = tile.size
    canvas = Image.new("RGBA", (width + 2 * tw, height + 2 * th), (0, 0, 0, 0))
    step_x, step_y = tw + size, max(1, int(th * 0.55))
    for row, y in enumerate(range(0, height + th, step_y)):
        shift = (row % 2) * step_x // 2
        for x in range(shift, width + tw, step_x):
            canvas.alpha_composite(tile, (x, y))
    layer = canvas.crop((tw, th, tw + width, th + height))
    return layer


def apply(image: Image.Image, text: str, font_path: str | Path) -> Image.Image:
    """``image`` (RGBA) with the watermark composited into its pixels; no text, no change."""
    if not text.strip():
        return image
    image.alpha_composite(overlay(image.width, image.height, text, str(font_path)))
    return image
