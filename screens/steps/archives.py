"""卷宗查阅: the archives the court approved for this person (each file one tap from the viewer,
the download QR code beside them), and the viewer over one file with the viewing's clock.

Every word comes from the view (the step resolves the catalogue); the pages are the generic
viewer's textures, the watermark already in their pixels."""

from __future__ import annotations

from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.gridlayout import GridLayout
from kivy.uix.scrollview import ScrollView

from kiosk.flows.intents import OptionChosen
from screens import theme
from screens.qr import QrImage
from screens.steps.page import StepScreen, card, edged, message_box, show_message
from screens.steps.viewer import ViewerScreen
from screens.widgets import Panel, text

QR_SIDE = 230
SIDE_W = 380


class FileCard(ButtonBehavior, Panel):
    """One file of an approved archive: its title, pages and what may be printed."""

    def __init__(self, row, on_tap):
        super().__init__(orientation="vertical", bg=theme.CARD, radius=theme.RADIUS, padding=(18, 6),
                         size_hint_y=None, height=112, **edged())
        self.key = row.key
        self._on_tap = on_tap
        self.add_widget(text(row.title, theme.BODY - 2, theme.COURT_BLUE, bold=True, halign="left"))
        self.add_widget(text(row.detail, theme.FINE, theme.TEXT, halign="left"))

    def on_state(self, _w, state):
        self.bg = theme.CARD_PRESSED if state == "down" else theme.CARD

    def on_release(self):
        self._on_tap(self.key)


class ArchivesScreen(StepScreen):
    kind = "archives"

    def build_body(self) -> None:
        row = BoxLayout(spacing=14)
        left = BoxLayout(orientation="vertical", spacing=8)
        self.status_line = text("", theme.SMALL, theme.TEXT_MUTED, halign="left", size_hint_y=None, height=40)
        self.message = message_box()
        self.scroller = ScrollView(do_scroll_x=False, bar_width=10, bar_color=theme.BLUE,
                                   scroll_type=["bars", "content"])
        self.rows = GridLayout(cols=1, spacing=8, size_hint_y=None)
        self.rows.bind(minimum_height=self.rows.setter("height"))
        self.scroller.add_widget(self.rows)
        for widget in (self.status_line, self.message, self.scroller):
            left.add_widget(widget)
        row.add_widget(left)
        self.side = card(size_hint_x=None, width=SIDE_W, padding=(16, 18), spacing=8)
        self.qr_title = text("", theme.BODY - 2, theme.COURT_BLUE, bold=True, size_hint_y=None, height=44)
        self.qr = QrImage(size_hint_y=None, height=QR_SIDE)
        self.qr_label = text("", theme.FINE, theme.TEXT, size_hint_y=None, height=64)
        self.time_label = text("", theme.SMALL, theme.COURT_BLUE, bold=True, size_hint_y=None, height=44)
        for widget in (self.qr_title, self.qr, self.qr_label, self.time_label, BoxLayout()):
            self.side.add_widget(widget)
        row.add_widget(self.side)
        self.body.add_widget(row)
        self.file_cards: list[FileCard] = []
        self._shown = None

    def leave(self) -> None:
        self.qr.show("")
        self._shown = None

    def show_body(self, body, view) -> None:
        labels = body.labels
        self.status_line.text = labels.get("loading", "") if body.status == "loading" else body.time_label
        show_message(self.message, body.message, 120)
        first = body.grants[0] if body.grants else None
        self.qr.show(first.qr if first is not None else "")
        self.qr_title.text = labels.get("qr_title", "") if first is not None and first.qr else ""
        self.qr_label.text = first.qr_label if first is not None and first.qr else ""
        self.side.opacity = 1 if first is not None and first.qr else 0
        self.time_label.text = body.time_label
        shown = (body.grants, body.refusals, body.empty, body.ended)
        if shown == self._shown:
            return
        self._shown = shown
        self.rows.clear_widgets()
        self.file_cards = []
        for grant in body.grants:
            self.rows.add_widget(text(grant.heading, theme.BODY - 2, theme.TEXT, bold=True, halign="left",
                                      size_hint_y=None, height=48))
            self.rows.add_widget(text(grant.detail, theme.FINE, theme.TEXT_MUTED, halign="left",
                                      size_hint_y=None, height=36))
            for f in grant.files:
                card_ = FileCard(f, lambda key: self.send(OptionChosen(key, group="file")))
                card_.opacity = 0.4 if body.ended else 1
                self.file_cards.append(card_)
                self.rows.add_widget(card_)
        if body.refusals:
            self.rows.add_widget(text(labels.get("refusals", ""), theme.BODY - 2, theme.TEXT, bold=True,
                                      halign="left", size_hint_y=None, height=48))
            for line in body.refusals:
                box = Panel(bg=theme.DANGER_PALE, radius=theme.RADIUS, padding=(18, 6), size_hint_y=None,
                            height=120)
                box.add_widget(text(line, theme.FINE + 2, theme.DANGER, halign="left"))
                self.rows.add_widget(box)
        if body.empty:
            self.rows.add_widget(text(body.empty, theme.SMALL, theme.TEXT_MUTED, size_hint_y=None, height=110))
        self.scroller.scroll_y = 1

    def primary_state(self, body):
        return "", False


class ArchiveViewerScreen(ViewerScreen):
    """The generic viewer; its side panel's date line shows the viewing's clock (an archive has no
    publication date) and its hint line what the court allows. No widget is added, so the
    viewer's layout stays the one its audit checked."""

    kind = "archive_viewer"

    def show_body(self, body, view) -> None:
        super().show_body(body, view)
        self.published.text = body.time_label
        self.published.color = theme.DANGER if body.time_short else theme.COURT_BLUE
        self.published.bold = True
        if body.status == "ready" and not self.message.label.text and body.print_state != "choosing":
            self.hint.text = body.notice
        if body.status != "ready":
            show_message(self.message, body.message, 150)
            if self.area.texture is not None:
                self.area.show(None, 1.0, True)  # the time ran out or it failed: no page stays shown

    def primary_state(self, body):
        label = body.labels.get("print", "")
        return (label if body.print_state != "choosing" else ""), body.can_print
