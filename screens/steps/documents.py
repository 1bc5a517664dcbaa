"""领取文书: the documents the court sent for this person as large cards, one tap to view and
print; the pickup code from the SMS on a digit pad; asking for a document not yet sent. Every
word comes from the view (the catalogue): nothing here is a literal the person reads."""

from __future__ import annotations

from kivy.uix.boxlayout import BoxLayout
from kivy.uix.gridlayout import GridLayout
from kivy.uix.widget import Widget

from kiosk.flows.intents import ActionTapped, FieldEdited, FieldFocused
from screens import theme
from screens.inputs.keypad import Keypad
from screens.steps.page import StepScreen, card, edged, fit_floor, neutral_button, scrolling
from screens.widgets import BigButton, Panel, fit_text, label_width, large_type

MAX_ROWS = 8


def _lines(size: float, n: int = 1) -> float:
    return n * size * theme.LINE_EM


def _button_h() -> float:
    return max(theme.mm(theme.MIN_TARGET_MM), theme.bx(92))


class DocumentRowCard(Panel):
    """One document: its title and what it is, and the button that opens it. Elderly type and
    English: the title and its facts get two lines each, the row grows to hold them."""

    def __init__(self, on_open, **kwargs):
        t = theme
        wide = large_type()
        title_size, detail_size = t.BODY - t.ref(2), t.SMALL
        # The facts line holds a case number, one unbreakable word: three lines in large type.
        height = _lines(title_size, 2 if wide else 1) + _lines(detail_size, 3 if wide else 1) + t.ref(20)
        super().__init__(orientation="horizontal", bg=t.CARD, radius=t.RADIUS,
                         padding=(t.ref(20), t.ref(10)), spacing=t.ref(16), size_hint_y=None,
                         height=max(height, _button_h() + t.ref(20)), **edged(), **kwargs)
        self.doc_id = ""
        words = BoxLayout(orientation="vertical", spacing=t.ref(2))
        self.title = fit_text("", title_size, fit_floor(title_size), t.COURT_BLUE, bold=True,
                              halign="left")
        self.title.a11y_data = True  # the court's own title of its document
        self.detail = fit_text("", detail_size, t.FINE, t.TEXT_MUTED, halign="left",
                               size_hint_y=None, height=_lines(detail_size, 3 if wide else 1))
        words.add_widget(self.title)
        words.add_widget(self.detail)
        self.served = fit_text("", t.SMALL, t.FINE, t.OK_GREEN, size_hint_x=None, width=0)
        self.button = BigButton("", lambda: on_open(self.doc_id), size=t.BODY - t.ref(4),
                                fit_min=fit_floor(t.BODY - t.ref(4)), size_hint=(None, None),
                                width=t.tx(250), height=_button_h(), pos_hint={"center_y": 0.5})
        for widget in (words, self.served, self.button):
            self.add_widget(widget)

    def show(self, shown, open_label: str) -> None:
        t = theme
        self.doc_id = shown.doc_id
        self.title.text = shown.title
        self.detail.text = shown.detail
        self.detail.a11y_data = (shown.case_ref,) if shown.case_ref else ()
        self.served.text = shown.served
        self.served.width = label_width(shown.served, t.SMALL, bold=False) + t.ref(8) if shown.served else 0
        self.button.label.text = open_label
        self.button.width = min(t.ref(330), max(t.tx(200), label_width(open_label, t.BODY - t.ref(4))
                                                + t.ref(40)))


