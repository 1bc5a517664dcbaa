"""A form step: every field with its value and where it came from, a 填写/修改 button per field,
a choice as a row of buttons. While one field is edited the keyboard its kind needs takes the
body (the injected pinyin/handwriting keyboard for text, digit pads for amounts, dates and phones,
the case-number keypad), above it everything typed so far, the count and why a value was refused."""

from __future__ import annotations

from kivy.uix.boxlayout import BoxLayout
from kivy.uix.gridlayout import GridLayout

from kiosk.flows.intents import ActionTapped, FieldEdited, FieldFocused, OptionChosen
from kiosk.texts import t
from screens import theme
from screens.inputs.keypad import Keypad, mark_case_data
from screens.inputs.keypad import message as keypad_message
from screens.steps.editor import Editor
from screens.steps.fitting import column, grown, snug, target_h
from screens.steps.page import (TextInputScreen, card, edged, footer_height, message_box,
                                neutral_button, scrolling, show_message)
from screens.widgets import Panel, fit_text, large_type, text

PREVIEW_TAIL = 16
PREVIEW_ROW = 80
"""A long text shows its start in the list (all of it in the editor, one tap on 修改)."""
LABEL_W = 300
"""The label column's width in normal type, in reference-panel pixels (grows with the type)."""


def fixed_label(value: str, width: float, size: float, colour, **kwargs):
    """A label of a fixed width that wraps (``text`` wraps only when its width changes)."""
    label = text(value, size, colour, size_hint_x=None, width=width, **kwargs)
    label.text_size = (width, None)
    return label


def _hug(panel, inner, pad: float) -> None:
    """``panel`` as tall as ``inner`` (a column of grown labels) and at least a touch target."""
    def fit(*_args):
        panel.height = max(target_h(), inner.height) + 2 * pad
    inner.bind(height=fit)
    fit()


class FormEditor(Editor):
    """The shared editor; its one-line field shows the end of a long text (the preview above the
    keyboard shows all of it) and every change reaches ``on_change``."""

    def __init__(self, send, on_change, **kwargs):
        self.on_change = on_change
        super().__init__(send, **kwargs)
        self.check.height = 0  # the form's status line says why a value was refused: room to the keys

    def _refresh(self) -> None:
        value = self.value
        self.shown.text = ("…" + value[-PREVIEW_TAIL:] if len(value) > PREVIEW_TAIL else value) or " "
        if getattr(self, "on_change", None) is not None:
            self.on_change(value)


