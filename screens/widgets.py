"""Shared widgets: coloured panels with visible boundaries, wrapped labels, large buttons, the
header bar, and text that fits its box (shrink to a floor, then wrap; never cut off).

Sizes default to the active theme at call time (``screens.theme.activate``), never at import.
"""

from __future__ import annotations

from collections.abc import Callable

from kivy.graphics import Color, Line, RoundedRectangle
from kivy.properties import BooleanProperty, ListProperty, NumericProperty
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout

from screens import theme
from screens.text_fit import FitLabel, fit_text, label_width, same_size, text  # noqa: F401

NO_BORDER = (0.0, 0.0, 0.0, 0.0)


class Panel(BoxLayout):
    """A BoxLayout with a (rounded) background colour and an optional border line."""

    bg = ListProperty([1.0, 1.0, 1.0, 1.0])
    border_colour = ListProperty(NO_BORDER)
    border_width = NumericProperty(0)
    radius = NumericProperty(0)

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        with self.canvas.before:
            self._colour = Color(*self.bg)
            self._rect = RoundedRectangle(pos=self.pos, size=self.size, radius=[self.radius])
            self._line_colour = Color(*self.border_colour)
            self._line = Line(width=1)
        self.bind(pos=self._redraw, size=self._redraw, bg=self._redraw, radius=self._redraw,
                  border_colour=self._redraw, border_width=self._redraw)
        self._redraw()

    def _redraw(self, *_args) -> None:
        self._colour.rgba = self.bg
        self._rect.pos = self.pos
        self._rect.size = self.size
        self._rect.radius = [self.radius]
        if not self.border_width or self.border_colour[3] == 0:
            # No line at all rather than an invisible one: llvmpipe spends ~0.85 ms a frame on
            # each transparent half-pixel line (16 of them were half the viewer's frame, issue 11).
            self._line.points = []
            return
        self._line_colour.rgba = self.border_colour
        w = max(1.0, self.border_width)
        half = w / 2
        self._line.width = half  # Kivy's Line width is half the drawn thickness
        self._line.rounded_rectangle = (self.x + half, self.y + half,
                                        max(1, self.width - w), max(1, self.height - w),
                                        max(1, self.radius - half))


class BigButton(ButtonBehavior, Panel):
    """A large, rounded button with one line of text and a boundary of ≥ 3:1 to its page.

    ``inert`` ignores taps without Kivy's ``disabled``, which would re-render the label's texture
    (slow on software GL) every time it flips. Light fills (grey) get the theme's border line.
    """

    inert = BooleanProperty(False)

    def __init__(self, label: str, on_tap: Callable[[], None], *, bg=None, pressed=None,
                 colour=None, size: float | None = None, border=None,
                 fit_min: float | None = None, **kwargs):
        kwargs.setdefault("radius", theme.RADIUS)
        bg = theme.BLUE if bg is None else bg
        if border is None:
            border = theme.BORDER if bg in (theme.NEUTRAL, theme.CARD) else NO_BORDER
        if border != NO_BORDER:
            kwargs.setdefault("border_width", theme.BORDER_W)
        super().__init__(bg=bg, border_colour=border, **kwargs)
        self._normal = bg
        self._pressed = theme.BLUE_PRESSED if pressed is None else pressed
        size = theme.BODY if size is None else size
        colour = theme.WHITE if colour is None else colour
        # fit_min: the label shrinks (then wraps) down to that floor rather than overflow.
        self.label = text(label, size, colour, bold=True) if fit_min is None else \
            fit_text(label, size, min(size, fit_min), colour, bold=True)
        self.add_widget(self.label)
        self._on_tap = on_tap

    def on_state(self, _widget, state: str) -> None:
        self.bg = self._pressed if state == "down" and not self.inert else self._normal

    def on_release(self) -> None:
        if not self.inert:
            self._on_tap()


class HeaderBar(Panel):
    """The court-blue bar across the top: court name left (fitted), then either the screen's
    title or, given ``send``, the ``AccessBar`` (litigant screens: pass ``send``)."""

    def __init__(self, send=None, *, replay: bool = False, contrast: bool = False, **kwargs):
        super().__init__(bg=theme.COURT_BLUE, size_hint_y=None, height=theme.HEADER_H,
                         padding=(theme.ref(36), theme.ref(6)), spacing=theme.ref(24), **kwargs)
        self.court = fit_text("", theme.HEADING, theme.SMALL, theme.WHITE, bold=True,
                              halign="left", size_hint_x=0.62 if send is None else 1)
        self.title = fit_text("", theme.BODY, theme.FINE, theme.WHITE_SOFT, halign="right",
                              size_hint_x=0.38)
        self.access = None
        self.add_widget(self.court)
        if send is None:
            self.add_widget(self.title)
        else:
            self.access = AccessBar(send, replay=replay, contrast=contrast,
                                    pos_hint={"center_y": 0.5})
            self.add_widget(self.access)

    def show(self, court_name: str, title: str = "") -> None:
        self.court.text = court_name
        self.title.text = title


