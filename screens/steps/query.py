"""The court's live answer (我的案件, 我的留言): a headline, a card per case, filing or message with
its state badge, and 重试 when the court could not be reached. Rebuilt only when the answer changes."""

from __future__ import annotations

from kivy.uix.boxlayout import BoxLayout
from kivy.uix.gridlayout import GridLayout

from kiosk.flows.intents import ActionTapped
from kiosk.texts import t
from screens import theme
from screens.steps.fitting import grown, note_box, show_note, snug, target_h
from screens.steps.page import StepScreen, card, edged, scrolling
from screens.widgets import Panel, label_width, text

class _Tones:
    """A badge's (fill, text) colours by tone, read from the active theme when asked: colours
    taken at import were the normal mode's, also in high contrast."""

    NAMES = {"ok": ("OK_GREEN", "WHITE"), "bad": ("DANGER", "WHITE"),
             "wait": ("GOLD", "TEXT"), "info": ("BLUE_PALE", "COURT_BLUE")}

    def __getitem__(self, tone: str):
        fill, colour = self.NAMES[tone]
        return getattr(theme, fill), getattr(theme, colour)

    def get(self, tone: str, default=None):
        return self[tone] if tone in self.NAMES else default


TONES = _Tones()


def _sized(label, width: float):
    """A wrapped label laid out once at its final width: one texture render, not one per resize
    (CJK text renders at ~40 ms a label in software GL)."""
    label.size_hint = (None, None)
    label.width = width
    label.text_size = (width, None)
    label.bind(texture_size=lambda lbl, size: setattr(lbl, "height", size[1] + theme.ref(6)))
    return label


def answer_card(item, width: float, send=None) -> Panel:
    """One case, filing or message: its lines in one label (one texture for the whole block), and
    the card's own action when it offers one (更正后重新提交). Everything the court wrote in it
    (``item.data``) is declared as data: it stays as the court wrote it in every language."""
    th = theme
    pad_x = th.ref(24)
    box = card(padding=(pad_x, th.ref(14)), spacing=th.ref(6), size_hint_y=None, **edged())
    box.bind(minimum_height=box.setter("height"))
    inner = width - 2 * pad_x
    data = tuple(getattr(item, "data", ()))
    head = BoxLayout(size_hint_y=None, spacing=th.ref(12))
    badge_w = min(inner / 2, label_width(item.badge, th.SMALL) + th.ref(40)) if item.badge else 0
    title = _sized(text(item.title, th.BODY, th.COURT_BLUE, bold=True, halign="left"),
                   inner - badge_w - (th.ref(12) if item.badge else 0))
    title.a11y_data = (item.title,) + data if item.title in data else data
    head.add_widget(title)
    heights = [lambda: title.height]
    if item.badge:
        bg, fg = TONES.get(item.tone, TONES["info"])
        badge = Panel(bg=bg, radius=th.RADIUS, size_hint=(None, None), width=badge_w,
                      padding=(th.ref(8), th.ref(4)), pos_hint={"top": 1})
        label = _sized(text(item.badge, th.SMALL, fg, bold=True), badge_w - th.ref(16))
        label.a11y_data = data
        badge.add_widget(label)
        label.bind(height=lambda _l, h, b=badge: setattr(b, "height", h + th.ref(8)))
        badge.height = th.SMALL * th.LINE_EM + th.ref(8)
        head.add_widget(badge)
        heights.append(lambda: badge.height)

    def fit(*_args):
        head.height = max(h() for h in heights)

    title.bind(height=fit)
    fit()
    box.add_widget(head)
    if item.lines:
        lines = _sized(text("\n".join(item.lines), th.BODY - th.ref(4), th.TEXT, halign="left"), inner)
        lines.line_height = 1.25
        lines.a11y_data = data
        box.add_widget(lines)
    if item.action and send is not None:
        row = BoxLayout(size_hint_y=None, height=target_h())
        row.add_widget(snug(item.action_label, lambda: send(ActionTapped(item.action, item.action_arg)),
                            size=th.BODY - th.ref(4), light=False))
        row.add_widget(BoxLayout())
        box.add_widget(row)
    return box


class QueryScreen(StepScreen):
    kind = "query"

    def build_body(self) -> None:
        th = theme
        self.top_row = top = BoxLayout(size_hint_y=None, height=target_h(), spacing=th.ref(16))
        self.headline = grown("", th.BODY, th.TEXT, bold=True, pos_hint={"center_y": 0.5})
        self.headline.bind(height=lambda _l, h: setattr(top, "height", max(target_h(), h)))
        self.retry_button = snug(t("q.retry"), lambda: self.send(ActionTapped("retry")), size=th.BODY,
                                 pos_hint={"center_y": 0.5})
        top.add_widget(self.headline)
        top.add_widget(self.retry_button)
        self.message = note_box()
        self.cards = GridLayout(cols=1, spacing=th.ref(12), size_hint_y=None,
                                padding=(0, 0, th.ref(22), th.ref(12)))
        self.cards.bind(minimum_height=self.cards.setter("height"))
        self.scroller = scrolling(self.cards)
        for widget in (top, self.message, self.scroller):
            self.body.add_widget(widget)
        self._shown = None

    def show_body(self, body, view) -> None:
        self.headline.text = body.headline
        self.headline.color = theme.DANGER if body.status == "unreachable" else theme.TEXT
        self.retry_button.label.text = body.retry_label
        self.retry_button.opacity = 1 if body.can_retry else 0
        self.retry_button.inert = not body.can_retry
        show_note(self.message, body.message)
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
            pad = theme.ref(72)
            width = (self.scroller.width if self.scroller.width > 100 else Window.width - pad) - theme.ref(14) \
                - theme.ref(22)
            for item in body.cards:
                self.cards.add_widget(answer_card(item, width, self.send))
            self.scroller.scroll_y = 1

    def leave(self) -> None:
        self._shown = None
        self.cards.clear_widgets()  # nobody's cases stay on a screen no one sees

    def primary_state(self, body):
        return body.primary, body.can_continue
