"""笔录签署: the transcripts for this person as large cards; one read by scrolling its pages (the
sign button wakes only at the end); the confirmation text beside the pad; or a refusal with one
of a few reasons. Every word comes from the view (the catalogue)."""

from __future__ import annotations

import time

from kivy.clock import Clock
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.gridlayout import GridLayout
from kivy.uix.image import Image

from kiosk.flows.intents import ActionTapped, ScrolledToEnd, SignatureDrawn
from kiosk.inputs.signature import text_sha256
from screens import theme
from screens.inputs.signature_pad import SignaturePanel
from screens.steps.page import (StepScreen, card, fit_floor, message_box, neutral_button,
                                scrolling, show_message)
from screens.steps.viewer import make_texture
from screens.widgets import BigButton, Panel, fit_text, large_type

PNG_SIZE = (600, 240)


def _lines(size: float, n: int = 1) -> float:
    return n * size * theme.LINE_EM


def _button_h(reference_px: float = 88) -> float:
    return max(theme.mm(theme.MIN_TARGET_MM), theme.bx(reference_px))


def _side_button_h() -> float:
    """The reading column's buttons: a target and one line of their (fitted) label, no more."""
    return max(theme.mm(theme.MIN_TARGET_MM) + theme.ref(6),
               fit_floor(theme.BODY) * theme.LINE_EM + theme.ref(16))


