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


def scroll_until(walk: Walk, scroller, done, what: str, timeout: float = 30.0) -> None:
    """Drag ``scroller``'s content on, a finger's length at a time, until ``done()`` (the step's
    view says the end was reached): no set number of drags, no set time while the text still
    moves. Once the end shows, what the screen told the flow is waited for; a drag that no longer
    moves the content before then is a failure, said plainly."""
    while not done():
        if scroller.scroll_y <= 0.0 or scroller.viewport_size[1] <= scroller.height:
            break  # at the end (or nothing to scroll): the screen's word is on its way
        before = scroller.scroll_y
        walk.drag(scroller, 500)
        walk.kiosk.pump(2)
        if scroller.scroll_y >= before:
            raise AssertionError(f"a drag did not move the text on (scroll_y {before:.3f}) before {what}, "
                                 f"on {walk.kiosk.screen}")
    walk.wait(done, timeout, what)
