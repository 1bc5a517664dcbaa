"""The signature pad: the finger's strokes with time and pressure, as a ``Signature``.

``SignaturePad`` is the bare writing surface; ``SignaturePanel`` adds the words to sign above
it, 清除重签 and 确认签名, and refuses an empty, tiny or one-stroke signature with the reason.
"""

from __future__ import annotations

from collections.abc import Callable

from kivy.uix.boxlayout import BoxLayout
from kivy.uix.relativelayout import RelativeLayout

from kiosk.inputs.signature import Signature, SamplePoint, Verdict
from kiosk.texts import t
from screens import theme
from screens.inputs.ink import InkArea
from screens.inputs.keys import GAP, KEY, Key
from screens.widgets import text


class SignaturePad(RelativeLayout):
    """A white box with a baseline; ``signature`` is what was drawn, ``clear()`` starts again."""

    def __init__(self, on_change: Callable[[], None] | None = None, **kwargs):
        super().__init__(**kwargs)
        self._on_change = on_change
        self.ink = InkArea(self._stroked, ink=theme.COURT_BLUE_DARK, ink_width=3.5)
        self.hint = text(t("screen.sign_here"), theme.BODY, theme.TEXT_MUTED)
        self.add_widget(self.ink)
        self.add_widget(self.hint)
        from kivy.graphics import Color, Line

        with self.ink.canvas.before:
            Color(*theme.TEXT_MUTED)
            self._frame = Line(width=1.6)
            Color(*theme.NEUTRAL_PRESSED)
            self._baseline = Line(width=1.5, dash_length=12, dash_offset=8)
        self.ink.bind(size=self._layout, pos=self._layout)

    def _layout(self, *_args) -> None:
        x, y, w, h = *self.ink.pos, *self.ink.size
        self._frame.rectangle = (x + 1, y + 1, w - 2, h - 2)
        self._baseline.points = [x + w * 0.06, y + h * 0.25, x + w * 0.94, y + h * 0.25]
        self.hint.pos, self.hint.size = (x, y + h * 0.1), (w, h * 0.12)

    def _stroked(self) -> None:
        self.hint.opacity = 0
        if self._on_change is not None:
            self._on_change()

    @property
    def signature(self) -> Signature:
        """The strokes so far, times from the first sample, in pad pixels (origin top left)."""
        strokes = [s for s in self.ink.strokes if s]
        t0 = min((p[2] for s in strokes for p in s), default=0.0)
        return Signature(self.ink.width, self.ink.height,
                         [[SamplePoint(x, y, int(round(t - t0)), pressure)
                           for x, y, t, pressure in stroke] for stroke in strokes])

    def clear(self) -> None:
        self.ink.clear()
        self.hint.opacity = 1
        if self._on_change is not None:
            self._on_change()


class SignaturePanel(BoxLayout):
    """The text to sign, the pad, 清除重签 and 确认签名; ``on_signed(signature)`` when valid."""

    def __init__(self, on_signed: Callable[[Signature], None], *, prompt: str = "",
                 pad_height: float = 360, **kwargs):
        super().__init__(orientation="vertical", spacing=GAP, **kwargs)
        self._on_signed = on_signed
        self.prompt = text(prompt, theme.BODY, theme.TEXT, halign="left",
                           size_hint_y=None, height=theme.BODY * 2.4 if prompt else 0)
        self.pad = SignaturePad(self._changed, size_hint_y=None, height=pad_height)
        self.message = text("", theme.BODY, theme.TEXT_MUTED, size_hint_y=None,
                            height=theme.BODY * 1.6)
        row = BoxLayout(orientation="horizontal", spacing=GAP * 3, size_hint_y=None, height=KEY)
        self.clear_button = Key(t("screen.clear_resign"), self.clear, kind="action", width=KEY * 2.4,
                                size=theme.BODY)
        self.confirm_button = Key(t("screen.confirm_sign"), self.confirm, kind="primary", width=KEY * 2.4,
                                  size=theme.BODY)
        from kivy.uix.widget import Widget

        # The two keys share the row: in a narrow column (elderly mode) they shrink, never under
        # KEY's 29 mm height and 15 mm width, rather than spill out of it.
        for key in (self.clear_button, self.confirm_button):
            key.size_hint_x = 1
            key.size_hint_max_x = KEY * 2.4
        row.add_widget(Widget(size_hint_x=0.01))
        row.add_widget(self.clear_button)
        row.add_widget(self.confirm_button)
        row.add_widget(Widget(size_hint_x=0.01))
        for widget in (self.prompt, self.pad, self.message, row):
            self.add_widget(widget)
        self.verdict: Verdict | None = None

    def _changed(self) -> None:
        self.message.text = ""

    def clear(self) -> None:
        self.pad.clear()
        self.verdict = None

    def confirm(self) -> None:
        signature = self.pad.signature
        self.verdict = signature.validate()
        self.message.text = self.verdict.message
        self.message.color = theme.OK_GREEN if self.verdict.ok else theme.DANGER
        if self.verdict.ok:
            self._on_signed(signature)
