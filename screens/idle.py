"""The idle warning: "还需要更多时间吗？" with a visible countdown, over whatever screen is open."""

from __future__ import annotations

from kivy.graphics import Color, Rectangle
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.floatlayout import FloatLayout

from kiosk.flows.navigation import EndTapped, MoreTimeTapped, ScreenTouched
from kiosk.texts import t as tr
from screens import theme
from screens.widgets import BigButton, Panel, fit_text, text


class IdleOverlay(FloatLayout):
    """Modal: it swallows every touch; a touch outside the buttons also means "I am here"."""

    def __init__(self, send, **kwargs):
        super().__init__(**kwargs)
        self._send = send
        with self.canvas.before:
            Color(*theme.SCRIM)
            self._scrim = Rectangle(pos=self.pos, size=self.size)
        self.bind(pos=self._redraw, size=self._redraw)
        t = theme
        card = Panel(orientation="vertical", bg=t.CARD, radius=t.ref(28),
                     padding=(t.ref(48), t.ref(28)), spacing=t.ref(10), size_hint=(None, None),
                     size=(min(t.tx(820), t.ref(1180)), min(t.tx(520), t.ref(760))),
                     pos_hint={"center_x": 0.5, "center_y": 0.5})
        card.add_widget(fit_text(tr("shell.more_time"), t.TITLE + t.ref(4), t.HEADING, t.COURT_BLUE,
                                 bold=True, size_hint_y=None, height=t.tx(80)))
        self.countdown = text("", t.tx(110), t.DANGER, bold=True, size_hint_y=None,
                              height=t.tx(110) * 1.45)  # Noto CJK's line is 1.45 em
        card.add_widget(self.countdown)
        card.add_widget(fit_text(tr("shell.after_countdown"), t.BODY, t.SMALL, t.TEXT,
                                 size_hint_y=None, height=t.tx(60)))
        row = BoxLayout(spacing=t.ref(28), size_hint_y=None, height=t.BUTTON_H + t.ref(20),
                        padding=(0, t.ref(20), 0, 0))
        self.more_button = BigButton(tr("shell.more_time_yes"), lambda: send(MoreTimeTapped()),
                                     size=t.HEADING)
        self.end_button = BigButton(tr("shell.more_time_no"), lambda: send(EndTapped()), bg=t.NEUTRAL,
                                    pressed=t.NEUTRAL_PRESSED, colour=t.TEXT,
                                    size=t.HEADING, size_hint_x=0.7)
        row.add_widget(self.more_button)
        row.add_widget(self.end_button)
        card.add_widget(row)
        self.add_widget(card)

    def _redraw(self, *_args) -> None:
        self._scrim.pos, self._scrim.size = self.pos, self.size

    def voice_prompt(self, view) -> str:
        return tr("shell.more_time_voice")

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
