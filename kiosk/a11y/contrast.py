"""WCAG 2.x relative luminance and contrast ratio, for theme tests and the screen audit."""

from __future__ import annotations

from collections.abc import Sequence

Colour = Sequence[float]  # r, g, b[, a] in 0..1


def _linear(channel: float) -> float:
    return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4


def luminance(colour: Colour) -> float:
    r, g, b = colour[:3]
    return 0.2126 * _linear(r) + 0.7152 * _linear(g) + 0.0722 * _linear(b)


def ratio(a: Colour, b: Colour) -> float:
    """Contrast ratio 1..21 between two opaque colours."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def over(colour: Colour, background: Colour) -> tuple[float, float, float]:
    """``colour`` (with its alpha) composited over an opaque ``background``."""
    alpha = colour[3] if len(colour) > 3 else 1.0
    return tuple(c * alpha + bg * (1 - alpha) for c, bg in zip(colour[:3], background[:3]))
