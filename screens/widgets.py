"""Shared widgets: coloured panels, wrapped labels, large buttons, the header bar."""

from __future__ import annotations

from collections.abc import Callable

from kivy.graphics import Color, RoundedRectangle
from kivy.properties import BooleanProperty, ListProperty, NumericProperty
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.label import Label

from screens import theme


class Panel(BoxLayout):
    """A BoxLayout with a (rounded) background colour."""

    bg = ListProperty(theme.CARD)
    radius = NumericProperty(0)

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        with self.canvas.before:
            self._colour = Color(*self.bg)
            self._rect = RoundedRectangle(pos=self.pos, size=self.size, radius=[self.radius])
        self.bind(pos=self._redraw, size=self._redraw, bg=self._redraw, radius=self._redraw)

    def _redraw(self, *_args) -> None:
        self._colour.rgba = self.bg
        self._rect.pos = self.pos
        self._rect.size = self.size
        self._rect.radius = [self.radius]


def text(value: str = "", size: int = theme.BODY, colour=theme.TEXT, bold: bool = False,
         halign: str = "center", valign: str = "middle", **kwargs) -> Label:
    """A label that wraps inside its own box (Chinese lines break anywhere)."""
    label = Label(text=value, font_size=size, color=colour, bold=bold, halign=halign,
                  valign=valign, **kwargs)
    if valign == "middle":
        # Only the width: the texture stays as small as the text (Label centres it vertically),
        # which keeps re-rendering a changed label cheap.
        label.bind(width=lambda lbl, width: setattr(lbl, "text_size", (width, None)))
    else:
        label.bind(size=lambda lbl, sz: setattr(lbl, "text_size", sz))
    return label


class BigButton(ButtonBehavior, Panel):
    """A large, rounded, high-contrast button with one line of text.

    ``inert`` ignores taps without Kivy's ``disabled``, which would re-render the label's texture
    (slow on software GL) every time it flips.
    """

    inert = BooleanProperty(False)

    def __init__(self, label: str, on_tap: Callable[[], None], *, bg=theme.BLUE,
                 pressed=theme.BLUE_PRESSED, colour=theme.WHITE, size: int = theme.BODY, **kwargs):
        kwargs.setdefault("radius", theme.RADIUS)
        super().__init__(bg=bg, **kwargs)
        self._normal, self._pressed = bg, pressed
        self.label = text(label, size, colour, bold=True)
        self.add_widget(self.label)
        self._on_tap = on_tap

    def on_state(self, _widget, state: str) -> None:
        self.bg = self._pressed if state == "down" and not self.inert else self._normal

    def on_release(self) -> None:
        if not self.inert:
            self._on_tap()


class HeaderBar(Panel):
    """The court-blue bar across the top: court name left, screen title right."""

    def __init__(self, **kwargs):
        super().__init__(bg=theme.COURT_BLUE, size_hint_y=None, height=theme.HEADER_H,
                         padding=(36, 0), **kwargs)
        self.court = text("", theme.HEADING, theme.WHITE, bold=True, halign="left")
        self.title = text("", theme.BODY, theme.WHITE_SOFT, halign="right")
        self.add_widget(self.court)
        self.add_widget(self.title)

    def show(self, court_name: str, title: str = "") -> None:
        self.court.text = court_name
        self.title.text = title
