"""New replies at the ID tap: "法官已回复您的留言", the case, 查看法官回复 and 知道了, over whatever
screen is open, once (``kiosk.flows.news``). Every text comes from the view."""

from __future__ import annotations

from kivy.graphics import Color, Rectangle
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.floatlayout import FloatLayout

from kiosk.flows.intents import NewsDismissed, NewsOpened
from screens import theme
from screens.widgets import BigButton, Panel, fit_text, text


class NewsOverlay(FloatLayout):
    """Modal like the idle warning: it swallows touches until one of its buttons is tapped."""

    def __init__(self, send, **kwargs):
        super().__init__(**kwargs)
        self._send = send
        with self.canvas.before:
            Color(*theme.SCRIM)
            self._scrim = Rectangle(pos=self.pos, size=self.size)
        self.bind(pos=self._redraw, size=self._redraw)
        t = theme
        card = Panel(orientation="vertical", bg=t.CARD, radius=t.ref(28),
                     padding=(t.ref(48), t.ref(28)), spacing=t.ref(14), size_hint=(None, None),
                     size=(min(t.tx(900), t.ref(1180)), min(t.tx(460), t.ref(760))),
                     pos_hint={"center_x": 0.5, "center_y": 0.5})
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
        self.add_widget(card)
        self.row = row

    def _redraw(self, *_args) -> None:
        self._scrim.pos, self._scrim.size = self.pos, self.size

    def show(self, news) -> None:
        self.headline.text = news.headline
        self.detail.text = news.detail
        self.open_button.label.text = news.open_label
        self.dismiss_button.label.text = news.dismiss_label
        if news.can_open and self.open_button.parent is None:
            self.row.add_widget(self.open_button, index=1)
        elif not news.can_open and self.open_button.parent is not None:
            self.row.remove_widget(self.open_button)

    def on_touch_down(self, touch):
        super().on_touch_down(touch)
        return True

    def on_touch_move(self, touch):
        super().on_touch_move(touch)
        return True

    def on_touch_up(self, touch):
        super().on_touch_up(touch)
        return True
