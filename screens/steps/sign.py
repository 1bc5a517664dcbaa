"""Sign each confirmation: its exact text above the pad; the strokes and a PNG go to the flow,
which binds them to the SHA-256 of that text."""

from __future__ import annotations

import time

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
        box = card(padding=(22, 10), spacing=8)
        self.counter = text("", theme.SMALL, theme.TEXT_MUTED, halign="left", size_hint_y=None, height=34)
        quote = Panel(bg=theme.BLUE_PALE, radius=theme.RADIUS, padding=(18, 8), size_hint_y=None,
                      height=118)
        self.quote = text("", theme.BODY - 4, theme.TEXT, halign="left")
        quote.add_widget(self.quote)
        self.panel = SignaturePanel(self._signed, pad_height=250)
        self.error = message_box()
        self.refuse = neutral_button("拒绝签名", lambda: self.send(ActionTapped("refuse")), width=220)
        for widget in (self.counter, quote, self.panel, self.error):
            box.add_widget(widget)
        self.body.add_widget(box)
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
        self.counter.text = f"第 {body.number} 项，共 {body.count} 项  ·  签名人：{body.signer}"
        self.quote.text = body.text
        show_message(self.error, body.error, 64)

    def primary_state(self, body):
        return "", False
