"""A modal card over whatever screen is open (the idle warning, the court's news at the ID tap):
a scrim, a centred card, and every touch swallowed so nothing behind it is tapped by mistake."""

from __future__ import annotations

from kivy.graphics import Color, Rectangle
from kivy.uix.floatlayout import FloatLayout

from screens import theme
from screens.widgets import Panel


class ModalOverlay(FloatLayout):
    """Subclasses fill ``self.card``; ``touched_outside`` hears a touch no button took."""

    def __init__(self, send, *, width: float, height: float, spacing: float, **kwargs):
        super().__init__(**kwargs)
        self._send = send
        with self.canvas.before:
            Color(*theme.SCRIM)
            self._scrim = Rectangle(pos=self.pos, size=self.size)
        self.bind(pos=self._redraw, size=self._redraw)
        t = theme
        self.card = Panel(orientation="vertical", bg=t.CARD, radius=t.ref(28),
                          padding=(t.ref(48), t.ref(28)), spacing=spacing, size_hint=(None, None),
                          size=(min(t.tx(width), t.ref(1180)), min(t.tx(height), t.ref(760))),
                          pos_hint={"center_x": 0.5, "center_y": 0.5})
        self.add_widget(self.card)

    def _redraw(self, *_args) -> None:
        self._scrim.pos, self._scrim.size = self.pos, self.size

    def touched_outside(self) -> None:
        """A touch on the scrim or the card's text: nothing by default."""

    def on_touch_down(self, touch):
        if not super().on_touch_down(touch):
            self.touched_outside()
        return True

    def on_touch_move(self, touch):
        super().on_touch_move(touch)
        return True

    def on_touch_up(self, touch):
        super().on_touch_up(touch)
        return True
