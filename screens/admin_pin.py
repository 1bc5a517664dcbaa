"""Admin PIN pad (the one digit keypad, its ``pin`` kind). The digits typed so far live only in
this widget and are cleared on leaving."""

from __future__ import annotations

from kivy.uix.boxlayout import BoxLayout
from kivy.uix.screenmanager import Screen
from kivy.uix.widget import Widget

from kiosk.flows.navigation import BackTapped, PinSubmitted
from kiosk.texts import t as tr
from screens import theme
from screens.inputs.keypad import LAYOUTS, Keypad
from screens.widgets import BigButton, HeaderBar, Panel, fit_text, text

MAX_DIGITS = LAYOUTS["pin"].max_len


def pin_message(pin) -> tuple[str, tuple]:
    """The prompt for the PIN view state, and its colour."""
    if pin.locked:
        minutes, seconds = divmod(pin.lock_seconds_left, 60)
        return tr("shell.pin_locked", minutes=minutes, seconds=seconds), theme.DANGER
    if pin.checking:
        return tr("shell.pin_checking"), theme.TEXT_MUTED
    if pin.wrong:
        return tr("shell.pin_wrong", attempts=pin.attempts_left), theme.DANGER
    return tr("shell.pin_prompt"), theme.TEXT


class AdminPinScreen(Screen):
    a11y_staff_entry = True  # reached by staff only (a hidden gesture): no access bar

    def __init__(self, send, **kwargs):
        super().__init__(name="admin_pin", **kwargs)
        self._send = send
        self.digits = ""
        t = theme
        page = Panel(orientation="vertical", bg=t.PAGE)
        self.header = HeaderBar()
        page.add_widget(self.header)
        body = BoxLayout(padding=(t.ref(48), t.ref(32)), spacing=t.ref(48))
        left = Panel(orientation="vertical", bg=t.CARD, radius=t.RADIUS, border_colour=t.CARD_EDGE,
                     border_width=t.BORDER_W,
                     padding=(t.ref(40), t.ref(32)), spacing=t.ref(20))
        left.add_widget(text(tr("shell.admin_login"), t.TITLE, t.COURT_BLUE, bold=True,
                             size_hint_y=None, height=t.tx(72)))
        self.dots = text("", t.HUGE, t.TEXT, size_hint_y=None, height=t.tx(90))
        dots_box = Panel(bg=t.BLUE_PALE, radius=t.RADIUS, border_colour=t.BORDER,
                         border_width=t.BORDER_W, size_hint_y=None, height=t.tx(100))
        dots_box.add_widget(self.dots)
        left.add_widget(dots_box)
        self.message = fit_text("", t.BODY, t.SMALL, t.TEXT)
        left.add_widget(self.message)
        self.back_button = BigButton(tr("common.back"), lambda: send(BackTapped()), bg=t.NEUTRAL,
                                     pressed=t.NEUTRAL_PRESSED, colour=t.TEXT,
                                     size=t.HEADING, size_hint_y=None, height=t.BUTTON_H)
        left.add_widget(self.back_button)
        body.add_widget(left)
        # the rest of the body's height; keys sized from it (never below 15 mm)
        self.pad = Keypad("pin", self._typed, on_done=self._submit, show_display=False,
                          show_message=False, size_hint_x=None, size_hint_y=1, width=t.ref(520))
        self.keys = self.pad.keys
        body.add_widget(self.pad)
        page.add_widget(body)
        page.add_widget(Widget(size_hint_y=None, height=t.ref(8)))
        self.add_widget(page)

    def _typed(self, digits: str) -> None:
        self.digits = digits
        self.dots.text = "●" * len(digits)

    def _submit(self, state) -> None:
        self.pad.clear()  # the PIN leaves the widget with the intent
        self._send(PinSubmitted(state.value))

    def voice_prompt(self, view) -> str:
        return pin_message(view.pin)[0]

    def show(self, view) -> None:
        if view.screen != "admin_pin":
            self.pad.clear()
        self.header.show(view.court_name, tr("shell.admin_title"))
        self.message.text, self.message.color = pin_message(view.pin)
        self.pad.lock(view.pin.locked or view.pin.checking)
        self.pad.opacity = 0.4 if view.pin.locked else 1.0
