"""Keys and the candidate bar shared by the keyboard, the handwriting pad and the keypads.

Keys are sized from the room their board is given: ``KEY`` (110 reference px, 29 mm) when there
is room, smaller when an owner's heading and field take some (elderly type), never below
``key_floor()`` (15 mm on the active panel). ``Sizer`` keeps each key's size as multiples of the
key side so a board re-fits when its room changes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from kivy.graphics import Color, Line
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.widget import Widget

from screens import theme
from screens.widgets import BigButton, Panel, fit_text

KEY = theme.ref(110)  # 110 px = 28.9 mm: the key side when the room allows (reference panel)
GAP = 8


def key_floor() -> float:
    """The smallest key side on the active panel: the 15 mm touch-target floor."""
    return theme.mm(theme.MIN_TARGET_MM)


def fitted_side(room_w: float, room_h: float, across: float, down: float, gaps_w: float = 0,
                gaps_h: float = 0) -> tuple[float, float]:
    """(width, height) of a key side for a board ``across`` keys wide and ``down`` keys tall
    (plus ``gaps_*`` pixels of spacing) in a ``room_w``×``room_h`` box: each ``KEY`` at most and
    the 15 mm floor at least. A board short of height keeps its width: keys grow wider, not
    smaller, so their labels still fit."""
    side_w = side_h = theme.ref(110)  # 29 mm on every panel (``KEY`` on the reference one)
    if room_w > 0:
        side_w = min(side_w, (room_w - gaps_w) / across)
    if room_h > 0:
        side_h = min(side_h, (room_h - gaps_h) / down)
    return max(side_w, key_floor()), max(side_h, key_floor())


class Sizer:
    """Widgets sized as ``units × side + gaps`` (width, height): ``apply(sides)`` resizes all."""

    def __init__(self):
        self.side_w = self.side_h = KEY
        self._sized: list[tuple[Widget, float | None, float, float | None, float]] = []

    @property
    def side(self) -> float:
        """The smaller of the key's two sides (what the 15 mm floor is about)."""
        return min(self.side_w, self.side_h)

    def add(self, widget, w: float | None = 1.0, h: float | None = 1.0, w_gaps: float = 0,
            h_gaps: float = 0):
        """``widget`` is ``w`` keys (plus ``w_gaps`` gaps) wide, ``h`` keys high; None: not set."""
        self._sized.append((widget, w, w_gaps, h, h_gaps))
        self._size(widget, w, w_gaps, h, h_gaps)
        return widget

    def _size(self, widget, w, w_gaps, h, h_gaps) -> None:
        if w is not None:
            widget.width = w * self.side_w + w_gaps * GAP
        if h is not None:
            widget.height = h * self.side_h + h_gaps * GAP

    def forget(self, widgets) -> None:
        """Stop sizing ``widgets`` (keys being replaced)."""
        gone = {id(w) for w in widgets}
        self._sized = [entry for entry in self._sized if id(entry[0]) not in gone]

    def apply(self, sides: tuple[float, float]) -> bool:
        """Resize everything for (width, height) sides; False when they were that already."""
        side_w, side_h = sides
        if abs(side_w - self.side_w) < 0.5 and abs(side_h - self.side_h) < 0.5:
            return False
        self.side_w, self.side_h = side_w, side_h
        for entry in self._sized:
            self._size(*entry)
        return True


# kind: (background, pressed, text colour, outline). Outlines are dark against the page so each
# key's edge stands out (WCAG 1.4.11 asks 3:1 for control boundaries).
def styles() -> dict:
    """The active theme's key colours (high contrast has its own): read when a key is built."""
    return {
        "letter": (theme.CARD, theme.CARD_PRESSED, theme.TEXT, theme.TEXT_MUTED),
        "action": (theme.NEUTRAL, theme.NEUTRAL_PRESSED, theme.TEXT, theme.TEXT_MUTED),
        "primary": (theme.BLUE, theme.BLUE_PRESSED, theme.WHITE, theme.COURT_BLUE_DARK),
        "candidate": (theme.BLUE_PALE, theme.CARD_PRESSED, theme.COURT_BLUE, theme.BLUE),
        "danger": (theme.DANGER, theme.COURT_BLUE_DARK, theme.WHITE, theme.DANGER),
    }



