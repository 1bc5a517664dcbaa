"""The handwriting pad (手写输入): write one character, pick it from the candidate bar.

``classify(strokes, width, height, n) -> [(char, score), ...]`` is injected (zinnia in the
kiosk, built by the composition root); the pad never constructs an engine. Recognition runs
after each lift: zinnia answers in about a millisecond, so it is done on the Kivy thread.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence

from kivy.graphics import Color, Line
from kivy.uix.floatlayout import FloatLayout
from kivy.uix.relativelayout import RelativeLayout

from kiosk.texts import t
from screens import theme
from screens.inputs.ink import InkArea
from screens.widgets import text

log = logging.getLogger(__name__)
Classify = Callable[[Sequence[Sequence[tuple[float, float]]], float, float, int],
                    list[tuple[str, float]]]


class HandwritingPad(RelativeLayout):
    """A square writing box with a 田字格 guide; ``on_candidates(list[str])`` after each stroke."""

    def __init__(self, classify: Classify, on_candidates: Callable[[list[str]], None], *,
                 limit: int = 10, **kwargs):
        super().__init__(**kwargs)
        self._classify, self._on_candidates, self.limit = classify, on_candidates, limit
        self.ink = InkArea(self._recognise, ink=theme.TEXT, ink_width=6.0, size_hint=(1, 1))
        with self.ink.canvas.before:
            Color(*theme.NEUTRAL_PRESSED)
            self._guides = [Line(width=1.2, dash_length=10, dash_offset=8) for _ in range(2)]
            Color(*theme.TEXT_MUTED)
            self._frame = Line(width=1.6)
        self.hint = text(t("screen.handwrite_here"), theme.BODY, theme.TEXT_MUTED)
        self.hint_box = FloatLayout()
        self.hint_box.add_widget(self.hint)
        self.add_widget(self.ink)
        self.add_widget(self.hint_box)
        self.ink.bind(pos=self._guide, size=self._guide)

    def _guide(self, *_args) -> None:
        x, y, w, h = *self.ink.pos, *self.ink.size
        self._guides[0].points = [x, y + h / 2, x + w, y + h / 2]
        self._guides[1].points = [x + w / 2, y, x + w / 2, y + h]
        self._frame.rectangle = (x + 1, y + 1, w - 2, h - 2)
        self.hint.pos, self.hint.size = (x, y + h * 0.05), (w, theme.BODY * 1.6)

    def _recognise(self) -> None:
        self.hint.opacity = 0
        strokes = [[(p[0], p[1]) for p in stroke] for stroke in self.ink.strokes]
        try:
            found = self._classify(strokes, self.ink.width, self.ink.height, self.limit)
        except Exception:  # an engine fault must not take the screen down; the ink stays
            log.exception("handwriting recognition failed")
            found = []
        self._on_candidates([char for char, _score in found])

    def clear(self) -> None:
        self.ink.clear()
        self.hint.opacity = 1
        self._on_candidates([])

    @property
    def strokes(self) -> list[list[tuple]]:
        return self.ink.strokes
