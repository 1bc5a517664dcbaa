"""Public documents: three tabs (裁判文书, 诉讼指南, 文书样式); judgments searched by the digits
of their case number and narrowed by cause of action, court and year; one tap opens a document.

In normal Chinese type the results and the search card sit side by side. In large type (elderly
mode, English) one thing shows at a time: the results, or the case-number keypad, or the filters,
each a tap away (查看结果 goes back), so nothing has to shrink below the elderly floor.
"""

from __future__ import annotations

from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.gridlayout import GridLayout
from kivy.uix.stacklayout import StackLayout

from kiosk.flows.intents import FieldEdited, OptionChosen
from kiosk.texts import t
from screens import theme
from screens.steps.fitting import column, grown, snug, target_h
from screens.steps.page import (StepScreen, card, edged, fit_floor, message_box, scrolling,
                                show_message)
from screens.widgets import BigButton, Panel, fit_text, label_width, large_type

KEYS = "1234567890"
PANES = ("results", "number", "filters")


class ResultCard(ButtonBehavior, Panel):
    """One document: its title, case number / cause / court, publication date; as tall as they."""

    def __init__(self, row, on_tap):
        th = theme
        super().__init__(orientation="vertical", bg=th.CARD, radius=th.RADIUS, size_hint_y=None,
                         padding=(th.ref(18), th.ref(8)), spacing=th.ref(2), **edged())
        self.bind(minimum_height=self.setter("height"))
        self.item_id = row.item_id
        self._on_tap = on_tap
        # The court's own words (the document's title, its case number, cause and court).
        self.title = grown(row.title, th.SMALL, th.COURT_BLUE, bold=True, data=True)
        self.detail = grown(row.detail, th.FINE, th.TEXT, data=True)
        self.published = grown(row.published, th.FINE, th.TEXT_MUTED)
        for widget in (self.title, self.detail, self.published):
            self.add_widget(widget)

    def on_state(self, _w, state):
        self.bg = theme.CARD_PRESSED if state == "down" else theme.CARD

    def on_release(self):
        self._on_tap(self.item_id)


