"""Colours and type sizes: calm court blue, high contrast, large text for older litigants.

Sizes are pixels at the reference 1280×800 screen (a 15.6" panel: 120 px ≈ 2.5 cm).
"""

from __future__ import annotations


def rgb(hex_colour: str, alpha: float = 1.0) -> tuple[float, float, float, float]:
    value = hex_colour.lstrip("#")
    r, g, b = (int(value[i:i + 2], 16) / 255 for i in (0, 2, 4))
    return (r, g, b, alpha)


COURT_BLUE = rgb("#0E3A78")
COURT_BLUE_DARK = rgb("#0A2B5C")
BLUE = rgb("#1C5DB5")
BLUE_PRESSED = rgb("#13468C")
BLUE_PALE = rgb("#E6EEF9")
PAGE = rgb("#F2F5FA")
CARD = rgb("#FFFFFF")
CARD_PRESSED = rgb("#D6E3F5")
TEXT = rgb("#1A1F29")
TEXT_MUTED = rgb("#4A5566")
WHITE = rgb("#FFFFFF")
WHITE_SOFT = rgb("#FFFFFF", 0.85)
GOLD = rgb("#E8B64C")
NEUTRAL = rgb("#E3E7EE")
NEUTRAL_PRESSED = rgb("#C9D0DB")
DANGER = rgb("#B3261E")
DANGER_PALE = rgb("#FBE9E7")
OK_GREEN = rgb("#1E7B34")
SCRIM = (0.0, 0.05, 0.12, 0.72)

# Type scale (px).
HUGE = 64
TITLE = 48
HEADING = 38
BODY = 30
SMALL = 24
FINE = 20

HEADER_H = 96
BUTTON_H = 110
RADIUS = 18
