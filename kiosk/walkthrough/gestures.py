"""Touches beyond a tap, as a finger makes them: a swipe to turn a page, a pinch to zoom, and
waiting until a widget stops moving before it is touched (a scroll or relayout under way)."""

from __future__ import annotations

from kiosk.walkthrough.walk import Walk


def swipe(walk: Walk, widget, dx: float, steps: int = 6) -> None:
    """A horizontal finger swipe across ``widget`` (dx < 0: towards the left, the next page)."""
    from kiosk.scripted_touch import ScriptedTouch as UnitTestTouch

    walk.taps += 1
    x, y = widget.to_window(*widget.center)
    touch = UnitTestTouch(x - dx / 2, y)
    touch.touch_down()
    for i in range(1, steps + 1):
        touch.touch_move(x - dx / 2 + dx * i / steps, y)
        walk.kiosk.pump(1)
    touch.touch_up()
    walk.kiosk.pump(2)


def pinch(walk: Walk, widget, factor: float, steps: int = 6) -> None:
    """Two fingers moving apart (factor > 1: zoom in) on ``widget``."""
    from kiosk.scripted_touch import ScriptedTouch as UnitTestTouch

    walk.taps += 1
    x, y = widget.to_window(*widget.center)
    d0 = 80.0
    a, b = UnitTestTouch(x - d0, y), UnitTestTouch(x + d0, y)
    a.touch_down()
    b.touch_down()
    for i in range(1, steps + 1):
        d = d0 * (1 + (factor - 1) * i / steps)
        a.touch_move(x - d, y)
        b.touch_move(x + d, y)
        walk.kiosk.pump(1)
    a.touch_up()
    b.touch_up()
    walk.kiosk.pump(2)


def steady(walk: Walk, widget, frames: int = 40) -> None:
    """Pump until ``widget`` stays where it is for two frames: a person taps what has stopped
    moving, and a scroll or a relayout still in progress would move it from under the finger."""
    last = None
    for _ in range(frames):
        walk.kiosk.pump(1)
        here = widget.to_window(*widget.center)
        if here == last:
            return
        last = here