class LibraryScreen(StepScreen):
    kind = "library"

    def build_body(self) -> None:
        th = theme
        self.large = large_type()
        self.pane = "results"
        self._query, self._rows, self._filters, self._tab = "", None, None, None
        tabs = BoxLayout(size_hint_y=None, height=target_h(), spacing=th.ref(12))
        self.tab_buttons: dict[str, BigButton] = {}
        for kind in ("judgment", "guide", "template"):
            button = BigButton("", lambda k=kind: self.send(OptionChosen(k, group="tab")),
                               size=th.BODY - th.ref(2), fit_min=fit_floor(th.BODY - th.ref(2)),
                               border=th.BORDER, border_width=th.BORDER_W)
            self.tab_buttons[kind] = button
            tabs.add_widget(button)
        self.body.add_widget(tabs)
        self.message = message_box()
        # How many were found: a line of its own (wrapping) beside the search card; in large type
        # it heads the part shown, beside the buttons to the other parts.
        self.count = fit_text("", th.SMALL, th.FINE, th.TEXT, halign="left") if self.large else \
            grown("", th.FINE, th.TEXT_MUTED)
        self.results = GridLayout(cols=1, spacing=th.ref(8), size_hint_y=None,
                                  padding=(0, 0, th.ref(22), 0))  # clear of the scroll bar
        self.results.bind(minimum_height=self.results.setter("height"))
        self.scroller = scrolling(self.results)
        self._build_search()
        if self.large:
            self._build_panes()
        else:
            row = BoxLayout(spacing=th.ref(14))
            left = BoxLayout(orientation="vertical", spacing=th.ref(6))
            for widget in (self.count, self.message, self.scroller):
                left.add_widget(widget)
            row.add_widget(left)
            self.search = card(size_hint_x=None, width=th.ref(470), padding=(th.ref(14), th.ref(6)),
                               spacing=th.ref(8), **edged())
            for widget in (self.query_row, self.keypad, self.filter_scroller):
                self.search.add_widget(widget)
            row.add_widget(self.search)
            self.body.add_widget(row)
        self.version = self.count  # one line: how many found (and the catalogue's version)

    def _build_search(self) -> None:
        th = theme
        self.query_row = BoxLayout(size_hint_y=None, height=target_h(), spacing=th.ref(8))
        label = t("screen.case_no")
        self.query_row.add_widget(fit_text(label, th.SMALL, th.FINE, th.TEXT, bold=True, size_hint_x=None,
                                           width=label_width(label, th.SMALL) + th.ref(8)))
        shown = Panel(bg=th.BLUE_PALE, radius=th.ref(10), padding=(th.ref(10), 0), **edged())
        self.query = fit_text("", th.SMALL, th.FINE, th.TEXT, halign="left")
        self.query.a11y_data = True  # digits as typed
        shown.add_widget(self.query)
        self.query_row.add_widget(shown)
        key_h = target_h()
        self.keypad = GridLayout(cols=6, spacing=th.ref(10), size_hint_y=None,
                                 height=2 * key_h + th.ref(10))
        self.keys: dict[str, BigButton] = {}
        for key in KEYS + "⌫清":
            label = {"⌫": t("screen.backspace"), "清": t("screen.clear")}.get(key, key)
            button = BigButton(label, lambda k=key: self._key(k), size=th.SMALL, fit_min=th.FINE,
                               bg=th.COURT_BLUE if not key.isdigit() else th.BLUE)
            button.action = {"⌫": "backspace", "清": "clear"}.get(key, "type")
            self.keys[label] = button
            self.keypad.add_widget(button)
        self.filter_rows = column(spacing=th.ref(6), padding=(0, 0, th.ref(22), 0))
        self.filter_scroller = scrolling(self.filter_rows)

    def _build_panes(self) -> None:
        """Large type: a row of what to do next above the one part that shows."""
        th = theme
        self.body.add_widget(self.message)
        self.bar = BoxLayout(size_hint_y=None, height=target_h(), spacing=th.ref(12))
        self.body.add_widget(self.bar)
        self.holder = BoxLayout(orientation="vertical", spacing=th.ref(10))
        self.body.add_widget(self.holder)
        self.to_number = snug(t("library_screen.by_number"), lambda: self._show_pane("number"))
        self.to_filters = snug(t("library_screen.by_filter"), lambda: self._show_pane("filters"))
        self.to_results = snug(t("library_screen.results"), lambda: self._show_pane("results"),
                               light=False)
        self.search = self.holder
        self._show_pane("results")

    def _show_pane(self, pane: str) -> None:
        self.pane = pane
        if not self.large:
            return
        self.bar.clear_widgets()
        self.holder.clear_widgets()
        judgments = self._tab in (None, "judgment")
        if pane == "results":
            self.bar.add_widget(self.count)
            if judgments:
                self.bar.add_widget(self.to_number)
                self.bar.add_widget(self.to_filters)
            self.holder.add_widget(self.scroller)
        elif pane == "number":
            self.query_row.size_hint_x = 1
            self.bar.add_widget(self.query_row)
            self.bar.add_widget(self.to_results)
            self.holder.add_widget(self.keypad)
            self.holder.add_widget(BoxLayout())  # the keypad stays at the top
        else:
            self.bar.add_widget(self.count)
            self.bar.add_widget(self.to_results)
            self.holder.add_widget(self.filter_scroller)

    def _key(self, key: str) -> None:
        if key == "⌫":
            self._query = self._query[:-1]
        elif key == "清":
            self._query = ""
        else:
            self._query += key
        self.send(FieldEdited("query", self._query))

    def show_body(self, body, view) -> None:
        th = theme
        for kind, label in body.tabs:
            button = self.tab_buttons[kind]
            button.label.text = label
            chosen = kind == body.tab
            button.bg = button._normal = th.COURT_BLUE if chosen else th.NEUTRAL
            button.label.color = th.WHITE if chosen else th.TEXT
        self._query = body.query
        self.query.text = body.query or body.query_hint
        self.query.color = th.TEXT if body.query else th.TEXT_MUTED
        judgments = body.tab == "judgment"
        if body.tab != self._tab:
            self._tab = body.tab
            self._show_pane("results")
        if not self.large:
            self.search.width, self.search.opacity = (th.ref(470), 1) if judgments else (0, 0)
            self.search.disabled = not judgments
        if body.status == "loading":
            self.count.text = t("library.loading")
        else:
            parts = (body.count_label,) if self.large else (body.count_label, body.version_label)
            self.count.text = "　".join(x for x in parts if x)
        show_message(self.message, body.message, 110)
        if body.results != self._rows:
            self._rows = body.results
            self.results.clear_widgets()
            self.result_cards = [ResultCard(r, lambda i: self.send(OptionChosen(i, group="open")))
                                 for r in body.results]
            for widget in self.result_cards:
                self.results.add_widget(widget)
            if body.status == "ready" and not body.results:
                self.results.add_widget(grown(t("library.empty"), th.SMALL, th.TEXT_MUTED,
                                              halign="center"))
            self.scroller.scroll_y = 1
        if body.filters != self._filters:
            self._filters = body.filters
            self._build_filters(body.filters)

    def _build_filters(self, filters) -> None:
        th = theme
        self.filter_rows.clear_widgets()
        self.chips = {}
        size = th.FINE
        heads = {group: t(f"library.{group}") for group, _c, _o in filters}
        head_w = max((label_width(h, size) for h in heads.values()), default=0) + th.ref(12)
        chip_h = max(th.mm(16), th.bx(56))  # three rows fit under the elderly type's tabs
        for group, chosen, options in filters:
            chips = StackLayout(spacing=th.ref(8), size_hint_y=None)
            chips.bind(minimum_height=chips.setter("height"))
            line = BoxLayout(spacing=th.ref(6), size_hint_y=None, height=chip_h)
            chips.bind(height=lambda _c, h, ln=line: setattr(ln, "height", max(h, chip_h)))
            line.add_widget(fit_text(heads[group], size, size, th.TEXT, bold=True, halign="left",
                                     size_hint_x=None, width=head_w))
            for value, label in options:
                on = value == chosen
                chip = snug(label, lambda g=group, v=value: self.send(OptionChosen(v, group=g)),
                            size=size, bg=th.BLUE if on else th.NEUTRAL,
                            colour=th.WHITE if on else th.TEXT, pressed=th.BLUE_PRESSED,
                            border=th.BORDER if not on else th.BLUE, border_width=th.BORDER_W,
                            radius=th.ref(10), height=chip_h)
                if value:  # a cause of action or a court's name, as the court lists it
                    chip.label.a11y_data = True
                self.chips[(group, value)] = chip
                chips.add_widget(chip)
            line.add_widget(chips)
            self.filter_rows.add_widget(line)

    result_cards: list = []
    chips: dict = {}

    def primary_state(self, body):
        return "", False
