"""The case number: the digit keypad with the parts of a case number, its format explained when wrong."""

from __future__ import annotations

from kiosk.flows.intents import FieldEdited
from kiosk.texts import t
from screens import theme
from screens.inputs.keypad import Keypad
from screens.steps.page import StepScreen, card, message_box, show_message
from screens.widgets import Panel, fit_text


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
        # the one digit keypad, its case-number parts kind: two rows, 下一步 is the footer's
        self.pad = Keypad("case_parts", self._typed, show_display=False, show_message=False,
                          done_key=False, size_hint_y=1)
        for widget in (shown, self.example, self.court, self.error, self.pad):
            box.add_widget(widget)
        self.body.add_widget(box)
        self._text = ""

    def _typed(self, value: str) -> None:
        self._text = value
        self.send(FieldEdited("case_ref", value))

    def show_body(self, body, view) -> None:
        if self.pad.value != body.text:  # a QR code read, or the session's own value
            self.pad.set_value(body.text, notify=False)
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
