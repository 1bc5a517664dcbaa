"""The root widget: a screen manager showing ``view.screen`` plus the idle overlay on top."""

from __future__ import annotations

from kivy.uix.floatlayout import FloatLayout
from kivy.uix.screenmanager import NoTransition, ScreenManager

from kiosk.flows.catalog import SERVICES
from kiosk.flows.navigation import ScreenTouched
from screens.admin import AdminScreen
from screens.admin_pin import AdminPinScreen
from screens.attract import AttractScreen
from screens.home import HomeScreen
from screens.idle import IdleOverlay
from screens.service import ServiceScreen


class KioskRoot(FloatLayout):
    """Renders view states (on the Kivy thread) and sends intents through ``send``."""

    def __init__(self, send, **kwargs):
        super().__init__(**kwargs)
        self._send = send
        self.view = None
        self.manager = ScreenManager(transition=NoTransition())
        self.screens = {
            "attract": AttractScreen(send),
            "home": HomeScreen(send, SERVICES),
            "service": ServiceScreen(send),
            "admin_pin": AdminPinScreen(send),
            "admin": AdminScreen(send),
        }
        for screen in self.screens.values():
            self.manager.add_widget(screen)
        self.add_widget(self.manager)
        self.overlay = IdleOverlay(send)

    def render(self, view) -> None:
        self.view = view
        for screen in self.screens.values():
            screen.show(view)
        self.manager.current = view.screen
        if view.warning is not None:
            self.overlay.show(view.warning.seconds_left)
            if self.overlay.parent is None:
                self.add_widget(self.overlay)
        elif self.overlay.parent is not None:
            self.remove_widget(self.overlay)

    def on_touch_down(self, touch):
        if super().on_touch_down(touch):
            return True
        self._send(ScreenTouched())
        return True
