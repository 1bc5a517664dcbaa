"""Materials: what the case type requires as a checklist of scan buttons, each material's pages
as thumbnails as they arrive, and per page: move, rescan, delete.

The page strip is a RecycleView: a 50-page material keeps only the thumbnails in view as widgets
(about eight, reused as the strip scrolls) and textures only for the last few dozen pages shown,
instead of 50 widgets with four buttons each and 50 textures (docs/readme/memory.md)."""

from __future__ import annotations

import io
from collections import OrderedDict

from kivy.uix.boxlayout import BoxLayout
from kivy.uix.gridlayout import GridLayout
from kivy.uix.image import Image
from kivy.uix.recycleboxlayout import RecycleBoxLayout
from kivy.uix.recycleview import RecycleView
from kivy.uix.recycleview.views import RecycleDataViewBehavior

from kiosk.flows.intents import ActionTapped
from screens import theme
from screens.steps.page import StepScreen, card, message_box, neutral_button, show_message
from kiosk.texts import t
from screens.widgets import BigButton, fit_text, large_type

TEXTURES_KEPT = 24
"""Decoded thumbnails kept: the strip shows about eight, the rest are decoded again (about 1 ms
each) when scrolled back into view."""
_textures: OrderedDict[bytes, object] = OrderedDict()


def texture_of(png: bytes):
    """A thumbnail's texture, decoded once while it is among the last ``TEXTURES_KEPT`` shown.
    Decoded by PIL as PNG only and blitted: Kivy's image loader initialises every PIL plugin on
    its first use (120 ms on the Kivy thread while the first page arrived) and frees its image
    data slowly."""
    if png in _textures:
        _textures.move_to_end(png)
        return _textures[png]
    texture = _decode(png) if png else None
    _textures[png] = texture
    while len(_textures) > TEXTURES_KEPT:
        _textures.popitem(last=False)
    return texture


def _decode(png: bytes):
    from kivy.graphics.texture import Texture
    from PIL import Image as PILImage

    with PILImage.open(io.BytesIO(png), formats=["PNG"]) as image:
        rgba = image.convert("RGBA")
    texture = Texture.create(size=rgba.size, colorfmt="rgba")
    texture.blit_buffer(rgba.tobytes(), colorfmt="rgba", bufferfmt="ubyte")
    texture.flip_vertical()
    return texture


def thumb_size() -> tuple[float, float]:
    return (theme.tx(168), theme.ref(200) + theme.tx(26) * 1.1 + 2 * max(theme.mm(15), theme.tx(32))
            + theme.ref(16))


class PageThumb(RecycleDataViewBehavior, BoxLayout):
    """One page of the strip: image, caption, 前移 / 后移 / 重扫 / 删除. The RecycleView reuses it
    for whichever page scrolls into its place (``refresh_view_attrs``)."""

    screen = None
    """The MaterialsScreen its taps go to (the strip's, set when the RecycleView shows it). Not a
    per-screen subclass: Kivy's Factory registers every Widget class for good, and a class per
    screen kept every materials screen built alive with it."""

    def __init__(self, **kwargs):
        # As tall as the strip: the image takes what the caption and the page tools leave, so
        # the tools stay in reach when a message narrows the strip (on a 1280x800 panel the
        # fixed-height thumbnail hid them below the strip's edge).
        super().__init__(orientation="vertical", size_hint=(None, 1), width=thumb_size()[0],
                         spacing=theme.ref(4), **kwargs)
        self.image = Image(fit_mode="contain")
        self.caption = fit_text("", theme.FINE, theme.FINE, theme.TEXT, size_hint_y=None,
                                height=theme.tx(26) * 1.1)
        key = max(theme.mm(15), theme.tx(32))
        tools = GridLayout(cols=2, spacing=theme.ref(4), size_hint_y=None, height=2 * key + theme.ref(4))
        self.buttons = {}
        for action, label in (("move_page:-1", "screen.page_earlier"), ("move_page:1", "screen.page_later"),
                              ("rescan_page", "screen.page_rescan"), ("delete_page", "screen.page_delete")):
            button = BigButton(t(label), lambda a=action: self._tap(a), size=theme.FINE,
                               fit_min=theme.FINE, bg=theme.NEUTRAL, pressed=theme.NEUTRAL_PRESSED,
                               colour=theme.TEXT, radius=theme.ref(8))
            self.buttons[action] = button
            tools.add_widget(button)
        for widget in (self.image, self.caption, tools):
            self.add_widget(widget)
        self.material_id, self.index = "", 0

    def _tap(self, action: str) -> None:
        name, _, step = action.partition(":")
        arg = f"{self.material_id}:{self.index}" + (f":{step}" if step else "")
        self.screen.send(ActionTapped(name, arg))

    def refresh_view_attrs(self, rv, index, data) -> None:
        self.screen = rv.screen
        self.show(data["material_id"], data["index"], data["png"], data["problem"])

    def show(self, material_id: str, index: int, png: bytes, problem: str) -> None:
        self.material_id, self.index = material_id, index
        self.image.texture = texture_of(png)
        self.caption.text = t("screen.page_n", n=index + 1) + (f" {problem}" if problem else "")
        self.caption.color = theme.DANGER if problem else theme.TEXT


