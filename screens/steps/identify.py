"""Identify: put the card on the reader (any of the four card types), or the lawyer channel."""

from __future__ import annotations

from kivy.uix.boxlayout import BoxLayout

from kiosk.flows.intents import ActionTapped, FieldFocused
from screens import theme
from screens.steps.editor import Editor
from screens.steps.page import TextInputScreen, card, message_box, neutral_button, show_message
from kiosk.texts import t
from screens.widgets import BigButton, Panel, fit_text, large_type

LAWYER_FIELDS = (("licence", "screen.lawyer_licence", "digits"), ("phone", "screen.lawyer_phone", "phone"),
                 ("represents", "screen.lawyer_represents", "text"))


class IdentifyScreen(TextInputScreen):
    kind = "identify"

    def build_body(self) -> None:
        self.main = card(padding=(theme.ref(32), theme.ref(20)), spacing=theme.ref(14))
        self.instruction = fit_text(t("screen.card_instruction"), theme.TITLE - theme.ref(4), theme.BODY,
                                    theme.COURT_BLUE, bold=True, size_hint_y=None,
                                    height=theme.tx(70) * 1.1)
        self.hint = fit_text(t("screen.card_kinds"), theme.BODY - theme.ref(4), theme.FINE,
                             theme.TEXT_MUTED, size_hint_y=None, height=theme.tx(44) * 1.5)
        who_box = Panel(bg=theme.BLUE_PALE, radius=theme.RADIUS, padding=(theme.ref(20), theme.ref(8)),
                        size_hint_y=None, height=theme.tx(96))
        self.who = fit_text("", theme.HEADING, theme.BODY, theme.TEXT, bold=True)
        who_box.add_widget(self.who)
        self.error = message_box()
        self.lawyer_rows = BoxLayout(orientation="vertical", spacing=theme.ref(10), size_hint_y=None,
                                     height=0)
        self.rows = {}
        for name, label, _kind in LAWYER_FIELDS:
            row = BoxLayout(spacing=theme.ref(12), size_hint_y=None, height=theme.tx(72))
            row.add_widget(fit_text(t(label), theme.BODY - theme.ref(4), theme.FINE, theme.TEXT,
                                    halign="left", size_hint_x=0.45))
            value = fit_text("", theme.BODY, theme.FINE, theme.TEXT, halign="left")
            value.a11y_data = True  # what the lawyer typed
            row.add_widget(value)
            row.add_widget(BigButton(t("screen.fill"), lambda n=name: self.send(FieldFocused(n)),
                                     size=theme.BODY - theme.ref(4), fit_min=theme.FINE,
                                     size_hint_x=None, width=theme.tx(150)))
            self.rows[name] = value
            self.lawyer_rows.add_widget(row)
        self.editor = Editor(self.send, text_input=self.text_input)
        switch = BoxLayout(size_hint_y=None, height=theme.bx(96), spacing=theme.ref(20))
        self.switch_button = neutral_button(t("screen.lawyer_channel"), self._switch, size=theme.BODY,
                                            width=320)
        switch.add_widget(BoxLayout())
        switch.add_widget(self.switch_button)
        large = large_type()  # one thing: the card instruction (the voice names the card kinds)
        if large:
            self.instruction.height = theme.tx(64)
            who_box.height = theme.tx(80)
            switch.height = theme.bx(80)
            self.main.spacing = theme.ref(8)
        for widget in (self.instruction, *(() if large else (self.hint,)), who_box, self.error,
                       self.lawyer_rows, BoxLayout(), switch):
            self.main.add_widget(widget)
        self.body.add_widget(self.main)
        self._mode = "card"

    def _switch(self) -> None:
        self.send(ActionTapped("party" if self._mode == "lawyer" else "lawyer"))

    def leave(self) -> None:
        self.editor.close()
        self.editor.value = ""

    def show_body(self, body, view) -> None:
        self._mode = body.mode
        if body.editing:  # one thing at a time: the keyboard takes the body
            if self.editor.parent is None:
                self.body.clear_widgets()
                self.body.add_widget(self.editor)
            self.editor.open(body.editing, body.editing_label, body.editing_value, body.editing_kind)
            return
        self.editor.close()
        if self.main.parent is None:
            self.body.clear_widgets()
            self.body.add_widget(self.main)
        lawyer = body.mode == "lawyer"
        self.instruction.text = t("screen.lawyer_instruction" if lawyer else "screen.card_instruction")
        self.who.text = t("screen.card_who", card=body.card_type, who=body.who) if body.who \
            else t("screen.card_waiting")
        self.who.a11y_data = (body.who,)  # the name as the card has it
        show_message(self.error, body.error, 110)
        self.switch_button.label.text = t("screen.party_channel" if lawyer else "screen.lawyer_channel")
        self.switch_button.opacity = 1 if body.allow_lawyer else 0
        self.lawyer_rows.height = theme.tx(236) if lawyer else 0
        self.lawyer_rows.opacity = 1 if lawyer else 0
        errors = dict(body.field_errors)
        for name, _label, _kind in LAWYER_FIELDS:
            value = getattr(body, name)
            self.rows[name].text = f"{value}  {errors.get(name, '')}".strip()

    def primary_state(self, body):
        return ("", False) if body.editing else (t("common.next"), body.can_continue)
