"""The one page layout every step screen shares: header, the step's title with its progress and
再听一遍, the body, and the footer with 返回, 结束办理 and the step's main button."""

from __future__ import annotations

from kivy.uix.boxlayout import BoxLayout
from kivy.uix.screenmanager import Screen
from kivy.uix.widget import Widget

from kiosk.flows.intents import BackTapped, EndTapped, NextTapped, ReplayTapped
from screens import theme
from kiosk.texts import t
from screens.widgets import (BigButton, HeaderBar, Panel, fit_text, label_width, large_type,
                             snug_button)

FOOTER_H = 124
"""The footer's height on the reference panel in normal mode (``footer_height()`` for now)."""


def footer_height() -> float:
    """Its buttons (``bx(96)``, 30 mm) and a margin: grows half as much as the type."""
    return theme.bx(96) + theme.ref(28)


def neutral_button(label: str, on_tap, **kwargs) -> BigButton:
    """A grey button; ``width`` is in reference-panel pixels and grows with the type (``tx``),
    and the label shrinks to fit rather than overflow (an English label is longer)."""
    kwargs.setdefault("size_hint_x", None)
    kwargs["width"] = theme.tx(kwargs.get("width", 240))
    size = kwargs.pop("size", theme.BODY)
    return BigButton(label, on_tap, bg=theme.NEUTRAL, pressed=theme.NEUTRAL_PRESSED,
                     colour=theme.TEXT, size=size, fit_min=fit_floor(size), **kwargs)


def fit_floor(size: float) -> float:
    """The smallest a label that started at ``size`` may shrink to: the mode's text floor
    (6 mm; 8.4 mm elderly), never more than ``size`` itself."""
    return min(size, max(theme.FINE, size * 0.72))


def edged() -> dict:
    """A light control's boundary (≥ 3:1 against the page, WCAG 1.4.11)."""
    return {"border_colour": theme.BORDER, "border_width": theme.BORDER_W}


class StepScreen(Screen):
    """Subclasses set ``kind`` and fill ``self.body`` in ``build_body``; ``show_body`` renders.

    Accessibility comes with the page: the header carries the ``AccessBar`` (适老模式, English,
    volume), the title row 再听一遍; sizes are mm (``theme.ref``/``tx``/``bx``), strings come from
    the catalogue (``t``), labels fit (shrink, then wrap). Subclasses do the same in their body.
    """

    kind = ""
    primary_key = "common.next"

    @property
    def primary_label(self) -> str:
        return t(self.primary_key)

    def __init__(self, send, **kwargs):
        super().__init__(name=f"step.{self.kind}", **kwargs)
        self.send = send
        self.view = None
        th = theme
        page = Panel(orientation="vertical", bg=th.PAGE)
        self.header = HeaderBar(send)
        page.add_widget(self.header)
        top = BoxLayout(size_hint_y=None,
                        height=max(th.bx(84), 2 * th.SMALL * th.LINE_EM + th.ref(14)),
                        padding=(th.ref(36), th.ref(10), th.ref(36), th.ref(4)), spacing=th.ref(20))
        self.title = fit_text("", th.TITLE - th.ref(6), th.SMALL, th.COURT_BLUE, bold=True,
                              halign="left")
        self.progress = fit_text("", th.SMALL, th.FINE, th.TEXT_MUTED, halign="right",
                                 size_hint_x=None, width=th.ref(300))
        self.replay_button = snug_button(t("common.replay"), lambda: send(ReplayTapped()),
                                         size=th.SMALL, size_hint_y=None,
                                         height=max(th.mm(th.MIN_TARGET_MM), th.tx(64)),
                                         pos_hint={"center_y": 0.5})
        self.replay_button.a11y_intent = "replay"
        for widget in (self.title, self.progress, self.replay_button):
            top.add_widget(widget)
        page.add_widget(top)
        self.body = BoxLayout(orientation="vertical", padding=(th.ref(36), th.ref(6), th.ref(36), 0),
                              spacing=th.ref(14))
        page.add_widget(self.body)
        footer = BoxLayout(size_hint_y=None, height=footer_height(),
                           padding=(th.ref(36), th.ref(14)), spacing=th.ref(24))
        self.back_button = neutral_button(t("common.back"), lambda: send(BackTapped()),
                                          size=th.HEADING, width=200)
        self.end_button = neutral_button(t("common.end"), lambda: send(EndTapped()), width=220)
        self.primary = BigButton(self.primary_label, self.on_primary, size=th.HEADING,
                                 fit_min=fit_floor(th.HEADING), size_hint_x=None,
                                 width=th.tx(360))
        for widget in (self.back_button, self.end_button, Widget(), self.primary):
            footer.add_widget(widget)
        self.footer = footer
        page.add_widget(footer)
        self.add_widget(page)
        self.build_body()

    def voice_prompt(self, view) -> str:
        """What 再听一遍 says: the step's prompt is spoken by the flow on arrival; the audit
        reads what was spoken. Screens without a flow prompt override this."""
        return ""

    # --- for subclasses --------------------------------------------------------------------
    def build_body(self) -> None:
        pass

    def leave(self) -> None:
        """The screen is no longer shown: drop anything typed or drawn on it."""

    def show_body(self, body, view) -> None:
        pass

    def primary_state(self, body) -> tuple[str, bool]:
        """(label, enabled) of the main button for this view; hidden when label is ''."""
        return self.primary_label, True

    def on_primary(self) -> None:
        self.send(NextTapped())

    # --- rendering -------------------------------------------------------------------------
    def show(self, view) -> None:
        frame = view.step
        if frame is None or frame.kind != self.kind:
            self.leave()
            return
        self.view = view
        self.header.show(view.court_name, frame.journey_title)
        self.title.text = frame.title
        progress = frame.progress if large_type() else f"{frame.journey_title} · {frame.progress}"
        # As wide as it needs on one line (a third of the panel at most: then it shrinks, wraps),
        # the title gets the rest; "第 1 步" never splits at its spaces.
        self.progress.text = progress.replace(" ", "\u00a0")
        self.progress.width = min(label_width(progress, theme.SMALL, bold=False) + theme.ref(8),
                                  theme.ACTIVE.panel.width_px / 3)
        self.replay_button.label.text = frame.replay_label
        self.back_button.label.text = frame.back_label
        self.end_button.label.text = frame.end_label
        self.back_button.opacity = 1 if frame.can_back else 0
        self.back_button.inert = not frame.can_back
        label, enabled = self.primary_state(frame.body)
        self.primary.label.text = label
        self.primary.opacity = 1 if label else 0
        self.primary.inert = not (label and enabled)
        self.primary.bg = theme.BLUE if enabled else theme.NEUTRAL_PRESSED
        self.primary._normal = self.primary.bg
        self.show_body(frame.body, view)


