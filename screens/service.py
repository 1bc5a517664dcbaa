"""A service's landing screen; the service flows replace its body in later issues."""

from __future__ import annotations

from kivy.uix.boxlayout import BoxLayout
from kivy.uix.screenmanager import Screen
from kivy.uix.widget import Widget

from kiosk.flows.navigation import BackTapped, EndTapped
from screens import theme
from screens.widgets import BigButton, HeaderBar, Panel, text

NOT_YET = "本项服务的自助办理流程正在开通中，如需办理，请到人工服务窗口咨询。"


class ServiceScreen(Screen):
    def __init__(self, send, **kwargs):
        super().__init__(name="service", **kwargs)
        page = Panel(orientation="vertical", bg=theme.PAGE)
        self.header = HeaderBar()
        page.add_widget(self.header)
        body = Panel(orientation="vertical", bg=theme.CARD, radius=theme.RADIUS,
                     padding=(56, 36), spacing=18)
        self.title = text("", theme.HUGE, theme.COURT_BLUE, bold=True, halign="left",
                          size_hint_y=None, height=84)
        self.subtitle = text("", theme.BODY + 2, theme.TEXT, halign="left", size_hint_y=None,
                             height=56)
        self.bring = text("", theme.BODY, theme.TEXT, halign="left", size_hint_y=None, height=96)
        notice = Panel(bg=theme.BLUE_PALE, radius=theme.RADIUS, padding=(28, 16),
                       size_hint_y=None, height=130)
        notice.add_widget(text(NOT_YET, theme.BODY, theme.COURT_BLUE_DARK, halign="left"))
        for widget in (self.title, self.subtitle, self.bring, notice, Widget()):
            body.add_widget(widget)
        frame = BoxLayout(padding=(32, 28, 32, 0))
        frame.add_widget(body)
        page.add_widget(frame)
        footer = BoxLayout(size_hint_y=None, height=150, padding=(32, 20), spacing=24)
        self.back_button = BigButton("返回", lambda: send(BackTapped()), size=theme.HEADING,
                                     size_hint_x=None, width=300)
        footer.add_widget(self.back_button)
        footer.add_widget(Widget())
        self.end_button = BigButton("结束办理", lambda: send(EndTapped()), bg=theme.NEUTRAL,
                                    pressed=theme.NEUTRAL_PRESSED, colour=theme.TEXT,
                                    size_hint_x=None, width=260)
        footer.add_widget(self.end_button)
        page.add_widget(footer)
        self.add_widget(page)

    def show(self, view) -> None:
        self.header.show(view.court_name, "诉讼服务自助终端")
        service = view.service
        self.title.text = service.title if service else ""
        self.subtitle.text = service.subtitle if service else ""
        self.bring.text = f"请准备：{service.bring}" if service else ""
