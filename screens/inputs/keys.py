"""Keys and the candidate bar shared by the keyboard, the handwriting pad and the keypads."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from kivy.graphics import Color, Line
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.widget import Widget

from screens import theme
from screens.widgets import BigButton, Panel, text

KEY = theme.ref(110)  # 110 px = 28.9 mm: the smallest key side (every mode: keys stay 2× the 15 mm floor)
GAP = 8

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
    """A key of at least KEY×KEY pixels with an outline; ``name`` is what tests tap by."""

    def __init__(self, label: str, on_tap: Callable[[], None], *, kind: str = "letter",
                 width: float = KEY, height: float = KEY, size: float | None = None,
                 name: str | None = None, **kwargs):
        bg, pressed, colour, outline = styles()[kind]
        size = theme.HEADING if size is None else size
        kwargs.setdefault("fit_min", min(size, max(theme.FINE, size * 0.72)))
        super().__init__(label, on_tap, bg=bg, pressed=pressed, colour=colour, size=size,
                         size_hint=(None, None), width=max(width, KEY), height=max(height, KEY),
                         radius=12, **kwargs)
        self.kind, self.name = kind, name or label
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

    ``lead`` is shown before the candidates (the typed letters, split into syllables).
    """

    def __init__(self, on_pick: Callable[[str], None], **kwargs):
        super().__init__(orientation="horizontal", spacing=GAP, size_hint_y=None, height=KEY,
                         **kwargs)
        self._on_pick = on_pick
        self.candidates: list[str] = []
        self.page = 0
        self._pages: list[list[str]] = [[]]
        self.lead = text("", theme.BODY, theme.TEXT_MUTED, halign="left", size_hint_x=None,
                         width=0)
        self.keys: list[Key] = []
        self.prev_key = Key("‹", lambda: self.turn(-1), kind="action", width=KEY, name="prev")
        self.next_key = Key("›", lambda: self.turn(1), kind="action", width=KEY, name="next")
        self.bind(width=lambda *_: self._paginate())

    @staticmethod
    def key_width(candidate: str) -> float:
        return max(KEY, len(candidate) * theme.HEADING + 44)

    def show(self, candidates: Sequence[str], lead: str = "") -> None:
        self.candidates = list(candidates)
        self.lead.text = lead
        self.lead.width = (len(lead) * theme.BODY * 0.55 + 24) if lead else 0
        self.page = 0
        self._paginate()

    def _paginate(self) -> None:
        room = self.width - self.lead.width - 2 * (KEY + GAP) - GAP
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
                         width=self.key_width(c)) for c in self._pages[self.page]]
        for key in self.keys:
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
