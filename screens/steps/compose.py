"""The message to the judge: the case number, what has been written (with its length), 填写留言;
while writing, the pinyin/handwriting keyboard takes the body (one thing at a time)."""

from __future__ import annotations

from kivy.uix.boxlayout import BoxLayout

from kiosk.flows.intents import FieldFocused
from kiosk.texts import t
from screens import theme
from screens.steps.editor import Editor
from screens.steps.page import TextInputScreen, footer_height, card, message_box, show_message
from screens.widgets import BigButton, Panel, text


class ComposeScreen(TextInputScreen):
    kind = "compose"

    def build_body(self) -> None:
        self.main = card(padding=(28, 16), spacing=12)
        self.case = text("", theme.BODY - 2, theme.COURT_BLUE, bold=True, halign="left", size_hint_y=None,
                         height=50)
        page = Panel(bg=theme.BLUE_PALE, radius=theme.RADIUS, padding=(20, 14))
        self.shown = text("", theme.BODY, theme.TEXT, halign="left", valign="top")
        page.add_widget(self.shown)
        row = BoxLayout(size_hint_y=None, height=96, spacing=16)
        self.count = text("", theme.SMALL, theme.TEXT_MUTED, halign="left")
        self.write_button = BigButton(t("screen.write_message"), lambda: self.send(FieldFocused("message")),
                                      size=theme.BODY, size_hint_x=None, width=300)
        row.add_widget(self.count)
        row.add_widget(self.write_button)
        self.error = message_box()
        for widget in (self.case, page, self.error, row):
            self.main.add_widget(widget)
        self.editor = Editor(self.send, text_input=self.text_input)
        self.body.add_widget(self.main)

    def _footer(self, shown: bool) -> None:
        """The keyboard (464 px) and the editor's head need more than the body's height: while
        typing the footer folds away (the editor has its own 取消 and 确定), else the candidate bar
        would lie over 确定."""
        footer = self.primary.parent
        footer.height = footer_height() if shown else 0
        footer.opacity = 1 if shown else 0

    def show_body(self, body, view) -> None:
        self._footer(not body.editing)
        if body.editing:
            if self.editor.parent is None:
                self.body.clear_widgets()
                self.body.add_widget(self.editor)
            self.editor.open("message", body.editing_label, body.text, "text")
            return
        self.editor.close()
        if self.main.parent is None:
            self.body.clear_widgets()
            self.body.add_widget(self.main)
        self.case.text = body.case_label
        self.shown.text = body.text or body.placeholder
        self.shown.color = theme.TEXT if body.text else theme.TEXT_MUTED
        self.count.text = body.count
        self.write_button.label.text = body.write_label
        show_message(self.error, body.error, 96)

    def leave(self) -> None:
        self._footer(True)
        self.editor.close()
        self.shown.text = ""

    def primary_state(self, body):
        return ("", False) if body.editing else (body.next_label, body.can_continue)
