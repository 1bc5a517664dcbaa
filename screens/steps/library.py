"""Public documents: three tabs (裁判文书, 诉讼指南, 文书样式); judgments searched by the digits
of their case number and narrowed by cause of action, court and year; one tap opens a document."""

from __future__ import annotations

from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.gridlayout import GridLayout
from kivy.uix.scrollview import ScrollView
from kivy.uix.stacklayout import StackLayout

from kiosk.flows.intents import FieldEdited, OptionChosen
from kiosk.texts import t
from screens import theme
from screens.steps.page import StepScreen, card, edged, message_box, show_message
from screens.widgets import BigButton, Panel, fit_text, large_type, text

KEYS = "1234567890"
GROUP_LABELS = {"cause": "案由", "court": "法院", "year": "年份"}


class ResultCard(ButtonBehavior, Panel):
    def __init__(self, row, on_tap):
        super().__init__(orientation="vertical", bg=theme.CARD, radius=theme.RADIUS, padding=(18, 6),
                         size_hint_y=None, height=132, **edged())
        self.item_id = row.item_id
        self._on_tap = on_tap
        self.title = text(row.title, theme.BODY - 4, theme.COURT_BLUE, bold=True, halign="left")
        self.detail = text(row.detail, theme.FINE, theme.TEXT, halign="left")
        self.published = text(row.published, theme.FINE, theme.TEXT_MUTED, halign="left")
        for widget in (self.title, self.detail, self.published):
            self.add_widget(widget)

    def on_state(self, _w, state):
        self.bg = theme.CARD_PRESSED if state == "down" else theme.CARD

    def on_release(self):
        self._on_tap(self.item_id)


class LibraryScreen(StepScreen):
    kind = "library"

    def build_body(self) -> None:
        tabs = BoxLayout(size_hint_y=None, height=62, spacing=12)
        self.tab_buttons: dict[str, BigButton] = {}
        for kind in ("judgment", "guide", "template"):
            button = BigButton("", lambda k=kind: self.send(OptionChosen(k, group="tab")),
                               size=theme.BODY - 2, border=theme.BORDER, border_width=theme.BORDER_W)
            self.tab_buttons[kind] = button
            tabs.add_widget(button)
        self.body.add_widget(tabs)
        row = BoxLayout(spacing=14)
        left = BoxLayout(orientation="vertical", spacing=6)
        self.count = text("", theme.FINE, theme.TEXT_MUTED, halign="left", size_hint_y=None, height=34)
        self.message = message_box()
        self.scroller = ScrollView(do_scroll_x=False, bar_width=10, bar_color=theme.BLUE,
                                   scroll_type=["bars", "content"])
        self.results = GridLayout(cols=1, spacing=8, size_hint_y=None)
        self.results.bind(minimum_height=self.results.setter("height"))
        self.scroller.add_widget(self.results)
        for widget in (self.count, self.message, self.scroller):
            left.add_widget(widget)
        row.add_widget(left)
        self.search = card(size_hint_x=None, width=470, padding=(14, 4), spacing=4)
        query_row = BoxLayout(size_hint_y=None, height=42, spacing=8)
        query_row.add_widget(fit_text(t("screen.case_no"), theme.SMALL, theme.FINE, theme.TEXT, bold=True,
                                  size_hint_x=None, width=theme.tx(62) * (1.6 if large_type() else 1)))
        shown = Panel(bg=theme.BLUE_PALE, radius=10, padding=(10, 0))
        self.query = text("", theme.SMALL, theme.TEXT, halign="left")
        shown.add_widget(self.query)
        query_row.add_widget(shown)
        self.search.add_widget(query_row)
        keypad = GridLayout(cols=6, spacing=10, size_hint_y=None, height=130)
        self.keys: dict[str, BigButton] = {}
        for key in KEYS + "⌫清":
            label = {"⌫": t("screen.backspace"), "清": t("screen.clear")}.get(key, key)
            button = BigButton(label, lambda k=key: self._key(k), size=theme.SMALL,
                               bg=theme.COURT_BLUE if not key.isdigit() else theme.BLUE)
            self.keys[label] = button
            keypad.add_widget(button)
        self.search.add_widget(keypad)
        self.filter_rows = BoxLayout(orientation="vertical", spacing=10)
        self.search.add_widget(self.filter_rows)
        row.add_widget(self.search)
        self.body.add_widget(row)
        self.version = self.count  # one line: how many found, and the catalogue's version
        self._query = ""
        self._rows = None
        self._filters = None
        self.result_cards: list[ResultCard] = []
        self.chips: dict[tuple[str, str], BigButton] = {}

    def _key(self, key: str) -> None:
        if key == "⌫":
            self._query = self._query[:-1]
        elif key == "清":
            self._query = ""
        else:
            self._query += key
        self.send(FieldEdited("query", self._query))

    def show_body(self, body, view) -> None:
        for kind, label in body.tabs:
            button = self.tab_buttons[kind]
            button.label.text = label
            chosen = kind == body.tab
            button.bg = button._normal = theme.COURT_BLUE if chosen else theme.NEUTRAL
            button.label.color = theme.WHITE if chosen else theme.TEXT
        self._query = body.query
        self.query.text = body.query or body.query_hint
        self.query.color = theme.TEXT if body.query else theme.TEXT_MUTED
        judgments = body.tab == "judgment"
        self.search.width, self.search.opacity = (470, 1) if judgments else (0, 0)
        self.search.disabled = not judgments
        loading = body.status == "loading"
        self.count.text = "正在读取本机的公开文书目录" if loading else \
            "　".join(x for x in (body.count_label, body.version_label) if x)
        show_message(self.message, body.message, 110)
        if body.results != self._rows:
            self._rows = body.results
            self.results.clear_widgets()
            self.result_cards = [ResultCard(r, lambda i: self.send(OptionChosen(i, group="open")))
                                 for r in body.results]
            for widget in self.result_cards:
                self.results.add_widget(widget)
            if body.status == "ready" and not body.results:
                self.results.add_widget(text("没有找到符合条件的文书，请减少筛选条件。", theme.SMALL,
                                             theme.TEXT_MUTED, size_hint_y=None, height=80))
            self.scroller.scroll_y = 1
        if body.filters != self._filters:
            self._filters = body.filters
            self._build_filters(body.filters)

    def _build_filters(self, filters) -> None:
        self.filter_rows.clear_widgets()
        self.chips = {}
        for group, chosen, options in filters:
            line = BoxLayout(spacing=6, size_hint_y=None, height=60)
            line.add_widget(text(GROUP_LABELS.get(group, group), theme.FINE, theme.TEXT, bold=True,
                                 size_hint_x=None, width=56))
            chips = StackLayout(spacing=10)
            for value, label in options:
                on = value == chosen
                chip = BigButton(label, lambda g=group, v=value: self.send(OptionChosen(v, group=g)),
                                 size=theme.FINE, bg=theme.BLUE if on else theme.NEUTRAL,
                                 colour=theme.WHITE if on else theme.TEXT,
                                 size_hint=(None, None), height=60,
                                 border=theme.BLUE if on else theme.BORDER, border_width=theme.BORDER_W,
                                 width=max(70, 22 * len(label) + 28), radius=10)
                self.chips[(group, value)] = chip
                chips.add_widget(chip)
            line.add_widget(chips)
            self.filter_rows.add_widget(line)

    def primary_state(self, body):
        return "", False
