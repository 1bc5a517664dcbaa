"""A strip of page thumbnails: tap to select, move left or right, delete with a second tap.

Pages are ``(page_id, png_bytes or Texture)``. The strip applies each change to its own order at
once (so the litigant sees it) and reports it: ``on_select(index)``, ``on_move(old, new)``,
``on_delete(index, page_id)``; the owner may re-render with ``set_pages`` from its state.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence

from kivy.core.image import Image as CoreImage
from kivy.graphics import Color, Line
from kivy.graphics.texture import Texture
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.image import Image
from kivy.uix.widget import Widget

from kiosk.texts import t
from screens import theme
from screens.inputs.keys import GAP, KEY, Key
from screens.widgets import Panel, text

THUMB_W, THUMB_H = 150, 212  # A4-ish, plus the page number under it


def texture_of(page: bytes | Texture) -> Texture:
    if isinstance(page, Texture):
        return page
    return CoreImage(io.BytesIO(page), ext="png").texture


class Thumbnail(ButtonBehavior, Panel):
    """One page: the image and its number; a thick blue frame when selected."""

    def __init__(self, page_id: str, texture: Texture, on_tap: Callable[[], None], **kwargs):
        super().__init__(orientation="vertical", bg=theme.CARD, radius=8, padding=6, spacing=4,
                         size_hint=(None, None), size=(THUMB_W, THUMB_H + theme.SMALL + 16),
                         **kwargs)
        self.page_id, self._on_tap = page_id, on_tap
        self.image = Image(texture=texture, fit_mode="contain")
        self.number = text("", theme.SMALL, theme.TEXT, size_hint_y=None, height=theme.SMALL + 4)
        self.add_widget(self.image)
        self.add_widget(self.number)
        with self.canvas.after:
            self._frame_colour = Color(*theme.TEXT_MUTED)
            self._frame = Line(width=1.5)
        self.bind(pos=self._redraw_frame, size=self._redraw_frame)
        self.selected = False

    def _redraw_frame(self, *_args) -> None:
        self._frame.rounded_rectangle = (self.x + 1, self.y + 1, self.width - 2,
                                         self.height - 2, 8)

    def mark(self, selected: bool) -> None:
        self.selected = selected
        self._frame_colour.rgba = theme.BLUE if selected else theme.TEXT_MUTED
        self._frame.width = 5 if selected else 1.5

    def on_release(self) -> None:
        self._on_tap()


class ThumbnailStrip(BoxLayout):
    """Thumbnails in pages that fit the width (‹ › to page), and 左移 / 右移 / 删除 below."""

    def __init__(self, *, on_select: Callable[[int], None] | None = None,
                 on_move: Callable[[int, int], None] | None = None,
                 on_delete: Callable[[int, str], None] | None = None, **kwargs):
        kwargs.setdefault("size_hint_y", None)
        kwargs.setdefault("height", THUMB_H + theme.SMALL + 16 + KEY + 2 * GAP)
        super().__init__(orientation="vertical", spacing=GAP, **kwargs)
        self._on_select, self._on_move, self._on_delete = on_select, on_move, on_delete
        self.items: list[tuple[str, Texture]] = []
        self.selected: int | None = None
        self.first = 0
        self.thumbs: list[Thumbnail] = []
        self.row = BoxLayout(orientation="horizontal", spacing=GAP, size_hint_y=None,
                             height=THUMB_H + theme.SMALL + 16)
        controls = BoxLayout(orientation="horizontal", spacing=GAP * 2, size_hint_y=None,
                             height=KEY)
        self.prev_key = Key("‹", lambda: self.scroll(-1), kind="action", name="prev")
        self.next_key = Key("›", lambda: self.scroll(1), kind="action", name="next")
        self.left_key = Key(t("screen.move_left"), self.move_left, kind="action", width=KEY * 1.8,
                            size=theme.BODY, name="left")
        self.right_key = Key(t("screen.move_right"), self.move_right, kind="action", width=KEY * 1.8,
                             size=theme.BODY, name="right")
        self.delete_key = Key(t("screen.delete_page"), self.delete, kind="action", width=KEY * 2.2,
                              size=theme.BODY, name="delete")
        self.status = text("", theme.BODY, theme.TEXT_MUTED)
        for widget in (self.prev_key, self.status, self.left_key, self.right_key,
                       self.delete_key, self.next_key):
            controls.add_widget(widget)
        self.add_widget(self.row)
        self.add_widget(controls)
        self._armed = False
        self.bind(width=lambda *_: self._render())

    @property
    def pages(self) -> list[str]:
        return [page_id for page_id, _ in self.items]

    @property
    def per_view(self) -> int:
        room = self.width - 2 * GAP
        return max(1, int((room + GAP) // (THUMB_W + GAP)))

    def set_pages(self, pages: Sequence[tuple[str, bytes | Texture]],
                  selected: int | None = None) -> None:
        self.items = [(page_id, texture_of(page)) for page_id, page in pages]
        self.selected = selected if selected is not None and selected < len(self.items) else None
        self._render()

    def _render(self) -> None:
        self._disarm()
        if self.selected is not None:
            # keep the selected page in view
            if self.selected < self.first:
                self.first = self.selected
            elif self.selected >= self.first + self.per_view:
                self.first = self.selected - self.per_view + 1
        self.first = max(0, min(self.first, max(0, len(self.items) - self.per_view)))
        self.row.clear_widgets()
        self.thumbs = []
        for index in range(self.first, min(len(self.items), self.first + self.per_view)):
            page_id, texture = self.items[index]
            thumb = Thumbnail(page_id, texture, lambda i=index: self.select(i))
            thumb.number.text = t("screen.page_n", n=index + 1)
            thumb.mark(index == self.selected)
            self.thumbs.append(thumb)
            self.row.add_widget(thumb)
        self.row.add_widget(Widget())
        chosen = self.selected is not None
        for key in (self.left_key, self.right_key, self.delete_key):
            key.opacity = 1 if chosen else 0.4
        self.left_key.inert = not chosen or self.selected == 0
        self.right_key.inert = not chosen or self.selected == len(self.items) - 1
        self.delete_key.inert = not chosen
        self.prev_key.inert = self.first == 0
        self.next_key.inert = self.first + self.per_view >= len(self.items)
        for key in (self.prev_key, self.next_key):
            key.opacity = 0.35 if key.inert else 1
        self.status.text = f"共{len(self.items)}页" + (f"，已选第{self.selected + 1}页"
                                                     if chosen else "，点一页可调整")

    def thumb_for(self, page_id: str) -> Thumbnail | None:
        return next((t for t in self.thumbs if t.page_id == page_id), None)

    def scroll(self, step: int) -> None:
        self.first += step * self.per_view
        self._render()

    def select(self, index: int) -> None:
        self.selected = index
        self._render()
        if self._on_select is not None:
            self._on_select(index)

    def _move(self, step: int) -> None:
        old = self.selected
        if old is None or not 0 <= old + step < len(self.items):
            return
        self.items[old], self.items[old + step] = self.items[old + step], self.items[old]
        self.selected = old + step
        self._render()
        if self._on_move is not None:
            self._on_move(old, old + step)

    def move_left(self) -> None:
        self._move(-1)

    def move_right(self) -> None:
        self._move(1)

    def _disarm(self) -> None:
        self._armed = False
        self.delete_key.set_label("删除此页")
        self.delete_key._normal = theme.NEUTRAL
        self.delete_key.bg = theme.NEUTRAL
        self.delete_key.label.color = theme.TEXT

    def delete(self) -> None:
        """First tap asks (the key turns red: 确认删除), the second deletes."""
        if self.selected is None:
            return
        if not self._armed:
            self._armed = True
            self.delete_key.set_label("确认删除")
            self.delete_key._normal = theme.DANGER
            self.delete_key.bg = theme.DANGER
            self.delete_key.label.color = theme.WHITE
            return
        index = self.selected
        page_id, _ = self.items.pop(index)
        self.selected = None
        self._render()
        if self._on_delete is not None:
            self._on_delete(index, page_id)
