"""A finger for scripted walks (the headless demo, the UI tests, the benchmarks).

The same as Kivy's ``kivy.tests.common.UnitTestTouch``, which cannot be used outside a test run
without cost: importing that module imports pytest (0.7 s of every headless cold start)."""

from __future__ import annotations

from kivy.input.motionevent import MotionEvent


class ScriptedTouch(MotionEvent):
    """One touch at window pixels ``(x, y)``: ``touch_down``, ``touch_move(x, y)``, ``touch_up``."""

    def __init__(self, x: float, y: float):
        from kivy.base import EventLoop

        self.eventloop = EventLoop
        win = EventLoop.window
        super().__init__("ScriptedTouch", 99, {"x": x / (win.width - 1.0), "y": y / (win.height - 1.0)},
                         is_touch=True, type_id="touch")
        self.profile = ["pos"]

    def touch_down(self, *_args) -> None:
        self.eventloop.post_dispatch_input("begin", self)

    def touch_move(self, x: float, y: float) -> None:
        win = self.eventloop.window
        self.move({"x": x / (win.width - 1.0), "y": y / (win.height - 1.0)})
        self.eventloop.post_dispatch_input("update", self)

    def touch_up(self, *_args) -> None:
        self.eventloop.post_dispatch_input("end", self)

    def depack(self, args) -> None:
        self.sx = args["x"]
        self.sy = args["y"]
        super().depack(args)
