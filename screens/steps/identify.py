"""Identify: put the card on the reader (any of the four card types), or the lawyer channel."""

from __future__ import annotations

from kivy.uix.boxlayout import BoxLayout

from kiosk.flows.intents import ActionTapped, FieldFocused
from screens import theme
from screens.steps.editor import Editor
from screens.steps.page import TextInputScreen, card, message_box, neutral_button, show_message
from screens.widgets import BigButton, Panel, text

LAWYER_FIELDS = (("licence", "律师执业证号（17位数字）", "digits"), ("phone", "手机号", "phone"),
                 ("represents", "代理的当事人姓名", "text"))


class IdentifyScreen(TextInputScreen):
    kind = "identify"

    def build_body(self) -> None:
        self.main = card(padding=(32, 20), spacing=14)
        self.instruction = text("请将身份证放在读卡区", theme.TITLE - 4, theme.COURT_BLUE, bold=True,
                                size_hint_y=None, height=70)
        self.hint = text("居民身份证、港澳台居民居住证、外国人永久居留身份证均可使用", theme.BODY - 4,
                         theme.TEXT_MUTED, size_hint_y=None, height=44)
        who_box = Panel(bg=theme.BLUE_PALE, radius=theme.RADIUS, padding=(20, 8), size_hint_y=None,
                        height=96)
        self.who = text("", theme.HEADING, theme.TEXT, bold=True)
        who_box.add_widget(self.who)
        self.error = message_box()
        self.lawyer_rows = BoxLayout(orientation="vertical", spacing=10, size_hint_y=None, height=0)
        self.rows = {}
        for name, label, _kind in LAWYER_FIELDS:
            row = BoxLayout(spacing=12, size_hint_y=None, height=72)
            row.add_widget(text(label, theme.BODY - 4, theme.TEXT, halign="left", size_hint_x=0.45))
            value = text("", theme.BODY, theme.TEXT, halign="left")
            row.add_widget(value)
            row.add_widget(BigButton("填写", lambda n=name: self.send(FieldFocused(n)),
                                     size=theme.BODY - 4, size_hint_x=None, width=150))
            self.rows[name] = value
            self.lawyer_rows.add_widget(row)
        self.editor = Editor(self.send, text_input=self.text_input)
        switch = BoxLayout(size_hint_y=None, height=96, spacing=20)
        self.switch_button = neutral_button("律师通道", self._switch, size=theme.BODY, width=320)
        switch.add_widget(BoxLayout())
        switch.add_widget(self.switch_button)
        for widget in (self.instruction, self.hint, who_box, self.error, self.lawyer_rows,
                       BoxLayout(), switch):
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
        self.instruction.text = ("律师通道：填写执业证号和手机号，再放您本人的身份证" if lawyer
                                 else "请将身份证放在读卡区")
        self.who.text = f"{body.card_type}：{body.who}" if body.who else "等待读取证件"
        show_message(self.error, body.error, 110)
        self.switch_button.label.text = "当事人本人办理" if lawyer else "律师通道"
        self.switch_button.opacity = 1 if body.allow_lawyer else 0
        self.lawyer_rows.height = 236 if lawyer else 0
        self.lawyer_rows.opacity = 1 if lawyer else 0
        errors = dict(body.field_errors)
        for name, _label, _kind in LAWYER_FIELDS:
            value = getattr(body, name)
            self.rows[name].text = f"{value}  {errors.get(name, '')}".strip()

    def primary_state(self, body):
        return ("", False) if body.editing else ("下一步", body.can_continue)
