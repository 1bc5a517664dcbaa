"""Keypads for ID numbers, phones, lawyer licences and case numbers, judged as they are typed.

``Keypad(kind, on_text)``: the value, a live message (grey while incomplete, red when wrong,
green when right), 3×4 digits, 退格, 清空, and 完成 (live only once the value is valid). The ID
pad has an X key; the phone pad a 横线 key; the case-number pad adds helpers on the left:
recent years, the court codes given (e.g. the kiosk's own 豫0181), the type words (民初, 民终,
执 … in pages) and 号 — a litigant never needs Chinese typing for a case number.

The keys are sized from the pad's room (``keys.fitted_side``): an owner that gives the pad the
rest of its page (``size_hint_y=1``) gets keys that fit under its own heading and field in every
mode, never below 15 mm; a pad of its default height has ``KEY``-sided keys.
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
from screens.inputs.keys import GAP, KEY, Key, Sizer, fitted_side, outlined_panel
from screens.widgets import text

TITLES = {"id_number": "screen.kp_id_number", "phone": "screen.kp_phone", "licence": "screen.kp_licence",
          "case_number": "screen.case_no"}
EXTRA = {"id_number": ("X", "X"), "phone": ("-", "screen.key_dash")}
COMMON_TYPES = ("民初", "民终", "执", "民申", "行初", "执恢", "刑初", "民特", "执异", "行终",
                "民再", "执保")
DIGIT_W = 1.3  # a digit key's width, in key sides
ACTION_W = 1.6
HELPER_W = 1.7  # room for （2026） in elderly type
TYPE_PAGE = 3
MESSAGE_H = theme.BODY * 2 * theme.LINE_EM  # two lines: the fault, then the format
CASE_DATA = ("（2024）豫0181民初1187号", "豫0181", "民初", "民终", "执", "号")
"""The Chinese a case-number message keeps in every language (its example and parts)."""


def message(state: InputState) -> str:
    """``state.message`` in the session's language: the validators speak Chinese, the
    catalogue's ``keypad.<key>`` has the others (a case fault adds the format line)."""
    from kiosk.texts import catalogue, language

    lang = language()
    key = f"keypad.{state.key}"
    if lang == "zh" or not state.key or not catalogue().has(key, lang):
        return state.message
    left = state.parts.get("left")
    said = t(key, left=left) if left is not None else t(key)
    if state.key.startswith("case.") and state.status == "invalid":
        said += "\n" + t("keypad.case.empty")
    return said


def mark_case_data(label) -> None:
    """A label showing a case-number message: its example and parts are data in any language."""
    label.a11y_data = CASE_DATA


