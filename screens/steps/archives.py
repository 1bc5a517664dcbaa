"""卷宗查阅: the archives the court approved for this person (each file one tap from the viewer,
the download QR code beside them), and the viewer over one file with the viewing's clock.

Every word comes from the view (the step resolves the catalogue); the pages are the generic
viewer's textures, the watermark already in their pixels."""

from __future__ import annotations

from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.gridlayout import GridLayout

from kiosk.flows.intents import OptionChosen
from screens import theme
from screens.qr import QrImage
from screens.steps.fitting import column, grown, note_box, show_note
from screens.steps.page import StepScreen, card, edged, scrolling
from screens.steps.viewer import ViewerScreen
from screens.widgets import Panel, large_type

QR_SIDE = 230
SIDE_W = 380
"""Reference-panel pixels: the QR code's side (a phone reads it from 50 mm up) and the side card's
width (grows with the type)."""


class FileCard(ButtonBehavior, Panel):
    """One file of an approved archive: its title (the court's), pages and what may be printed;
    as tall as its lines."""

    def __init__(self, row, on_tap):
        th = theme
        super().__init__(orientation="vertical", bg=th.CARD, radius=th.RADIUS, size_hint_y=None,
                         padding=(th.ref(18), th.ref(10)), spacing=th.ref(2), **edged())
        self.bind(minimum_height=self.setter("height"))
        self.key = row.key
        self._on_tap = on_tap
        self.add_widget(grown(row.title, th.BODY - th.ref(2), th.COURT_BLUE, bold=True, data=True))
        self.add_widget(grown(row.detail, th.FINE, th.TEXT))

    def on_state(self, _w, state):
        self.bg = theme.CARD_PRESSED if state == "down" else theme.CARD

    def on_release(self):
        self._on_tap(self.key)


class ArchivesScreen(StepScreen):
    kind = "archives"

    def build_body(self) -> None:
        th = theme
        row = BoxLayout(spacing=th.ref(14))
        left = BoxLayout(orientation="vertical", spacing=th.ref(8))
        self.status_line = grown("", th.SMALL, th.TEXT_MUTED)
        self.message = note_box()
        self.rows = GridLayout(cols=1, spacing=th.ref(8), size_hint_y=None, padding=(0, 0, th.ref(22), 0))
        self.rows.bind(minimum_height=self.rows.setter("height"))
        self.scroller = scrolling(self.rows)
        for widget in (self.status_line, self.message, self.scroller):
            left.add_widget(widget)
        row.add_widget(left)
        # The QR code first (what the litigant takes away), its sentence under it; the card
        # scrolls if elderly type or English needs more room than the panel has.
        self.side = card(size_hint_x=None, width=th.tx(SIDE_W), padding=(th.ref(12), th.ref(12)), **edged())
        self.qr_title = grown("", th.BODY - th.ref(2), th.COURT_BLUE, bold=True, halign="center")
        self.qr = QrImage(size_hint_y=None, height=th.ref(QR_SIDE * (0.85 if large_type() else 1)))
        self.qr_label = grown("", th.FINE, th.TEXT, halign="center")
        self.time_label = grown("", th.SMALL, th.COURT_BLUE, bold=True, halign="center")
        self.side.add_widget(scrolling(column(self.qr_title, self.qr, self.time_label, self.qr_label,
                                                   spacing=th.ref(8), padding=(0, 0, th.ref(20), 0))))
        row.add_widget(self.side)
        self.body.add_widget(row)
        self.file_cards: list[FileCard] = []
        self._shown = None

    def leave(self) -> None:
        self.qr.show("")
        self._shown = None

    def show_body(self, body, view) -> None:
        th = theme
        labels = body.labels
        self.status_line.text = labels.get("loading", "") if body.status == "loading" else body.time_label
        show_note(self.message, body.message)
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
            # the case number and the court's name, as the court wrote them
            self.rows.add_widget(grown(grant.heading, th.BODY - th.ref(2), th.TEXT, bold=True, data=True))
            self.rows.add_widget(grown(grant.detail, th.FINE, th.TEXT_MUTED))
            for f in grant.files:
                card_ = FileCard(f, lambda key: self.send(OptionChosen(key, group="file")))
                card_.opacity = 0.4 if body.ended else 1
                self.file_cards.append(card_)
                self.rows.add_widget(card_)
        if body.refusals:
            self.rows.add_widget(grown(labels.get("refusals", ""), th.BODY - th.ref(2), th.TEXT, bold=True))
            for line in body.refusals:
                box = Panel(bg=th.DANGER_PALE, radius=th.RADIUS, padding=(th.ref(18), th.ref(8)),
                            size_hint_y=None)
                note = grown(line, th.SMALL, th.DANGER)
                note.bind(height=lambda _n, h, b=box: setattr(b, "height", h + th.ref(16)))
                box.height = note.height + th.ref(16)
                box.add_widget(note)
                self.rows.add_widget(box)
        if body.empty:
            self.rows.add_widget(grown(body.empty, th.SMALL, th.TEXT_MUTED, halign="center"))
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
            show_note(self.message, body.message)
            if self.area.texture is not None:
                self.area.show(None, 1.0, True)  # the time ran out or it failed: no page stays shown

    def primary_state(self, body):
        label = body.labels.get("print", "")
        return (label if body.print_state != "choosing" else ""), body.can_print