class TranscriptScreen(StepScreen):
    kind = "transcript"

    def build_body(self) -> None:
        t = theme
        wide = large_type()
        self.headline = fit_text("", t.HEADING, fit_floor(t.HEADING), t.COURT_BLUE, bold=True,
                                 halign="left", size_hint_y=None, height=_lines(t.HEADING))
        self.body.add_widget(self.headline)
        self.area = BoxLayout(orientation="vertical", spacing=t.ref(12))
        self.body.add_widget(self.area)
        self.error = message_box()
        self.body.add_widget(self.error)
        # the list
        self.list_box = BoxLayout(orientation="vertical", spacing=t.ref(14))
        self.item_buttons: list[BigButton] = []
        # reading
        self.read_box = BoxLayout(orientation="horizontal", spacing=t.ref(18))
        paper = card(padding=(t.ref(14), t.ref(10)))
        self.scroller = scrolling()
        self.pages = BoxLayout(orientation="vertical", spacing=t.ref(16), size_hint_y=None)
        self.pages.bind(minimum_height=self.pages.setter("height"))
        self.scroller.add_widget(self.pages)
        self.scroller.bind(scroll_y=self._scrolled, height=self._scrolled)
        self.pages.bind(height=self._scrolled)
        paper.add_widget(self.scroller)
        # Large type: the side column takes more room for its words and buttons, the page less.
        side = card(padding=(t.ref(18), t.ref(10)), spacing=t.ref(10), size_hint_x=None,
                    width=t.ref(460 if wide else 330))
        self.hint = fit_text("", t.SMALL, t.FINE, t.TEXT, halign="left")
        self.count = fit_text("", t.SMALL, t.FINE, t.TEXT_MUTED, halign="left", size_hint_y=None,
                              height=_lines(t.SMALL))
        self.refuse_button = neutral_button("", lambda: self.send(ActionTapped("refuse")), size_hint_x=1,
                                            size_hint_y=None, height=_side_button_h())
        self.list_button = neutral_button("", lambda: self.send(ActionTapped("list")), size_hint_x=1,
                                          size_hint_y=None, height=_side_button_h())
        # Large type: the page count goes (the scroll bar shows the length), the hint gets its room.
        for widget in (*(() if wide else (self.count,)), self.hint, self.refuse_button, self.list_button):
            side.add_widget(widget)
        self.read_box.add_widget(paper)
        self.read_box.add_widget(side)
        # signing
        self.sign_box = BoxLayout(spacing=t.ref(18))
        left = card(padding=(t.ref(18), t.ref(12)), spacing=t.ref(10), size_hint_x=1.1 if wide else 0.62)
        quote = Panel(bg=t.BLUE_PALE, radius=t.RADIUS, padding=(t.ref(14), t.ref(10)))
        self.quote = fit_text("", t.SMALL, t.FINE, t.TEXT, halign="left")
        quote.add_widget(self.quote)
        self.signer = fit_text("", t.SMALL, t.FINE, t.TEXT_MUTED, halign="left", size_hint_y=None,
                               height=_lines(t.SMALL))
        self.signer.a11y_data = True  # the signer's name
        buttons = BoxLayout(orientation="vertical" if wide else "horizontal", size_hint_y=None,
                            height=2 * _button_h() + t.ref(12) if wide else _button_h(),
                            spacing=t.ref(12))
        self.back_to_reading = neutral_button("", lambda: self.send(ActionTapped("reading")), size_hint_x=1)
        self.refuse_here = neutral_button("", lambda: self.send(ActionTapped("refuse")), size_hint_x=1)
        buttons.add_widget(self.back_to_reading)
        buttons.add_widget(self.refuse_here)
        for widget in (quote, self.signer, buttons):
            left.add_widget(widget)
        right = card(padding=(t.ref(16), t.ref(8)), spacing=t.ref(6))
        self.panel = SignaturePanel(self._signed, pad_height=t.ref(210 if wide else 280))
        right.add_widget(self.panel)
        self.sign_box.add_widget(left)
        self.sign_box.add_widget(right)
        # refusing
        self.refuse_box = BoxLayout(orientation="vertical", spacing=t.ref(14))
        self.reason_buttons: dict[str, BigButton] = {}
        self.refuse_back = neutral_button("", lambda: self.send(ActionTapped("reading")), width=300,
                                          size_hint_y=None, height=_button_h())
        self._shown = None
        self._textures: dict[int, object] = {}
        self._told = False
        self._doc = None

    # --- which panel -------------------------------------------------------------------------
    def _show_panel(self, panel) -> None:
        if self._shown is panel:
            return
        self.area.clear_widgets()
        if panel is not None:
            self.area.add_widget(panel)
        self._shown = panel

    def leave(self) -> None:
        """Nothing of this person's transcript or signature stays for the next one."""
        self.panel.clear()
        self.pages.clear_widgets()
        self._textures.clear()
        self._doc = None
        self._shown = None
        self.area.clear_widgets()

    # --- reading -----------------------------------------------------------------------------
    def _scrolled(self, *_args) -> None:
        body = self.view.step.body if self.view and self.view.step and self.view.step.kind == self.kind else None
        if body is None or body.phase != "reading" or not body.page_count:
            return
        if len(self._textures) < body.page_count or self._told:
            return
        at_end = self.scroller.scroll_y <= 0.02 or self.pages.height <= self.scroller.height
        if at_end:
            self._told = True
            Clock.schedule_once(lambda _dt: self.send(ScrolledToEnd()), 0)

    def _show_pages(self, body) -> None:
        doc = (body.title, body.page_count)
        if doc != self._doc:
            self._doc = doc
            self.pages.clear_widgets()
            self._textures.clear()
            self._told = False
            self.scroller.scroll_y = 1
        for bitmap in body.pages:
            if bitmap.page in self._textures:
                continue
            texture = make_texture(bitmap)
            self._textures[bitmap.page] = texture
            image = Image(texture=texture, size_hint_y=None, fit_mode="contain")
            image.page = bitmap.page
            image.bind(width=lambda img, w, b=bitmap: setattr(img, "height", w * b.height / b.width))
            image.height = max(1, self.scroller.width - 20) * bitmap.height / bitmap.width
            extra = [image]
            if len(self._textures) == body.page_count:  # the last page is in: say where it ends
                end = fit_text(body.labels["end"], theme.BODY, fit_floor(theme.BODY), theme.COURT_BLUE,
                               bold=True, size_hint_y=None, height=_lines(theme.BODY, 2))
                end.page = body.page_count
                extra.append(end)
            ordered = sorted([c for c in self.pages.children] + extra, key=lambda c: c.page)
            self.pages.clear_widgets()
            for child in ordered:
                self.pages.add_widget(child)
        Clock.schedule_once(self._scrolled, 0)

    # --- signing -----------------------------------------------------------------------------
    def _signed(self, signature) -> None:
        body = self.view.step.body
        stamp = time.strftime("%Y-%m-%dT%H:%M:%S%z")
        self.send(SignatureDrawn(signature.to_json(text_sha256(body.confirm_text), body.signer, stamp),
                                 signature.render_png(*PNG_SIZE), True))

    def _show_reasons(self, body) -> None:
        if not self.reason_buttons:
            rows = -(-len(body.reasons) // 2)
            grid = GridLayout(cols=2, spacing=theme.ref(14), size_hint_y=None,
                              height=rows * _button_h(104) + (rows - 1) * theme.ref(14))
            for value, label, _chosen in body.reasons:
                button = BigButton(label, lambda v=value: self.send(ActionTapped("reason", v)),
                                   size=theme.BODY, fit_min=fit_floor(theme.BODY), size_hint_y=None,
                                   height=_button_h(104))
                self.reason_buttons[value] = button
                grid.add_widget(button)
            self.refuse_box.add_widget(grid)
            self.refuse_box.add_widget(self.refuse_back)
            self.refuse_box.add_widget(BoxLayout())
        for value, label, chosen in body.reasons:
            button = self.reason_buttons[value]
            button.label.text = label
            button.bg = button._normal = theme.BLUE if chosen else theme.NEUTRAL
            button.label.color = theme.WHITE if chosen else theme.TEXT

    # --- render ------------------------------------------------------------------------------
    def show_body(self, body, view) -> None:
        self.headline.text = body.headline
        # Signing: the pad needs the room; reading in large type: the page and its hint do (the
        # title is on the page itself).
        hidden = body.phase == "signing" or (large_type() and body.phase in ("reading", "stamping"))
        self.headline.height = 0 if hidden else _lines(theme.HEADING)
        self.headline.a11y_data = (body.title,) if body.title else ()  # the court's title of it
        self.headline.opacity = 0 if hidden else 1
        labels = body.labels
        show_message(self.error, body.error, 80)
        if body.phase in ("loading", "list", "none", "failed"):
            self._show_list(body)
            self._show_panel(self.list_box)
        elif body.phase in ("reading", "stamping"):
            self._show_panel(self.read_box)
            self._show_pages(body)
            self.hint.text = body.hint
            self.count.text = labels["pages"] if body.page_count else labels["loading_pages"]
            self.refuse_button.label.text = labels["refuse"]
            self.refuse_button.opacity = 1 if body.at_end else 0
            self.refuse_button.inert = not body.at_end
            self.list_button.label.text = labels["list"]
        elif body.phase == "signing":
            if self._shown is not self.sign_box:
                self.panel.clear()
            self._show_panel(self.sign_box)
            self.quote.text = body.confirm_text
            self.quote.a11y_data = tuple(v for v in (body.signer, body.title, view.court_name) if v)
            self.signer.text = body.signer
            self.back_to_reading.label.text = labels["reading"]
            self.refuse_here.label.text = labels["refuse"]
        elif body.phase == "refusing":
            self._show_panel(self.refuse_box)
            self._show_reasons(body)
            self.refuse_back.label.text = labels["reading"]

    def _show_list(self, body) -> None:
        wanted = [(doc_id, title, f"{title}\n{line}") for doc_id, title, line in body.items]
        if [b.doc_id for b in self.item_buttons] == [d for d, _t, _l in wanted]:
            return
        self.list_box.clear_widgets()
        self.item_buttons = []
        for doc_id, title, label in wanted:
            button = BigButton(label, lambda d=doc_id: self.send(ActionTapped("open", d)), bg=theme.CARD,
                               colour=theme.COURT_BLUE, size=theme.BODY, fit_min=fit_floor(theme.BODY),
                               size_hint_y=None, height=_lines(theme.BODY, 2) + theme.ref(24))
            button.label.a11y_data = (title,)  # the court's title of the transcript
            button.doc_id = doc_id
            self.item_buttons.append(button)
            self.list_box.add_widget(button)
        self.list_box.add_widget(BoxLayout())

    def primary_state(self, body):
        if body.phase in ("reading", "stamping"):
            return body.labels["sign"], body.at_end and body.phase == "reading"
        if body.phase == "refusing":
            return body.labels["refuse_send"], any(chosen for _v, _l, chosen in body.reasons)
        return "", False
