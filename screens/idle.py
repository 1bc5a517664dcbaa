"""The idle warning: "还需要更多时间吗？" with a visible countdown, over whatever screen is open."""

from __future__ import annotations

from kivy.graphics import Color, Rectangle
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.floatlayout import FloatLayout

from kiosk.flows.navigation import WARNING_TEXT, EndTapped, MoreTimeTapped, ScreenTouched
from screens import theme
from screens.widgets import BigButton, Panel, text


class IdleOverlay(FloatLayout):
    """Modal: it swallows every touch; a touch outside the buttons also means "I am here"."""

    def __init__(self, send, **kwargs):
        super().__init__(**kwargs)
        self._send = send
        with self.canvas.before:
            Color(*theme.SCRIM)
            self._scrim = Rectangle(pos=self.pos, size=self.size)
        self.bind(pos=self._redraw, size=self._redraw)
        card = Panel(orientation="vertical", bg=theme.CARD, radius=28, padding=(48, 36),
                     spacing=10, size_hint=(None, None), size=(820, 520),
                     pos_hint={"center_x": 0.5, "center_y": 0.5})
        card.add_widget(text(WARNING_TEXT, theme.TITLE + 4, theme.COURT_BLUE, bold=True,
                             size_hint_y=None, height=80))
        self.countdown = text("", 120, theme.DANGER, bold=True, size_hint_y=None, height=140)
        card.add_widget(self.countdown)
        card.add_widget(text("秒后将自动退出，并清除您本次办理的信息", theme.BODY, theme.TEXT,
                             size_hint_y=None, height=60))
        row = BoxLayout(spacing=28, size_hint_y=None, height=theme.BUTTON_H + 10,
                        padding=(0, 20, 0, 0))
        self.more_button = BigButton("需要，继续办理", lambda: send(MoreTimeTapped()),
                                     size=theme.HEADING)
        self.end_button = BigButton("不用了，退出", lambda: send(EndTapped()), bg=theme.NEUTRAL,
                                    pressed=theme.NEUTRAL_PRESSED, colour=theme.TEXT,
                                    size=theme.HEADING, size_hint_x=0.7)
        row.add_widget(self.more_button)
        row.add_widget(self.end_button)
        card.add_widget(row)
        self.add_widget(card)

    def _redraw(self, *_args) -> None:
        self._scrim.pos, self._scrim.size = self.pos, self.size

    def show(self, seconds_left: int) -> None:
        self.countdown.text = str(seconds_left)

    def on_touch_down(self, touch):
        if not super().on_touch_down(touch):
            self._send(ScreenTouched())
        return True

    def on_touch_move(self, touch):
        super().on_touch_move(touch)
        return True

    def on_touch_up(self, touch):
        super().on_touch_up(touch)
        return True
