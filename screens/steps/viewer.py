"""The document viewer: one page at a time, swiped or turned by buttons, zoomed by a pinch or
+/−, panned by a finger. Pages arrive as pixels (the watermark already drawn into them) and live
only as textures; a texture is dropped as soon as its page leaves the window of pages kept."""

from __future__ import annotations

import math

from kivy.graphics import Color, Rectangle
from kivy.graphics.texture import Texture
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.stencilview import StencilView

from kiosk.flows.intents import ActionTapped, PagesLost, PagesUploaded
from kiosk.texts import t
from screens import theme
from screens.steps.fitting import column, grown, note_box, show_note, snug, target_h
from screens.steps.page import StepScreen, card, edged, fit_floor, neutral_button, scrolling
from screens.widgets import BigButton, fit_text, large_type, text

SWIPE_PX = 90
SIDE_W = 330
"""The side panel's width in reference-panel pixels (grows with the type)."""


def make_texture(bitmap) -> Texture:
    """RGBA rows, top row first → a texture the right way up (GL's rows start at the bottom)."""
    texture = Texture.create(size=(bitmap.width, bitmap.height), colorfmt="rgba")
    texture.blit_buffer(bitmap.pixels, colorfmt="rgba", bufferfmt="ubyte")
    texture.flip_vertical()
    return texture


class PageArea(StencilView):
    """The page, clipped to its box; the screen handles what the touches mean."""

    def __init__(self, screen, **kwargs):
        super().__init__(**kwargs)
        self.screen = screen
        self.texture = None
        self.zoom = 1.0
        self.pan = [0.0, 0.0]
        self._touches: dict = {}
        self._pinch = None
        with self.canvas:
            Color(*theme.NEUTRAL_PRESSED)
            self._backdrop = Rectangle(pos=self.pos, size=self.size)
            Color(1, 1, 1, 1)
            self._page = Rectangle(pos=self.pos, size=(0, 0))
        self.bind(pos=self.layout, size=self.layout)

    # --- drawing ---------------------------------------------------------------------------
    def show(self, texture, zoom: float, reset: bool) -> None:
        if reset:
            self.pan = [0.0, 0.0]
        self.texture = texture
        if self._pinch is None:
            self.zoom = zoom
        self.layout()

    def page_size(self) -> tuple[float, float]:
        if self.texture is None:
            return 0.0, 0.0
        w = self.width * self.zoom
        return w, w * self.texture.height / self.texture.width

    def layout(self, *_args) -> None:
        self._backdrop.pos, self._backdrop.size = self.pos, self.size
        w, h = self.page_size()
        spare_x = max(0.0, (w - self.width) / 2)
        spare_y = max(0.0, h - self.height)
        self.pan[0] = max(-spare_x, min(spare_x, self.pan[0]))
        self.pan[1] = max(0.0, min(spare_y, self.pan[1]))
        self._page.texture = self.texture
        self._page.size = (w, h)
        self._page.pos = (self.x + (self.width - w) / 2 + self.pan[0], self.top - h + self.pan[1])

    # --- touches ---------------------------------------------------------------------------
    def on_touch_down(self, touch):
        if not self.collide_point(*touch.pos):
            return False
        touch.grab(self)
        self._touches[touch.uid] = (touch.pos, touch.pos)
        if len(self._touches) == 2:
            (a, _), (b, _) = self._touches.values()
            self._pinch = (math.dist(a, b) or 1.0, self.zoom)
        return True

    def on_touch_move(self, touch):
        if touch.grab_current is not self or touch.uid not in self._touches:
            return False
        start, last = self._touches[touch.uid]
        self._touches[touch.uid] = (start, touch.pos)
        if self._pinch is not None and len(self._touches) == 2:
            (_, a), (_, b) = self._touches.values()
            distance, zoom = self._pinch
            self.zoom = max(1.0, min(2.5, zoom * math.dist(a, b) / distance))
        elif self._pinch is None:
            self.pan[0] += touch.pos[0] - last[0] if self.zoom > 1 else 0
            self.pan[1] += touch.pos[1] - last[1]
        self.layout()
        return True

    def on_touch_up(self, touch):
        if touch.grab_current is not self:
            return False
        touch.ungrab(self)
        start, _last = self._touches.pop(touch.uid, (touch.pos, touch.pos))
        if self._pinch is not None:
            if not self._touches:
                self._pinch = None
                self.screen.send(ActionTapped("zoom", f"{self.zoom:.2f}"))
            return True
        dx, dy = touch.pos[0] - start[0], touch.pos[1] - start[1]
        if self.zoom <= 1 and abs(dx) > SWIPE_PX and abs(dx) > 1.5 * abs(dy):
            self.screen.send(ActionTapped("next_page" if dx < 0 else "prev_page"))
        return True


