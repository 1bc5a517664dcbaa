"""The idle warning: "还需要更多时间吗？" with a visible countdown, over whatever screen is open."""

from __future__ import annotations

from kivy.uix.boxlayout import BoxLayout

from kiosk.flows.navigation import EndTapped, MoreTimeTapped, ScreenTouched
from kiosk.texts import t as tr
from screens import theme
from screens.overlay import ModalOverlay
from screens.widgets import BigButton, fit_text, text


class IdleOverlay(ModalOverlay):
    """Modal: it swallows every touch; a touch outside the buttons also means "I am here"."""

    def __init__(self, send, **kwargs):
        t = theme
        super().__init__(send, width=820, height=520, spacing=t.ref(10), **kwargs)
        card = self.card
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

    def voice_prompt(self, view) -> str:
        return tr("shell.more_time_voice")

    def show(self, seconds_left: int) -> None:
        self.countdown.text = str(seconds_left)

    def touched_outside(self) -> None:
        self._send(ScreenTouched())  # a touch anywhere also means "I am here"
