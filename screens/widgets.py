"""Shared widgets: coloured panels with visible boundaries, wrapped labels, large buttons, the
header bar, and text that fits its box (shrink to a floor, then wrap; never cut off).

Sizes default to the active theme at call time (``screens.theme.activate``), never at import.
"""

from __future__ import annotations

import functools

import re
from collections.abc import Callable

from kivy.graphics import Color, Line, RoundedRectangle
from kivy.properties import BooleanProperty, ListProperty, NumericProperty
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.label import Label

from screens import theme

NO_BORDER = (0.0, 0.0, 0.0, 0.0)
LATIN_WORD = re.compile(r"[A-Za-z0-9'’-]+")


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


def text(value: str = "", size: float | None = None, colour=None, bold: bool = False,
         halign: str = "center", valign: str = "middle", **kwargs) -> Label:
    """A label that wraps inside its own box (Chinese lines break anywhere), its size snapped
    down to the theme's ladder (``theme.font_px``: each distinct size is a font face kept open)."""
    label = Label(text=value, font_size=theme.font_px(theme.BODY if size is None else size),
                  color=theme.TEXT if colour is None else colour, bold=bold, halign=halign,
                  valign=valign, **kwargs)
    if valign == "middle":
        # Only the width: the texture stays as small as the text (Label centres it vertically),
        # which keeps re-rendering a changed label cheap.
        label.bind(width=lambda lbl, width: setattr(lbl, "text_size", (width, None)))
    else:
        label.bind(size=lambda lbl, sz: setattr(lbl, "text_size", sz))
    return label


@functools.lru_cache(maxsize=4096)
def _laid_out(text: str, size: float, bold: bool, font_name: str, width: float | None,
              halign: str) -> tuple[float, float, tuple[str, ...]]:
    """Width, height and lines of ``text`` laid out at ``size``: rendering a texture only to
    measure it is the costliest thing a re-render does on the Kivy thread, and the same labels are
    fitted again with every view state (a page arriving re-renders the materials step)."""
    from kivy.core.text import Label as CoreLabel

    core = CoreLabel(text=text, font_size=size, bold=bold, font_name=font_name,
                     text_size=(width, None), halign=halign)
    core.refresh()
    lines = tuple("".join(word.text for word in line.words) for line in core._cached_lines)
    return core.content_width, core.texture.size[1], lines


def _measured(text: str, size: float, bold: bool, font_name: str, width: float | None,
              halign: str) -> tuple[float, float]:
    return _laid_out(text, size, bold, font_name, width, halign)[:2]


CLOSING = frozenset("。，、；：？！）》」』”’….,;:?!)]")
"""Punctuation that may not start a line (Chinese 避头): it stays with the character before it."""


def bad_break(lines) -> bool:
    """A line after the first begins with closing punctuation (a lone "。" on the last line)."""
    return any(line[:1] in CLOSING for line in list(lines)[1:])


