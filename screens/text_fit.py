"""Text that fits its box: labels that wrap without starting a line with closing punctuation,
labels that shrink to a floor and then wrap in balanced lines (never cut off), and measuring.

Why its own module: measuring text (a Kivy core label laid out, cached) is what every fitting
decision rests on, and one place keeps those rules the same for every kind of label.
"""

from __future__ import annotations

import functools
import re

from kivy.properties import NumericProperty
from kivy.uix.label import Label

from screens import theme

LATIN_WORD = re.compile(r"[A-Za-z0-9'’-]+")


def text(value: str = "", size: float | None = None, colour=None, bold: bool = False,
         halign: str = "center", valign: str = "middle", **kwargs) -> Label:
    """A label that wraps inside its own box (Chinese lines break anywhere, but never before
    closing punctuation), its size snapped down to the theme's ladder (``theme.font_px``: each
    distinct size is a font face kept open)."""
    label = Label(text=value, font_size=theme.font_px(theme.BODY if size is None else size),
                  color=theme.TEXT if colour is None else colour, bold=bold, halign=halign,
                  valign=valign, **kwargs)
    if valign == "middle":
        # Only the width: the texture stays as small as the text (Label centres it vertically),
        # which keeps re-rendering a changed label cheap.
        label.bind(width=lambda lbl, width: setattr(lbl, "text_size", (width, None)))
    else:
        label.bind(size=lambda lbl, sz: setattr(lbl, "text_size", sz))
    label.bind(text_size=_wrap_cleanly, text=_wrap_cleanly, font_size=_wrap_cleanly)
    return label


def _wrap_cleanly(label, *_args) -> None:
    """Narrow the wrap (by padding, on the side away from the alignment) a character or so when
    a line would begin with closing punctuation: "。" alone on the last line reads as a slip."""
    box = label.text_size[0]
    spare = 0.0
    if box and any(ch in CLOSING for ch in label.text[1:]):
        args = (label.text, label.font_size, label.bold, label.font_name)
        if _laid_out(*args, None, label.halign)[0] > box:  # it wraps
            spare = box - clean_width(*args, box, label.halign, box)
    left = {"left": 0.0, "right": spare}.get(label.halign, spare / 2)
    if tuple(label.padding) != (left, label.padding[1], spare - left, label.padding[3]):
        label.padding = (left, label.padding[1], spare - left, label.padding[3])


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


def clean_width(text: str, size: float, bold: bool, font_name: str, width: float, halign: str,
                box: float, longest: float = 0.0) -> float:
    """``width``, or the nearest width a character or two narrower or wider (never past ``box``
    nor under the ``longest`` word), at which no line begins with closing punctuation; else
    ``width`` unchanged."""
    for chars in (0, -1, 1, -2, 2, -3):
        candidate = width + chars * size * 0.95
        if candidate > box or candidate < max(longest, size * 2):
            continue
        if not bad_break(_laid_out(text, size, bold, font_name, candidate, halign)[2]):
            return candidate
    return width


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
        return clean_width(self.text, size, self.bold, self.font_name, width, self.halign,
                           self.width, longest)

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


def label_width(value: str, size: float, bold: bool = True) -> float:
    """The width ``value`` takes on one line at ``size`` (to size a button to its label)."""
    from kivy.core.text import Label as CoreLabel

    core = CoreLabel(text=value, font_size=theme.font_px(size), bold=bold)
    core.refresh()
    return core.content_width