class FormScreen(TextInputScreen):
    kind = "form"

    def build_body(self) -> None:
        th = theme
        self.listing = BoxLayout(orientation="vertical", spacing=th.ref(10))
        self.form_title = grown("", th.BODY - th.ref(2), th.COURT_BLUE, bold=True)
        self.rows = GridLayout(cols=1, spacing=th.ref(8), size_hint_y=None,
                               padding=(0, 0, th.ref(24), 0))  # clear of the scroll bar
        self.rows.bind(minimum_height=self.rows.setter("height"))
        self.scroller = scrolling(self.rows)
        self.message = message_box()
        for widget in (self.form_title, self.scroller, self.message):
            self.listing.add_widget(widget)
        # While a field is edited the footer goes (the editor has 取消 and 确定): one line says
        # how much is typed and why a value was refused, the editor's field shows the text's end.
        self.editing_box = BoxLayout(orientation="vertical", spacing=th.ref(6))
        self.status_line = Panel(bg=th.BLUE_PALE, radius=th.ref(10), padding=(th.ref(16), th.ref(4)),
                                 size_hint_y=None)
        self.counter = grown("", th.FINE, th.TEXT_MUTED)
        mark_case_data(self.counter)  # the case-number keypad's hint shows its example
        self.status_line.add_widget(self.counter)
        self.status_line.height = self.counter.height + th.ref(8)
        self.counter.bind(height=lambda _l, h: setattr(self.status_line, "height", h + th.ref(8)))
        self.editor = FormEditor(self.send, self._typed, text_input=self.text_input)
        self.case_head = card(orientation="horizontal", padding=(th.ref(20), th.ref(6)), spacing=th.ref(16),
                              size_hint_y=None, height=max(target_h(), th.tx(80)))
        self.case_label = fixed_label("", th.tx(LABEL_W), th.BODY - th.ref(4), th.TEXT_MUTED, halign="left")
        self.case_shown = fit_text("", th.HEADING - th.ref(4), th.FINE, th.TEXT, halign="left")
        self.case_shown.a11y_data = True  # a case number is written in Chinese in every language
        self.case_head.add_widget(self.case_label)
        self.case_head.add_widget(self.case_shown)
        self.case_head.add_widget(neutral_button(t("screen.cancel"), lambda: self.send(ActionTapped("cancel_edit")), width=150))
        self.keypad = None
        self._error = ""
        self.body.add_widget(self.listing)
        self._signature = None
        self._limit = 0
        self._editing = ""

    # --- rendering -----------------------------------------------------------------------
    def show_body(self, body, view) -> None:
        if body.editing:
            self._show_editor(body)
            return
        self._editing = ""
        self._footer(True)
        self.editor.close()
        if self.listing.parent is None:
            self.body.clear_widgets()
            self.body.add_widget(self.listing)
        self.form_title.text = body.title
        if body.rows != self._signature:
            self._signature = body.rows
            self.rows.clear_widgets()
            for row in body.rows:
                self.rows.add_widget(self._choice(row) if row.kind == "choice" else self._row(row))
        show_message(self.message, body.message, 72)

    def _row(self, row) -> Panel:
        """Normal type: label | value (and its hint or problem) | where from | 填写/修改. Large
        type (elderly, English): the label above the value, no provenance; as tall as its text."""
        th = theme
        large = large_type()
        pad = th.ref(12)  # the button's edge stands against the card, clear of the card's own edge
        line = Panel(bg=th.CARD, radius=th.ref(10), padding=(th.ref(16), pad), spacing=th.ref(12),
                     size_hint_y=None, **edged())
        empty = t("screen.not_filled") if row.required else t("screen.optional")
        shown = row.value if len(row.value) <= PREVIEW_ROW else row.value[:PREVIEW_ROW - 1] + "…"
        value = grown(shown or empty, th.BODY - th.ref(6), th.TEXT if row.value else th.TEXT_MUTED,
                      data=bool(row.value))  # what the card gave or the litigant typed
        notes = [grown(row.problem, th.FINE, th.DANGER)] if row.problem else \
            [grown(row.hint, th.FINE, th.TEXT_MUTED)] if row.hint and not row.value else []
        label = grown(row.label, th.SMALL, th.TEXT_MUTED)
        if large:
            middle = column(label, value, *notes, spacing=th.ref(2))
            line.add_widget(middle)
        else:
            middle = column(value, *notes, spacing=th.ref(2))
            side = column(label, size_hint_x=None, width=th.tx(LABEL_W), pos_hint={"center_y": 0.5})
            line.add_widget(side)
            line.add_widget(middle)
            line.add_widget(text(row.provenance, th.FINE, th.TEXT_MUTED, halign="right",
                                 size_hint_x=None, width=th.tx(250)))
        middle.pos_hint = {"center_y": 0.5}
        edit = snug(t("screen.change") if row.value else t("screen.fill"),
                    lambda k=row.key: self.send(FieldFocused(k)), size=th.SMALL, light=False,
                    pos_hint={"center_y": 0.5})
        edit.target = row.key
        line.add_widget(edit)
        _hug(line, middle, pad)
        return line

    def _choice(self, row) -> Panel:
        """The label, then the options as buttons that wrap onto further lines."""
        from kivy.uix.stacklayout import StackLayout

        th = theme
        pad = th.ref(12)
        options = StackLayout(spacing=th.ref(10), size_hint_y=None)
        options.bind(minimum_height=options.setter("height"))
        for value, label, chosen in row.options:
            button = snug(label, lambda v=value, k=row.key: self.send(OptionChosen(v, group=k)),
                          size=th.SMALL, bg=th.COURT_BLUE if chosen else th.NEUTRAL,
                          colour=th.WHITE if chosen else th.TEXT,
                          pressed=th.BLUE_PRESSED if chosen else th.NEUTRAL_PRESSED)
            button.option = (row.key, value)
            options.add_widget(button)
        notes = [grown(row.problem, th.FINE, th.DANGER)] if row.problem else []
        inner = column(grown(row.label, th.SMALL, th.TEXT_MUTED), options, *notes, spacing=th.ref(6))
        line = Panel(bg=th.CARD, radius=th.ref(10), padding=(th.ref(16), pad), size_hint_y=None,
                     orientation="vertical", **edged())
        line.add_widget(inner)
        _hug(line, inner, pad)
        return line

    def _show_editor(self, body) -> None:
        if self.editing_box.parent is None:
            self.body.clear_widgets()
            self.body.add_widget(self.editing_box)
        self._footer(False)
        self._limit, self._error = body.editing_limit, body.editing_error
        opening = body.editing != self._editing
        self._editing = body.editing
        self.editing_box.clear_widgets()
        self.editing_box.add_widget(self.status_line)
        if body.editing_kind == "case_number":
            if opening or self.keypad is None or body.editing_error:
                # The rest of the body: its keys are sized to fit under the heading and the field
                # (elderly type leaves less room), never below 15 mm.
                self.keypad = Keypad("case_number", self._typed, on_done=self._case_done,
                                     text_value=body.editing_value, court_codes=body.court_codes,
                                     show_display=False, show_message=False, size_hint_y=1)
            self.case_label.text = body.editing_label
            self.editing_box.add_widget(self.case_head)
            self.editing_box.add_widget(self.keypad)
            self._typed(self.keypad.value)
            return
        self.editor.open(body.editing, body.editing_label, body.editing_value, body.editing_kind)
        self.editing_box.add_widget(self.editor)
        self._typed(self.editor.value)

    def _footer(self, shown: bool) -> None:
        footer = self.children[0].children[0]  # the page's last row (StepScreen's footer)
        footer.height = footer_height() if shown else 0
        footer.opacity = 1 if shown else 0
        footer.disabled = not shown

    def _typed(self, value: str) -> None:
        if self.keypad is not None and self._editing and self.case_head.parent is not None:
            self.case_shown.text = value or " "
            hint = keypad_message(self.keypad.state).split("\n")[0]
        else:
            hint = ""
        wrong = bool(self._error)
        if self._error:
            self.counter.text = self._error
        elif self._limit:
            wrong = len(value) > self._limit
            self.counter.text = t("screen.typed_count", count=len(value), limit=self._limit) + (t("screen.too_many") if wrong else "")
        else:
            self.counter.text = hint or t("screen.type_then_ok")
        self.counter.color = theme.DANGER if wrong else theme.TEXT_MUTED
        self.status_line.bg = theme.DANGER_PALE if wrong else theme.BLUE_PALE

    def _case_done(self, state) -> None:
        self.send(FieldEdited(self._editing, state.value))

    def leave(self) -> None:
        self._footer(True)
        self.editor.close()
        self._editing = ""
        self.keypad = None

    def primary_state(self, body):
        return ("", False) if body.editing else (t("common.next"), True)
