"""An area that records finger strokes as points (top-left origin, ms times, pressure if any)."""

from __future__ import annotations

from collections.abc import Callable

from kivy.graphics import Color, Line, Rectangle
from kivy.uix.widget import Widget

from screens import theme


class InkArea(Widget):
    """Draws what the finger traces; ``strokes`` holds ``[(x, y, t_ms, pressure|None), ...]``.

    Points are in the area's own coordinates with the origin at the top left (y down), which is
    what the signature format and the handwriting model expect. ``on_stroke()`` after each lift.
    """

    def __init__(self, on_stroke: Callable[[], None] | None = None, *, ink=theme.TEXT,
                 ink_width: float = 3.0, **kwargs):
        super().__init__(**kwargs)
        self.strokes: list[list[tuple]] = []
        self._on_stroke = on_stroke
        self._ink, self._ink_width = ink, ink_width
        self._lines: list[Line] = []
        with self.canvas.before:
            Color(*theme.CARD)
            self._paper = Rectangle(pos=self.pos, size=self.size)
        self.bind(pos=self._moved, size=self._moved)

    def _moved(self, *_args) -> None:
        self._paper.pos, self._paper.size = self.pos, self.size
        self._redraw()

    def _local(self, touch) -> tuple:
        x = min(max(touch.x - self.x, 0.0), self.width)
        y = min(max(self.top - touch.y, 0.0), self.height)
        pressure = getattr(touch, "pressure", None) if "pressure" in touch.profile else None
        return (x, y, touch.time_update * 1000.0, pressure)

    def on_touch_down(self, touch):
        if not self.collide_point(*touch.pos):
            return False
        touch.grab(self)
        touch.ud[self] = len(self.strokes)
        self.strokes.append([self._local(touch)])
        with self.canvas:
            Color(*self._ink)
            self._lines.append(Line(points=list(touch.pos), width=self._ink_width,
                                    cap="round", joint="round"))
        return True

    def on_touch_move(self, touch):
        if touch.grab_current is not self:
            return False
        index = touch.ud.get(self)
        if index is None or index >= len(self.strokes):
            return True
        self.strokes[index].append(self._local(touch))
        self._lines[index].points += [self.x + self.strokes[index][-1][0],
                                      self.top - self.strokes[index][-1][1]]
        return True

    def on_touch_up(self, touch):
        if touch.grab_current is not self:
            return False
        touch.ungrab(self)
        if touch.ud.get(self) is not None and self._on_stroke is not None:
            self._on_stroke()
        return True

    def _redraw(self) -> None:
        """After a move or resize, lines follow the area (points are stored relative to it)."""
        for line, stroke in zip(self._lines, self.strokes):
            line.points = [v for x, y, *_ in stroke for v in (self.x + x, self.top - y)]

    def clear(self) -> None:
        for line in self._lines:
            self.canvas.remove(line)
        self.canvas.clear()
        self._lines, self.strokes = [], []

    @property
    def empty(self) -> bool:
        return not self.strokes
