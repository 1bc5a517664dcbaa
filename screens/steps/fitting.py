"""Boxes that take the height their text needs: in elderly type or in English a line wraps and
the box grows (a list or card around it follows), instead of the text overflowing a fixed
pixel height drawn for Chinese at normal size."""

from __future__ import annotations

from kivy.uix.boxlayout import BoxLayout

from screens import theme
from screens.widgets import BigButton, label_width, text


def grown(value: str = "", size: float | None = None, colour=None, *, bold: bool = False,
          halign: str = "left", data=False, **kwargs):
    """A wrapping label as tall as its lines; ``data`` marks what it shows as the litigant's or
    the court's own words (a title, a case number, a name), kept as written in every language."""
    size = theme.BODY if size is None else size
    label = text(value, size, colour, bold=bold, halign=halign, size_hint_y=None,
                 height=size * theme.LINE_EM, **kwargs)
    label.bind(texture_size=lambda lbl, ts: setattr(lbl, "height", max(ts[1], 1)))
    if data:
        label.a11y_data = data
    return label


def column(*widgets, spacing: float | None = None, padding=0, **kwargs) -> BoxLayout:
    """A vertical box as tall as its children (each with ``size_hint_y=None``)."""
    box = BoxLayout(orientation="vertical", size_hint_y=None,
                    spacing=theme.ref(8) if spacing is None else spacing, padding=padding, **kwargs)
    box.bind(minimum_height=box.setter("height"))
    for widget in widgets:
        box.add_widget(widget)
    return box


def target_h() -> float:
    """A button's height: at least 16 mm (the 15 mm floor with a margin), growing as bars do."""
    return max(theme.mm(16), theme.bx(62))


def snug(label: str, on_tap, *, size: float | None = None, light: bool = True, **kwargs) -> BigButton:
    """A button as wide as its label at ``size`` (any language, any mode), at least 16 mm."""
    size = theme.SMALL if size is None else size
    style = dict(bg=theme.NEUTRAL, pressed=theme.NEUTRAL_PRESSED, colour=theme.TEXT) if light else {}
    style.update(kwargs)
    style.setdefault("size_hint", (None, None))
    style.setdefault("height", target_h())
    width = max(theme.mm(16), label_width(label, size) + theme.ref(32))
    return BigButton(label, on_tap, size=size, width=width, **style)
