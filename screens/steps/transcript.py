"""笔录签署: the transcripts for this person as large cards; one read by scrolling its pages (the
sign button wakes only at the end); the confirmation text beside the pad; or a refusal with one
of a few reasons. Every word comes from the view (the catalogue)."""

from __future__ import annotations

import time

from kivy.clock import Clock
from kivy.effects.scroll import ScrollEffect
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.gridlayout import GridLayout
from kivy.uix.image import Image
from kivy.uix.scrollview import ScrollView

from kiosk.flows.intents import ActionTapped, ScrolledToEnd, SignatureDrawn
from kiosk.inputs.signature import text_sha256
from screens import theme
from screens.inputs.signature_pad import SignaturePanel
from screens.steps.page import StepScreen, card, message_box, neutral_button, show_message
from screens.steps.viewer import make_texture
from screens.widgets import BigButton, Panel, text

PNG_SIZE = (600, 240)
ITEM_H = 120
PAGE_GAP = 16


class TranscriptScreen(StepScreen):
    kind = "transcript"

    def build_body(self) -> None:
        self.headline = text("", theme.HEADING, theme.COURT_BLUE, bold=True, halign="left",
                             size_hint_y=None, height=64)
        self.body.add_widget(self.headline)
        self.area = BoxLayout(orientation="vertical", spacing=12)
        self.body.add_widget(self.area)
        self.error = message_box()
        self.body.add_widget(self.error)
        # the list
        self.list_box = BoxLayout(orientation="vertical", spacing=14)
        self.item_buttons: list[BigButton] = []
        # reading
        self.read_box = BoxLayout(orientation="horizontal", spacing=18)
        paper = card(padding=(14, 10))
        self.scroller = ScrollView(do_scroll_x=False, bar_width=16, bar_color=theme.BLUE,
                                   bar_inactive_color=theme.BLUE, effect_cls=ScrollEffect,
                                   scroll_type=["bars", "content"])
        self.pages = BoxLayout(orientation="vertical", spacing=PAGE_GAP, size_hint_y=None)
        self.pages.bind(minimum_height=self.pages.setter("height"))
        self.scroller.add_widget(self.pages)
        self.scroller.bind(scroll_y=self._scrolled, height=self._scrolled)
        self.pages.bind(height=self._scrolled)
        paper.add_widget(self.scroller)
        side = card(padding=(18, 10), spacing=10, size_hint_x=None, width=330)
        self.hint = text("", theme.SMALL, theme.TEXT, halign="left", valign="top")
        self.count = text("", theme.SMALL, theme.TEXT_MUTED, halign="left", size_hint_y=None, height=34)
        self.refuse_button = neutral_button("", lambda: self.send(ActionTapped("refuse")), size_hint_x=1,
                                            size_hint_y=None, height=88)
        self.list_button = neutral_button("", lambda: self.send(ActionTapped("list")), size_hint_x=1,
                                          size_hint_y=None, height=88)
        for widget in (self.count, self.hint, self.refuse_button, self.list_button):
            side.add_widget(widget)
        self.read_box.add_widget(paper)
        self.read_box.add_widget(side)
        # signing
        self.sign_box = BoxLayout(spacing=18)
        left = card(padding=(18, 12), spacing=10, size_hint_x=0.62)
        quote = Panel(bg=theme.BLUE_PALE, radius=theme.RADIUS, padding=(14, 10))
        self.quote = text("", theme.SMALL, theme.TEXT, halign="left", valign="top")
        quote.add_widget(self.quote)
        self.signer = text("", theme.SMALL, theme.TEXT_MUTED, halign="left", size_hint_y=None, height=36)
        buttons = BoxLayout(size_hint_y=None, height=88, spacing=12)
        self.back_to_reading = neutral_button("", lambda: self.send(ActionTapped("reading")), size_hint_x=1)
        self.refuse_here = neutral_button("", lambda: self.send(ActionTapped("refuse")), size_hint_x=1)
        buttons.add_widget(self.back_to_reading)
        buttons.add_widget(self.refuse_here)
        for widget in (quote, self.signer, buttons):
            left.add_widget(widget)
        right = card(padding=(16, 8), spacing=6)
        self.panel = SignaturePanel(self._signed, pad_height=280)
        right.add_widget(self.panel)
        self.sign_box.add_widget(left)
        self.sign_box.add_widget(right)
        # refusing
        self.refuse_box = BoxLayout(orientation="vertical", spacing=14)
        self.reason_buttons: dict[str, BigButton] = {}
        self.refuse_back = neutral_button("", lambda: self.send(ActionTapped("reading")), width=300,
                                          size_hint_y=None, height=88)
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
                end = text(body.labels["end"], theme.BODY, theme.COURT_BLUE, bold=True, size_hint_y=None, height=72)
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
            grid = GridLayout(cols=2, spacing=14, size_hint_y=None, height=2 * 104 + 14)
            for value, label, _chosen in body.reasons:
                button = BigButton(label, lambda v=value: self.send(ActionTapped("reason", v)),
                                   size=theme.BODY, size_hint_y=None, height=104)
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
        self.headline.height = 0 if body.phase == "signing" else 64  # the pad needs the room
        self.headline.opacity = 0 if body.phase == "signing" else 1
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
            self.signer.text = body.signer
            self.back_to_reading.label.text = labels["reading"]
            self.refuse_here.label.text = labels["refuse"]
        elif body.phase == "refusing":
            self._show_panel(self.refuse_box)
            self._show_reasons(body)
            self.refuse_back.label.text = labels["reading"]

    def _show_list(self, body) -> None:
        wanted = [(doc_id, f"{title}\n{line}") for doc_id, title, line in body.items]
        if [b.doc_id for b in self.item_buttons] == [d for d, _ in wanted]:
            return
        self.list_box.clear_widgets()
        self.item_buttons = []
        for doc_id, label in wanted:
            button = BigButton(label, lambda d=doc_id: self.send(ActionTapped("open", d)), bg=theme.CARD,
                               colour=theme.COURT_BLUE, size=theme.BODY, size_hint_y=None, height=ITEM_H)
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
