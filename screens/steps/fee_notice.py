"""The fee payment screens. The notices: a card per notice (tap to open), or one notice in full: the
amount large, in capitals, the items, the payee account with the payment reference, the deadline
with its countdown, and on the right the payment QR code (or, overdue, what happens next). The
status: the shared status screen, with the payment slip's own wording. Every word comes from the
view; every length from the theme (``theme.ref`` for layout, ``theme.tx`` for boxes of text)."""

from __future__ import annotations

from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.gridlayout import GridLayout
from kivy.uix.widget import Widget

from kiosk.flows.intents import ActionTapped, OptionChosen
from screens import theme
from screens.qr import QrImage
from screens.steps.page import (StepScreen, card, edged, fit_floor, message_box, neutral_button,
                                scrolling, show_message)
from screens.steps.query import TONES
from screens.steps.submit import StatusScreen
from screens.widgets import Panel, fit_text, label_width, large_type, text


class NoticeCard(ButtonBehavior, Panel):
    """One notice in the list: the case number, its state badge, amount and deadline."""

    def __init__(self, on_tap, **kwargs):
        t = theme
        line = t.BODY - t.ref(4)
        super().__init__(orientation="vertical", bg=t.CARD, radius=t.RADIUS,
                         padding=(t.ref(24), t.ref(6)), spacing=t.ref(2), size_hint_y=None,
                         height=t.lines_h(t.HEADING - t.ref(6)) + t.lines_h(line, 3) + t.ref(20),
                         **edged(), **kwargs)
        self.reference = ""
        self._on_tap = on_tap
        head = BoxLayout(size_hint_y=None, height=t.lines_h(t.HEADING - t.ref(6)), spacing=t.ref(12))
        self.title = fit_text("", t.HEADING - t.ref(6), fit_floor(t.HEADING - t.ref(6)), t.COURT_BLUE,
                              bold=True, halign="left")
        self.title.a11y_data = True  # the case number
        self.badge = Panel(radius=t.RADIUS, size_hint_x=None, width=t.tx(170))
        self.badge.label = fit_text("", t.SMALL, t.FINE, t.WHITE, bold=True)
        self.badge.add_widget(self.badge.label)
        head.add_widget(self.title)
        head.add_widget(self.badge)
        body = BoxLayout(spacing=t.ref(12))
        self.lines = fit_text("", line, fit_floor(line), t.TEXT, halign="left")
        self.open = fit_text("", line, fit_floor(line), t.BLUE, bold=True, halign="right",
                             size_hint_x=None, width=t.tx(170))
        body.add_widget(self.lines)
        body.add_widget(self.open)
        self.add_widget(head)
        self.add_widget(body)

    def show(self, row) -> None:
        t = theme
        self.reference = row.reference
        self.title.text = row.title
        bg, fg = TONES.get(row.tone, TONES["info"])
        self.badge.bg, self.badge.label.color, self.badge.label.text = bg, fg, row.badge
        self.badge.width = label_width(row.badge, t.SMALL) + t.ref(24)
        self.lines.text = "\n".join(row.lines)
        self.open.text = row.open_label
        self.open.width = label_width(row.open_label, t.BODY - t.ref(4)) + t.ref(12)

    def on_state(self, _w, state):
        self.bg = theme.CARD_PRESSED if state == "down" else theme.CARD

    def on_release(self):
        self._on_tap(self.reference)