class TextInputScreen(StepScreen):
    """A step screen with an editor that types Chinese: the root injects the pinyin/handwriting
    keyboard factory (``text_input``), never built by the screen itself."""

    wants_text_input = True

    def __init__(self, send, text_input=None, **kwargs):
        self.text_input = text_input
        super().__init__(send, **kwargs)


def card(**kwargs) -> Panel:
    kwargs.setdefault("orientation", "vertical")
    return Panel(bg=theme.CARD, radius=theme.RADIUS, **kwargs)


def message_box() -> Panel:
    """A pale red box for what went wrong; hidden while empty."""
    box = Panel(bg=theme.DANGER_PALE, radius=theme.RADIUS, padding=(theme.ref(24), theme.ref(10)),
                size_hint_y=None, height=0)
    box.label = fit_text("", theme.BODY - theme.ref(2), theme.FINE, theme.DANGER, halign="left")
    box.add_widget(box.label)
    return box


def show_message(box: Panel, message: str, height: int = 96) -> None:
    """``height`` in reference-panel pixels (grows with the type)."""
    from kiosk.texts import localize

    box.label.text = localize(message)  # a device's fault sentence in the session's language
    box.height = theme.tx(height) if message else 0
    box.opacity = 1 if message else 0


def scrolling(content=None):
    """``content`` (height from its children) in the one vertical scroller every screen uses: its
    bar always shows and can be dragged (a finger that misses the text still scrolls), and it stops
    at its ends. Kivy's default damped effect springs past them: a fast drag (touch moves arriving
    together while the Kivy thread is busy, or a scripted walk) flung a list far beyond its end
    and the screen showed blank until touched again. What does not fit the panel (elderly type,
    a long English text) scrolls, never cut off."""
    from kivy.effects.scroll import ScrollEffect
    from kivy.uix.scrollview import ScrollView

    scroller = ScrollView(do_scroll_x=False, bar_width=theme.ref(14), bar_color=theme.BLUE,
                          bar_inactive_color=theme.BLUE, effect_cls=ScrollEffect,
                          scroll_type=["bars", "content"])
    if content is not None:
        scroller.add_widget(content)
    return scroller
