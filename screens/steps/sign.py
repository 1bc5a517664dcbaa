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
from kiosk.texts import t
from screens.widgets import Panel, fit_text, large_type

PNG_SIZE = (600, 240)


class SignScreen(StepScreen):
    kind = "sign"

    def build_body(self) -> None:
        row = BoxLayout(spacing=theme.ref(18))
        left = card(padding=(theme.ref(22), theme.ref(14)), spacing=theme.ref(10),
                    size_hint_x=1.1 if large_type() else 0.45)  # elderly: the text gets the room
        self.counter = fit_text("", theme.SMALL, theme.FINE, theme.COURT_BLUE, bold=True, halign="left",
                                size_hint_y=None, height=theme.tx(40) * 1.1)
        quote = Panel(bg=theme.BLUE_PALE, radius=theme.RADIUS, padding=(theme.ref(18), theme.ref(12)))
        self.quote = fit_text("", theme.BODY - theme.ref(2), theme.FINE, theme.TEXT, halign="left")
        quote.add_widget(self.quote)
        self.signer = fit_text("", theme.SMALL, theme.FINE, theme.TEXT_MUTED, halign="left",
                               size_hint_y=None, height=theme.tx(36) * 1.2)
        self.refuse = neutral_button(t("screen.refuse_sign"), lambda: self.send(ActionTapped("refuse")),
                                     size_hint_x=1, size_hint_y=None, height=0, opacity=0)
        # Elderly mode and English: the signer's name is in the text itself.
        for widget in (self.counter, quote, *(() if large_type() else (self.signer,)), self.refuse):
            left.add_widget(widget)
        right = card(padding=(theme.ref(16), theme.ref(8)), spacing=theme.ref(6))
        self.panel = SignaturePanel(self._signed, pad_height=theme.ref(210 if large_type() else 300))
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
        self.counter.text = t("screen.sign_counter", number=body.number, count=body.count)
        self.signer.text = t("screen.signer", name=body.signer)
        self.signer.a11y_data = (body.signer,)
        self.quote.a11y_data = (body.signer,) + tuple(n for n in (view.court_name,) if n)
        self.quote.text = body.text
        self.refuse.height, self.refuse.opacity = (theme.bx(96), 1) if body.can_refuse else (0, 0)
        self.refuse.inert = not body.can_refuse
        show_message(self.error, body.error, 64)

    def primary_state(self, body):
        return "", False
