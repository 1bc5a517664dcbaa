"""A form step: every field with its value and where it came from, a 填写/修改 button per field,
a choice as a row of buttons. While one field is edited the keyboard its kind needs takes the
body (the injected pinyin/handwriting keyboard for text, digit pads for amounts, dates and phones,
the case-number keypad), above it everything typed so far, the count and why a value was refused."""

from __future__ import annotations

from kivy.uix.boxlayout import BoxLayout
from kivy.uix.gridlayout import GridLayout
from kivy.uix.scrollview import ScrollView

from kiosk.flows.intents import ActionTapped, FieldEdited, FieldFocused, OptionChosen
from kiosk.texts import t
from screens import theme
from screens.inputs.keypad import Keypad
from screens.steps.editor import Editor
from screens.steps.page import (TextInputScreen, footer_height, card, message_box,
                                neutral_button, show_message)
from screens.widgets import BigButton, Panel, text

ROW_H = 70
PREVIEW_TAIL = 16
LABEL_W = 300


def fixed_label(value: str, width: int, size: int, colour, **kwargs):
    """A label of a fixed width that wraps (``text`` wraps only when its width changes)."""
    label = text(value, size, colour, size_hint_x=None, width=width, **kwargs)
    label.text_size = (width, None)
    return label


class FormEditor(Editor):
    """The shared editor; its one-line field shows the end of a long text (the preview above the
    keyboard shows all of it) and every change reaches ``on_change``."""

    def __init__(self, send, on_change, **kwargs):
        self.on_change = on_change
        super().__init__(send, **kwargs)

    def _refresh(self) -> None:
        value = self.value
        self.shown.text = ("…" + value[-PREVIEW_TAIL:] if len(value) > PREVIEW_TAIL else value) or " "
        if getattr(self, "on_change", None) is not None:
            self.on_change(value)


class FormScreen(TextInputScreen):
    kind = "form"

    def build_body(self) -> None:
        self.listing = BoxLayout(orientation="vertical", spacing=10)
        self.form_title = text("", theme.BODY - 2, theme.COURT_BLUE, bold=True, halign="left",
                               size_hint_y=None, height=40)
        self.scroller = ScrollView(do_scroll_x=False, bar_width=12)
        self.rows = GridLayout(cols=1, spacing=6, size_hint_y=None)
        self.rows.bind(minimum_height=self.rows.setter("height"))
        self.scroller.add_widget(self.rows)
        self.message = message_box()
        for widget in (self.form_title, self.scroller, self.message):
            self.listing.add_widget(widget)
        # While a field is edited the footer goes (the editor has 取消 and 确定): one line says
        # how much is typed and why a value was refused, the editor's field shows the text's end.
        self.editing_box = BoxLayout(orientation="vertical", spacing=6)
        self.status_line = Panel(bg=theme.BLUE_PALE, radius=10, padding=(16, 0), size_hint_y=None, height=50)
        self.counter = text("", theme.FINE + 2, theme.TEXT_MUTED, halign="left")
        self.status_line.add_widget(self.counter)
        self.editor = FormEditor(self.send, self._typed, text_input=self.text_input)
        self.case_head = card(orientation="horizontal", padding=(20, 6), spacing=16, size_hint_y=None, height=80)
        self.case_label = fixed_label("", LABEL_W, theme.BODY - 4, theme.TEXT_MUTED, halign="left")
        self.case_shown = text("", theme.HEADING - 4, theme.TEXT, halign="left")
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
        tall = bool(row.problem) or bool(row.hint and not row.value) or len(row.value) > 24
        line = Panel(bg=theme.CARD, radius=10, padding=(16, 4), spacing=12, size_hint_y=None,
                     height=ROW_H + (40 if tall else 0))
        line.add_widget(fixed_label(row.label, LABEL_W, theme.SMALL, theme.TEXT_MUTED, halign="left"))
        middle = BoxLayout(orientation="vertical")
        shown = row.value if len(row.value) <= 60 else row.value[:58] + "…"
        middle.add_widget(text(shown or (t("screen.not_filled") if row.required else t("screen.optional")), theme.BODY - 6,
                               theme.TEXT if row.value else theme.TEXT_MUTED, halign="left"))
        if row.problem:
            middle.add_widget(text(row.problem, theme.FINE, theme.DANGER, halign="left"))
        elif row.hint and not row.value:
            middle.add_widget(text(row.hint, theme.FINE, theme.TEXT_MUTED, halign="left"))
        line.add_widget(middle)
        line.add_widget(text(row.provenance, theme.FINE, theme.TEXT_MUTED, halign="right",
                             size_hint_x=None, width=250))
        edit = BigButton(t("screen.change") if row.value else t("screen.fill"), lambda t=row.key: self.send(FieldFocused(t)),
                         size=theme.FINE + 2, size_hint_x=None, width=120)
        edit.target = row.key
        line.add_widget(edit)
        return line

    def _choice(self, row) -> Panel:
        line = Panel(bg=theme.CARD, radius=10, padding=(16, 6), spacing=10, size_hint_y=None,
                     height=ROW_H + 14 + (36 if row.problem else 0), orientation="vertical")
        top = BoxLayout(spacing=10)
        top.add_widget(fixed_label(row.label, LABEL_W, theme.SMALL, theme.TEXT_MUTED, halign="left"))
        for value, label, chosen in row.options:
            button = BigButton(label, lambda v=value, k=row.key: self.send(OptionChosen(v, group=k)),
                               size=theme.FINE + 2, bg=theme.COURT_BLUE if chosen else theme.NEUTRAL)
            button.label.color = theme.WHITE if chosen else theme.TEXT
            button.option = (row.key, value)
            top.add_widget(button)
        line.add_widget(top)
        if row.problem:
            line.add_widget(text(row.problem, theme.FINE, theme.DANGER, halign="left", size_hint_y=None,
                                 height=30))
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
                self.keypad = Keypad("case_number", self._typed, on_done=self._case_done,
                                     text_value=body.editing_value, court_codes=body.court_codes,
                                     show_display=False, show_message=False)
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
            hint = self.keypad.state.message.split("\n")[0]
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
