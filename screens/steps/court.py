"""The jurisdiction court: search by name or pinyin initials, pick from the list, see where the
filing goes and by which rule."""

from __future__ import annotations

from kivy.uix.boxlayout import BoxLayout
from kivy.uix.gridlayout import GridLayout

from kiosk.flows.intents import FieldEdited, OptionChosen
from screens import theme
from screens.steps.page import StepScreen, card, message_box, show_message
from screens.widgets import BigButton, Panel, text

LETTERS = "abcdefghijklmnopqrstuvwxyz"
RESULTS = 5


class CourtScreen(StepScreen):
    kind = "court"

    def build_body(self) -> None:
        row = BoxLayout(spacing=18)
        left = card(padding=(18, 12), spacing=8, size_hint_x=0.55)
        self.question = text("", theme.BODY, theme.COURT_BLUE, bold=True, halign="left",
                             size_hint_y=None, height=44)
        query_box = Panel(bg=theme.BLUE_PALE, radius=theme.RADIUS, padding=(14, 0), size_hint_y=None,
                          height=theme.tx(64))
        self.query = text("", theme.SMALL, theme.TEXT, halign="left")
        query_box.add_widget(self.query)
        self.results = GridLayout(cols=1, spacing=8)
        self.result_buttons = []
        for _ in range(RESULTS):
            button = BigButton("", lambda: None, bg=theme.CARD, pressed=theme.CARD_PRESSED,
                               colour=theme.TEXT, size=theme.SMALL, size_hint_y=None,
                               height=theme.tx(60))
            button.code = ""
            button._on_tap = lambda b=button: self.send(OptionChosen(b.code))
            self.result_buttons.append(button)
            self.results.add_widget(button)
        for widget in (self.question, query_box, self.results):
            left.add_widget(widget)
        right = BoxLayout(orientation="vertical", spacing=10)
        keys = GridLayout(cols=7, spacing=6, size_hint_y=None, height=theme.tx(250))
        for letter in tuple(LETTERS) + ("退格",):
            keys.add_widget(BigButton(letter, lambda k=letter: self._key(k), size=theme.BODY - 2,
                                      bg=theme.BLUE))
        self.outcome = card(padding=(16, 8), spacing=4)
        self.goes_to = text("", theme.SMALL, theme.COURT_BLUE, bold=True, halign="left")
        self.rule = text("", theme.FINE, theme.TEXT_MUTED, halign="left", valign="top")
        self.cooperating = text("", theme.FINE, theme.TEXT_MUTED, halign="left", size_hint_y=None,
                                height=theme.tx(34))
        for widget in (self.goes_to, self.rule, self.cooperating):
            self.outcome.add_widget(widget)
        self.problem = message_box()
        for widget in (keys, self.outcome, self.problem):
            right.add_widget(widget)
        row.add_widget(left)
        row.add_widget(right)
        self.body.add_widget(row)
        self._query = ""

    def _key(self, key: str) -> None:
        self._query = self._query[:-1] if key == "退格" else self._query + key
        self.send(FieldEdited("court_query", self._query))

    def show_body(self, body, view) -> None:
        self._query = body.query
        self.question.text = body.question
        self.query.text = body.query or "输入拼音首字母查找，如 zy"
        self.query.color = theme.TEXT if body.query else theme.TEXT_MUTED
        for button, result in zip(self.result_buttons, body.results + ((None,) * RESULTS)):
            if result is None:
                button.code, button.label.text, button.opacity, button.inert = "", "", 0, True
                continue
            code, name, level = result
            chosen = code == body.chosen
            button.code, button.opacity, button.inert = code, 1, False
            button.label.text = name
            button._normal = theme.BLUE_PALE if chosen else theme.CARD
            button.bg = button._normal
        self.goes_to.text = body.jurisdiction or "请在左侧选择法院"
        self.rule.text = body.rule
        self.cooperating.text = body.cooperating
        show_message(self.problem, body.problem, 90)

    def primary_state(self, body):
        return "下一步", body.can_continue
