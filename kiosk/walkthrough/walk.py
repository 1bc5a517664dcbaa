"""The scripted person: sees what the kiosk shows (screen, view, step body, a PNG per step), waits
for what a person would wait for, and acts with real touches (taps, drags, strokes on the pad).
The journey walks in this package are written against it."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

HOLD = 6
"""Frames a dragging finger rests before it lifts: more than the moves Kivy's kinetic effect
keeps (``max_history``, 5), so the speed it measures at the lift is nought."""


class Walk:
    """One person at one kiosk: ``taps`` counts every touch, ``shots`` every PNG saved."""

    def __init__(self, kiosk, out_dir: Path | None = None, log: Callable[[str], None] = print):
        self.kiosk = kiosk
        self.out_dir = Path(out_dir) if out_dir else None
        self.log = log
        self.taps = 0
        self.shots: list[Path] = []
        self.on_home: Callable[[Walk], None] | None = None
        """Run once the session's home screen shows (e.g. tap 适老模式: ``elderly_civil_filing``)."""

    # --- seeing ----------------------------------------------------------------------------
    @property
    def screen(self):
        return self.kiosk.root.screens[self.kiosk.screen]

    @property
    def view(self):
        return self.kiosk.controller.view

    @property
    def body(self):
        return self.view.step.body if self.view.step else None

    def shot(self, name: str, note: str = "") -> None:
        if self.out_dir is None:
            return
        path = self.kiosk.save(self.out_dir / f"{len(self.shots) + 1:03d}-{name}.png")
        self.shots.append(path)
        self.log(f"{path.name}: {note}")

    def wait(self, predicate: Callable[[], bool], timeout: float = 30.0, what: str = "") -> None:
        if not self.kiosk.wait_for(predicate, timeout):
            raise AssertionError(f"timed out waiting for {what or predicate} on {self.kiosk.screen}")

    def wait_screen(self, name: str, timeout: float = 30.0) -> None:
        self.wait(lambda: self.kiosk.screen == name, timeout, f"screen {name}")

    # --- acting ----------------------------------------------------------------------------
    def tap(self, widget) -> None:
        self.taps += 1
        self.kiosk.tap(widget)

    def next(self) -> None:
        self.tap(self.screen.primary)

    def drag(self, widget, dy: float, steps: int = 8) -> None:
        """A finger drag on ``widget`` (dy > 0 moves the finger up: content scrolls on).

        The finger rests before it lifts (``HOLD`` frames), as a reader's does, so the content
        moves exactly as far as the finger and no fling follows: a fling's length depends on the
        frame rate, and at a loaded machine's frame times Kivy's kinetic friction (integrated
        once per frame) overshoots and throws the text back to where the drag began."""
        from kiosk.scripted_touch import ScriptedTouch as UnitTestTouch

        x, y = widget.to_window(*widget.center)
        dy = max(-0.8 * widget.height, min(0.8 * widget.height, dy))
        touch = UnitTestTouch(x, y - dy / 2)
        touch.touch_down()
        for i in range(1, steps + 1):
            touch.touch_move(x, y - dy / 2 + dy * i / steps)
            self.kiosk.pump(1)
        for _ in range(HOLD):
            touch.touch_move(x, y + dy / 2)
            self.kiosk.pump(1)
        touch.touch_up()
        self.kiosk.pump(3)

    def draw(self, widget, strokes) -> None:
        """Strokes of (fx, fy) fractions of ``widget``'s box, each drawn as a real touch path."""
        from kiosk.scripted_touch import ScriptedTouch as UnitTestTouch

        for stroke in strokes:
            points = [widget.to_window(widget.x + fx * widget.width, widget.y + fy * widget.height)
                      for fx, fy in stroke]
            touch = UnitTestTouch(*points[0])
            touch.touch_down()
            for px, py in points[1:]:
                time.sleep(0.005)
                touch.touch_move(px, py)
            touch.touch_up()
        self.kiosk.pump(2)
