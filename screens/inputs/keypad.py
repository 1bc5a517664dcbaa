"""Keypads for ID numbers, phones, lawyer licences and case numbers, judged as they are typed.

``Keypad(kind, on_text)``: the value, a live message (grey while incomplete, red when wrong,
green when right), 3×4 digits, 退格, 清空, and 完成 (live only once the value is valid). The ID
pad has an X key; the phone pad a 横线 key; the case-number pad adds helpers on the left:
recent years, the court codes given (e.g. the kiosk's own 豫0181), the type words (民初, 民终,
执 … in pages) and 号 — a litigant never needs Chinese typing for a case number.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from kivy.uix.boxlayout import BoxLayout
from kivy.uix.gridlayout import GridLayout
from kivy.uix.widget import Widget

from kiosk.inputs.keypad import CASE_TYPES, KINDS, InputState, check, normalise_case_number
from kiosk.texts import t
from screens import theme
from screens.inputs.keys import GAP, KEY, Key, outlined_panel
from screens.widgets import text

TITLES = {"id_number": "screen.kp_id_number", "phone": "screen.kp_phone", "licence": "screen.kp_licence",
          "case_number": "screen.case_no"}
EXTRA = {"id_number": ("X", "X"), "phone": ("-", "screen.key_dash")}
COMMON_TYPES = ("民初", "民终", "执", "民申", "行初", "执恢", "刑初", "民特", "执异", "行终",
                "民再", "执保")
DIGIT_W = KEY * 1.3
TYPE_PAGE = 3
MESSAGE_H = theme.BODY * 2 * theme.LINE_EM  # two lines: the fault, then the format


class Keypad(BoxLayout):
    """``on_text(value)`` on every change; ``on_done(state)`` when 完成 is tapped on a valid value."""

    def __init__(self, kind: str, on_text: Callable[[str], None], *,
                 on_done: Callable[[InputState], None] | None = None, text_value: str = "",
                 court_codes: Sequence[str] = (), this_year: int | None = None,
                 show_display: bool = True, show_message: bool = True, **kwargs):
        if kind not in KINDS:
            raise ValueError(f"unknown keypad kind {kind!r}; one of {', '.join(KINDS)}")
        kwargs.setdefault("size_hint_y", None)
        kwargs.setdefault("height", (90 + GAP if show_display else 0)
                          + (MESSAGE_H + GAP if show_message else 0) + 4 * KEY + 3 * GAP)
        super().__init__(orientation="vertical", spacing=GAP, **kwargs)
        self.kind, self._on_text, self._on_done = kind, on_text, on_done
        self.court_codes = tuple(court_codes)[:3]
        self.this_year = this_year or date.today().year
        self.keys: dict[str, Key] = {}
        self.value = ""
        self.state: InputState = check(kind, "")
        display = outlined_panel(size_hint_y=None, height=90, padding=(24, 0))
        self.title = text(t(TITLES[kind]), theme.SMALL, theme.TEXT_MUTED, halign="left",
                          size_hint_x=None, width=theme.SMALL * 7)
        self.display = text("", theme.HEADING, theme.TEXT, bold=True, halign="left")
        display.add_widget(self.title)
        display.add_widget(self.display)
        self.message = text("", theme.BODY, theme.TEXT_MUTED, halign="left",
                            size_hint_y=None, height=MESSAGE_H)
        if show_display:  # an owner with its own field shows ``value`` there instead
            self.add_widget(display)
        if show_message:  # … and ``state.message`` wherever it likes
            self.add_widget(self.message)
        body = BoxLayout(orientation="horizontal", spacing=GAP * 3, size_hint_y=None,
                         height=4 * KEY + 3 * GAP)
        body.add_widget(Widget())
        if kind == "case_number":
            self.type_page = 0
            self.helpers = GridLayout(cols=3, spacing=GAP, size_hint=(None, None),
                                      width=3 * KEY * 1.45 + 2 * GAP, height=4 * KEY + 3 * GAP)
            body.add_widget(self.helpers)
            self._fill_helpers()
        body.add_widget(self._digits())
        body.add_widget(self._actions())
        body.add_widget(Widget())
        self.add_widget(body)
        self.set_value(text_value, notify=False)

    def _key(self, name: str, label: str, on_tap, **kwargs) -> Key:
        key = Key(label, on_tap, name=name, **kwargs)
        self.keys[name] = key
        return key

    def _digits(self) -> GridLayout:
        grid = GridLayout(cols=3, spacing=GAP, size_hint=(None, None),
                          width=3 * DIGIT_W + 2 * GAP, height=4 * KEY + 3 * GAP)
        for digit in "123456789":
            grid.add_widget(self._key(digit, digit, lambda d=digit: self.press(d), width=DIGIT_W))
        extra = EXTRA.get(self.kind)
        if self.kind == "case_number":
            grid.add_widget(self._key("（", "（", lambda: self.press("（"), width=DIGIT_W))
        elif extra is not None:
            grid.add_widget(self._key(extra[0], extra[0], lambda e=extra[0]: self.press(e),
                                      width=DIGIT_W, kind="action"))
        else:
            grid.add_widget(Widget(size_hint=(None, None), size=(DIGIT_W, KEY)))
        grid.add_widget(self._key("0", "0", lambda: self.press("0"), width=DIGIT_W))
        if self.kind == "case_number":
            grid.add_widget(self._key("）", "）", lambda: self.press("）"), width=DIGIT_W))
        else:
            grid.add_widget(Widget(size_hint=(None, None), size=(DIGIT_W, KEY)))
        return grid

    def _actions(self) -> BoxLayout:
        column = BoxLayout(orientation="vertical", spacing=GAP, size_hint=(None, None),
                           width=KEY * 1.6, height=4 * KEY + 3 * GAP)
        column.add_widget(self._key("backspace", t("screen.key_backspace"), self.backspace, kind="action",
                                    width=KEY * 1.6, size=theme.BODY))
        column.add_widget(self._key("clear", t("screen.key_clear"), self.clear, kind="action",
                                    width=KEY * 1.6, size=theme.BODY))
        column.add_widget(self._key("done", t("screen.key_done"), self.done, kind="primary",
                                    width=KEY * 1.6, height=2 * KEY + GAP, size=theme.BODY))
        return column

    def _fill_helpers(self) -> None:
        self.helpers.clear_widgets()
        width = KEY * 1.45
        for year in range(self.this_year, self.this_year - 3, -1):
            label = f"（{year}）"
            self.helpers.add_widget(self._key(f"year{year}", label,
                                              lambda t=label: self.press(t, start=True),
                                              kind="candidate", width=width, size=theme.BODY))
        codes = list(self.court_codes) + [""] * (3 - len(self.court_codes))
        for code in codes:
            if code:
                self.helpers.add_widget(self._key(f"court:{code}", code,
                                                  lambda c=code: self.press(c), kind="candidate",
                                                  width=width, size=theme.BODY))
            else:
                self.helpers.add_widget(Widget(size_hint=(None, None), size=(width, KEY)))
        types = [t for t in COMMON_TYPES if t in CASE_TYPES]
        start = self.type_page * TYPE_PAGE
        for kind in types[start:start + TYPE_PAGE]:
            self.helpers.add_widget(self._key(f"type:{kind}", kind,
                                              lambda k=kind: self.press(k), kind="candidate",
                                              width=width, size=theme.HEADING))
        for _ in range(TYPE_PAGE - len(types[start:start + TYPE_PAGE])):
            self.helpers.add_widget(Widget(size_hint=(None, None), size=(width, KEY)))
        self.helpers.add_widget(self._key("more_types", t("screen.key_more_types"), self.more_types,
                                          kind="action", width=width, size=theme.BODY))
        self.helpers.add_widget(self._key("号", "号", lambda: self.press("号"), width=width))
        self.helpers.add_widget(Widget(size_hint=(None, None), size=(width, KEY)))

    def more_types(self) -> None:
        pages = (len(COMMON_TYPES) + TYPE_PAGE - 1) // TYPE_PAGE
        self.type_page = (self.type_page + 1) % pages
        self._fill_helpers()

    # --- behaviour ---------------------------------------------------------------------------

    def press(self, chars: str, start: bool = False) -> None:
        """Add ``chars``; a year helper starts the case number afresh (it is its first part)."""
        self.set_value(chars if start else self.value + chars)

    def backspace(self) -> None:
        if self.kind == "case_number" and self.value.endswith(tuple(CASE_TYPES)):
            for word in sorted(CASE_TYPES, key=len, reverse=True):
                if self.value.endswith(word):  # a type word came in one tap: it goes in one
                    self.set_value(self.value[:-len(word)])
                    return
        self.set_value(self.value[:-1])

    def clear(self) -> None:
        self.set_value("")

    def set_value(self, value: str, notify: bool = True) -> None:
        self.state = check(self.kind, value)
        self.value = normalise_case_number(value) if self.kind == "case_number" else value
        self.display.text = self.value
        self.message.text = self.state.message
        self.message.color = {"valid": theme.OK_GREEN, "invalid": theme.DANGER}.get(
            self.state.status, theme.TEXT_MUTED)
        self.keys["done"].inert = not self.state.valid
        self.keys["done"].opacity = 1 if self.state.valid else 0.45
        if notify:
            self._on_text(self.value)

    def done(self) -> None:
        if self.state.valid and self._on_done is not None:
            self._on_done(self.state)