class MaterialsScreen(StepScreen):
    kind = "materials"

    def build_body(self) -> None:
        row = BoxLayout(spacing=theme.ref(18))
        left = card(padding=(theme.ref(16), theme.ref(12)), spacing=theme.ref(10), size_hint_x=0.32)
        large = large_type()
        left.add_widget(fit_text(t("screen.materials_needed"), theme.BODY - theme.ref(2), theme.FINE,
                                 theme.COURT_BLUE, bold=True, size_hint_y=None,
                                 height=theme.tx(40) * (1.1 if large else 1)))

        self.required = BoxLayout(orientation="vertical", spacing=theme.ref(6 if large else 10))
        if large:
            left.spacing = theme.ref(6)
        left.add_widget(self.required)
        self.duplex = neutral_button(t("screen.duplex_off"), lambda: self.send(ActionTapped("duplex")),
                                     size=theme.BODY - theme.ref(6), size_hint_x=1, size_hint_y=None,
                                     height=theme.bx(64 if large else 80))
        left.add_widget(self.duplex)
        right = card(padding=(theme.ref(16), theme.ref(10)), spacing=theme.ref(8), size_hint_x=0.68)
        self.status = fit_text("", theme.BODY - theme.ref(4), theme.FINE, theme.TEXT, halign="left",
                               size_hint_y=None,
                               height=3 * theme.FINE * theme.LINE_EM + 4 if large else theme.tx(40) * 1.1)
        self.message = message_box()
        scroller = RecycleView(do_scroll_y=False, do_scroll_x=True, bar_width=theme.ref(12),
                               scroll_type=["bars", "content"])
        self.strip = RecycleBoxLayout(orientation="horizontal", spacing=theme.ref(10),
                                      padding=(theme.ref(4), theme.ref(4)), size_hint=(None, 1),
                                      default_size=thumb_size(), default_size_hint=(None, 1))
        self.strip.bind(minimum_width=self.strip.setter("width"))
        scroller.add_widget(self.strip)
        scroller.screen = self  # what each PageThumb's taps go to
        scroller.viewclass = PageThumb  # after the layout
        self.scroller = scroller
        tabs = BoxLayout(size_hint_y=None, height=max(theme.mm(15), theme.bx(70)), spacing=theme.ref(10))
        self.tabs = tabs
        tools = BoxLayout(size_hint_y=None, height=theme.bx(80), spacing=theme.ref(12))
        self.more = neutral_button(t("screen.scan_more"), lambda: self.send(ActionTapped("scan_more")),
                                   size=theme.BODY - theme.ref(4), size_hint_x=1)
        self.flatbed = neutral_button(t("screen.scan_flatbed"), lambda: self.send(ActionTapped("scan_flatbed")),
                                      size=theme.BODY - theme.ref(4), size_hint_x=1)
        self.delete = neutral_button(t("screen.delete_material"),
                                     lambda: self.send(ActionTapped("delete_material")),
                                     size=theme.BODY - theme.ref(4), size_hint_x=1)
        for widget in (self.more, self.flatbed, self.delete):
            tools.add_widget(widget)
        for widget in (tabs, self.status, self.message, scroller, tools):
            right.add_widget(widget)
        row.add_widget(left)
        row.add_widget(right)
        self.body.add_widget(row)
        self.kind_buttons: dict[str, BigButton] = {}

    def show_body(self, body, view) -> None:
        wanted = [(key, name, done) for key, name, done in body.required] + \
                 [(key, name, False) for key, name in body.optional]
        if list(self.kind_buttons) != [k for k, _n, _d in wanted]:
            self.required.clear_widgets()
            self.kind_buttons = {}
            for key, _name, _done in wanted:
                button = BigButton("", lambda k=key: self.send(ActionTapped("add", k)),
                                   size=theme.BODY - theme.ref(6), fit_min=theme.FINE,
                                   size_hint_y=None, height=theme.bx(60 if large_type() else 96))
                self.kind_buttons[key] = button
                self.required.add_widget(button)
            self.required.add_widget(BoxLayout())
        for key, name, done in wanted:
            button = self.kind_buttons[key]
            button.label.text = t("screen.scanned" if done else "screen.scan", name=name)
            button.label.a11y_data = (name,)  # the legal name of the document, as the court lists it
            button._normal = theme.OK_GREEN if done else theme.BLUE
            button.bg = button._normal
        self.duplex.label.text = t("screen.duplex_on" if body.duplex else "screen.duplex_off")
        self.tabs.clear_widgets()
        for m in body.materials:
            chosen = m.material_id == body.current
            self.tabs.add_widget(BigButton(
                m.name, lambda i=m.material_id: self.send(ActionTapped("select", i)),
                size=theme.FINE + theme.ref(2), fit_min=theme.FINE, bg=theme.COURT_BLUE if chosen else theme.NEUTRAL,
                colour=theme.WHITE if chosen else theme.TEXT, pressed=theme.NEUTRAL_PRESSED))
        current = next((m for m in body.materials if m.material_id == body.current), None)
        self.status.text = t("screen.material_status", name=current.name, status=current.status_text) \
            if current else body.hint
        show_message(self.message, (current.error if current and current.error else body.message), 80)
        pages = list(zip(current.thumbs, current.page_problems)) if current else []
        key = (current.material_id if current else "", [(id(png), p) for png, p in pages])
        if key != getattr(self, "_strip_key", None):
            # The data, not widgets: the RecycleView makes (or reuses) views only for the pages
            # in sight, so a page arriving costs one small dict, not a thumbnail widget.
            mid = current.material_id if current else ""
            self.scroller.data = [{"material_id": mid, "index": i, "png": png, "problem": problem}
                                  for i, (png, problem) in enumerate(pages)]
        self._strip_key = key
        for button in (self.more, self.flatbed, self.delete):
            button.opacity = 1 if current else 0
            button.inert = current is None or body.busy

    def primary_state(self, body):
        return t("common.next"), body.can_continue