class FitLabel(Label):
    """Text that fits its box: the font shrinks down to ``min_size``, then the text wraps.

    1. One line, shrinking from ``max_size`` to the floor ``min_size``.
    2. If no single line fits: balanced lines (no character left alone on the last one, no Latin
       word broken), at the largest size from ``max_size`` down to the floor whose lines fit.
    ``min_size`` is a floor (the legibility guarantee): text that still does not fit overflows
    visibly and the screen audit reports it; it is never silently cut.
    ``prefer_wrap`` takes the largest size at which one line *or* balanced lines fit (names on
    tiles: every tile then shows its name about as large as the others).
    """

    max_size = NumericProperty(30)
    min_size = NumericProperty(20)

    def __init__(self, value: str = "", *, max_size: float, min_size: float, colour, bold=False,
                 halign: str = "center", prefer_wrap: bool = False, **kwargs):
        super().__init__(text=value, font_size=theme.font_px(max_size), color=colour, bold=bold,
                         halign=halign,
                         valign="middle", **kwargs)
        self.max_size, self.min_size, self.prefer_wrap = max_size, min_size, prefer_wrap
        self.bind(size=self._fit, text=self._fit, max_size=self._fit, min_size=self._fit)
        self._fit()  # a box given its size up front gets no size event

    def _measure(self, size: float, width: float | None, text: str | None = None):
        return _measured(self.text if text is None else text, size, self.bold, self.font_name,
                         width, self.halign)

    def _floor(self) -> float:
        return theme.font_px(self.min_size)

    def _sizes(self):
        """The theme's ladder (``theme.font_px``) from ``max_size`` down to the floor
        ``min_size``, itself snapped down to the ladder: every distinct size is a font face that
        SDL_ttf opens and keeps (about 2.5 MB each for Noto CJK), and fitting a pixel at a time
        opened about forty. The ladder's foot is the mode's smallest litigant text, so the snapped
        floor never goes under it; a floor below the ladder stays exact."""
        floor = self._floor()
        top = theme.font_px(max(self.max_size, self.min_size))
        yield max(top, floor)
        for rung in reversed(theme.ACTIVE.ladder):
            if floor < rung < top:
                yield rung
        if top > floor:
            yield floor

    def _fit(self, *_args) -> None:
        if not self.text or self.width <= 1 or self.height <= 1:
            return
        for size in self._sizes():
            w, h = self._measure(size, None)
            if w <= self.width and h <= self.height:
                self._apply(size, None)
                return
            if self.prefer_wrap and self._wrap_fits(size):
                return
        for clean in (True, False):  # a size that breaks lines cleanly first (no "。" at a start)
            for size in self._sizes():
                if self._wrap_fits(size, clean):
                    return
        floor = self._floor()
        self._apply(floor, min(self.width, self._balanced(floor)))

    def _wrap_fits(self, size: float, clean: bool = False) -> bool:
        width = self._balanced(size)
        if clean and bad_break(self._lines(size, width)):
            return False
        if width <= self.width and self._measure(size, width)[1] <= self.height:
            self._apply(size, width)
            return True
        return False

    def _balanced(self, size: float) -> float:
        """A wrap width spreading the text evenly over the lines it needs at ``size``, and at
        least as wide as its longest Latin word (Kivy would break that word)."""
        one_line, _h = self._measure(size, None)
        lines = max(1, int(-(-one_line // self.width)))
        words = LATIN_WORD.findall(self.text)
        longest = max((self._measure(size, None, word)[0] for word in words), default=0)
        width = self.width  # words that do not split evenly: the full width, the fewest lines
        for n in range(lines, lines + 2):  # glyphs do not split evenly: one line more, rebalanced
            candidate = max(longest, min(self.width, one_line / n + size * 1.05))
            if len(self._lines(size, candidate)) <= n:
                width = candidate
                break
        return self._keep_punctuation(size, width, longest)

    def _lines(self, size: float, width: float) -> tuple[str, ...]:
        return _laid_out(self.text, size, self.bold, self.font_name, width, self.halign)[2]

    def _keep_punctuation(self, size: float, width: float, longest: float) -> float:
        """``width``, or the nearest width a character or two narrower or wider (never past the
        box), at which no line begins with closing punctuation; else ``width`` unchanged."""
        for chars in (0, -1, 1, -2, 2, -3):
            candidate = width + chars * size * 0.95
            if candidate > self.width or candidate < max(longest, size * 2):
                continue
            if not bad_break(self._lines(size, candidate)):
                return candidate
        return width

    def _apply(self, size: float, width: float | None) -> None:
        """Wrap at ``width`` while keeping the text block on the label's alignment side."""
        self.font_size = size
        spare = 0.0 if width is None else max(0.0, self.width - width)
        left = {"left": 0.0, "right": spare}.get(self.halign, spare / 2)
        self.padding = (left, 0, spare - left, 0)
        self.text_size = (self.width, None)


def same_size(labels: list[FitLabel]) -> None:
    """Fitted labels of one kind (tile names) share the smallest fitted size: a row of tiles
    reads as one list, not as shouting and whispering names."""
    from kivy.clock import Clock

    ceiling = {label: label.max_size for label in labels}

    def level(_dt) -> None:
        smallest = min(label.font_size for label in labels)
        for label in labels:
            if abs(label.max_size - smallest) > 0.5 and label.font_size > smallest + 0.5:
                label.max_size = max(label.min_size, smallest)

    def reset(*_args) -> None:  # a new size: fit each afresh from its own ceiling, then level
        for label in labels:
            label.max_size = ceiling[label]
        trigger()

    trigger = Clock.create_trigger(level, 0)
    for label in labels:
        label.bind(font_size=lambda *_a: trigger())
    if labels:
        labels[0].bind(size=reset)


def fit_text(value: str = "", max_size: float | None = None, min_size: float | None = None,
             colour=None, bold: bool = False, **kwargs) -> FitLabel:
    """A ``FitLabel`` with the theme's defaults: heading size, shrinking to body size."""
    return FitLabel(value, max_size=theme.HEADING if max_size is None else max_size,
                    min_size=theme.BODY if min_size is None else min_size,
                    colour=theme.TEXT if colour is None else colour, bold=bold, **kwargs)


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


def label_width(value: str, size: float, bold: bool = True) -> float:
    """The width ``value`` takes on one line at ``size`` (to size a button to its label)."""
    from kivy.core.text import Label as CoreLabel

    core = CoreLabel(text=value, font_size=theme.font_px(size), bold=bold)
    core.refresh()
    return core.content_width


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
