"""A service's landing screen; the service flows replace its body in later issues."""

from __future__ import annotations

from kivy.uix.boxlayout import BoxLayout
from kivy.uix.screenmanager import Screen
from kivy.uix.widget import Widget

from kiosk.flows.navigation import BackTapped, EndTapped
from screens import theme
from screens.widgets import BigButton, HeaderBar, Panel, fit_text

NOT_YET = "本项服务的自助办理流程正在开通中，如需办理，请到人工服务窗口咨询。"


class ServiceScreen(Screen):
    def __init__(self, send, **kwargs):
        super().__init__(name="service", **kwargs)
        t = theme
        page = Panel(orientation="vertical", bg=t.PAGE)
        self.header = HeaderBar()
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
        notice.add_widget(fit_text(NOT_YET, t.BODY, t.FINE, t.COURT_BLUE_DARK, halign="left"))
        for widget in (self.title, self.subtitle, self.bring, notice):
            body.add_widget(widget)
        frame = BoxLayout(padding=(t.ref(32), t.ref(24), t.ref(32), 0))
        frame.add_widget(body)
        page.add_widget(frame)
        footer = BoxLayout(size_hint_y=None, height=t.BUTTON_H + t.ref(40),
                           padding=(t.ref(32), t.ref(20)), spacing=t.ref(24))
        self.back_button = BigButton("返回", lambda: send(BackTapped()), size=t.HEADING,
                                     size_hint_x=None, width=t.tx(300))
        footer.add_widget(self.back_button)
        footer.add_widget(Widget())
        self.end_button = BigButton("结束办理", lambda: send(EndTapped()), bg=t.NEUTRAL,
                                    pressed=t.NEUTRAL_PRESSED, colour=t.TEXT,
                                    size_hint_x=None, width=t.tx(260))
        footer.add_widget(self.end_button)
        page.add_widget(footer)
        self.add_widget(page)

    def voice_prompt(self, view) -> str:
        service = view.service
        return f"{service.title}。{NOT_YET}" if service else NOT_YET

    def show(self, view) -> None:
        self.header.show(view.court_name, "诉讼服务自助终端")
        service = view.service
        self.title.text = service.title if service else ""
        self.subtitle.text = service.subtitle if service else ""
        self.bring.text = f"请准备：{service.bring}" if service else ""
