"""Attract screen: the court's name and an invitation to touch the screen or tap an ID card.

It sends nothing itself: a touch nobody claims reaches the root, which starts the session.
"""

from __future__ import annotations

from kivy.uix.boxlayout import BoxLayout
from kivy.uix.screenmanager import Screen
from kivy.uix.widget import Widget

from kiosk.flows.navigation import AdminTapped
from kiosk.texts import t as tr
from screens import theme
from screens.widgets import BigButton, Panel, fit_text, text



class AttractScreen(Screen):
    def __init__(self, send, **kwargs):
        super().__init__(name="attract", **kwargs)
        t = theme
        page = Panel(orientation="vertical", bg=t.COURT_BLUE,
                     padding=(t.ref(64), t.ref(40), t.ref(64), t.ref(24)), spacing=t.ref(14))
        page.add_widget(Widget(size_hint_y=0.5))
        # A long court name shrinks, then wraps into balanced lines; the rule sits below it.
        self.court = fit_text("", t.HUGE + t.ref(8), t.TITLE, t.WHITE, bold=True,
                              size_hint_y=None, height=t.tx(96) * 1.25)
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
                                 height=t.tx(56) * 1.6))
        page.add_widget(Widget(size_hint_y=0.5))
        footer = BoxLayout(size_hint_y=None, height=max(t.mm(16), t.tx(56)))
        self.location = text("", t.FINE, t.WHITE_SOFT, halign="left")
        footer.add_widget(self.location)
        self.admin_button = BigButton(tr("shell.admin"), lambda: send(AdminTapped()), bg=t.COURT_BLUE_DARK,
                                      pressed=t.BLUE_PRESSED, colour=t.WHITE_SOFT, size=t.FINE,
                                      border=t.BORDER_ON_DARK, size_hint=(None, None))
        self.admin_button.size = (max(t.mm(24), t.tx(120)), max(t.mm(16), t.tx(56)))
        footer.add_widget(self.admin_button)
        page.add_widget(footer)
        self.add_widget(page)

    def voice_prompt(self, view) -> str:
        return tr("shell.welcome_voice")

    def show(self, view) -> None:
        self.court.text = view.court_name
        self.location.text = view.location
