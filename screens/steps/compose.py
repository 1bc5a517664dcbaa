"""The message to the judge: the case number, what has been written (with its length), 填写留言;
while writing, the pinyin/handwriting keyboard takes the body (one thing at a time)."""

from __future__ import annotations

from kivy.uix.boxlayout import BoxLayout

from kiosk.flows.intents import FieldFocused
from kiosk.texts import t
from screens import theme
from screens.steps.editor import Editor
from screens.steps.fitting import column, grown, note_box, show_note, target_h
from screens.steps.page import TextInputScreen, card, edged, fit_floor, footer_height, scrolling
from screens.widgets import BigButton, Panel, label_width, text


class ComposeScreen(TextInputScreen):
    kind = "compose"

    def build_body(self) -> None:
        th = theme
        self.main = card(padding=(th.ref(28), th.ref(16)), spacing=th.ref(12), **edged())
        self.case = grown("", th.BODY - th.ref(2), th.COURT_BLUE, bold=True)
        page = Panel(bg=th.BLUE_PALE, radius=th.RADIUS, padding=(th.ref(20), th.ref(14)))
        # A long message (up to 500 characters) scrolls in its page rather than being cut.
        self.shown = grown("", th.BODY, th.TEXT)
        page.add_widget(scrolling(column(self.shown, padding=(0, 0, th.ref(20), 0))))
        row = BoxLayout(size_hint_y=None, height=max(target_h(), th.bx(96)), spacing=th.ref(16))
        self.count = text("", th.SMALL, th.TEXT_MUTED, halign="left")
        # As wide as the longer of 填写留言 / 修改留言 needs, the label shrinking before it wraps.
        width = max(label_width(t(k), th.BODY) for k in ("q.compose.fill", "q.compose.edit")) + th.ref(40)
        self.write_button = BigButton(t("screen.write_message"), lambda: self.send(FieldFocused("message")),
                                      size=th.BODY, fit_min=fit_floor(th.BODY), size_hint_x=None,
                                      width=max(th.tx(300), width))
        row.add_widget(self.count)
        row.add_widget(self.write_button)
        self.error = note_box()
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
        self.case.a11y_data = (body.case_number,)  # a case number is written in Chinese everywhere
        self.shown.text = body.text or body.placeholder
        self.shown.a11y_data = bool(body.text)  # the litigant's own words
        self.shown.color = theme.TEXT if body.text else theme.TEXT_MUTED
        self.count.text = body.count
        self.write_button.label.text = body.write_label
        show_note(self.error, body.error)

    def leave(self) -> None:
        self._footer(True)
        self.editor.close()
        self.shown.text = ""

    def primary_state(self, body):
        return ("", False) if body.editing else (body.next_label, body.can_continue)
