"""FitLabel breaks Chinese lines the way print does: no closing punctuation (。，、) at a line's
start, so no lone "。" on a line of its own, and still nothing overflows its box."""

from __future__ import annotations

import pytest

CLOSING = "。，、；：？！）”"

pytestmark = pytest.mark.ui


def _lines(label) -> list[str]:
    label.texture_update()
    return ["".join(w.text for w in line.words) for line in label._label._cached_lines]


@pytest.mark.parametrize("value, size", [
    # 23 glyphs of 32 px in 374 px: two "balanced" lines of 11 left the "。" alone on a third.
    ("本人确认以上材料真实、准确，并对其真实性负责。", (374, 140)),
    # 5 glyphs a line at 42 px put "，" at the start of the third line.
    ("请将身份证放在读卡区，听到提示音后取回。", (216, 400)),
])
def test_no_line_starts_with_closing_punctuation(kiosk, value, size):
    from screens.widgets import fit_text

    label = fit_text(value, 42, 32, (0, 0, 0, 1), size_hint=(None, None), size=size)
    lines = _lines(label)
    assert "".join(lines) == value and len(lines) > 1
    assert not [line for line in lines[1:] if line[:1] in CLOSING], lines
    assert label.texture_size[0] <= size[0] + 1 and label.texture_size[1] <= size[1] + 1


@pytest.mark.parametrize("halign", ["left", "center"])
def test_a_plain_wrapping_label_never_starts_a_line_with_closing_punctuation(kiosk, halign):
    """``widgets.text()`` wraps at its box edge: 10 glyphs of 32 px a line in 330 px put the "，"
    at the start of the second line; the wrap narrows a glyph (by padding, on the side away from
    the alignment) so it stays with the character before it."""
    from screens.widgets import text

    value = "请将身份证放在读卡区上，听到提示音后取回。"
    label = text(value, 32, (0, 0, 0, 1), halign=halign, size_hint=(None, None))
    label.width = 330  # text_size follows the width
    lines = _lines(label)
    assert "".join(lines) == value and len(lines) > 1
    assert not [line for line in lines[1:] if line[:1] in CLOSING], lines
    assert label.texture_size[0] <= 330
    if halign == "left":
        assert label.padding[0] == 0 and label.padding[2] > 0  # the text stays on its left edge
