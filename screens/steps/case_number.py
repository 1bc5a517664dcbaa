"""The case number: a keypad with the parts of a case number, its format explained when wrong."""

from __future__ import annotations

from kivy.uix.boxlayout import BoxLayout
from kivy.uix.gridlayout import GridLayout

from kiosk.flows.intents import FieldEdited
from screens import theme
from screens.steps.page import StepScreen, card, message_box, show_message
from kiosk.texts import t
from screens.widgets import BigButton, Panel, fit_text

DIGITS = "1234567890"
PARTS = ("（", "）", "豫", "民初", "民终", "执", "行初", "号")
BACKSPACE = "⌫"


class CaseNumberScreen(StepScreen):
    kind = "case_number"

    def build_body(self) -> None:
        box = card(padding=(theme.ref(24), theme.ref(12)), spacing=theme.ref(10))
        shown = Panel(bg=theme.BLUE_PALE, radius=theme.RADIUS, padding=(theme.ref(18), 0),
                      size_hint_y=None, height=theme.tx(76))
        self.shown = fit_text("", theme.TITLE - theme.ref(6), theme.BODY, theme.TEXT, halign="left")
        self.shown.a11y_data = True  # the case number as typed
        shown.add_widget(self.shown)
        self.example = fit_text("", theme.SMALL, theme.FINE, theme.TEXT_MUTED, halign="left",
                                size_hint_y=None, height=theme.tx(36) * 1.2)
        self.example.a11y_data = True  # a case number is written in Chinese in every language
        self.court = fit_text("", theme.BODY - theme.ref(4), theme.FINE, theme.OK_GREEN, halign="left",
                              size_hint_y=None, height=theme.tx(40) * 1.2)
        self.error = message_box()
        keys = BoxLayout(spacing=theme.ref(16), size_hint_y=None,
                         height=2 * max(theme.mm(15), theme.bx(64)) + theme.ref(8))
        digits = GridLayout(cols=5, spacing=theme.ref(8), size_hint_y=None,
                            height=2 * max(theme.mm(15), theme.bx(64)) + theme.ref(8))
        for key in DIGITS:
            digits.add_widget(BigButton(key, lambda k=key: self._key(k), size=theme.TITLE - theme.ref(6),
                                        fit_min=theme.FINE))
        parts = GridLayout(cols=5, spacing=theme.ref(8), size_hint_x=0.9, size_hint_y=None,
                           height=2 * max(theme.mm(15), theme.bx(64)) + theme.ref(8))
        for key in PARTS + (BACKSPACE,):
            label = t("screen.backspace") if key == BACKSPACE else key
            button = BigButton(label, lambda k=key: self._key(k), size=theme.BODY - theme.ref(2),
                               fit_min=theme.FINE, bg=theme.COURT_BLUE)
            button.label.a11y_data = key != BACKSPACE  # the parts of a Chinese case number
            button.action = "backspace" if key == BACKSPACE else "type"
            parts.add_widget(button)
        keys.add_widget(digits)
        keys.add_widget(parts)
        from kivy.uix.widget import Widget

        for widget in (shown, self.example, self.court, self.error, Widget(), keys):
            box.add_widget(widget)
        self.body.add_widget(box)
        self._text = ""

    def _key(self, key: str) -> None:
        self._text = self._text[:-1] if key == BACKSPACE else self._text + key
        self.send(FieldEdited("case_ref", self._text))

    def show_body(self, body, view) -> None:
        self._text = body.text
        self.shown.text = body.text or t("screen.case_number_empty")
        self.example.text = body.example
        self.court.text = t("screen.case_court", court=body.court) if body.court else ""
        self.court.a11y_data = (body.court,)
        self.court.height = theme.tx(40) * 1.2 if body.court else 0
        complete = body.text.endswith("号")
        show_message(self.error, body.error if complete else "", 110)

    def primary_state(self, body):
        return t("common.next"), body.can_continue