class Keypad(BoxLayout):
    """``on_text(value)`` on every change; ``on_done(state)`` when 完成 is tapped on a valid value."""

    def __init__(self, kind: str, on_text: Callable[[str], None], *,
                 on_done: Callable[[InputState], None] | None = None, text_value: str = "",
                 court_codes: Sequence[str] = (), this_year: int | None = None,
                 show_display: bool = True, show_message: bool = True, **kwargs):
        if kind not in KINDS:
            raise ValueError(f"unknown keypad kind {kind!r}; one of {', '.join(KINDS)}")
        self._above = (90 + GAP if show_display else 0) + (MESSAGE_H + GAP if show_message else 0)
        kwargs.setdefault("size_hint_y", None)
        kwargs.setdefault("height", self._above + 4 * KEY + 3 * GAP)
        super().__init__(orientation="vertical", spacing=GAP, **kwargs)
        self.kind, self._on_text, self._on_done = kind, on_text, on_done
        self.sizer = Sizer()
        self.court_codes = tuple(court_codes)[:3]
        self.this_year = this_year or date.today().year
        self.keys: dict[str, Key] = {}
        self.value = ""
        self.state: InputState = check(kind, "")
        display = outlined_panel(size_hint_y=None, height=90, padding=(24, 0))
        self.title = text(t(TITLES[kind]), theme.SMALL, theme.TEXT_MUTED, halign="left",
                          size_hint_x=None, width=theme.SMALL * 7)
        self.display = text("", theme.HEADING, theme.TEXT, bold=True, halign="left")
        self.display.a11y_data = True  # what is typed
        display.add_widget(self.title)
        display.add_widget(self.display)
        self.message = text("", theme.BODY, theme.TEXT_MUTED, halign="left",
                            size_hint_y=None, height=MESSAGE_H)
        mark_case_data(self.message)
        if show_display:  # an owner with its own field shows ``value`` there instead
            self.add_widget(display)
        if show_message:  # … and ``state.message`` wherever it likes
            self.add_widget(self.message)
        self.body = body = self.sizer.add(
            BoxLayout(orientation="horizontal", spacing=GAP * 3, size_hint_y=None), None, 4, 0, 3)
        body.add_widget(Widget())
        if kind == "case_number":
            self.type_page = 0
            self.helpers = self.sizer.add(GridLayout(cols=3, spacing=GAP, size_hint=(None, None)),
                                          3 * HELPER_W, 4, 2, 3)
            body.add_widget(self.helpers)
            self._fill_helpers()
        body.add_widget(self._digits())
        body.add_widget(self._actions())
        body.add_widget(Widget())
        self.add_widget(body)
        self._fills = kwargs.get("size_hint_y") is not None
        if self._fills:  # a pad given its owner's room keeps its keys at the top of it
            self.add_widget(Widget())
        self.bind(size=self._fit)
        self.set_value(text_value, notify=False)

    @property
    def side(self) -> float:
        """The keys' side now (``KEY`` when the room allows, never below 15 mm)."""
        return self.sizer.side

    def _fit(self, *_args) -> None:
        case = self.kind == "case_number"
        across = (3 * HELPER_W if case else 0) + 3 * DIGIT_W + ACTION_W
        # inside the grids 2 gaps each; between the body's columns and its two spacers 3 gaps each
        gaps_w = (2 if case else 0) + 2 + 3 * ((5 if case else 4) - 1)
        # 3 gaps between the rows, 1 between the keys and the spacer under them (a filling pad)
        self.sizer.apply(fitted_side(self.width, self.height - self._above, across, 4, gaps_w * GAP,
                                     (4 if self._fills else 3) * GAP))

    def _space(self, w: float = DIGIT_W) -> Widget:
        return self.sizer.add(Widget(size_hint=(None, None)), w, 1)

    def _key(self, name: str, label: str, on_tap, w: float = DIGIT_W, h: float = 1,
             h_gaps: float = 0, **kwargs) -> Key:
        key = self.sizer.add(Key(label, on_tap, name=name, **kwargs), w, h, 0, h_gaps)
        # The parts of a case number (豫0181, 民初, 号) are written in Chinese in every language.
        key.label.a11y_data = self.kind == "case_number" and name not in ("backspace", "clear", "done",
                                                                        "more_types")
        self.keys[name] = key
        return key

    def _digits(self) -> GridLayout:
        grid = self.sizer.add(GridLayout(cols=3, spacing=GAP, size_hint=(None, None)),
                              3 * DIGIT_W, 4, 2, 3)
        for digit in "123456789":
            grid.add_widget(self._key(digit, digit, lambda d=digit: self.press(d)))
        extra = EXTRA.get(self.kind)
        if self.kind == "case_number":
            grid.add_widget(self._key("（", "（", lambda: self.press("（")))
        elif extra is not None:
            grid.add_widget(self._key(extra[0], extra[0], lambda e=extra[0]: self.press(e),
                                      kind="action"))
        else:
            grid.add_widget(self._space())
        grid.add_widget(self._key("0", "0", lambda: self.press("0")))
        if self.kind == "case_number":
            grid.add_widget(self._key("）", "）", lambda: self.press("）")))
        else:
            grid.add_widget(self._space())
        return grid

    def _actions(self) -> BoxLayout:
        column = self.sizer.add(BoxLayout(orientation="vertical", spacing=GAP, size_hint=(None, None)),
                                ACTION_W, 4, 0, 3)
        column.add_widget(self._key("backspace", t("screen.key_backspace"), self.backspace, kind="action",
                                    w=ACTION_W, size=theme.BODY))
        column.add_widget(self._key("clear", t("screen.key_clear"), self.clear, kind="action",
                                    w=ACTION_W, size=theme.BODY))
        column.add_widget(self._key("done", t("screen.key_done"), self.done, kind="primary",
                                    w=ACTION_W, h=2, h_gaps=1, size=theme.BODY))
        return column

    def _fill_helpers(self) -> None:
        self.sizer.forget(self.helpers.children)
        self.helpers.clear_widgets()
        width = HELPER_W
        for year in range(self.this_year, self.this_year - 3, -1):
            label = f"（{year}）"
            self.helpers.add_widget(self._key(f"year{year}", label,
                                              lambda t=label: self.press(t, start=True),
                                              kind="candidate", w=width, size=theme.BODY))
        codes = list(self.court_codes) + [""] * (3 - len(self.court_codes))
        for code in codes:
            if code:
                self.helpers.add_widget(self._key(f"court:{code}", code,
                                                  lambda c=code: self.press(c), kind="candidate",
                                                  w=width, size=theme.BODY))
            else:
                self.helpers.add_widget(self._space(width))
        types = [t for t in COMMON_TYPES if t in CASE_TYPES]
        start = self.type_page * TYPE_PAGE
        for kind in types[start:start + TYPE_PAGE]:
            self.helpers.add_widget(self._key(f"type:{kind}", kind,
                                              lambda k=kind: self.press(k), kind="candidate",
                                              w=width, size=theme.HEADING))
        for _ in range(TYPE_PAGE - len(types[start:start + TYPE_PAGE])):
            self.helpers.add_widget(self._space(width))
        self.helpers.add_widget(self._key("more_types", t("screen.key_more_types"), self.more_types,
                                          kind="action", w=width, size=theme.BODY))
        self.helpers.add_widget(self._key("号", "号", lambda: self.press("号"), w=width))
        self.helpers.add_widget(self._space(width))

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
        self.message.text = message(self.state)
        self.message.color = {"valid": theme.OK_GREEN, "invalid": theme.DANGER}.get(
            self.state.status, theme.TEXT_MUTED)
        self.keys["done"].inert = not self.state.valid
        self.keys["done"].opacity = 1 if self.state.valid else 0.45
        if notify:
            self._on_text(self.value)

    def done(self) -> None:
        if self.state.valid and self._on_done is not None:
            self._on_done(self.state)
