"""The on-screen pinyin keyboard (拼音输入) with a handwriting mode in the same candidate bar.

Kivy's own IME path is broken for Chinese on Linux (kivy#7910, #6898); this keyboard asks an
injected ``candidates(keys, limit) -> list[str]`` (librime in the kiosk) and never builds an
engine. Picking a candidate appends it to the text and keeps the letters it did not cover
(``zhangsan``, pick 张 → ``san`` stays). ``on_text(text)`` is called on every change of the
text; ``on_done(text)`` when 完成 is tapped. An owner that keeps the text itself (an editor with
a prefilled value) passes ``on_commit(chars)`` and ``on_delete()`` instead: ``text_input()``
builds such a factory.

The keys are sized from the keyboard's room (``keys.fitted_side``): an owner that gives it the
rest of its page (``size_hint_y=1``, as ``text_input`` does) gets keys that fit under its heading
in every mode, never below 15 mm; a keyboard of its default height has ``KEY``-sided keys.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from kivy.uix.boxlayout import BoxLayout
from kivy.uix.widget import Widget

from kiosk.inputs.syllables import rest_after, split_keys
from kiosk.texts import t
from screens import theme
from screens.inputs.handwriting_pad import Classify, HandwritingPad
from screens.inputs.keys import GAP, KEY, CandidateBar, Key, Sizer, fitted_side

log = logging.getLogger(__name__)
ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
MAX_KEYS = 30  # a longer run of letters is a sentence: pick a part first (keeps each call fast)
HEIGHT = 4 * KEY + 3 * GAP  # candidate bar + three rows: 464 px
ACTION_W = 1.5  # 退格, 手写, 清空, 完成: a word, not a letter
HANDWRITING_W = 2.5  # its English label is a long word
ROW_UNITS = len(ROWS[2]) + 2 * ACTION_W + HANDWRITING_W  # the widest row, in key sides


class PinyinKeyboard(BoxLayout):
    """Letters, a candidate bar, ⌫ 退格, 清空, 手写/拼音 switch, 完成."""

    def __init__(self, candidates: Callable[[str, int], list[str]],
                 on_text: Callable[[str], None] | None = None, *,
                 classify: Classify | None = None, on_done: Callable[[str], None] | None = None,
                 on_commit: Callable[[str], None] | None = None,
                 on_delete: Callable[[], None] | None = None, text: str = "",
                 limit: int = 12, **kwargs):
        kwargs.setdefault("size_hint_y", None)
        kwargs.setdefault("height", HEIGHT)
        super().__init__(orientation="vertical", spacing=GAP, **kwargs)
        self.sizer = Sizer()
        self._candidates, self._on_text, self._on_done = candidates, on_text, on_done
        self._classify, self.limit = classify, limit
        self._on_commit, self._on_delete = on_commit, on_delete
        self.text, self.keys_typed, self.mode = text, "", "pinyin"
        self.bar = CandidateBar(self.pick)
        self.add_widget(self.bar)
        self.keys: dict[str, Key] = {}
        self.letters = self._letter_rows()
        self.handwriting = self._handwriting_body() if classify is not None else None
        self.add_widget(self.letters)
        self._fills = kwargs.get("size_hint_y") is not None
        if self._fills:  # a keyboard given its owner's room keeps its keys at the top of it
            self.add_widget(Widget())
        self.bind(size=self._fit)

    @property
    def side(self) -> float:
        """The keys' side now (``KEY`` when the room allows, never below 15 mm)."""
        return self.sizer.side

    def _fit(self, *_args) -> None:
        # ten keys a row between two spacers (11 gaps); the bar and three rows (3 gaps), and the
        # spacer under them when the keyboard fills its owner's room
        sides = fitted_side(self.width, self.height, ROW_UNITS, 4, 11 * GAP,
                            (4 if self._fills else 3) * GAP)
        if self.sizer.apply(sides):
            self.bar.resize(sides)
            self._square_pad()

    def _square_pad(self) -> None:
        """The writing box stays square (zinnia scales x and y apart): three of the smaller side."""
        if getattr(self, "pad", None) is not None:
            side = 3 * self.sizer.side + 2 * GAP
            self.pad.size = (side, side)

    # --- layout ------------------------------------------------------------------------------

    def _row(self, widgets) -> BoxLayout:
        row = self.sizer.add(BoxLayout(orientation="horizontal", spacing=GAP, size_hint_y=None),
                             None, 1)
        row.add_widget(Widget())
        for widget in widgets:
            row.add_widget(widget)
        row.add_widget(Widget())
        return row

    def _key(self, name: str, label: str, on_tap, **kwargs) -> Key:
        w, h, w_gaps = kwargs.pop("w", 1.0), kwargs.pop("h", 1.0), kwargs.pop("w_gaps", 0)
        # a letter types; the others do what they are named (the handwriting board's twins alike)
        action = name.removesuffix("_hw") if len(name) > 1 else "type"
        key = self.sizer.add(Key(label, on_tap, name=name, action=action, **kwargs), w, h, w_gaps)
        self.keys[name] = key
        return key

    def _letter_rows(self) -> BoxLayout:
        body = self.sizer.add(BoxLayout(orientation="vertical", spacing=GAP, size_hint_y=None),
                              None, 3, 0, 2)
        first = [self._key(c, c, lambda c=c: self.type_letter(c)) for c in ROWS[0]]
        second = [self._key(c, c, lambda c=c: self.type_letter(c)) for c in ROWS[1]]
        second.append(self._key("backspace", t("screen.key_backspace"), self.backspace, kind="action",
                                size=theme.BODY, w=ACTION_W))
        third = [self._key(c, c, lambda c=c: self.type_letter(c)) for c in ROWS[2]]
        if self._classify is not None:
            third.append(self._key("handwriting", t("screen.key_handwriting"), self.toggle_mode, kind="action",
                                   size=theme.BODY, w=HANDWRITING_W))
        third.append(self._key("clear", t("screen.key_clear"), self.clear, kind="action", size=theme.BODY,
                               w=ACTION_W))
        third.append(self._key("done", t("screen.key_done"), self.done, kind="primary", size=theme.BODY,
                               w=ACTION_W))
        for row in (first, second, third):
            body.add_widget(self._row(row))
        return body

    def _handwriting_body(self) -> BoxLayout:
        self.pad = HandwritingPad(self._classify, self._show_written, size_hint=(None, None))
        self._square_pad()
        body = self.sizer.add(BoxLayout(orientation="horizontal", spacing=GAP, size_hint_y=None),
                              None, 3, 0, 2)
        body.add_widget(Widget())
        body.add_widget(self.pad)
        grid = self.sizer.add(BoxLayout(orientation="vertical", spacing=GAP, size_hint=(None, None)),
                              2 * ACTION_W, 3, 1, 2)
        pairs = ((("rewrite", t("screen.key_rewrite"), self.pad_clear, "action"),
                  ("backspace_hw", t("screen.key_backspace"), self.backspace, "action")),
                 (("pinyin", t("screen.key_pinyin"), self.toggle_mode, "action"),
                  ("clear_hw", t("screen.key_clear"), self.clear, "action")),
                 (("done_hw", t("screen.key_done"), self.done, "primary"),))
        for pair in pairs:
            row = self.sizer.add(BoxLayout(orientation="horizontal", spacing=GAP, size_hint_y=None),
                                 None, 1)
            for name, label, action, kind in pair:
                wide = len(pair) != 2
                row.add_widget(self._key(name, label, action, kind=kind, size=theme.BODY,
                                         w=2 * ACTION_W if wide else ACTION_W, w_gaps=1 if wide else 0))
            grid.add_widget(row)
        body.add_widget(grid)
        body.add_widget(Widget())
        return body

    # --- behaviour ---------------------------------------------------------------------------

    def _refresh(self) -> None:
        if self.mode != "pinyin":
            return
        try:
            found = self._candidates(self.keys_typed, self.limit) if self.keys_typed else []
        except Exception:  # an engine fault must not take the screen down; the letters stay
            log.exception("pinyin candidates failed for %r", self.keys_typed)
            found = []
        self.bar.show(found, "'".join(split_keys(self.keys_typed)) if self.keys_typed else "")

    def _show_written(self, chars: list[str]) -> None:
        self.bar.show(chars)

    def _set_text(self, value: str) -> None:
        self.text = value
        if self._on_text is not None:
            self._on_text(value)

    def type_letter(self, letter: str) -> None:
        if len(self.keys_typed) >= MAX_KEYS:
            return
        self.keys_typed += letter
        self._refresh()

    def pick(self, candidate: str) -> None:
        self._set_text(self.text + candidate)
        if self._on_commit is not None:
            self._on_commit(candidate)
        if self.mode == "pinyin":
            self.keys_typed = rest_after(self.keys_typed, candidate)
            self._refresh()
        else:
            self.pad.ink.clear()
            self.pad.hint.opacity = 1
            self.bar.show([])

    def backspace(self) -> None:
        if self.mode == "pinyin" and self.keys_typed:
            self.keys_typed = self.keys_typed[:-1]
            self._refresh()
        elif self.mode == "handwriting" and not self.pad.ink.empty:
            self.pad_clear()
        else:
            if self.text:
                self._set_text(self.text[:-1])
            if self._on_delete is not None:
                self._on_delete()

    def clear(self) -> None:
        self.keys_typed = ""
        if self.mode == "handwriting":
            self.pad_clear()
        self._refresh()
        if self.text:
            self._set_text("")

    def pad_clear(self) -> None:
        self.pad.clear()

    def toggle_mode(self) -> None:
        if self.handwriting is None:
            return
        self.remove_widget(self.letters if self.mode == "pinyin" else self.handwriting)
        self.mode = "handwriting" if self.mode == "pinyin" else "pinyin"
        self.keys_typed = ""
        self.add_widget(self.handwriting if self.mode == "handwriting" else self.letters,
                        index=1 if self._fills else 0)  # above the spacer at the bottom
        if self.mode == "handwriting":
            self.pad.clear()
        else:
            self.bar.show([])

    def done(self) -> None:
        if self._on_done is not None:
            self._on_done(self.text)


def text_input(candidates: Callable[[str, int], list[str]], classify: Classify | None = None):
    """A factory ``(type_text, backspace) -> PinyinKeyboard`` for editors that own the text."""
    def build(type_text: Callable[[str], None], backspace: Callable[[], None]) -> PinyinKeyboard:
        return PinyinKeyboard(candidates, classify=classify, on_commit=type_text,
                              on_delete=backspace, size_hint_y=1)  # the editor's room: keys fit it
    return build
