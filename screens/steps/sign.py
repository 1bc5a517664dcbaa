"""Sign each confirmation: its exact text above the pad; the strokes and a PNG go to the flow,
which binds them to the SHA-256 of that text. Where the step allows it, 拒绝签名 opens the
reasons in the pad's place (one tap each; 其他理由 is typed on the injected keyboard) and the
text of the refusal, as it will be recorded, where the confirmation was."""

from __future__ import annotations

import time

from kivy.uix.boxlayout import BoxLayout
from kivy.uix.gridlayout import GridLayout

from kiosk.flows.intents import ActionTapped, SignatureDrawn
from kiosk.inputs.signature import text_sha256
from screens import theme
from screens.inputs.signature_pad import SignaturePanel
from screens.steps.editor import Editor
from screens.steps.page import TextInputScreen, card, footer_height, message_box, neutral_button, show_message
from kiosk.texts import t
from screens.widgets import BigButton, Panel, fit_text, large_type

PNG_SIZE = (600, 240)


class SignScreen(TextInputScreen):
    kind = "sign"

    def build_body(self) -> None:
        self.row = row = BoxLayout(spacing=theme.ref(18))
        left = card(padding=(theme.ref(22), theme.ref(14)), spacing=theme.ref(10),
                    size_hint_x=1.1 if large_type() else 0.45)  # elderly: the text gets the room
        self.counter = fit_text("", theme.SMALL, theme.FINE, theme.COURT_BLUE, bold=True, halign="left",
                                size_hint_y=None, height=theme.lines_h(theme.SMALL) + theme.ref(4))
        quote = Panel(bg=theme.BLUE_PALE, radius=theme.RADIUS, padding=(theme.ref(18), theme.ref(12)))
        self.quote = fit_text("", theme.BODY - theme.ref(2), theme.FINE, theme.TEXT, halign="left")
        quote.add_widget(self.quote)
        self.signer = fit_text("", theme.SMALL, theme.FINE, theme.TEXT_MUTED, halign="left",
                               size_hint_y=None, height=theme.lines_h(theme.SMALL) + theme.ref(4))
        self.refuse = neutral_button(t("screen.refuse_sign"), lambda: self.send(ActionTapped("refuse")),
                                     size_hint_x=1, size_hint_y=None, height=0, opacity=0)
        # Elderly mode and English: the signer's name is in the text itself.
        for widget in (self.counter, quote, *(() if large_type() else (self.signer,)), self.refuse):
            left.add_widget(widget)
        self.pad_card = right = card(padding=(theme.ref(16), theme.ref(8)), spacing=theme.ref(6))
        self.panel = SignaturePanel(self._signed, pad_height=theme.ref(210 if large_type() else 300))
        self.error = message_box()
        right.add_widget(self.panel)
        right.add_widget(self.error)
        row.add_widget(left)
        row.add_widget(right)
        self.body.add_widget(row)
        self._number = None
        self._build_reasons()
        self.editor = Editor(self.send, text_input=self.text_input)

    def _build_reasons(self) -> None:
        """The refusal's panel, in the pad's place: the question, a button per reason, what was
        typed for 其他理由, and 返回签名."""
        self.reasons = card(padding=(theme.ref(18), theme.ref(12)), spacing=theme.ref(10))
        self.question = fit_text("", theme.BODY - theme.ref(2), theme.FINE, theme.COURT_BLUE, bold=True,
                                 halign="left", size_hint_y=None, height=theme.tx(56))
        self.reason_grid = GridLayout(cols=2, spacing=theme.ref(12), size_hint_y=None,
                                      height=2 * theme.bx(110) + theme.ref(12))
        self.reason_buttons: dict[str, BigButton] = {}
        self.typed = fit_text("", theme.SMALL, theme.FINE, theme.TEXT, halign="left", size_hint_y=None, height=0)
        self.reason_error = message_box()
        self.sign_instead = neutral_button("", lambda: self.send(ActionTapped("sign_instead")), size_hint_x=1,
                                           size_hint_y=None, height=theme.bx(88))
        for widget in (self.question, self.reason_grid, self.typed, self.reason_error, BoxLayout(),
                       self.sign_instead):
            self.reasons.add_widget(widget)

    def leave(self) -> None:
        """Nothing drawn stays on the pad for the next person; nothing typed stays either."""
        self.panel.clear()
        self._number = None
        self._footer(True)
        self.editor.close()
        self._place(self.row)
        self._right(self.pad_card)

    def _signed(self, signature) -> None:
        body = self.view.step.body
        stamp = time.strftime("%Y-%m-%dT%H:%M:%S%z")
        self.send(SignatureDrawn(signature.to_json(text_sha256(body.text), body.signer, stamp),
                                 signature.render_png(*PNG_SIZE), True))

    def _footer(self, shown: bool) -> None:
        """While typing the footer folds away (the editor has its own 取消 and 确定)."""
        footer = self.primary.parent
        footer.height = footer_height() if shown else 0
        footer.opacity = 1 if shown else 0

    def _place(self, widget) -> None:
        if widget.parent is self.body:
            return
        self.body.clear_widgets()
        self.body.add_widget(widget)

    def _right(self, widget) -> None:
        """The pad, or the reasons, on the right of the text."""
        if widget.parent is self.row:
            return
        self.row.remove_widget(self.pad_card if widget is self.reasons else self.reasons)
        self.row.add_widget(widget)

    def show_body(self, body, view) -> None:
        self._footer(not body.editing)
        if body.editing:
            self._place(self.editor)
            self.editor.open("refusal_reason", body.labels.get("typed_label", ""), body.typed, "text")
            return
        self.editor.close()
        self._place(self.row)
        if body.number != self._number or body.text != self.quote.text and not body.refusing:
            self._number = body.number
            self.panel.clear()
        self.counter.text = t("screen.sign_counter", number=body.number, count=body.count)
        self.signer.text = t("screen.signer", name=body.signer)
        self.signer.a11y_data = (body.signer,)
        self.quote.a11y_data = (body.signer,) + tuple(n for n in (view.court_name,) if n)
        self.quote.text = body.text
        can_refuse = body.can_refuse and not body.refusing
        self.refuse.height, self.refuse.opacity = (theme.bx(96), 1) if can_refuse else (0, 0)
        self.refuse.inert = not can_refuse
        if body.refusing:
            self._right(self.reasons)
            self._show_reasons(body)
            show_message(self.reason_error, body.error, 64)
        else:
            self._right(self.pad_card)
            show_message(self.error, body.error, 64)

    def _show_reasons(self, body) -> None:
        labels = body.labels
        self.question.text = labels["question"]
        self.sign_instead.label.text = labels["sign_instead"]
        if set(self.reason_buttons) != {r for r, _l, _c in body.reasons}:
            self.reason_grid.clear_widgets()
            self.reason_buttons = {}
            for value, label, _chosen in body.reasons:
                button = BigButton(label, lambda v=value: self.send(ActionTapped("reason", v)),
                                   size=theme.BODY - theme.ref(4), fit_min=theme.FINE, size_hint_y=None,
                                   height=theme.bx(110))
                self.reason_buttons[value] = button
                self.reason_grid.add_widget(button)
        for value, label, chosen in body.reasons:
            button = self.reason_buttons[value]
            button.label.text = label
            button.bg = button._normal = theme.BLUE if chosen else theme.NEUTRAL
            button.label.color = theme.WHITE if chosen else theme.TEXT
        self.typed.text = f"{labels['typed_label']}：{body.typed}" if body.typed else ""
        self.typed.height = theme.tx(44) if body.typed else 0

    def primary_state(self, body):
        if body.refusing and not body.editing:
            chosen = next((r for r, _l, c in body.reasons if c), "")
            return body.labels["send"], bool(chosen) and (chosen != "other" or bool(body.typed))
        return "", False
