"""A service's landing screen; the service flows replace its body in later issues."""

from __future__ import annotations

from kivy.uix.boxlayout import BoxLayout
from kivy.uix.screenmanager import Screen
from kivy.uix.widget import Widget

from kiosk.flows.navigation import BackTapped, EndTapped
from kiosk.texts import t as tr
from screens import theme
from screens.widgets import BigButton, HeaderBar, Panel, fit_text



class ServiceScreen(Screen):
    def __init__(self, send, **kwargs):
        super().__init__(name="service", **kwargs)
        t = theme
        page = Panel(orientation="vertical", bg=t.PAGE)
        self.header = HeaderBar(send, replay=True)
        page.add_widget(self.header)
        body = Panel(orientation="vertical", bg=t.CARD, radius=t.RADIUS, border_colour=t.CARD_EDGE,
                     border_width=t.BORDER_W,
                     padding=(t.ref(56), t.ref(28)), spacing=t.ref(14))
        # Fixed title; the rest shares what is left and shrinks (never below the floor) to fit.
        self.title = fit_text("", t.HUGE, t.TITLE, t.COURT_BLUE, bold=True, halign="left",
                              size_hint_y=None, height=t.tx(84))
        self.subtitle = fit_text("", t.BODY, t.FINE, t.TEXT, halign="left", size_hint_y=0.6)
        self.bring = fit_text("", t.BODY, t.FINE, t.TEXT, halign="left", size_hint_y=1)
        notice = Panel(bg=t.BLUE_PALE, radius=t.RADIUS, padding=(t.ref(28), t.ref(8)),
                       border_colour=t.CARD_EDGE, border_width=t.BORDER_W,
                       size_hint_y=1.2)
        notice.add_widget(fit_text(tr("shell.not_yet"), t.BODY, t.FINE, t.COURT_BLUE_DARK, halign="left"))
        for widget in (self.title, self.subtitle, self.bring, notice):
            body.add_widget(widget)
        frame = BoxLayout(padding=(t.ref(32), t.ref(24), t.ref(32), 0))
        frame.add_widget(body)
        page.add_widget(frame)
        footer = BoxLayout(size_hint_y=None, height=t.BUTTON_H + t.ref(40),
                           padding=(t.ref(32), t.ref(20)), spacing=t.ref(24))
        self.back_button = BigButton(tr("common.back"), lambda: send(BackTapped()), size=t.HEADING,
                                     size_hint_x=None, width=t.tx(300))
        footer.add_widget(self.back_button)
        footer.add_widget(Widget())
        self.end_button = BigButton(tr("common.end"), lambda: send(EndTapped()), bg=t.NEUTRAL,
                                    pressed=t.NEUTRAL_PRESSED, colour=t.TEXT,
                                    size_hint_x=None, width=t.tx(260))
        footer.add_widget(self.end_button)
        page.add_widget(footer)
        self.add_widget(page)

    def voice_prompt(self, view) -> str:
        service = view.service
        title = tr(f"tile.{service.id}") if service else ""
        return f"{title}. {tr('shell.not_yet')}" if service else tr("shell.not_yet")

    def show(self, view) -> None:
        self.header.show(view.court_name, tr("shell.terminal"))
        service = view.service
        self.title.text = tr(f"tile.{service.id}") if service else ""
        self.subtitle.text = tr(f"tile_hint.{service.id}") if service else ""
        self.bring.text = tr("shell.bring", bring=tr(f"tile_bring.{service.id}")) if service else ""
