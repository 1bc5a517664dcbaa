"""领取文书: the documents the court sent for this person as large cards, one tap to view and
print; the pickup code from the SMS on a digit pad; asking for a document not yet sent. Every
word comes from the view (the catalogue): nothing here is a literal the person reads."""

from __future__ import annotations

from kivy.uix.boxlayout import BoxLayout
from kivy.uix.gridlayout import GridLayout
from kivy.uix.scrollview import ScrollView
from kivy.uix.widget import Widget

from kiosk.flows.intents import ActionTapped, FieldEdited, FieldFocused
from screens import theme
from screens.steps.page import StepScreen, card, edged, neutral_button
from screens.widgets import BigButton, Panel, text

ROW_H = 112
MAX_ROWS = 8
DIGITS = "1234567890"


class DocumentRowCard(Panel):
    """One document: its title and what it is, and the button that opens it."""

    def __init__(self, on_open, **kwargs):
        super().__init__(orientation="horizontal", bg=theme.CARD, radius=theme.RADIUS, padding=(20, 10),
                         spacing=16, size_hint_y=None, height=ROW_H, **edged(), **kwargs)
        self.doc_id = ""
        words = BoxLayout(orientation="vertical", spacing=2)
        self.title = text("", theme.BODY - 2, theme.COURT_BLUE, bold=True, halign="left")
        self.detail = text("", theme.SMALL, theme.TEXT_MUTED, halign="left")
        words.add_widget(self.title)
        words.add_widget(self.detail)
        self.served = text("", theme.SMALL, theme.OK_GREEN, size_hint_x=None, width=120)
        self.button = BigButton("", lambda: on_open(self.doc_id), size=theme.BODY - 4, size_hint_x=None,
                                width=250)
        for widget in (words, self.served, self.button):
            self.add_widget(widget)


