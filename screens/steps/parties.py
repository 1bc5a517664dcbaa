"""Parties and service address: every value with where it came from, a 修改 button per value;
while one value is edited the keyboard takes the body (one thing at a time)."""

from __future__ import annotations

from kivy.uix.boxlayout import BoxLayout
from kivy.uix.gridlayout import GridLayout

from kiosk.flows.intents import FieldFocused, OptionChosen
from screens import theme
from screens.steps.editor import Editor
from screens.steps.page import TextInputScreen, footer_height, message_box, scrolling, show_message
from kiosk.texts import t
from screens.widgets import BigButton, Panel, fit_text, large_type

ROW_H = 76


class PartiesScreen(TextInputScreen):
    kind = "parties"

    def build_body(self) -> None:
        self.listing = BoxLayout(orientation="vertical", spacing=theme.ref(10))
        self.scroller = scroller = scrolling()
        self.rows = GridLayout(cols=1, spacing=theme.ref(6), size_hint_y=None,
                               padding=(0, 0, theme.ref(20), 0))  # room for the scroll bar
        self.rows.bind(minimum_height=self.rows.setter("height"))
        scroller.add_widget(self.rows)
        methods = BoxLayout(size_hint_y=None, height=theme.bx(84), spacing=theme.ref(14))
        methods.add_widget(fit_text(t("screen.service_method"), theme.BODY - theme.ref(2), theme.FINE,
                                    theme.TEXT, bold=True, size_hint_x=None, width=theme.tx(150)))
        self.method_buttons = {}
        for key in ("electronic", "post", "in_person"):
            button = BigButton(key, lambda k=key: self.send(OptionChosen(k, group="service_method")),
                               size=theme.BODY - theme.ref(6), fit_min=theme.FINE, bg=theme.NEUTRAL,
                               colour=theme.TEXT, pressed=theme.NEUTRAL_PRESSED)
            self.method_buttons[key] = button
            methods.add_widget(button)
        self.message = message_box()
        self.listing.add_widget(scroller)
        self.listing.add_widget(methods)
        self.listing.add_widget(self.message)
        self.editor = Editor(self.send, text_input=self.text_input)
        self.body.add_widget(self.listing)
        self._signature = None

    def leave(self) -> None:
        self._footer(True)
        self.editor.close()
        self.editor.value = ""

    def _footer(self, shown: bool) -> None:
        """While a value is edited the footer goes (the editor has 取消 and 确定): its room goes to
        the keys, which elderly type needs (as the form step does)."""
        footer = self.children[0].children[0]  # the page's last row (StepScreen's footer)
        footer.height = footer_height() if shown else 0
        footer.opacity = 1 if shown else 0
        footer.disabled = not shown

    def show_body(self, body, view) -> None:
        self._footer(not body.editing)
        if body.editing:
            if self.editor.parent is None:
                self.body.clear_widgets()
                self.body.add_widget(self.editor)
            self.editor.open(body.editing, body.editing_label, body.editing_value, body.editing_kind)
            return
        self.editor.close()
        if self.listing.parent is None:
            self.body.clear_widgets()
            self.body.add_widget(self.listing)
        signature = body.sections
        if signature != self._signature:
            self._signature = signature
            self.rows.clear_widgets()
            for title, rows in body.sections:
                self.rows.add_widget(fit_text(title, theme.BODY - theme.ref(2), theme.FINE, theme.COURT_BLUE,
                                              bold=True, halign="left", size_hint_y=None,
                                              height=theme.tx(44)))
                for row in rows:
                    self.rows.add_widget(self._row(row))
        for key, label in body.methods:
            button = self.method_buttons[key]
            chosen = key == body.method
            button.label.text = label
            button._normal = theme.COURT_BLUE if chosen else theme.NEUTRAL
            button.label.color = theme.WHITE if chosen else theme.TEXT
            button.bg = button._normal
        show_message(self.message, body.message, 72)

    def _row(self, row) -> Panel:
        large = large_type()  # elderly / English: the provenance goes, the value gets the room
        line = Panel(bg=theme.CARD, radius=theme.ref(10), padding=(theme.ref(16), theme.ref(4)),
                     spacing=theme.ref(12), size_hint_y=None,
                     # large type: room for a label of three lines ("Unified social credit code")
                     height=max(theme.tx(ROW_H) * 1.35, theme.lines_h(theme.FINE, 3) + theme.ref(8))
                     if large else max(theme.tx(ROW_H), theme.lines_h(theme.FINE, 2) + theme.ref(8)))
        line.add_widget(fit_text(row.label, theme.SMALL, theme.FINE, theme.TEXT_MUTED, halign="left",
                                 size_hint_x=0.3 if large else 0.22))
        value = fit_text(row.value or t("screen.not_filled"), theme.BODY - theme.ref(4), theme.FINE,
                         theme.TEXT if row.value else theme.DANGER, halign="left")
        value.a11y_data = bool(row.value)  # a name or address as given
        line.add_widget(value)
        if not large:
            line.add_widget(fit_text(row.provenance, theme.FINE, theme.FINE, theme.TEXT_MUTED,
                                     halign="right", size_hint_x=0.28))
        edit = BigButton(t("screen.change"), lambda t=row.target: self.send(FieldFocused(t)),
                         size=theme.FINE + theme.ref(2), fit_min=theme.FINE, size_hint_x=None,
                         width=max(theme.mm(15), theme.tx(120)))
        edit.target = row.target
        line.add_widget(edit)
        return line

    def primary_state(self, body):
        return ("", False) if body.editing else (t("common.next"), True)