class FeeNoticeScreen(StepScreen):
    kind = "fee_notice"

    def build_body(self) -> None:
        t = theme
        button_h = max(t.mm(t.MIN_TARGET_MM), t.bx(64))
        top = BoxLayout(size_hint_y=None, height=max(button_h, t.lines_h(t.HEADING - t.ref(2))),
                        spacing=t.ref(16))
        self.headline = fit_text("", t.HEADING - t.ref(2), fit_floor(t.HEADING - t.ref(2)), t.TEXT,
                                 bold=True, halign="left")
        small = t.BODY - t.ref(4)
        self.list_button = neutral_button("", lambda: self.send(ActionTapped("list")), size=small,
                                          width=200)
        self.print_button = neutral_button("", lambda: self.send(ActionTapped("print_slip")), size=small,
                                           width=280)
        self.retry_button = neutral_button("", lambda: self.send(ActionTapped("retry")), size=t.BODY,
                                           width=200)
        for widget in (self.headline, self.print_button, self.list_button, self.retry_button):
            top.add_widget(widget)
        self.top_row, self._top_h = top, top.height
        self.message = message_box()
        self.scroller = scrolling()
        self.cards = GridLayout(cols=1, spacing=t.ref(12), size_hint_y=None, padding=(0, 0, t.ref(20), t.ref(12)))
        self.cards.bind(minimum_height=self.cards.setter("height"))
        self.scroller.add_widget(self.cards)
        self.detail = self._build_detail()
        self.stack = BoxLayout(orientation="vertical")
        for widget in (top, self.message, self.stack):
            self.body.add_widget(widget)
        self._shown_rows = None
        self._mode = ""

    def _build_detail(self) -> BoxLayout:
        """The amount and the deadline first, the account below (the facts scroll if need be);
        the QR code on the right. Every line sized from its text; nothing cut."""
        t = theme
        line = t.BODY - t.ref(4)
        row = BoxLayout(spacing=t.ref(20), padding=(0, 0, 0, t.ref(10)))
        left = card(padding=(t.ref(28), t.ref(12)), spacing=t.ref(2))
        amount_row = BoxLayout(size_hint_y=None, height=t.lines_h(t.TITLE), spacing=t.ref(14))
        self.amount_label = fit_text("", t.BODY, fit_floor(t.BODY), t.TEXT, halign="left",
                                     size_hint_x=None, width=t.tx(150))
        # Large, on one line: it shrinks (to body size) rather than run past the card.
        self.amount = fit_text("", t.TITLE, t.BODY, t.COURT_BLUE, bold=True, halign="left")
        amount_row.add_widget(self.amount_label)
        amount_row.add_widget(self.amount)
        # The amount in Chinese capitals (大写), as the notice writes it: for a Chinese reader.
        self.capital = fit_text("", line, fit_floor(line), t.TEXT, halign="left", size_hint_y=None,
                                height=t.lines_h(line))
        self.capital.a11y_data = True
        self.countdown = Panel(radius=t.RADIUS, size_hint_x=None, width=t.tx(300),
                               padding=(t.ref(12), 0))
        self.countdown.label = fit_text("", line, fit_floor(line), t.TEXT, bold=True)
        self.countdown.add_widget(self.countdown.label)
        # Large type: the deadline on one line, its countdown on the next.
        wide = large_type()
        due_h = t.lines_h(t.BODY - t.ref(2)) + t.ref(6)
        due_row = BoxLayout(orientation="vertical" if wide else "horizontal", size_hint_y=None,
                            height=due_h + (t.lines_h(line) + t.ref(8) if wide else 0), spacing=t.ref(4))
        self.due = fit_text("", t.BODY - t.ref(2), fit_floor(t.BODY - t.ref(2)), t.COURT_BLUE,
                            bold=True, halign="left")
        due_row.add_widget(self.due)
        if wide:
            self.countdown.size_hint_y, self.countdown.height = None, t.lines_h(line) + t.ref(8)
            badge_row = BoxLayout(size_hint_y=None, height=self.countdown.height)
            badge_row.add_widget(self.countdown)
            badge_row.add_widget(Widget())
            due_row.add_widget(badge_row)
        else:
            due_row.add_widget(self.countdown)
        # Large type, one notice: its case number heads the facts (the top row makes way for the QR).
        # Two lines at its floor: "Fee notice for case （2024）豫0102民初1187号" in English.
        self.case_line = fit_text("", t.BODY, fit_floor(t.BODY), t.TEXT, bold=True, halign="left",
                                  size_hint_y=None,
                                  height=max(t.lines_h(t.BODY), t.lines_h(fit_floor(t.BODY), 2)))
        self.items = text("", line, t.TEXT, halign="left", size_hint_y=None, height=t.lines_h(line))
        self.items.bind(texture_size=lambda label, size: setattr(label, "height", size[1] + t.ref(4)))
        self.payee = text("", line, t.TEXT, halign="left", size_hint_y=None, height=t.lines_h(line, 4))
        self.payee.line_height = 1.1
        self.payee.bind(texture_size=lambda label, size: setattr(label, "height", size[1] + t.ref(4)))
        facts = GridLayout(cols=1, spacing=t.ref(2), size_hint_y=None, padding=(0, 0, t.ref(20), 0))
        facts.bind(minimum_height=facts.setter("height"))
        self.facts_grid = facts
        self._facts = (self.case_line, amount_row, self.capital, due_row, self.items, self.payee)
        self.facts = scrolling(facts)
        left.add_widget(self.facts)
        self.side = card(padding=(t.ref(16), t.ref(10)), spacing=t.ref(6), size_hint_x=None,
                         width=t.ref(440 if wide else 380))
        self.qr = QrImage()
        self.qr_caption = fit_text("", t.SMALL, t.FINE, t.TEXT, size_hint_y=None,
                                   height=t.lines_h(t.FINE, 4 if wide else 3))
        self.note = Panel(radius=t.RADIUS, padding=(t.ref(16), t.ref(10)))
        self.note.label = fit_text("", t.BODY - t.ref(6), t.FINE, t.TEXT, halign="left")
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
            button.width = max(theme.tx(width), label_width(label, theme.BODY - theme.ref(4))
                               + theme.ref(40)) if shown else 0
        self.headline.a11y_data = body.detail.data if body.detail is not None else \
            tuple(r.title for r in body.rows)  # case numbers
        show_message(self.message, body.message, 120)
        if body.status == "ok":
            self.message.bg, self.message.label.color = theme.BLUE_PALE, theme.COURT_BLUE
        else:
            self.message.bg, self.message.label.color = theme.DANGER_PALE, theme.DANGER
        if body.detail is None:
            self.top_row.height, self.top_row.opacity = self._top_h, 1
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
        from kiosk.texts import language

        t = theme
        self.amount_label.text = d.amount_label
        self.amount_label.width = label_width(d.amount_label, t.BODY, bold=False) + t.ref(8)
        self.amount.text = d.amount
        body = self.view.step.body
        alone = large_type() and not (body.can_list or body.can_print or body.can_retry)
        self.top_row.height, self.top_row.opacity = (0, 0) if alone else (self._top_h, 1)
        self.case_line.text = body.headline if alone else ""
        self.case_line.a11y_data = d.data
        shown = [w for w in self._facts if (w is not self.capital or (d.capital and language() == "zh"))
                 and (w is not self.case_line or alone)]
        if list(reversed(self.facts_grid.children)) != shown:
            self.facts_grid.clear_widgets()
            for widget in shown:
                self.facts_grid.add_widget(widget)
        for label in (self.items, self.payee, self.due, self.countdown.label):
            label.a11y_data = d.data
        bg, fg = TONES.get(d.tone, TONES["info"])
        self.countdown.bg, self.countdown.label.color, self.countdown.label.text = bg, fg, d.countdown
        self.countdown.opacity = 1 if d.countdown else 0
        self.countdown.width = label_width(d.countdown, t.BODY - t.ref(4)) + t.ref(32) if d.countdown else 0
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
