"""Choose one option: large cards, one tap picks and moves on."""

from __future__ import annotations

from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.gridlayout import GridLayout

from kiosk.flows.intents import OptionChosen
from screens import theme
from screens.steps.page import StepScreen, edged, scrolling
from screens.widgets import Panel, fit_text, large_type


class OptionCard(ButtonBehavior, Panel):
    def __init__(self, on_tap, **kwargs):
        super().__init__(orientation="vertical", bg=theme.CARD, radius=theme.RADIUS,
                         padding=(theme.ref(18), theme.ref(12)), spacing=theme.ref(4), **edged(), **kwargs)
        self.value = ""
        self._on_tap = on_tap
        large = large_type()  # one thing per card: the name (the voice reads what it is for)
        self.title = fit_text("", theme.HEADING, theme.FINE if large else theme.BODY,
                              theme.COURT_BLUE, bold=True, size_hint_y=None if not large else 1,
                              height=theme.tx(56) * 1.1)
        self.sub = fit_text("", theme.SMALL, theme.FINE, theme.TEXT_MUTED)
        self.add_widget(self.title)
        if not large:
            self.add_widget(self.sub)

    def on_state(self, _w, state):
        self.bg = theme.CARD_PRESSED if state == "down" else theme.CARD

    def on_release(self):
        self._on_tap(self.value)


class ChooseScreen(StepScreen):
    kind = "choose"

    def build_body(self) -> None:
        large = large_type()
        self.grid = GridLayout(cols=2 if large else 3, spacing=theme.ref(20),
                               padding=(0, theme.ref(10), theme.ref(20), theme.ref(10)), size_hint_y=None,
                               row_force_default=True,
                               row_default_height=max(theme.mm(15), 2 * theme.FINE * theme.LINE_EM
                                                      + theme.ref(30)) if large else theme.tx(160))
        self.grid.bind(minimum_height=self.grid.setter("height"))
        # Too many options for the room (elderly type, English): the list scrolls, its bar shown.
        self.body.add_widget(scrolling(self.grid))
        self.cards: list[OptionCard] = []

    def show_body(self, body, view) -> None:
        while len(self.cards) < len(body.options):
            option = OptionCard(lambda value: self.send(OptionChosen(value)))
            self.cards.append(option)
            self.grid.add_widget(option)
        for option, (value, label, sub) in zip(self.cards, body.options):
            option.value, option.title.text, option.sub.text = value, label, sub
        for extra in self.cards[len(body.options):]:
            extra.opacity = 0

    def primary_state(self, body):
        return "", False
