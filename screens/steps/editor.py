"""Typing a value: the field, what has been typed, and the keyboard its kind needs (the one
digit keypad for ID, phone, licence and amounts; pinyin for names and addresses). Lives only
while the field is being edited; the value goes to the flow as ``FieldEdited`` on 确定."""

from __future__ import annotations

from kivy.uix.boxlayout import BoxLayout

from kiosk.flows.intents import ActionTapped, FieldEdited
from kiosk.texts import t
from screens import theme
from screens.inputs.keypad import LAYOUTS, Keypad
from screens.inputs.keypad import message as keypad_message
from screens.steps.page import card, neutral_button
from screens.widgets import BigButton, Panel, fit_text, large_type, text

PADS = {"id_number": "id_number", "phone": "phone", "amount": "amount", "digits": "licence"}
"""An editing kind typed on the digit keypad → the keypad's kind (its keys and its judge)."""


class Editor(BoxLayout):
    """Edits one target; ``text_input`` is the injected text keyboard factory (pinyin/handwriting)."""

    def __init__(self, send, text_input=None, **kwargs):
        super().__init__(orientation="vertical", spacing=10, **kwargs)
        self.send = send
        self.text_input = text_input
        self.target = ""
        self.kind = ""
        self.value = ""
        # The head grows with the type (elderly: 1.2×); the label and the value shrink to fit it.
        head = card(orientation="horizontal", padding=(20, 6), spacing=16, size_hint_y=None,
                    height=max(theme.mm(20), theme.bx(86)))
        self.label = fit_text("", theme.BODY - 2, theme.FINE, theme.TEXT_MUTED, halign="left",
                              size_hint_x=0.3)
        shown = Panel(bg=theme.BLUE_PALE, radius=theme.RADIUS, padding=(16, 0))
        self.shown = fit_text("", theme.HEADING, theme.FINE, theme.TEXT, halign="left")
        self.shown.a11y_data = True  # what the person typed
        shown.add_widget(self.shown)
        if large_type():  # elderly, English: the label is a line of its own above the field
            self.label.size_hint = (1, None)
            self.label.height = theme.SMALL * theme.LINE_EM
            self.add_widget(self.label)
        else:
            head.add_widget(self.label)
        head.add_widget(shown)
        cancel = neutral_button(t("screen.cancel"), lambda: send(ActionTapped("cancel_edit")), width=150)
        cancel.action = "cancel"
        head.add_widget(cancel)
        self.confirm = BigButton(t("screen.confirm"), self.commit, fit_min=theme.FINE, size_hint_x=None,
                                 width=theme.tx(150))
        self.confirm.action = "confirm"  # found by what it does, in every language
        head.add_widget(self.confirm)
        self.add_widget(head)
        self.check = text("", theme.SMALL, theme.TEXT_MUTED, halign="left", size_hint_y=None,
                          height=theme.tx(40))
        self.add_widget(self.check)
        self.keys = BoxLayout()
        self.add_widget(self.keys)
        self.pad: Keypad | None = None

    def open(self, target: str, label: str, value: str, kind: str) -> None:
        if target == self.target and kind == self.kind:
            return
        self.target, self.kind, self.value = target, kind, value
        self.label.text = label
        self.keys.clear_widgets()
        self.pad = None
        if kind in PADS:
            # the rest of the editor: keys sized from that room, 确定 is the head's
            self.pad = Keypad(PADS[kind], self._typed, text_value=value, show_display=False,
                              show_message=False, done_key=False, size_hint_y=1)
            self.keys.add_widget(self.pad)
        elif self.text_input is not None:
            self.keys.add_widget(self.text_input(self.type_text, self.backspace))
        else:
            self.keys.add_widget(text(t("screen.no_ime"), theme.BODY, theme.TEXT_MUTED))
        self._refresh()

    def close(self) -> None:
        self.target = ""

    def _typed(self, value: str) -> None:
        self.value = value
        self._refresh()

    def type_text(self, chars: str) -> None:
        self.value += chars
        self._refresh()

    def backspace(self) -> None:
        self.value = self.value[:-1]
        self._refresh()

    def _refresh(self) -> None:
        """Show the value, and for numbers whether it is valid yet, as it is typed (MOD 11-2 for
        ID numbers, the phone and licence formats)."""
        self.shown.text = self.value or " "
        message = ""
        if self.pad is not None and self.value and LAYOUTS[self.pad.kind].judge:
            state = self.pad.state
            message = keypad_message(state) if state.status == "invalid" else ""
        self.check.text = message
        self.check.color = theme.DANGER
        self.check.height = theme.tx(40) if message else 0  # its room goes to the keys meanwhile

    def commit(self) -> None:
        target, self.target = self.target, ""
        self.send(FieldEdited(target, self.value))