def large_type() -> bool:
    """One thing per card or tile, fewer per row (the voice reads the rest): in elderly mode,
    and in English, whose words take more room."""
    from kiosk.texts import language

    return theme.ACTIVE.mode.type_scale > 1 or language() != "zh"


def snug_button(label: str, on_tap: Callable[[], None], *, size: float | None = None,
                light: bool = True, **kwargs) -> BigButton:
    """A button as wide as its label needs (any language, any mode), never under 15 mm."""
    size = theme.BODY if size is None else size
    width = max(theme.mm(theme.MIN_TARGET_MM), label_width(label, size) + theme.ref(28))
    style = dict(bg=theme.NEUTRAL, pressed=theme.NEUTRAL_PRESSED, colour=theme.TEXT) if light else {}
    kwargs.setdefault("size_hint_x", None)
    return BigButton(label, on_tap, size=size, width=width, **style, **kwargs)


class AccessBar(BoxLayout):
    """适老模式 · English/中文 · 音量 − + (· 高对比度, · 再听一遍): on every litigant screen.

    Each button sends its intent (``ModeToggled``, ``LanguageChosen``, ``VolumeTapped``,
    ``ReplayTapped``); the controller keeps the choice for the session and the root rebuilds the
    screens in the new mode or language. ``on_dark``: on the court-blue header.
    Every button carries ``a11y_intent`` so the audit can prove the bar is there.
    """

    def __init__(self, send, *, replay: bool = False, contrast: bool = False,
                 on_dark: bool = True, **kwargs):
        from kiosk.flows.intents import LanguageChosen, ModeToggled, ReplayTapped, VolumeTapped
        from kiosk.texts import language
        from kiosk.texts import t as tr

        t = theme
        height = max(t.mm(t.MIN_TARGET_MM), t.tx(62))
        super().__init__(orientation="horizontal", size_hint=(None, None), height=height,
                         spacing=t.ref(10), **kwargs)
        mode = t.ACTIVE.mode
        other = "en" if language() == "zh" else "zh"
        size = t.FINE
        edge = t.BORDER_ON_DARK if on_dark else t.BORDER

        def button(intent: str, label: str, on_tap, selected: bool = False) -> BigButton:
            style = dict(bg=t.WHITE, pressed=t.CARD_PRESSED, colour=t.COURT_BLUE) if selected \
                else dict(bg=t.COURT_BLUE_DARK if on_dark else t.NEUTRAL, pressed=t.BLUE_PRESSED,
                          colour=t.WHITE if on_dark else t.TEXT)
            b = BigButton(label, on_tap, size=size, size_hint=(None, None), height=height,
                          width=max(height, label_width(label, size) + t.ref(26)),
                          border=edge, border_width=t.BORDER_W, **style)
            b.a11y_intent, b.selected = intent, selected
            return b

        # On, the same button turns it off again and says so (标准字号 / 标准配色).
        elderly, contrast = mode.type_scale > 1, mode.high_contrast
        self.elderly = button("elderly", tr("access.elderly_off" if elderly else "access.elderly"),
                              lambda: send(ModeToggled("elderly")), elderly)
        self.contrast = button("high_contrast",
                               tr("access.contrast_off" if contrast else "access.high_contrast"),
                               lambda: send(ModeToggled("high_contrast")), contrast)
        self.language = button("language", tr("access.language"),
                               lambda: send(LanguageChosen(other)))
        self.language.label.a11y_icon = True  # a language's own name, in that language
        self.louder = button("volume", tr("access.louder"), lambda: send(VolumeTapped(10)))
        self.quieter = button("volume_down", tr("access.quieter"), lambda: send(VolumeTapped(-10)))
        self.buttons = [self.elderly] + ([self.contrast] if contrast else []) + \
            [self.language, self.quieter, self.louder]
        if replay:
            self.replay = button("replay", tr("access.replay"), lambda: send(ReplayTapped()))
            self.buttons.append(self.replay)
        for b in self.buttons:
            self.add_widget(b)
        self.width = sum(b.width for b in self.buttons) + self.spacing * (len(self.buttons) - 1)
