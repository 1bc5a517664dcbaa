"""One digit keypad for every number a person types: ID numbers, phones, lawyer licences, amounts,
case numbers, the SMS pickup code and the admin PIN, each judged as it is typed where a judge
exists.

``Keypad(kind, on_text)``: the value, a live message (grey while incomplete, red when wrong,
green when right), 3×4 digits, 退格, 清空, and 完成 (live only once the value is valid). What
differs between kinds is data (``LAYOUTS``): the key left and right of 0 (X for an ID number,
a dash for a phone, a point for an amount, the brackets of a case number), the case number's
helpers on the left — recent years, the court codes given (e.g. the kiosk's own 豫0181), the type
words (民初, 民终, 执 … in pages) and 号, so a litigant never needs Chinese typing for a case
number — the judge, the longest value, and the action keys' labels. An owner with its own
confirm button leaves 完成 out (``done_key=False``).

Every key has an ``action`` (``type``, ``backspace``, ``clear``, ``done``, ``more_types``):
scripts and the audit find keys by it, never by a label that changes with the language.

The keys are sized from the pad's room (``keys.fitted_side``): an owner that gives the pad the
rest of its page (``size_hint_y=1``) gets keys that fit under its own heading and field in every
mode, never below 15 mm; a pad of its default height has ``KEY``-sided keys.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date

from kivy.uix.boxlayout import BoxLayout
from kivy.uix.gridlayout import GridLayout
from kivy.uix.widget import Widget

from kiosk.inputs.keypad import CASE_TYPES, InputState, check, normalise_case_number
from kiosk.texts import t
from screens import theme
from screens.inputs.keys import GAP, KEY, Key, Sizer, fitted_side, key_floor, outlined_panel
from screens.widgets import text


@dataclass(frozen=True)
class Layout:
    """What one kind of keypad has besides the ten digits."""

    title: str = ""
    """Catalogue key of the display's title (shown only when the pad shows its own value)."""
    left: str = ""
    """The key left of 0 (what it types and shows)."""
    right: str = ""
    """The key right of 0 (what it types and shows)."""
    judge: str = ""
    """The ``kiosk.inputs.keypad`` validator; none: any non-empty value will do."""
    helpers: bool = False
    """The case number's column of years, court codes, type words and 号."""
    parts: tuple[str, ...] = ()
    """Keys beside the digits that type a word each (the case number's 豫, 民初 … 号)."""
    rows: int = 0
    """Rows of keys: 0 chooses from the room (4, or 2 when four do not fit at 15 mm)."""
    max_len: int = 0
    """Characters allowed (0: no limit; a longer value is refused key by key)."""
    labels: dict = field(default_factory=dict)
    """Action → catalogue key of its label, where it differs from ``ACTION_LABELS``."""


LAYOUTS = {
    "id_number": Layout("screen.kp_id_number", left="X", judge="id_number"),
    "phone": Layout("screen.kp_phone", left="-", judge="phone"),
    "licence": Layout("screen.kp_licence", judge="licence"),
    "amount": Layout(left="."),
    "case_number": Layout("screen.case_no", left="（", right="）", judge="case_number",
                          helpers=True),
    "case_parts": Layout("screen.case_no", left="（", right="）", judge="case_number",
                         parts=("豫", "民初", "民终", "执", "行初", "号"), rows=2),
    "pin": Layout(max_len=12, labels={"clear": "shell.pin_clear", "done": "common.ok"}),
    "code": Layout(max_len=6, rows=2, labels={"done": "doc.label.confirm"}),
}
"""Every keypad kind: the variants are data, the widget is one."""
KINDS = tuple(LAYOUTS)
ACTION_LABELS = {"backspace": "screen.key_backspace", "clear": "screen.key_clear",
                 "done": "screen.key_done"}
COMMON_TYPES = ("民初", "民终", "执", "民申", "行初", "执恢", "刑初", "民特", "执异", "行终",
                "民再", "执保")
DIGIT_W = 1.3  # a digit key's width, in key sides
ACTION_W = 1.6
HELPER_W = 1.7  # room for （2026） in elderly type
TYPE_PAGE = 3
MESSAGE_H = theme.BODY * 2 * theme.LINE_EM  # two lines: the fault, then the format
CASE_DATA = ("（2024）豫0181民初1187号", "豫0181", "民初", "民终", "执", "号")
"""The Chinese a case-number message keeps in every language (its example and parts)."""