class Key(BigButton):
    """A key of at least 15 mm a side (``key_floor``) with an outline; ``name`` is what tests
    tap by. Its board gives its size (``KEY`` unless the room is short). ``action`` is what it
    does (``type`` for a character, else ``backspace``, ``clear``, ``done`` …): scripts find a
    key by it in every language, never by its label."""

    def __init__(self, label: str, on_tap: Callable[[], None], *, kind: str = "letter",
                 width: float = KEY, height: float = KEY, size: float | None = None,
                 name: str | None = None, action: str = "type", **kwargs):
        bg, pressed, colour, outline = styles()[kind]
        size = theme.HEADING if size is None else size
        kwargs.setdefault("fit_min", min(size, max(theme.FINE, size * 0.72)))
        super().__init__(label, on_tap, bg=bg, pressed=pressed, colour=colour, size=size,
                         size_hint=(None, None), width=max(width, key_floor()),
                         height=max(height, key_floor()),
                         radius=12, **kwargs)
        self.kind, self.name, self.action = kind, name or label, action
        with self.canvas.before:
            self._outline_colour = Color(*outline)
            self._outline = Line(width=1.6)
        self.bind(pos=self._redraw_outline, size=self._redraw_outline)
        self._redraw_outline()

    def _redraw_outline(self, *_args) -> None:
        self._outline.rounded_rectangle = (self.x + 1, self.y + 1, self.width - 2,
                                           self.height - 2, 12)

    def set_label(self, label: str) -> None:
        self.label.text = label


class CandidateBar(BoxLayout):
    """One row of candidates, as many as fit, with ‹ › paging; ``on_pick(text)`` on a tap.

    ``lead`` is shown before the candidates (the typed letters, split into syllables). ``resize``
    sets the key side (the bar is one key high).
    """

    def __init__(self, on_pick: Callable[[str], None], **kwargs):
        super().__init__(orientation="horizontal", spacing=GAP, size_hint_y=None, height=KEY,
                         **kwargs)
        self._on_pick = on_pick
        self.side = KEY
        self.candidates: list[str] = []
        self.page = 0
        self._pages: list[list[str]] = [[]]
        self.lead = fit_text("", theme.BODY, theme.FINE, theme.TEXT_MUTED, halign="left",
                             size_hint=(None, None), width=0, height=KEY)
        self.lead.a11y_data = True  # the letters typed
        self.keys: list[Key] = []
        self.prev_key = Key("‹", lambda: self.turn(-1), kind="action", width=KEY, name="prev")
        self.next_key = Key("›", lambda: self.turn(1), kind="action", width=KEY, name="next")
        self.bind(width=lambda *_: self._paginate())

    def resize(self, sides: tuple[float, float]) -> None:
        """Keys ``sides`` (width, height) as the board's (``Sizer``); the bar is one key high."""
        side_w, side_h = sides
        if abs(side_w - self.side) < 0.5 and abs(side_h - self.height) < 0.5:
            return
        self.side, self.height = side_w, side_h
        for key in (self.prev_key, self.next_key):
            key.size = (side_w, side_h)
        self.lead.height = side_h
        self._paginate()

    def key_width(self, candidate: str) -> float:
        return max(self.side, len(candidate) * theme.HEADING + 44)

    def show(self, candidates: Sequence[str], lead: str = "") -> None:
        self.candidates = list(candidates)
        self.lead.text = lead
        self.lead.width = (len(lead) * theme.BODY * 0.55 + 24) if lead else 0
        self.page = 0
        self._paginate()

    def _paginate(self) -> None:
        room = self.width - self.lead.width - 2 * (self.side + GAP) - GAP
        pages, current, used = [], [], 0.0
        for candidate in self.candidates:
            need = self.key_width(candidate) + GAP
            if current and used + need > room:
                pages.append(current)
                current, used = [], 0.0
            current.append(candidate)
            used += need
        pages.append(current)
        self._pages = pages
        self.page = min(self.page, len(pages) - 1)
        self._render()

    def turn(self, step: int) -> None:
        self.page = max(0, min(len(self._pages) - 1, self.page + step))
        self._render()

    def _render(self) -> None:
        self.clear_widgets()
        if self.lead.text:
            self.add_widget(self.lead)
        self.keys = [Key(c, lambda c=c: self._on_pick(c), kind="candidate",
                         width=self.key_width(c), height=self.height) for c in self._pages[self.page]]
        for key in self.keys:
            key.label.a11y_data = True  # Chinese to pick, in any language
            self.add_widget(key)
        self.add_widget(Widget())
        many = len(self._pages) > 1
        self.prev_key.inert = not many or self.page == 0
        self.next_key.inert = not many or self.page == len(self._pages) - 1
        self.prev_key.opacity = 1 if many else 0
        self.next_key.opacity = 1 if many else 0
        self.add_widget(self.prev_key)
        self.add_widget(self.next_key)

    def key_for(self, candidate: str) -> Key | None:
        return next((k for k in self.keys if k.name == candidate), None)


def outlined_panel(**kwargs) -> Panel:
    """A white panel with a dark outline (the display of a keypad, the writing area)."""
    panel = Panel(bg=theme.CARD, radius=12, **kwargs)
    with panel.canvas.before:
        Color(*theme.TEXT_MUTED)
        line = Line(width=1.6)
    panel.bind(pos=lambda p, _v: setattr(line, "rounded_rectangle", (p.x + 1, p.y + 1,
                                                                     p.width - 2, p.height - 2, 12)),
               size=lambda p, _v: setattr(line, "rounded_rectangle", (p.x + 1, p.y + 1,
                                                                      p.width - 2, p.height - 2, 12)))
    return panel
