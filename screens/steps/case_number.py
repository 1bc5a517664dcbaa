"""The case number: a keypad with the parts of a case number, its format explained when wrong."""

from __future__ import annotations

from kivy.uix.boxlayout import BoxLayout
from kivy.uix.gridlayout import GridLayout

from kiosk.flows.intents import FieldEdited
from screens import theme
from screens.steps.page import StepScreen, card, message_box, show_message
from screens.widgets import BigButton, Panel, text

DIGITS = "1234567890"
PARTS = ("（", "）", "豫", "民初", "民终", "执", "行初", "号", "退格")


class CaseNumberScreen(StepScreen):
    kind = "case_number"

    def build_body(self) -> None:
        box = card(padding=(24, 12), spacing=10)
        shown = Panel(bg=theme.BLUE_PALE, radius=theme.RADIUS, padding=(18, 0), size_hint_y=None,
                      height=84)
        self.shown = text("", theme.TITLE - 6, theme.TEXT, halign="left")
        shown.add_widget(self.shown)
        self.example = text("", theme.SMALL, theme.TEXT_MUTED, halign="left", size_hint_y=None, height=36)
        self.court = text("", theme.BODY - 4, theme.OK_GREEN, halign="left", size_hint_y=None, height=40)
        self.error = message_box()
        keys = BoxLayout(spacing=16)
        digits = GridLayout(cols=5, spacing=8)
        for key in DIGITS:
            digits.add_widget(BigButton(key, lambda k=key: self._key(k), size=theme.TITLE - 6))
        parts = GridLayout(cols=3, spacing=8, size_hint_x=0.7)
        for key in PARTS:
            parts.add_widget(BigButton(key, lambda k=key: self._key(k), size=theme.BODY - 2,
                                       bg=theme.COURT_BLUE))
        keys.add_widget(digits)
        keys.add_widget(parts)
        for widget in (shown, self.example, self.court, self.error, keys):
            box.add_widget(widget)
        self.body.add_widget(box)
        self._text = ""

    def _key(self, key: str) -> None:
        self._text = self._text[:-1] if key == "退格" else self._text + key
        self.send(FieldEdited("case_ref", self._text))

    def show_body(self, body, view) -> None:
        self._text = body.text
        self.shown.text = body.text or "（请输入案号）"
        self.example.text = body.example
        self.court.text = f"案件所在法院：{body.court}" if body.court else ""
        complete = body.text.endswith("号")
        show_message(self.error, body.error if complete else "", 110)

    def primary_state(self, body):
        return "下一步", body.can_continue
