"""Attract screen: the court's name and an invitation to touch the screen or tap an ID card.

It sends nothing itself: a touch nobody claims reaches the root, which starts the session.
"""

from __future__ import annotations

from kivy.uix.boxlayout import BoxLayout
from kivy.uix.screenmanager import Screen
from kivy.uix.widget import Widget

from kiosk.flows.navigation import AdminTapped
from screens import theme
from screens.widgets import BigButton, Panel, text

INVITATION = "请轻触屏幕或将身份证放在读卡区开始办理"


class AttractScreen(Screen):
    def __init__(self, send, **kwargs):
        super().__init__(name="attract", **kwargs)
        page = Panel(orientation="vertical", bg=theme.COURT_BLUE, padding=(64, 48, 64, 28),
                     spacing=18)
        page.add_widget(Widget(size_hint_y=0.5))
        self.court = text("", theme.HUGE + 8, theme.WHITE, bold=True, size_hint_y=None, height=96)
        page.add_widget(self.court)
        page.add_widget(Panel(bg=theme.GOLD, size_hint=(None, None), size=(160, 6),
                              pos_hint={"center_x": 0.5}))
        page.add_widget(text("诉讼服务自助终端", theme.HEADING, theme.WHITE_SOFT,
                             size_hint_y=None, height=64))
        page.add_widget(Widget(size_hint_y=0.35))
        invite = Panel(bg=theme.BLUE, radius=28, padding=(40, 20), size_hint=(None, None),
                       size=(1000, 150), pos_hint={"center_x": 0.5})
        invite.add_widget(text(INVITATION, theme.HEADING + 4, theme.WHITE, bold=True))
        page.add_widget(invite)
        page.add_widget(text("立案 · 材料转递 · 缴费 · 案件查询 · 文书领取 · 卷宗查阅 · 联系法官 等",
                             theme.SMALL, theme.WHITE_SOFT, size_hint_y=None, height=56))
        page.add_widget(Widget(size_hint_y=0.5))
        footer = BoxLayout(size_hint_y=None, height=56)
        self.location = text("", theme.FINE, theme.WHITE_SOFT, halign="left")
        footer.add_widget(self.location)
        self.admin_button = BigButton("管理", lambda: send(AdminTapped()), bg=theme.COURT_BLUE_DARK,
                                      pressed=theme.BLUE_PRESSED, colour=theme.WHITE_SOFT,
                                      size=theme.FINE, size_hint=(None, None))
        self.admin_button.size = (120, 56)
        footer.add_widget(self.admin_button)
        page.add_widget(footer)
        self.add_widget(page)

    def show(self, view) -> None:
        self.court.text = view.court_name
        self.location.text = view.location