class DocumentsScreen(StepScreen):
    kind = "documents"

    def build_body(self) -> None:
        t = theme
        box = card(padding=(t.ref(24), t.ref(12)), spacing=t.ref(10))
        self.banner = Panel(bg=t.BLUE_PALE, radius=t.RADIUS, padding=(t.ref(20), t.ref(4)),
                            size_hint_y=None, height=self._banner_h())
        self.headline = fit_text("", t.BODY - t.ref(2), fit_floor(t.BODY - t.ref(2)), t.COURT_BLUE,
                                 bold=True, halign="left")
        self.banner.add_widget(self.headline)
        self.banner.bind(width=self._resize_banner)
        self.who = fit_text("", t.SMALL, t.FINE, t.TEXT_MUTED, halign="left", size_hint_y=None,
                            height=_lines(t.SMALL))
        self.who.a11y_data = True  # the litigant's name and masked ID number
        self.rows_box = BoxLayout(orientation="vertical", spacing=t.ref(10))
        self.row_cards = [DocumentRowCard(lambda doc_id: self.send(ActionTapped("open", doc_id)))
                          for _ in range(MAX_ROWS)]
        self.scroller = scrolling()
        self.list_grid = GridLayout(cols=1, spacing=t.ref(10), size_hint_y=None,
                                    padding=(0, 0, t.ref(20), 0))  # room for the scroll bar
        self.list_grid.bind(minimum_height=self.list_grid.setter("height"))
        self.scroller.add_widget(self.list_grid)
        self.code_box = self._code_pad()
        actions = BoxLayout(size_hint_y=None, height=_button_h(), spacing=t.ref(20))
        self.code_button = neutral_button("", lambda: self.send(FieldFocused("code")), width=330,
                                          size=t.BODY - t.ref(2))
        self.request_button = BigButton("", lambda: self.send(ActionTapped("request")),
                                        size=t.BODY - t.ref(2), fit_min=fit_floor(t.BODY - t.ref(2)),
                                        size_hint_x=None, width=t.tx(330))
        for widget in (self.code_button, Widget(), self.request_button):
            actions.add_widget(widget)
        self.actions = actions
        # Large type: one document at a time; the name line goes (the banner says "sent to you")
        # and the two actions follow the list, so a whole row shows without scrolling.
        self.wide = large_type()
        for widget in (self.banner, *(() if self.wide else (self.who,)), self.rows_box,
                       *(() if self.wide else (actions,))):
            box.add_widget(widget)
        self.body.add_widget(box)
        self._code = ""
        self._mode = None

    def _banner_h(self, _error: bool = False) -> float:
        """One line when the headline fits on one at its floor size, else two."""
        size = theme.BODY - theme.ref(2)
        headline = getattr(self, "headline", None)
        room = self.banner.width - theme.ref(40) if hasattr(self, "banner") else 0
        one = headline is not None and room > 0 and \
            label_width(headline.text, fit_floor(size)) <= room
        return _lines(size, 1 if one else 2) + theme.ref(12)

    def _resize_banner(self, *_args) -> None:
        self.banner.height = self._banner_h()

    def _code_pad(self) -> BoxLayout:
        t = theme
        pad = BoxLayout(orientation="vertical", spacing=t.ref(8))
        top = BoxLayout(size_hint_y=None, height=max(t.tx(70), _lines(t.SMALL, 2)), spacing=t.ref(16))
        self.code_label = fit_text("", t.SMALL, t.FINE, t.TEXT_MUTED, halign="left", size_hint_x=None,
                                   width=t.tx(360))
        shown = Panel(bg=t.BLUE_PALE, radius=t.RADIUS, padding=(t.ref(18), 0))
        self.code_shown = fit_text("", t.TITLE - t.ref(6), t.BODY, t.TEXT, bold=True)
        self.code_shown.a11y_data = True  # the digits typed
        shown.add_widget(self.code_shown)
        top.add_widget(self.code_label)
        top.add_widget(shown)
        self.code_cancel = neutral_button("", lambda: self.send(ActionTapped("cancel_edit")),
                                          size=t.BODY - t.ref(4), size_hint_x=None, width=t.tx(150))
        top.add_widget(self.code_cancel)
        # the one digit keypad, its code kind: six digits at most, two rows, 确定 sends them
        keys = Keypad("code", self._typed, on_done=lambda _state: self._confirm(), show_display=False,
                      show_message=False, size_hint_y=1)
        self.code_keys = keys
        self.digit_keys = keys.keys  # by digit, and backspace / clear / done by what they do
        self.code_ok = keys.keys["done"]
        self.or_card = fit_text("", t.SMALL, t.FINE, t.TEXT_MUTED, size_hint_y=None,
                                height=_lines(t.SMALL))
        for widget in (top, keys, self.or_card):
            pad.add_widget(widget)
        return pad

    def _typed(self, code: str) -> None:
        self._code = code
        self.code_shown.text = code

    def _confirm(self) -> None:
        self.send(FieldEdited("code", self._code))

    def leave(self) -> None:
        self.code_keys.clear()  # a code typed on a public screen does not outlive it

    def show_body(self, body, view) -> None:
        labels = body.labels
        # what went wrong takes the banner's place, in red: the first thing read on the page
        self.headline.text = body.error or body.headline
        self.headline.color = theme.DANGER if body.error else theme.COURT_BLUE
        self.banner.bg = theme.DANGER_PALE if body.error else theme.BLUE_PALE
        self.banner.height = self._banner_h(bool(body.error))
        self.who.text = body.who
        mode = "code" if body.editing else "list"
        if mode != self._mode:
            self.rows_box.clear_widgets()
            if mode == "code":
                self.code_keys.clear()
                self.rows_box.add_widget(self.code_box)
            else:
                self.rows_box.add_widget(self.scroller)
            self._mode = mode
        wanted = self.row_cards[:len(body.rows)] + ([self.actions] if self.wide else [])
        if list(self.list_grid.children) != list(reversed(wanted)):
            self.list_grid.clear_widgets()
            for widget in wanted:
                self.list_grid.add_widget(widget)
        self.code_shown.text = self._code
        self.code_label.text = labels.get("code_label", "")
        self.code_cancel.label.text = labels.get("cancel", "")
        self.or_card.text = labels.get("or_card", "")
        for row, shown in zip(self.row_cards, body.rows + (None,) * MAX_ROWS):
            row.opacity = 1 if shown else 0
            row.button.inert = shown is None
            if shown is not None:
                row.show(shown, labels.get("open", ""))
        self.actions.opacity = 0 if body.editing else 1
        if not self.wide:  # the code's keys get the actions' room while it is typed
            self.actions.height = 0 if body.editing else _button_h()
        self.code_button.label.text = labels.get("code", "")
        self.code_button.inert = body.editing or not body.can_code
        self.code_button.opacity = 1 if body.can_code and not body.editing else 0
        self.request_button.label.text = labels.get("request", "")
        t = theme
        for button, key in ((self.code_button, "code"), (self.request_button, "request")):
            button.width = min(t.ref(520), max(t.tx(240), label_width(labels.get(key, ""), t.BODY - t.ref(2))
                                               + t.ref(40)))
        self.request_button.inert = body.editing or not body.can_request
        self.request_button.opacity = 1 if body.can_request and not body.editing else 0

    @property
    def row_buttons(self) -> dict:
        return {row.doc_id: row.button for row in self.row_cards if row.opacity and row.doc_id}

    def primary_state(self, body):
        return "", False
