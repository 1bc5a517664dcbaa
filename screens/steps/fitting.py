"""Boxes that take the height their text needs: in elderly type or in English a line wraps and
the box grows (a list or card around it follows), instead of the text overflowing a fixed
pixel height drawn for Chinese at normal size."""

from __future__ import annotations

from kivy.uix.boxlayout import BoxLayout

from screens import theme
from screens.widgets import BigButton, FitLabel, label_width, text


def grown(value: str = "", size: float | None = None, colour=None, *, bold: bool = False,
          halign: str = "left", data=False, **kwargs):
    """A wrapping label as tall as its lines; ``data`` marks what it shows as the litigant's or
    the court's own words (a title, a case number, a name), kept as written in every language."""
    size = theme.BODY if size is None else size
    # Kivy leaves texture_size at 0×0 for an empty text, so no event would shrink the box.
    label = text(value, size, colour, bold=bold, halign=halign, size_hint_y=None,
                 height=size * theme.LINE_EM if value else 1, **kwargs)
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


def note_box():
    """A pale box for what went wrong (or, recoloured, what is under way), as tall as its
    sentence; hidden while empty. ``box.label`` is the sentence."""
    from screens.widgets import Panel

    pad = theme.ref(8)
    box = Panel(orientation="vertical", bg=theme.DANGER_PALE, radius=theme.RADIUS,
                padding=(theme.ref(14), pad), size_hint_y=None, height=0, opacity=0)
    box.label = grown("", theme.FINE, theme.DANGER)
    box.add_widget(box.label)

    def fit(*_args):
        shown = bool(box.label.text)
        box.height = box.label.height + 2 * pad if shown else 0
        box.opacity = 1 if shown else 0

    box.label.bind(height=fit, text=fit)
    return box


def show_note(box, message: str) -> None:
    from kiosk.texts import localize

    box.label.text = localize(message) if message else ""


class BriefWhenLong(FitLabel):
    """A fitted label with a shorter wording for a box too small for the whole one (a rule of
    law without its clause, which the voice still reads): the whole text wherever it fits, the
    brief one otherwise — never text cut or spilling out of its box."""

    def __init__(self, *args, **kwargs):
        self.whole, self.brief, self._choosing = "", "", False
        super().__init__(*args, **kwargs)

    def show(self, whole: str, brief: str) -> None:
        self.whole, self.brief = whole, brief
        self._fit()

    def _fit(self, *args) -> None:
        if self._choosing or not self.whole:
            super()._fit(*args)
            return
        self._choosing = True
        try:
            for wording in (self.whole, self.brief or self.whole):
                if self.text != wording:
                    self.text = wording  # bound to _fit: fitted once, by the guarded path
                else:
                    super()._fit()
                if self._fits_box():
                    break
        finally:
            self._choosing = False

    def _fits_box(self) -> bool:
        left, _top, right, _bottom = self.padding
        return self._measure(self.font_size, self.width - left - right)[1] <= self.height