def judge(kind: str, value: str) -> InputState:
    """The layout's validator on ``value``; a kind without one is valid once anything is typed."""
    layout = LAYOUTS[kind]
    if layout.judge:
        return check(layout.judge, value)
    return InputState("valid" if value else "incomplete", value)


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
                 show_display: bool = True, show_message: bool = True, done_key: bool = True,
                 **kwargs):
        if kind not in LAYOUTS:
            raise ValueError(f"unknown keypad kind {kind!r}; one of {', '.join(KINDS)}")
        self.layout = LAYOUTS[kind]
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
        self.locked = False
        self.state: InputState = judge(kind, "")
        display = outlined_panel(size_hint_y=None, height=90, padding=(24, 0))
        self.title = text(t(self.layout.title) if self.layout.title else "", theme.SMALL,
                          theme.TEXT_MUTED, halign="left", size_hint_x=None, width=theme.SMALL * 7)
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
        self.done_key, self.rows = done_key, self.layout.rows or 4
        self.body = BoxLayout(orientation="horizontal", spacing=GAP * 3, size_hint_y=None)
        if self.layout.helpers:
            self.type_page = 0
            self.helpers = GridLayout(cols=3, spacing=GAP, size_hint=(None, None))
        self._build_body()
        self.add_widget(self.body)
        self._fills = kwargs.get("size_hint_y") is not None
        if self._fills:  # a pad given its owner's room keeps its keys at the top of it
            self.add_widget(Widget())
        self.bind(size=self._fit)
        self._fit()  # a pad of a fixed size gets no size event
        self.set_value(text_value, notify=False)

    @property
    def side(self) -> float:
        """The keys' side now (``KEY`` when the room allows, never below 15 mm)."""
        return self.sizer.side

    def _build_body(self) -> None:
        """The keys in ``rows`` rows: 4 (a phone's pad) or, in a room too short for that, 2."""
        body = self.body
        self.sizer.forget(list(body.walk(restrict=True)))
        self.sizer.add(body, None, self.rows, 0, self.rows - 1)
        body.clear_widgets()
        self.keys.clear()  # the same dict: an owner may hold it
        body.add_widget(Widget())
        if self.layout.helpers:
            self.sizer.add(self.helpers, 3 * HELPER_W, 4, 2, 3)
            body.add_widget(self.helpers)
            self._fill_helpers()
        body.add_widget(self._digits())
        if self.layout.parts:
            body.add_widget(self._parts())
        body.add_widget(self._actions())
        body.add_widget(Widget())
        self._show_locked()

    def _geometry(self, rows: int) -> tuple[float, float, float]:
        """(keys across, pixels of gaps across, pixels of gaps down) in ``rows`` rows."""
        case = self.layout.helpers
        if rows == 4:
            across = (3 * HELPER_W if case else 0) + 3 * DIGIT_W + ACTION_W
            # inside the grids 2 gaps each; between the body's columns and its spacers 3 gaps each
            gaps_w = (2 if case else 0) + 2 + 3 * ((5 if case else 4) - 1)
        else:
            actions = 2 if self.done_key else 1
            cols = self._part_cols()
            across = 6 * DIGIT_W + cols * DIGIT_W + actions * ACTION_W
            gaps_w = 5 + (cols - 1 + 3 if cols else 0) + (actions - 1) + 3 * 3
        # gaps between the rows, and 1 between the keys and the spacer under them (a filling pad)
        return across, gaps_w * GAP, (rows - 1 + (1 if self._fills else 0)) * GAP

    def _fit(self, *_args) -> None:
        room_h = self.height - self._above
        rows = self.layout.rows or 4
        if not self.layout.rows and not self.layout.helpers and room_h > 0 and self.width > 0:
            def raw(r: int) -> float:
                across, gaps_w, gaps_h = self._geometry(r)
                return min((self.width - gaps_w) / across, (room_h - gaps_h) / r)
            if raw(4) < key_floor() and raw(2) > raw(4):  # too short for four rows of 15 mm
                rows = 2
        if rows != self.rows:
            self.rows = rows
            self._build_body()
        across, gaps_w, gaps_h = self._geometry(rows)
        self.sizer.apply(fitted_side(self.width, room_h, across, rows, gaps_w, gaps_h))

    def _space(self, w: float = DIGIT_W) -> Widget:
        return self.sizer.add(Widget(size_hint=(None, None)), w, 1)

    def _key(self, name: str, label: str, on_tap, w: float = DIGIT_W, h: float = 1,
             h_gaps: float = 0, action: str = "type", **kwargs) -> Key:
        key = self.sizer.add(Key(label, on_tap, name=name, action=action, **kwargs), w, h, 0, h_gaps)
        # The parts of a case number (豫0181, 民初, 号) are written in Chinese in every language.
        key.label.a11y_data = bool(self.layout.helpers or self.layout.parts) and action == "type"
        self.keys[name] = key
        return key

    def _char(self, chars: str, **kwargs) -> Key:
        return self._key(chars, chars, lambda: self.press(chars), **kwargs)

    def _digits(self) -> GridLayout:
        cols = 3 if self.rows == 4 else 6  # 1-6 over 7 8 9, the extra key, 0, the other
        grid = self.sizer.add(GridLayout(cols=cols, spacing=GAP, size_hint=(None, None)),
                              cols * DIGIT_W, self.rows, cols - 1, self.rows - 1)
        for digit in "123456789":
            grid.add_widget(self._char(digit))
        left, right = self.layout.left, self.layout.right
        four = self.rows == 4  # in two rows the digits run on: no gaps for keys a kind lacks
        if not left:
            if four:
                grid.add_widget(self._space())
        elif self.layout.judge == "case_number":  # a bracket, like the digits
            grid.add_widget(self._char(left))
        else:  # X, the dash, the point: set apart from the digits
            grid.add_widget(self._char(left, kind="action"))
        grid.add_widget(self._char("0"))
        if right:
            grid.add_widget(self._char(right))
        elif four:
            grid.add_widget(self._space())
        return grid

    def _part_cols(self) -> int:
        return -(-len(self.layout.parts) // self.rows) if self.layout.parts else 0

    def _parts(self) -> GridLayout:
        cols = self._part_cols()
        grid = self.sizer.add(GridLayout(cols=cols, spacing=GAP, size_hint=(None, None)),
                              cols * DIGIT_W, self.rows, cols - 1, self.rows - 1)
        for part in self.layout.parts:
            grid.add_widget(self._char(part, kind="candidate", size=theme.BODY))
        return grid

    def _actions(self) -> BoxLayout:
        """退格 and 清空 a row each and 完成 two (four rows); without 完成 two rows each. In two
        rows 退格 over 清空, 完成 two rows tall beside them."""
        four = self.rows == 4
        rows = ((("backspace", self.backspace, 1), ("clear", self.clear, 1), ("done", self.done, 2))
                if self.done_key else (("backspace", self.backspace, 2), ("clear", self.clear, 2)))
        if not four:
            rows = tuple((a, f, 1 if a != "done" else 2) for a, f, _h in rows)
        wide = not four and self.done_key
        column = self.sizer.add(BoxLayout(orientation="vertical", spacing=GAP, size_hint=(None, None)),
                                ACTION_W, self.rows, 0, self.rows - 1)
        outer = column
        if wide:
            outer = self.sizer.add(BoxLayout(spacing=GAP, size_hint=(None, None)),
                                   2 * ACTION_W, 2, 1, 1)
            outer.add_widget(column)
        for action, on_tap, h in rows:
            label = t(self.layout.labels.get(action, ACTION_LABELS[action]))
            key = self._key(action, label, on_tap, action=action,
                            kind="primary" if action == "done" else "action",
                            w=ACTION_W, h=h, h_gaps=h - 1, size=theme.BODY)
            (outer if wide and action == "done" else column).add_widget(key)
        return outer

    def _fill_helpers(self) -> None:
        self.sizer.forget(list(self.helpers.children))
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
                                          action="more_types", kind="action", w=width,
                                          size=theme.BODY))
        self.helpers.add_widget(self._key("号", "号", lambda: self.press("号"), w=width))
        self.helpers.add_widget(self._space(width))
        self._show_locked()

    def more_types(self) -> None:
        pages = (len(COMMON_TYPES) + TYPE_PAGE - 1) // TYPE_PAGE
        self.type_page = (self.type_page + 1) % pages
        self._fill_helpers()

    # --- behaviour ---------------------------------------------------------------------------

    def press(self, chars: str, start: bool = False) -> None:
        """Add ``chars``; a year helper starts the case number afresh (it is its first part)."""
        value = chars if start else self.value + chars
        if self.layout.max_len and len(value) > self.layout.max_len:
            return
        self.set_value(value)

    def backspace(self) -> None:
        if self.layout.judge == "case_number" and self.value.endswith(tuple(CASE_TYPES)):
            for word in sorted(CASE_TYPES, key=len, reverse=True):
                if self.value.endswith(word):  # a type word came in one tap: it goes in one
                    self.set_value(self.value[:-len(word)])
                    return
        self.set_value(self.value[:-1])

    def clear(self) -> None:
        self.set_value("")

    def set_value(self, value: str, notify: bool = True) -> None:
        self.state = judge(self.kind, value)
        self.value = normalise_case_number(value) if self.layout.judge == "case_number" else value
        self.display.text = self.value
        self.message.text = message(self.state)
        self.message.color = {"valid": theme.OK_GREEN, "invalid": theme.DANGER}.get(
            self.state.status, theme.TEXT_MUTED)
        self._show_locked()
        if notify:
            self._on_text(self.value)

    def lock(self, locked: bool) -> None:
        """A locked pad (e.g. too many wrong PINs) takes no taps; it shows dimmed."""
        self.locked = locked
        self.opacity = 0.4 if locked else 1.0
        self._show_locked()

    def _show_locked(self) -> None:
        for key in self.keys.values():
            key.inert = self.locked
        done = self.keys.get("done")
        if done is not None:
            done.inert = self.locked or not self.state.valid
            done.opacity = 1 if self.state.valid else 0.45

    def done(self) -> None:
        if not self.locked and self.state.valid and self._on_done is not None:
            self._on_done(self.state)
