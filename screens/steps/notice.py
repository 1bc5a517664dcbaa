"""须知: a long text to scroll; the accept button wakes only when the end has been reached."""

from __future__ import annotations

from kivy.clock import Clock
from kivy.uix.label import Label
from kivy.uix.scrollview import ScrollView

from kiosk.flows.intents import ScrolledToEnd
from screens import theme
from screens.steps.page import StepScreen, card
from screens.widgets import text


class NoticeScreen(StepScreen):
    kind = "notice"
    primary_label = "我已阅读并同意"

    def build_body(self) -> None:
        box = card(padding=(28, 18))
        self.scroller = ScrollView(do_scroll_x=False, bar_width=14, bar_color=theme.BLUE,
                                   bar_inactive_color=theme.BLUE, scroll_type=["bars", "content"])
        self.label = Label(text="", font_size=theme.BODY - 2, color=theme.TEXT, halign="left",
                           valign="top", size_hint_y=None, line_height=1.25)
        self.label.bind(width=lambda lbl, w: setattr(lbl, "text_size", (w - 36, None)),
                        texture_size=lambda lbl, ts: setattr(lbl, "height", ts[1]))
        self.scroller.add_widget(self.label)
        self.scroller.bind(scroll_y=self._scrolled, height=self._scrolled)
        self.label.bind(height=self._scrolled)
        box.add_widget(self.scroller)
        self.body.add_widget(box)
        self.hint = text("", theme.SMALL, theme.DANGER, size_hint_y=None, height=40)
        self.body.add_widget(self.hint)
        self._told = False

    def _scrolled(self, *_args) -> None:
        at_end = self.scroller.scroll_y <= 0.02 or self.label.height <= self.scroller.height
        if at_end and not self._told and self.view is not None and self.label.text:
            self._told = True
            Clock.schedule_once(lambda _dt: self.send(ScrolledToEnd()), 0)

    def show_body(self, body, view) -> None:
        if self.label.text != body.body:
            self.label.text = body.body
            self.scroller.scroll_y = 1
            self._told = False
        if body.can_accept:
            self._told = True
        self.hint.text = body.hint

    def primary_state(self, body):
        return body.accept_label, body.can_accept
