"""Attract screen: the court's name and an invitation to touch the screen or tap an ID card.

A touch nobody claims reaches the root, which starts the session. The access bar (适老模式,
高对比度, English, volume) is there too: a choice made here holds for the session it starts.
There is no 管理 button: staff put their badge on the reader, or (the fallback) tap the
bottom-right corner five times within four seconds for the PIN pad (``StaffCorner``).
"""

from __future__ import annotations

import time

from kivy.uix.boxlayout import BoxLayout
from kivy.uix.floatlayout import FloatLayout
from kivy.uix.screenmanager import Screen
from kivy.uix.widget import Widget

from kiosk.flows.navigation import AdminTapped
from kiosk.texts import t as tr
from screens import theme
from screens.widgets import AccessBar, Panel, fit_text, text

STAFF_TAPS = 5
STAFF_WINDOW_S = 4.0


class StaffCorner(Widget):
    """The hidden way to the PIN pad: ``STAFF_TAPS`` taps within ``STAFF_WINDOW_S`` seconds.

    Invisible and not a button (a litigant has nothing to find); its taps are swallowed so the
    first four do not start a session."""

    def __init__(self, on_gesture, clock=time.monotonic, **kwargs):
        super().__init__(**kwargs)
        self._on_gesture, self._clock, self._taps = on_gesture, clock, []

    def on_touch_down(self, touch):
        if not self.collide_point(*touch.pos):
            return False
        now = self._clock()
        self._taps = [t for t in self._taps if now - t <= STAFF_WINDOW_S] + [now]
        if len(self._taps) >= STAFF_TAPS:
            self._taps = []
            self._on_gesture()
        return True



class AttractScreen(Screen):
    a11y_access_exempt = ("replay",)  # silent: the speaker is muted while no session runs
    def __init__(self, send, **kwargs):
        super().__init__(name="attract", **kwargs)
        t = theme
        layer = FloatLayout()
        page = Panel(orientation="vertical", bg=t.COURT_BLUE,
                     padding=(t.ref(64), t.ref(24), t.ref(64), t.ref(16)), spacing=t.ref(10))
        page.add_widget(Widget(size_hint_y=0.3))
        # A long court name shrinks, then wraps into balanced lines; the rule sits below it.
        self.court = fit_text("", t.HUGE + t.ref(8), t.TITLE, t.WHITE, bold=True,
                              size_hint_y=None, height=max(t.tx(96) * 1.25, t.lines_h(t.TITLE, 2)))
        page.add_widget(self.court)
        page.add_widget(Panel(bg=t.GOLD, size_hint=(None, None), size=(t.ref(160), t.ref(6)),
                              pos_hint={"center_x": 0.5}))
        page.add_widget(text(tr("shell.terminal"), t.HEADING, t.WHITE_SOFT, size_hint_y=None,
                             height=t.tx(64)))
        page.add_widget(Widget(size_hint_y=0.35))
        invite = Panel(bg=t.BLUE, radius=t.ref(28), padding=(t.ref(40), t.ref(12)),
                       border_colour=t.BORDER_ON_DARK, border_width=t.BORDER_W,
                       size_hint=(0.86, None), height=t.tx(130), pos_hint={"center_x": 0.5})
        invite.add_widget(fit_text(tr("shell.invitation"), t.HEADING + t.ref(4), t.BODY, t.WHITE, bold=True))
        page.add_widget(invite)
        page.add_widget(fit_text(tr("shell.services_line"), t.SMALL, t.FINE, t.WHITE_SOFT, size_hint_y=None,
                                 height=t.tx(56) * 1.3))
        page.add_widget(Widget(size_hint_y=0.5))
        footer = BoxLayout(size_hint_y=None, height=max(t.mm(16), t.tx(62)), spacing=t.ref(20))
        self.location = fit_text("", t.FINE, t.FINE, t.WHITE_SOFT, halign="left")
        footer.add_widget(self.location)
        self.access = AccessBar(send, contrast=True, pos_hint={"center_y": 0.5})
        footer.add_widget(self.access)
        footer.add_widget(Widget(size_hint_x=None, width=t.mm(14)))  # the staff corner's room
        page.add_widget(footer)
        layer.add_widget(page)
        self.staff_corner = StaffCorner(lambda: send(AdminTapped()), size_hint=(None, None),
                                        size=(t.mm(14), t.mm(14)), pos_hint={"right": 1, "y": 0})
        layer.add_widget(self.staff_corner)
        self.add_widget(layer)

    def voice_prompt(self, view) -> str:
        return tr("shell.welcome_voice")

    def show(self, view) -> None:
        self.court.text = view.court_name
        self.location.text = view.location
