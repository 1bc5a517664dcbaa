"""The court's live answer (我的案件, 我的留言): a headline, a card per case, filing or message with
its state badge, and 重试 when the court could not be reached. Rebuilt only when the answer changes."""

from __future__ import annotations

from kivy.uix.boxlayout import BoxLayout
from kivy.uix.gridlayout import GridLayout
from kivy.uix.scrollview import ScrollView

from kiosk.flows.intents import ActionTapped
from screens import theme
from screens.steps.page import StepScreen, card, message_box, neutral_button, show_message
from screens.widgets import BigButton, Panel, text

TONES = {"ok": (theme.OK_GREEN, theme.WHITE), "bad": (theme.DANGER, theme.WHITE),
         "wait": (theme.GOLD, theme.TEXT), "info": (theme.BLUE_PALE, theme.COURT_BLUE)}


def _sized(label, width: float):
    """A wrapped label laid out once at its final width: one texture render, not one per resize
    (CJK text renders at ~40 ms a label in software GL)."""
    label.size_hint = (None, None)
    label.width = width
    label.text_size = (width, None)
    label.bind(texture_size=lambda lbl, size: setattr(lbl, "height", size[1] + 6))
    return label


def answer_card(item, width: float, send=None) -> Panel:
    """One case, filing or message: its lines in one label (one texture for the whole block), and
    the card's own action when it offers one (更正后重新提交)."""
    box = card(padding=(24, 14), spacing=6, size_hint_y=None)
    box.bind(minimum_height=box.setter("height"))
    head = BoxLayout(size_hint_y=None, height=56, spacing=12)
    badge_w = max(150, 34 * len(item.badge) + 40) if item.badge else 0
    head.add_widget(_sized(text(item.title, theme.HEADING - 6, theme.COURT_BLUE, bold=True, halign="left"),
                           width - 48 - badge_w - 12))
    if item.badge:
        bg, fg = TONES.get(item.tone, TONES["info"])
        badge = Panel(bg=bg, radius=theme.RADIUS, size_hint_x=None, width=badge_w)
        badge.add_widget(text(item.badge, theme.SMALL, fg, bold=True))
        head.add_widget(badge)
    box.add_widget(head)
    if item.lines:
        lines = _sized(text("\n".join(item.lines), theme.BODY - 4, theme.TEXT, halign="left"), width - 48)
        lines.line_height = 1.25
        box.add_widget(lines)
    if item.action and send is not None:
        row = BoxLayout(size_hint_y=None, height=theme.tx(84))
        row.add_widget(BigButton(item.action_label, lambda: send(ActionTapped(item.action, item.action_arg)),
                                 size=theme.BODY - 4, size_hint_x=None, width=min(width - 48, 440)))
        row.add_widget(BoxLayout())
        box.add_widget(row)
    return box


class QueryScreen(StepScreen):
    kind = "query"

    def build_body(self) -> None:
        top = BoxLayout(size_hint_y=None, height=72, spacing=16)
        self.headline = text("", theme.HEADING - 2, theme.TEXT, bold=True, halign="left")
        self.retry_button = neutral_button("重试", lambda: self.send(ActionTapped("retry")),
                                           size=theme.BODY, width=200)
        top.add_widget(self.headline)
        top.add_widget(self.retry_button)
        self.message = message_box()
        self.scroller = ScrollView(do_scroll_x=False, bar_width=12)
        self.cards = GridLayout(cols=1, spacing=12, size_hint_y=None, padding=(0, 0, 0, 12))
        self.cards.bind(minimum_height=self.cards.setter("height"))
        self.scroller.add_widget(self.cards)
        for widget in (top, self.message, self.scroller):
            self.body.add_widget(widget)
        self._shown = None

    def show_body(self, body, view) -> None:
        self.headline.text = body.headline
        self.headline.color = theme.DANGER if body.status == "unreachable" else theme.TEXT
        self.retry_button.label.text = body.retry_label
        self.retry_button.opacity = 1 if body.can_retry else 0
        self.retry_button.inert = not body.can_retry
        show_message(self.message, body.message, 110 if body.status != "ok" else 96)
        if body.status == "ok":  # an answer: a plain note, not an error
            self.message.bg = theme.BLUE_PALE
            self.message.label.color = theme.COURT_BLUE
        else:
            self.message.bg = theme.DANGER_PALE
            self.message.label.color = theme.DANGER
        if body.cards != self._shown:
            self._shown = body.cards
            self.cards.clear_widgets()
            from kivy.core.window import Window

            # Before its first layout the list is 100 px wide: the body's width is the window's less padding.
            width = (self.scroller.width if self.scroller.width > 100 else Window.width - 72) - 14
            for item in body.cards:
                self.cards.add_widget(answer_card(item, width, self.send))
            self.scroller.scroll_y = 1

    def leave(self) -> None:
        self._shown = None
        self.cards.clear_widgets()  # nobody's cases stay on a screen no one sees

    def primary_state(self, body):
        return body.primary, body.can_continue
