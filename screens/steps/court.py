"""The jurisdiction court: search by name or pinyin initials, pick from the list, see where the
filing goes and by which rule."""

from __future__ import annotations

import re

from kivy.uix.boxlayout import BoxLayout
from kivy.uix.gridlayout import GridLayout

from kiosk.flows.intents import FieldEdited, OptionChosen
from screens import theme
from screens.steps.fitting import BriefWhenLong
from screens.steps.page import StepScreen, card, message_box, show_message
from kiosk.texts import t
from screens.widgets import BigButton, Panel, fit_text, large_type

LETTERS = "abcdefghijklmnopqrstuvwxyz"
BACKSPACE = "⌫"
COURT_NAME = re.compile(r"[\u4e00-\u9fff]+(?:人民法院|法院|法庭)")
RESULTS = 5
RESULTS_LARGE = 3  # elderly mode and English: fewer, larger rows


class CourtScreen(StepScreen):
    kind = "court"

    def build_body(self) -> None:
        row = BoxLayout(spacing=theme.ref(18))
        left = card(padding=(theme.ref(18), theme.ref(12)), spacing=theme.ref(8), size_hint_x=0.55)
        self.question = fit_text("", theme.BODY, theme.FINE, theme.COURT_BLUE, bold=True,
                                 halign="left", size_hint_y=None,
                                 height=max(theme.tx(44) * 1.2, 2 * theme.FINE * theme.LINE_EM + 4
                                            if large_type() else 0))
        query_box = Panel(bg=theme.BLUE_PALE, radius=theme.RADIUS, padding=(theme.ref(14), 0),
                          size_hint_y=None,
                          height=2 * theme.FINE * theme.LINE_EM + 6 if large_type() else theme.tx(64))
        self.query = fit_text("", theme.SMALL, theme.FINE, theme.TEXT, halign="left")
        query_box.add_widget(self.query)
        self.results = GridLayout(cols=1, spacing=theme.ref(8))
        self.result_buttons = []
        for _ in range(RESULTS_LARGE if large_type() else RESULTS):
            button = BigButton("", lambda: None, bg=theme.CARD, pressed=theme.CARD_PRESSED,
                               colour=theme.TEXT, size=theme.SMALL, fit_min=theme.FINE,
                               size_hint_y=None,
                               height=max(theme.mm(15), theme.bx(56 if large_type() else 60)))
            button.label.a11y_data = True  # court names are names
            button.code = ""
            button._on_tap = lambda b=button: self.send(OptionChosen(b.code))
            self.result_buttons.append(button)
            self.results.add_widget(button)
        # Elderly mode and English: the title already asks the question; the list gets the room.
        for widget in ((() if large_type() else (self.question,)) + (query_box, self.results)):
            left.add_widget(widget)
        right = BoxLayout(orientation="vertical", spacing=theme.ref(10))
        cols = 9 if large_type() else 7  # elderly: three rows of keys leave room for the outcome
        rows = -(-(len(LETTERS) + 1) // cols)
        keys = GridLayout(cols=cols, spacing=theme.ref(6), size_hint_y=None,
                          height=rows * max(theme.mm(15), theme.bx(200 if cols > 7 else 250) / 4)
                          + (rows - 1) * theme.ref(6))
        for letter in tuple(LETTERS) + (BACKSPACE,):
            # Nine narrow keys a row (elderly, English): 退格 / Delete as an arrow, the voice says it.
            label = ("←" if cols > 7 else t("screen.backspace")) if letter == BACKSPACE else letter
            key = BigButton(label, lambda k=letter: self._key(k), size=theme.BODY - theme.ref(2),
                            fit_min=theme.FINE, bg=theme.BLUE)
            key.label.a11y_icon = label == "←"
            key.action = "backspace" if letter == BACKSPACE else "type"  # found by what it does
            keys.add_widget(key)
        self.outcome = card(padding=(theme.ref(16), theme.ref(8)), spacing=theme.ref(4))
        # One line each for where the filing goes and the cooperating court; the rule of law
        # takes what is left, whole where it fits, without its clause where not (the voice reads
        # it whole). Heights in whole lines as drawn: a line of Noto CJK is ceil(size × 1.45).
        self.goes_to = fit_text("", theme.SMALL, theme.FINE, theme.COURT_BLUE, bold=True,
                                halign="left", size_hint_y=None, height=theme.lines_h(theme.SMALL))
        self.rule = BriefWhenLong("", max_size=theme.FINE, min_size=theme.FINE,
                                  colour=theme.TEXT_MUTED, halign="left")
        self.cooperating = fit_text("", theme.FINE, theme.FINE, theme.TEXT_MUTED, halign="left",
                                    size_hint_y=None, height=theme.lines_h(theme.FINE))
        if large_type():  # elderly mode, English: the keys take more room, the card less
            self.outcome.padding = (theme.ref(16), theme.ref(4))
            right.spacing = theme.ref(6)
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
        self._query = self._query[:-1] if key == BACKSPACE else self._query + key
        self.send(FieldEdited("court_query", self._query))

    def show_body(self, body, view) -> None:
        self._query = body.query
        self.question.text = body.question
        self.query.text = body.query or t("screen.court_search_hint")
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
        self.goes_to.text = body.jurisdiction or t("screen.court_pick")
        self.rule.show(body.rule, body.rule_brief)
        self.cooperating.text = body.cooperating
        names = tuple(name for _code, name, _level in body.results)
        for label in (self.goes_to, self.cooperating):
            label.a11y_data = names + tuple(n for n in (view.court_name,) if n) + \
                tuple(COURT_NAME.findall(label.text))  # court names are names
        self.rule.a11y_data = True  # the rule as the law states it (the voice explains it)
        show_message(self.problem, body.problem, 90)

    def primary_state(self, body):
        return t("common.next"), body.can_continue
