"""A 1280×800 offscreen window with the kiosk's CJK font, and helpers to touch widgets in it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

SHOTS = Path(os.environ.get("INPUTS_SHOTS", "/tmp/inputs-shots"))


class Stage:
    """Hosts one widget on a page-coloured background in the real window; real touch events."""

    def __init__(self, window):
        from kivy.uix.boxlayout import BoxLayout

        from screens import theme
        from screens.widgets import Panel

        self.window = window
        self.root = Panel(bg=theme.PAGE, orientation="vertical", padding=24, spacing=16,
                          size=window.size, size_hint=(None, None), pos=(0, 0))
        self.root.add_widget(BoxLayout())  # filler above: widgets sit at the bottom like a dock
        window.add_widget(self.root)

    def show(self, *widgets):
        for widget in widgets:
            self.root.add_widget(widget)
        self.pump()
        return widgets[0] if len(widgets) == 1 else widgets

    def pump(self, frames: int = 3) -> None:
        from kivy.base import EventLoop

        for _ in range(frames):
            EventLoop.idle()

    def tap(self, widget) -> None:
        from kivy.tests.common import UnitTestTouch

        touch = UnitTestTouch(*widget.to_window(*widget.center))
        touch.touch_down()
        touch.touch_up()
        self.pump(1)

    def draw(self, widget, strokes) -> None:
        """Strokes in the widget's top-left coordinates, as finger drags (down, moves, up)."""
        from kivy.tests.common import UnitTestTouch

        for stroke in strokes:
            def at(point):
                return widget.to_window(widget.x + point[0], widget.top - point[1])
            touch = UnitTestTouch(*at(stroke[0]))
            touch.touch_down()
            for point in stroke[1:]:
                touch.touch_move(*at(point))
            touch.touch_up()
        self.pump(1)

    def save(self, name: str) -> Path:
        SHOTS.mkdir(parents=True, exist_ok=True)
        self.pump()
        path = SHOTS / f"{name}.png"
        self.root.export_to_png(str(path))
        return path

    def close(self) -> None:
        self.window.remove_widget(self.root)


@pytest.fixture(scope="session")
def window(tmp_path_factory):
    from kiosk.app import prepare_kivy
    from kiosk.bootstrap import settings_for_tests

    prepare_kivy(settings_for_tests(tmp_path_factory.mktemp("ui")).ui, fullscreen=False)
    from kivy.base import EventLoop

    EventLoop.ensure_window()
    return EventLoop.window


@pytest.fixture
def stage(window):
    staged = Stage(window)
    yield staged
    staged.close()
