"""The root widget: a screen manager showing ``view.screen`` plus the idle overlay on top.

Screens are built the first time they are needed (``screens.registry``) and only the one showing
is rendered. A step screen is let go as soon as the journey leaves it (the next step, home, the
end of the session): only the step screen showing is kept. Why: each built screen keeps its
widgets and its text textures in llvmpipe's memory (the notice's text alone is a 5.8 MB texture),
and a filing carried every screen before the scan into it, the next litigant all of them. A step
screen renders its view state, so one built again (the back button) shows what the old one did:
the same holds when a mode switch rebuilds every screen mid-journey (``screens.modes``). The
shell's screens (attract, home, service, the staff's PIN pad and admin screen) stay.
"""

from __future__ import annotations

import gc
import logging
import time

from kivy.animation import Animation
from kivy.uix.floatlayout import FloatLayout
from kivy.uix.screenmanager import NoTransition, ScreenManager

from kiosk.flows.catalog import SERVICES
from kiosk.flows.intents import ScreenTouched
from screens.idle import IdleOverlay
from screens.registry import screen_class


log = logging.getLogger(__name__)


class LazyScreens(dict):
    """``screens[name]`` builds the screen on first use and adds it to the manager."""

    def __init__(self, root):
        super().__init__()
        self._root = root

    def __missing__(self, name):
        cls = screen_class(name)
        if name == "home":
            screen = cls(self._root._send, SERVICES)
        elif getattr(cls, "wants_text_input", False):
            screen = cls(self._root._send, text_input=self._root.text_input)
        else:
            screen = cls(self._root._send)
        self[name] = screen
        self._root.manager.add_widget(screen)
        return screen


class KioskRoot(FloatLayout):
    """Renders view states (on the Kivy thread) and sends intents through ``send``."""

    def __init__(self, send, candidates=None, classify=None, **kwargs):
        super().__init__(**kwargs)
        self._send = send
        self.text_input = None
        if candidates is not None:  # the input engines are injected, never built by a screen
            from screens.inputs.keyboard import text_input

            self.text_input = text_input(candidates, classify)
        self.view = None
        self.manager = ScreenManager(transition=NoTransition())
        self.screens = LazyScreens(self)
        self.screens["attract"]
        self.screens["home"]
        self.add_widget(self.manager)
        self.overlay = IdleOverlay(send)
        self.news = None  # built on first news (screens.news)

    def render(self, view) -> None:
        from screens.modes import follow

        follow(self, view)  # 适老模式 / 高对比度 / English tapped: the screens rebuilt for it
        previous = self.view.screen if self.view is not None else None
        self.view = view
        if previous is not None and previous != view.screen and previous in self.screens:
            self.screens[previous].show(view)  # a screen being left wipes what it held (PIN digits)
        screen = self.screens[view.screen]
        screen.show(view)
        self.manager.current = view.screen
        if previous is not None and previous != view.screen and previous.startswith("step."):
            self.release(lambda name: name.startswith("step."))  # only the one showing stays
        if view.warning is not None:
            self.overlay.show(view.warning.seconds_left)
            if self.overlay.parent is None:
                self.add_widget(self.overlay)
        elif self.overlay.parent is not None:
            self.remove_widget(self.overlay)
        self._show_news(getattr(view, "news", None) if view.warning is None else None)

    def release(self, which) -> list[str]:
        """Drop the built screens whose name ``which`` accepts (never the one showing): out of
        the manager and the cache, so their widgets and textures go with the next collection
        (``kiosk.gc_policy`` runs one when the session ends, after this). Each was told
        ``show(view)`` of another screen when it stopped showing, so what it held is wiped."""
        manager = self.manager
        if manager.transition.is_active:
            # The switch just asked for takes the old screen off on the next frame; finish it now
            # (what the manager itself does when a switch comes during one): that screen goes
            # too, before the collection at the session's end.
            manager.transition.stop()
        current = self.view.screen if self.view is not None else None
        dropped = [name for name in self.screens
                   if name not in (current, manager.current) and which(name)]
        gone = [self.screens.pop(name) for name in dropped]
        for screen in gone:
            manager.remove_widget(screen)
            for widget in screen.walk(restrict=True):
                # Kivy keeps running animations in a class-level set: a scroller's bar fading
                # out (0.5 s) held its screen, long enough to be frozen by the collection
                Animation.cancel_all(widget)
        transition = manager.transition  # it keeps the last two screens it switched between
        for side in ("screen_in", "screen_out"):  # (None is refused: the one showing instead)
            if getattr(transition, side) in gone:
                setattr(transition, side, manager.current_screen)
        if gone:
            # Their garbage now, at the step change, not whenever the collector next runs: left
            # to it, a generation-1 collection freed the filing's first four screens in the middle
            # of the 50-page scan and held the process 548 ms (bench/journey.py; 7 ms with this).
            del gone, screen
            started = time.perf_counter()
            freed = gc.collect()
            log.debug("released %s: %d objects freed in %.0f ms", dropped, freed,
                      (time.perf_counter() - started) * 1000)
        return dropped

    def _show_news(self, news) -> None:
        if news is None:
            if self.news is not None and self.news.parent is not None:
                self.remove_widget(self.news)
            return
        if self.news is None:
            from screens.news import NewsOverlay

            self.news = NewsOverlay(self._send)
        self.news.show(news)
        if self.news.parent is None:
            self.add_widget(self.news)

    def on_touch_down(self, touch):
        if super().on_touch_down(touch):
            return True
        self._send(ScreenTouched())
        return True
