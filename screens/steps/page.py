"""The one page layout every step screen shares: header, the step's title with its progress and
再听一遍, the body, and the footer with 返回, 结束办理 and the step's main button."""

from __future__ import annotations

from kivy.uix.boxlayout import BoxLayout
from kivy.uix.screenmanager import Screen
from kivy.uix.widget import Widget

from kiosk.flows.intents import BackTapped, EndTapped, NextTapped, ReplayTapped
from screens import theme
from screens.widgets import BigButton, HeaderBar, Panel, text

FOOTER_H = 132


def neutral_button(label: str, on_tap, **kwargs) -> BigButton:
    kwargs.setdefault("size_hint_x", None)
    kwargs.setdefault("width", 240)
    return BigButton(label, on_tap, bg=theme.NEUTRAL, pressed=theme.NEUTRAL_PRESSED,
                     colour=theme.TEXT, **kwargs)


def edged() -> dict:
    """A light control's boundary (≥ 3:1 against the page, WCAG 1.4.11)."""
    return {"border_colour": theme.BORDER, "border_width": theme.BORDER_W}


class StepScreen(Screen):
    """Subclasses set ``kind`` and fill ``self.body`` in ``build_body``; ``show_body`` renders."""

    kind = ""
    primary_label = "下一步"

    def __init__(self, send, **kwargs):
        super().__init__(name=f"step.{self.kind}", **kwargs)
        self.send = send
        self.view = None
        page = Panel(orientation="vertical", bg=theme.PAGE)
        self.header = HeaderBar()
        page.add_widget(self.header)
        top = BoxLayout(size_hint_y=None, height=84, padding=(36, 10, 36, 4), spacing=20)
        self.title = text("", theme.TITLE - 6, theme.COURT_BLUE, bold=True, halign="left")
        self.progress = text("", theme.SMALL, theme.TEXT_MUTED, halign="right", size_hint_x=None,
                             width=260)
        self.replay_button = neutral_button("再听一遍", lambda: send(ReplayTapped()),
                                            size=theme.SMALL, width=200)
        for widget in (self.title, self.progress, self.replay_button):
            top.add_widget(widget)
        page.add_widget(top)
        self.body = BoxLayout(orientation="vertical", padding=(36, 6, 36, 0), spacing=14)
        page.add_widget(self.body)
        footer = BoxLayout(size_hint_y=None, height=FOOTER_H, padding=(36, 18), spacing=24)
        self.back_button = neutral_button("返回", lambda: send(BackTapped()), size=theme.HEADING)
        self.end_button = neutral_button("结束办理", lambda: send(EndTapped()))
        self.primary = BigButton(self.primary_label, self.on_primary, size=theme.HEADING,
                                 size_hint_x=None, width=340)
        for widget in (self.back_button, self.end_button, Widget(), self.primary):
            footer.add_widget(widget)
        page.add_widget(footer)
        self.add_widget(page)
        self.build_body()

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
        self.progress.text = frame.progress
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
    box = Panel(bg=theme.DANGER_PALE, radius=theme.RADIUS, padding=(24, 10), size_hint_y=None, height=0)
    box.label = text("", theme.BODY - 2, theme.DANGER, halign="left")
    box.add_widget(box.label)
    return box


def show_message(box: Panel, message: str, height: int = 96) -> None:
    box.label.text = message
    box.height = height if message else 0
    box.opacity = 1 if message else 0