class ViewerScreen(StepScreen):
    kind = "viewer"
    primary_key = "screen.print"

    def build_body(self) -> None:
        """The document's title and date above the page; beside it, in a card that scrolls if
        elderly type or English needs more room: the page number, 上一页/下一页 (one above the
        other in large type), − zoom +, what the printer is doing, the print choices, the hint."""
        th = theme
        large = large_type()
        row = BoxLayout(spacing=th.ref(14))
        left = BoxLayout(orientation="vertical", spacing=th.ref(6))
        # The title beside its date; in large type the date under the title (one line each).
        head = BoxLayout(size_hint_y=None, spacing=th.ref(4) if large else th.ref(14),
                         orientation="vertical" if large else "horizontal")
        # The document's title is the court's (a judgment's name stays as published).
        self.doc_title = grown("", th.FINE, th.COURT_BLUE, bold=True, data=True)
        self.published = grown("", th.FINE, th.TEXT_MUTED, halign="left" if large else "right",
                               size_hint_x=1 if large else 0.42)

        def fit(*_args):
            heights = (self.doc_title.height, self.published.height)
            head.height = sum(heights) + head.spacing if large else max(heights)

        for label in (self.doc_title, self.published):
            head.add_widget(label)
            label.bind(height=fit)
        self.area = PageArea(self)
        self.waiting = text("", th.BODY, th.TEXT_MUTED)
        holder = BoxLayout()
        holder.add_widget(self.area)
        left.add_widget(head)
        left.add_widget(holder)
        row.add_widget(left)
        self.head = head
        side = card(size_hint_x=None, width=th.tx(SIDE_W), padding=(th.ref(12), th.ref(8)), **edged())
        self.page_label = grown("", th.SMALL, th.TEXT, bold=True, halign="center")
        turn_h = target_h() * 2 + th.ref(10) if large else target_h()
        self.turn_row = turn = BoxLayout(size_hint_y=None, height=turn_h, spacing=th.ref(10),
                                         orientation="vertical" if large else "horizontal")
        self.prev_button = BigButton(t("screen.prev_page"), lambda: self.send(ActionTapped("prev_page")),
                                     size=th.SMALL, fit_min=th.FINE)
        self.next_button = BigButton(t("screen.next_page"), lambda: self.send(ActionTapped("next_page")),
                                     size=th.SMALL, fit_min=th.FINE)
        turn.add_widget(self.prev_button)
        turn.add_widget(self.next_button)
        self.zoom_row = zoom = BoxLayout(size_hint_y=None, height=target_h(), spacing=th.ref(10))
        self.zoom_out = snug("－", lambda: self.send(ActionTapped("zoom_out")), size=th.BODY,
                             pos_hint={"center_y": 0.5})
        self.zoom_label = fit_text("100%", th.BODY, th.FINE, th.TEXT)
        self.zoom_in = snug("＋", lambda: self.send(ActionTapped("zoom_in")), size=th.BODY,
                            pos_hint={"center_y": 0.5})
        for widget in (self.zoom_out, self.zoom_label, self.zoom_in):
            zoom.add_widget(widget)
        self.message = note_box()
        self.print_box = column(spacing=th.ref(8))
        self.hint = grown("", th.FINE, th.TEXT_MUTED, halign="center")
        self.controls = column(self.page_label, turn, zoom, self.message, self.print_box, self.hint,
                               spacing=th.ref(10), padding=(0, 0, th.ref(20), 0))
        side.add_widget(scrolling(self.controls))
        row.add_widget(side)
        self.body.add_widget(row)
        self.textures: dict[int, Texture] = {}
        self._shown = (None, -1)
        self._choices = ()
        self._heights = {turn: turn_h, zoom: target_h()}

    def leave(self) -> None:
        self.textures.clear()  # pages exist nowhere but here: gone when the screen goes
        self.area.show(None, 1.0, True)
        self._shown = (None, -1)

    def show_body(self, body, view) -> None:
        ready = {b.serial: b for b in body.ready}
        for serial in [s for s in self.textures if s not in ready]:
            del self.textures[serial]
        uploaded, lost = [], []
        for serial, bitmap in ready.items():
            if serial in self.textures:
                continue
            if bitmap.pixels:
                self.textures[serial] = make_texture(bitmap)
                uploaded.append(serial)
            else:  # its pixels were let go once it was a texture, and that texture is gone
                lost.append(serial)
        if uploaded:  # the texture is now the only copy the page needs
            self.send(PagesUploaded(tuple(uploaded)))
        if lost:
            self.send(PagesLost(tuple(lost)))
        current = body.current
        texture = self.textures.get(current.serial) if current is not None else None
        reset = self._shown[1] != body.page or self._shown[0] != body.title
        if reset or (texture is not None and (texture is not self.area.texture or self.area.zoom != body.zoom)):
            # only when the page shown changes: moving the page's rectangle redraws the whole
            # window (25 ms of CPU on software GL), and a page arriving ahead changes nothing shown
            self.area.show(texture, body.zoom, reset)
        elif self.area.zoom != body.zoom:
            self.area.show(self.area.texture, body.zoom, False)
        self._shown = (body.title, body.page)
        self.doc_title.text = body.title
        self.published.text = body.subtitle
        self.page_label.text = body.page_label or (body.labels.get("opening", "") if body.status == "opening" else "")
        self.zoom_label.text = body.zoom_label
        for button, enabled in ((self.prev_button, body.can_prev), (self.next_button, body.can_next)):
            button.inert = not enabled
            button.opacity = 1 if enabled else 0.35
        self.hint.text = body.labels.get("swipe_hint", "") if body.status == "ready" else ""
        message = body.message if body.status == "failed" else (
            body.print_message if body.print_state in ("printing", "blocked", "done", "failed") else "")
        show_note(self.message, message)
        good = body.print_state in ("printing", "done") and body.status != "failed"
        self.message.bg = theme.BLUE_PALE if good else theme.DANGER_PALE
        self.message.label.color = theme.COURT_BLUE if good else theme.DANGER
        if message or body.print_state == "choosing":
            self.hint.text = ""
        self._show_choices(body)

    def _show_choices(self, body) -> None:
        th = theme
        choices = body.print_choices if body.print_state == "choosing" else ()
        options = getattr(body, "options", ()) if choices else ()
        if (choices, options) == self._choices:
            return
        self._choices = (choices, options)
        self.print_box.clear_widgets()
        self.choice_buttons = {}
        # A choice's sentence may take two lines in elderly type or English.
        tall = max(target_h(), 2 * th.FINE * th.LINE_EM + th.ref(16)) if large_type() else target_h()
        if options:  # 文书领取: copies − n + and double-sided, above the choices
            copies = BoxLayout(size_hint_y=None, height=target_h(), spacing=th.ref(8))
            for action, label in options[:3]:
                if action == "copies":
                    copies.add_widget(fit_text(label, th.SMALL, th.FINE, th.TEXT))
                    continue
                button = snug(label, lambda a=action: self.send(ActionTapped(a)), size=th.BODY,
                              pos_hint={"center_y": 0.5})
                self.choice_buttons[action] = button
                copies.add_widget(button)
            self.print_box.add_widget(copies)
            for action, label in options[3:]:
                button = neutral_button(label, lambda a=action: self.send(ActionTapped(a)),
                                        size=th.FINE, size_hint_x=1, size_hint_y=None, height=tall)
                self.choice_buttons[action] = button
                self.print_box.add_widget(button)
        for arg, label in choices:
            button = BigButton(label, lambda a=arg: self.send(ActionTapped("print_go", a)),
                               size=th.FINE, fit_min=fit_floor(th.FINE), size_hint_y=None, height=tall)
            self.choice_buttons[arg] = button
            self.print_box.add_widget(button)
        if choices:
            cancel = neutral_button(body.labels.get("cancel", t("screen.cancel")),
                                    lambda: self.send(ActionTapped("print_cancel")),
                                    size=th.FINE, size_hint_x=1, size_hint_y=None, height=target_h())
            self.choice_buttons["cancel"] = cancel
            self.print_box.add_widget(cancel)
        # the choices take the place of the zoom row and the hint while they are shown, and
        # with the copies and duplex rows, the page buttons too (room)
        # (in large type the page buttons give way to the choices too: one thing at a time)
        crowded = bool(options) or (bool(choices) and large_type())
        for widget, hidden in ((self.zoom_row, bool(choices)), (self.turn_row, crowded)):
            widget.opacity = 0 if hidden else 1
            widget.disabled = hidden
            widget.height = 0 if hidden else self._heights[widget]

    def primary_state(self, body):
        if getattr(body, "next_label", ""):
            return body.next_label, True
        return (body.labels.get("print", t("screen.print")) if body.print_state != "choosing" else ""), body.can_print
