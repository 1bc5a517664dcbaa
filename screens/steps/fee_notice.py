"""The fee payment screens. The notices: a card per notice (tap to open), or one notice in full: the
amount large, in capitals, the items, the payee account with the payment reference, the deadline
with its countdown, and on the right the payment QR code (or, overdue, what happens next). The
status: the shared status screen, with the payment slip's own wording. Every word comes from the
view; every length from the theme (``theme.ref`` for layout, ``theme.tx`` for boxes of text)."""

from __future__ import annotations

from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.gridlayout import GridLayout
from kivy.uix.label import Label
from kivy.uix.scrollview import ScrollView

from kiosk.flows.intents import ActionTapped, OptionChosen
from screens import theme
from screens.qr import QrImage
from screens.steps.page import StepScreen, card, edged, message_box, neutral_button, show_message
from screens.steps.query import TONES
from screens.steps.submit import StatusScreen
from screens.widgets import Panel, text


def _line(size, colour=None, height: float = 40, bold: bool = False) -> object:
    return text("", size, colour or theme.TEXT, bold=bold, halign="left", size_hint_y=None,
                height=theme.tx(height))


class NoticeCard(ButtonBehavior, Panel):
    """One notice in the list: the case number, its state badge, amount and deadline."""

    def __init__(self, on_tap, **kwargs):
        super().__init__(orientation="vertical", bg=theme.CARD, radius=theme.RADIUS, padding=(
            theme.ref(24), theme.ref(6)), spacing=theme.ref(2), size_hint_y=None, height=theme.tx(184),
                         **edged(), **kwargs)
        self.reference = ""
        self._on_tap = on_tap
        head = BoxLayout(size_hint_y=None, height=theme.tx(50), spacing=theme.ref(12))
        self.title = text("", theme.HEADING - 6, theme.COURT_BLUE, bold=True, halign="left")
        self.badge = Panel(radius=theme.RADIUS, size_hint_x=None, width=theme.tx(170))
        self.badge.label = text("", theme.SMALL, theme.WHITE, bold=True)
        self.badge.add_widget(self.badge.label)
        head.add_widget(self.title)
        head.add_widget(self.badge)
        body = BoxLayout(spacing=theme.ref(12))
        self.lines = text("", theme.BODY - 4, theme.TEXT, halign="left")
        self.open = text("", theme.BODY - 4, theme.BLUE, bold=True, halign="right", size_hint_x=None,
                         width=theme.tx(170))
        body.add_widget(self.lines)
        body.add_widget(self.open)
        self.add_widget(head)
        self.add_widget(body)

    def show(self, row) -> None:
        self.reference = row.reference
        self.title.text = row.title
        bg, fg = TONES.get(row.tone, TONES["info"])
        self.badge.bg, self.badge.label.color, self.badge.label.text = bg, fg, row.badge
        self.lines.text = "\n".join(row.lines)
        self.open.text = row.open_label

    def on_state(self, _w, state):
        self.bg = theme.CARD_PRESSED if state == "down" else theme.CARD

    def on_release(self):
        self._on_tap(self.reference)


