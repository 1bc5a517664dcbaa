"""Sign each confirmation: its exact text above the pad; the strokes and a PNG go to the flow,
which binds them to the SHA-256 of that text."""

from __future__ import annotations

import time

from kivy.uix.boxlayout import BoxLayout

from kiosk.flows.intents import ActionTapped, SignatureDrawn
from kiosk.inputs.signature import text_sha256
from screens import theme
from screens.inputs.signature_pad import SignaturePanel
from screens.steps.page import StepScreen, card, message_box, neutral_button, show_message
from screens.widgets import Panel, text

PNG_SIZE = (600, 240)


class SignScreen(StepScreen):
    kind = "sign"

    def build_body(self) -> None:
        row = BoxLayout(spacing=18)
        left = card(padding=(22, 14), spacing=10, size_hint_x=0.45)
        self.counter = text("", theme.SMALL, theme.COURT_BLUE, bold=True, halign="left",
                            size_hint_y=None, height=40)
        quote = Panel(bg=theme.BLUE_PALE, radius=theme.RADIUS, padding=(18, 12))
        self.quote = text("", theme.BODY - 2, theme.TEXT, halign="left", valign="top")
        quote.add_widget(self.quote)
        self.signer = text("", theme.SMALL, theme.TEXT_MUTED, halign="left", size_hint_y=None, height=36)
        self.refuse = neutral_button("拒绝签名", lambda: self.send(ActionTapped("refuse")),
                                     size_hint_x=1, size_hint_y=None, height=0, opacity=0)
        for widget in (self.counter, quote, self.signer, self.refuse):
            left.add_widget(widget)
        right = card(padding=(16, 8), spacing=6)
        self.panel = SignaturePanel(self._signed, pad_height=300)
        self.error = message_box()
        right.add_widget(self.panel)
        right.add_widget(self.error)
        row.add_widget(left)
        row.add_widget(right)
        self.body.add_widget(row)
        self._number = None

    def leave(self) -> None:
        """Nothing drawn stays on the pad for the next person."""
        self.panel.clear()
        self._number = None

    def _signed(self, signature) -> None:
        body = self.view.step.body
        stamp = time.strftime("%Y-%m-%dT%H:%M:%S%z")
        self.send(SignatureDrawn(signature.to_json(text_sha256(body.text), body.signer, stamp),
                                 signature.render_png(*PNG_SIZE), True))

    def show_body(self, body, view) -> None:
        if body.number != self._number or body.text != self.quote.text:
            self._number = body.number
            self.panel.clear()
        self.counter.text = f"第 {body.number} 项，共 {body.count} 项"
        self.signer.text = f"签名人：{body.signer}"
        self.quote.text = body.text
        self.refuse.height, self.refuse.opacity = (96, 1) if body.can_refuse else (0, 0)
        self.refuse.inert = not body.can_refuse
        show_message(self.error, body.error, 64)

    def primary_state(self, body):
        return "", False