class DocumentsScreen(StepScreen):
    kind = "documents"

    def build_body(self) -> None:
        box = card(padding=(24, 12), spacing=10)
        self.banner = Panel(bg=theme.BLUE_PALE, radius=theme.RADIUS, padding=(20, 4), size_hint_y=None,
                            height=76)
        self.headline = text("", theme.BODY - 2, theme.COURT_BLUE, bold=True, halign="left")
        self.banner.add_widget(self.headline)
        self.who = text("", theme.SMALL, theme.TEXT_MUTED, halign="left", size_hint_y=None, height=34)
        self.rows_box = BoxLayout(orientation="vertical", spacing=10)
        self.row_cards = [DocumentRowCard(lambda doc_id: self.send(ActionTapped("open", doc_id)))
                          for _ in range(MAX_ROWS)]
        self.scroller = ScrollView(do_scroll_x=False, bar_width=12)
        self.list_grid = GridLayout(cols=1, spacing=10, size_hint_y=None)
        self.list_grid.bind(minimum_height=self.list_grid.setter("height"))
        self.scroller.add_widget(self.list_grid)
        self.code_box = self._code_pad()
        actions = BoxLayout(size_hint_y=None, height=92, spacing=20)
        self.code_button = neutral_button("", lambda: self.send(FieldFocused("code")), width=330,
                                          size=theme.BODY - 2)
        self.request_button = BigButton("", lambda: self.send(ActionTapped("request")), size=theme.BODY - 2,
                                        size_hint_x=None, width=330)
        for widget in (self.code_button, Widget(), self.request_button):
            actions.add_widget(widget)
        self.actions = actions
        for widget in (self.banner, self.who, self.rows_box, actions):
            box.add_widget(widget)
        self.body.add_widget(box)
        self._code = ""
        self._mode = None

    def _code_pad(self) -> BoxLayout:
        pad = BoxLayout(orientation="vertical", spacing=8)
        top = BoxLayout(size_hint_y=None, height=70, spacing=16)
        self.code_label = text("", theme.SMALL, theme.TEXT_MUTED, halign="left", size_hint_x=None, width=360)
        shown = Panel(bg=theme.BLUE_PALE, radius=theme.RADIUS, padding=(18, 0))
        self.code_shown = text("", theme.TITLE - 6, theme.TEXT, bold=True)
        shown.add_widget(self.code_shown)
        top.add_widget(self.code_label)
        top.add_widget(shown)
        keys = GridLayout(cols=7, spacing=8)
        self.digit_keys = {}
        for digit in DIGITS:
            self.digit_keys[digit] = BigButton(digit, lambda d=digit: self._digit(d), size=theme.TITLE - 8)
            keys.add_widget(self.digit_keys[digit])
        self.backspace = neutral_button("", self._backspace, size=theme.BODY - 4, size_hint_x=1)
        self.code_cancel = neutral_button("", lambda: self.send(ActionTapped("cancel_edit")),
                                          size=theme.BODY - 4, size_hint_x=1)
        self.code_ok = BigButton("", self._confirm, size=theme.BODY - 4, bg=theme.OK_GREEN)
        for widget in (self.backspace, self.code_cancel, self.code_ok):
            keys.add_widget(widget)
        self.or_card = text("", theme.SMALL, theme.TEXT_MUTED, size_hint_y=None, height=34)
        for widget in (top, keys, self.or_card):
            pad.add_widget(widget)
        return pad

    def _digit(self, digit: str) -> None:
        if len(self._code) < 6:
            self._code += digit
            self.code_shown.text = self._code

    def _backspace(self) -> None:
        self._code = self._code[:-1]
        self.code_shown.text = self._code

    def _confirm(self) -> None:
        self.send(FieldEdited("code", self._code))

    def leave(self) -> None:
        self._code = ""  # a code typed on a public screen does not outlive it
        self.code_shown.text = ""

    def show_body(self, body, view) -> None:
        labels = body.labels
        # what went wrong takes the banner's place, in red: the first thing read on the page
        self.headline.text = body.error or body.headline
        self.headline.color = theme.DANGER if body.error else theme.COURT_BLUE
        self.banner.bg = theme.DANGER_PALE if body.error else theme.BLUE_PALE
        self.banner.height = 88 if body.error else 76
        self.who.text = body.who
        mode = "code" if body.editing else "list"
        if mode != self._mode:
            self.rows_box.clear_widgets()
            if mode == "code":
                self._code = ""
                self.rows_box.add_widget(self.code_box)
            else:
                self.rows_box.add_widget(self.scroller)
            self._mode = mode
        shown_rows = len(body.rows)
        if [c for c in self.list_grid.children] != list(reversed(self.row_cards[:shown_rows])):
            self.list_grid.clear_widgets()
            for row in self.row_cards[:shown_rows]:
                self.list_grid.add_widget(row)
        self.code_shown.text = self._code
        self.code_label.text = labels.get("code_label", "")
        self.backspace.label.text = labels.get("backspace", "")
        self.code_cancel.label.text = labels.get("cancel", "")
        self.code_ok.label.text = labels.get("confirm", "")
        self.or_card.text = labels.get("or_card", "")
        for row, shown in zip(self.row_cards, body.rows + (None,) * MAX_ROWS):
            row.opacity = 1 if shown else 0
            row.button.inert = shown is None
            if shown is not None:
                row.doc_id = shown.doc_id
                row.title.text = shown.title
                row.detail.text = shown.detail
                row.served.text = shown.served
                row.button.label.text = labels.get("open", "")
        self.actions.opacity = 0 if body.editing else 1
        self.code_button.label.text = labels.get("code", "")
        self.code_button.inert = body.editing or not body.can_code
        self.code_button.opacity = 1 if body.can_code and not body.editing else 0
        self.request_button.label.text = labels.get("request", "")
        self.request_button.inert = body.editing or not body.can_request
        self.request_button.opacity = 1 if body.can_request and not body.editing else 0

    @property
    def row_buttons(self) -> dict:
        return {row.doc_id: row.button for row in self.row_cards if row.opacity and row.doc_id}

    def primary_state(self, body):
        return "", False