class FeeNoticeScreen(StepScreen):
    kind = "fee_notice"

    def build_body(self) -> None:
        top = BoxLayout(size_hint_y=None, height=theme.tx(64), spacing=theme.ref(16))
        self.headline = text("", theme.HEADING - 2, theme.TEXT, bold=True, halign="left")
        self.list_button = neutral_button("", lambda: self.send(ActionTapped("list")), size=theme.BODY - 4,
                                          width=theme.tx(200))
        self.print_button = neutral_button("", lambda: self.send(ActionTapped("print_slip")), size=theme.BODY - 4,
                                           width=theme.tx(280))
        self.retry_button = neutral_button("", lambda: self.send(ActionTapped("retry")), size=theme.BODY,
                                           width=theme.tx(200))
        for widget in (self.headline, self.print_button, self.list_button, self.retry_button):
            top.add_widget(widget)
        self.message = message_box()
        self.scroller = ScrollView(do_scroll_x=False, bar_width=theme.ref(12))
        self.cards = GridLayout(cols=1, spacing=theme.ref(12), size_hint_y=None, padding=(0, 0, 0, theme.ref(12)))
        self.cards.bind(minimum_height=self.cards.setter("height"))
        self.scroller.add_widget(self.cards)
        self.detail = self._build_detail()
        self.stack = BoxLayout(orientation="vertical")
        for widget in (top, self.message, self.stack):
            self.body.add_widget(widget)
        self._shown_rows = None
        self._mode = ""

    def _build_detail(self) -> BoxLayout:
        row = BoxLayout(spacing=theme.ref(20), padding=(0, 0, 0, theme.ref(10)))
        left = card(padding=(theme.ref(28), theme.ref(12)), spacing=theme.ref(2))
        amount_row = BoxLayout(size_hint_y=None, height=theme.tx(70), spacing=theme.ref(14))
        self.amount_label = text("", theme.BODY, theme.TEXT, halign="left", size_hint_x=None, width=theme.tx(150))
        # One line, as wide as its text (no text_size: the width follows the texture, not the reverse).
        self.amount = Label(text="", font_size=theme.TITLE, color=theme.COURT_BLUE, bold=True, size_hint_x=None)
        self.amount.bind(texture_size=lambda label, size: setattr(label, "width", size[0] + theme.ref(8)))
        self.countdown = Panel(radius=theme.RADIUS, size_hint_x=None, width=theme.tx(300))
        self.countdown.label = text("", theme.BODY - 4, theme.TEXT, bold=True)
        self.countdown.add_widget(self.countdown.label)
        self.capital = text("", theme.BODY - 4, theme.TEXT, halign="left")
        self.capital.bind(texture_size=lambda _l, size: setattr(amount_row, "height",
                                                                 max(theme.tx(70), size[1] + theme.ref(6))))
        for widget in (self.amount_label, self.amount, self.capital):
            amount_row.add_widget(widget)
        self.items = _line(theme.BODY - 4, theme.TEXT, 42)
        self.payee = text("", theme.BODY - 4, theme.TEXT, halign="left", size_hint_y=None, height=theme.tx(160))
        self.payee.line_height = 1.1
        self.payee.bind(texture_size=lambda label, size: setattr(label, "height", size[1] + theme.ref(4)))
        due_row = BoxLayout(size_hint_y=None, height=theme.tx(56), spacing=theme.ref(14))
        self.due = text("", theme.BODY - 2, theme.COURT_BLUE, bold=True, halign="left")
        self.due.bind(texture_size=lambda _l, size: setattr(due_row, "height", max(theme.tx(56), size[1] + theme.ref(6))))
        due_row.add_widget(self.due)
        due_row.add_widget(self.countdown)
        # In a scroller: with the elderly mode's larger type the facts may need more than the card.
        facts = GridLayout(cols=1, spacing=theme.ref(2), size_hint_y=None)
        facts.bind(minimum_height=facts.setter("height"))
        # The most important first: the amount, the deadline; the account below (scrolls if need be).
        for widget in (amount_row, due_row, self.items, self.payee):
            facts.add_widget(widget)
        self.facts = ScrollView(do_scroll_x=False, bar_width=theme.ref(10))
        self.facts.add_widget(facts)
        left.add_widget(self.facts)
        self.side = card(padding=(theme.ref(16), theme.ref(10)), spacing=theme.ref(6), size_hint_x=None,
                         width=theme.ref(380))
        self.qr = QrImage()
        self.qr_caption = text("", theme.SMALL, theme.TEXT, size_hint_y=None, height=theme.tx(70))
        self.qr_caption.bind(texture_size=lambda label, size: setattr(label, "height", max(theme.tx(70), size[1])))
        self.note = Panel(radius=theme.RADIUS, padding=(theme.ref(16), theme.ref(10)))
        self.note.label = text("", theme.BODY - 6, theme.TEXT, halign="left")
        self.note.add_widget(self.note.label)
        row.add_widget(left)
        row.add_widget(self.side)
        return row

    def _set_mode(self, mode: str) -> None:
        if mode == self._mode:
            return
        self._mode = mode
        self.stack.clear_widgets()
        if mode == "list":
            self.stack.add_widget(self.scroller)
        elif mode == "detail":
            self.stack.add_widget(self.detail)

    def show_body(self, body, view) -> None:
        self.headline.text = body.headline
        self.headline.color = theme.DANGER if body.status == "unreachable" else theme.TEXT
        for button, label, shown, width in ((self.retry_button, body.retry_label, body.can_retry, 200),
                                            (self.list_button, body.list_label, body.can_list, 200),
                                            (self.print_button, body.print_label, body.can_print, 280)):
            button.label.text = label
            button.opacity = 1 if shown else 0
            button.inert = not shown
            button.width = theme.tx(width) if shown else 0
        show_message(self.message, body.message, theme.tx(120))
        if body.status == "ok":
            self.message.bg, self.message.label.color = theme.BLUE_PALE, theme.COURT_BLUE
        else:
            self.message.bg, self.message.label.color = theme.DANGER_PALE, theme.DANGER
        if body.detail is not None:
            self._set_mode("detail")
            self._show_detail(body.detail)
        elif body.rows:
            self._set_mode("list")
            self._show_rows(body.rows)
        else:
            self._set_mode("")

    def _show_rows(self, rows) -> None:
        if rows == self._shown_rows:
            return
        self._shown_rows = rows
        self.cards.clear_widgets()
        self.rows = []
        for row in rows:
            item = NoticeCard(lambda reference: self.send(OptionChosen(reference)))
            item.show(row)
            self.rows.append(item)
            self.cards.add_widget(item)
        self.scroller.scroll_y = 1

    def _show_detail(self, d) -> None:
        self.amount_label.text = d.amount_label
        self.amount.text = d.amount
        bg, fg = TONES.get(d.tone, TONES["info"])
        self.countdown.bg, self.countdown.label.color, self.countdown.label.text = bg, fg, d.countdown
        self.countdown.opacity = 1 if d.countdown else 0
        self.capital.text = d.capital
        self.items.text = "　".join(d.items)
        self.payee.text = "\n".join(d.payee)
        self.due.text = d.due
        self.due.color = theme.DANGER if d.overdue else theme.COURT_BLUE
        self.side.clear_widgets()
        if d.qr:
            self.qr.show(d.qr)
            self.qr_caption.text = d.qr_caption
            self.side.add_widget(self.qr)
            self.side.add_widget(self.qr_caption)
        else:
            self.qr.show("")
            note = d.overdue_text or d.state_text
            self.note.bg = theme.DANGER_PALE if d.overdue else theme.BLUE_PALE
            self.note.label.color = theme.DANGER if d.overdue else theme.COURT_BLUE
            self.note.label.text = note
            self.side.add_widget(self.note)

    def leave(self) -> None:
        self._shown_rows = None
        self.cards.clear_widgets()  # nobody's notices stay on a screen no one sees
        self.qr.show("")
        self._mode = ""
        self.stack.clear_widgets()

    def primary_state(self, body):
        return body.primary, body.can_continue


class FeeStatusScreen(StatusScreen):
    """The status screen; the payment slip once the court confirms."""

    kind = "fee_status"

    def show_body(self, body, view) -> None:
        super().show_body(body, view)
        if body.state == "paid":
            self.headline.color = theme.OK_GREEN
        if body.reprint_label:
            self.reprint.label.text = body.reprint_label
            self.reprint.width = theme.tx(360) if body.can_reprint else 0
