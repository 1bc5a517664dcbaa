"""须知: a long text to scroll; the accept button wakes only when the end has been reached."""

from __future__ import annotations

from kivy.clock import Clock
from kivy.uix.label import Label

from kiosk.flows.intents import ScrolledToEnd
from screens import theme
from screens.steps.page import StepScreen, card, scrolling
from screens.widgets import fit_text


class NoticeScreen(StepScreen):
    kind = "notice"
    primary_key = "screen.notice_accept"

    def build_body(self) -> None:
        box = card(padding=(theme.ref(28), theme.ref(18)))
        self.scroller = scrolling()
        self.label = Label(text="", font_size=theme.font_px(theme.BODY - 2), color=theme.TEXT,
                           halign="left",
                           valign="top", size_hint_y=None, line_height=1.25)
        self.label.bind(width=lambda lbl, w: setattr(lbl, "text_size", (w - theme.ref(36), None)),
                        texture_size=lambda lbl, ts: setattr(lbl, "height", ts[1]))
        self.scroller.add_widget(self.label)
        self.scroller.bind(scroll_y=self._scrolled, height=self._scrolled)
        self.label.bind(height=self._scrolled)
        box.add_widget(self.scroller)
        self.body.add_widget(box)
        self.hint = fit_text("", theme.SMALL, theme.FINE, theme.DANGER, size_hint_y=None,
                             height=theme.tx(40) * 1.2)
        self.body.add_widget(self.hint)
        self._told = False

    def _scrolled(self, *_args) -> None:
        laid_out = bool(self.label.text) and self.label.height == self.label.texture_size[1] > 0
        if not laid_out:  # the new text is not measured yet: its height says nothing
            return
        at_end = self.scroller.scroll_y <= 0.02 or self.label.height <= self.scroller.height
        if at_end and not self._told and self.view is not None and self.label.text:
            self._told = True
            Clock.schedule_once(lambda _dt: self.send(ScrolledToEnd()), 0)

    def leave(self) -> None:
        """The next litigant reads the notice from its top, and must reach its end again."""
        self.view = None  # nothing more is said about this visit
        self._left = True

    def _from_top(self) -> None:
        for effect in (self.scroller.effect_x, self.scroller.effect_y):
            if effect is not None:
                effect.cancel()  # a fling of the last visit must not scroll this one
        self._told = True
        self.scroller.scroll_y = 1
        self._told = False
        self._left = False

    def show_body(self, body, view) -> None:
        if getattr(self, "_left", False):
            self._from_top()
        if self.label.text != body.body:
            self._told = True  # no ScrolledToEnd while the text is being laid out
            self.label.text = body.body
            self.label.texture_update()
            self.label.height = self.label.texture_size[1]
            self.scroller.scroll_y = 1
            self._told = False
        if body.can_accept:
            self._told = True
        self.hint.text = body.hint

    def primary_state(self, body):
        return body.accept_label, body.can_accept
