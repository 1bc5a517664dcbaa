"""New replies at the ID tap: "法官已回复您的留言", the case, 查看法官回复 and 知道了, over whatever
screen is open, once (``kiosk.flows.news``). Every text comes from the view."""

from __future__ import annotations

from kivy.uix.boxlayout import BoxLayout

from kiosk.flows.intents import NewsDismissed, NewsOpened
from screens import theme
from screens.overlay import ModalOverlay
from screens.widgets import BigButton, fit_text, text


class NewsOverlay(ModalOverlay):
    """Modal like the idle warning: it swallows touches until one of its buttons is tapped."""

    def __init__(self, send, **kwargs):
        t = theme
        super().__init__(send, width=900, height=460, spacing=t.ref(14), **kwargs)
        card = self.card
        self.headline = fit_text("", t.TITLE, t.HEADING, t.COURT_BLUE, bold=True, size_hint_y=None,
                                 height=t.tx(90))
        self.detail = text("", t.BODY, t.TEXT, size_hint_y=None, height=t.tx(120))
        self.detail.bind(width=lambda lbl, w: setattr(lbl, "text_size", (w, None)))
        row = BoxLayout(spacing=t.ref(28), size_hint_y=None, height=t.BUTTON_H + t.ref(20),
                        padding=(0, t.ref(20), 0, 0))
        self.open_button = BigButton("", lambda: send(NewsOpened()), size=t.HEADING - t.ref(6))
        self.dismiss_button = BigButton("", lambda: send(NewsDismissed()), bg=t.NEUTRAL,
                                        pressed=t.NEUTRAL_PRESSED, colour=t.TEXT, size=t.HEADING - t.ref(6),
                                        size_hint_x=0.7)
        row.add_widget(self.open_button)
        row.add_widget(self.dismiss_button)
        for widget in (self.headline, self.detail, row):
            card.add_widget(widget)
        self.row = row

    def show(self, news) -> None:
        self.headline.text = news.headline
        self.detail.text = news.detail
        self.open_button.label.text = news.open_label
        self.dismiss_button.label.text = news.dismiss_label
        if news.can_open and self.open_button.parent is None:
            self.row.add_widget(self.open_button, index=1)
        elif not news.can_open and self.open_button.parent is not None:
            self.row.remove_widget(self.open_button)
