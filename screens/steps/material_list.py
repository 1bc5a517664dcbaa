"""The material list as the court will get it: name, original or copy, pages, applicant, time."""

from __future__ import annotations

from kivy.uix.boxlayout import BoxLayout
from kivy.uix.gridlayout import GridLayout

from kiosk.flows.intents import ActionTapped
from screens import theme
from screens.steps.page import StepScreen, card
from kiosk.texts import t
from screens.widgets import BigButton, Panel, fit_text, large_type

COLUMNS = (("screen.col_no", 90), ("screen.col_name", 0), ("screen.col_original", 220),
           ("screen.col_pages", 100), ("screen.col_by", 150), ("screen.col_scanned", 230))
LARGE = ("screen.col_name", "screen.col_original", "screen.col_pages")
"""Elderly mode and English keep the columns a litigant checks; the rest is on the receipt."""


def columns():
    return [(k, w) for k, w in COLUMNS if not large_type() or k in LARGE]


class MaterialListScreen(StepScreen):
    kind = "material_list"

    def build_body(self) -> None:
        box = card(padding=(theme.ref(18), theme.ref(12)), spacing=theme.ref(6))
        head = BoxLayout(size_hint_y=None, height=theme.tx(48) * 1.2)
        for title, width in columns():
            kwargs = {"size_hint_x": None, "width": theme.tx(width)} if width else {}
            head.add_widget(fit_text(t(title), theme.SMALL, theme.FINE, theme.COURT_BLUE, bold=True,
                                     **kwargs))
        self.rows = GridLayout(cols=1, spacing=theme.ref(6), size_hint_y=None)
        self.rows.bind(minimum_height=self.rows.setter("height"))
        self.summary = fit_text("", theme.BODY - theme.ref(2), theme.FINE, theme.TEXT, bold=True,
                                size_hint_y=None, height=theme.tx(50) * 1.2)
        box.add_widget(head)
        box.add_widget(self.rows)
        box.add_widget(BoxLayout())
        box.add_widget(self.summary)
        self.body.add_widget(box)

    def show_body(self, body, view) -> None:
        self.rows.clear_widgets()
        for row in body.rows:
            line = Panel(bg=theme.BLUE_PALE, radius=theme.ref(10), size_hint_y=None,
                         height=max(theme.mm(15), theme.tx(70)))
            values = dict(zip((k for k, _w in COLUMNS), (str(row.no), row.name, None, str(row.pages),
                                                           row.applicant, row.scanned_at)))
            for title, width in columns():
                value = values[title]
                kwargs = {"size_hint_x": None, "width": theme.tx(width)} if width else {}
                if value is None:
                    line.add_widget(BigButton(row.original_text, lambda i=row.material_id: self.send(
                        ActionTapped("toggle_original", i)), size=theme.FINE + theme.ref(2),
                        fit_min=theme.FINE, bg=theme.CARD,
                        colour=theme.TEXT, pressed=theme.CARD_PRESSED, **kwargs))
                else:
                    cell = fit_text(value, theme.SMALL, theme.FINE, theme.TEXT, **kwargs)
                    cell.a11y_data = title in ("screen.col_by", "screen.col_name")  # a name, a document's legal name
                    line.add_widget(cell)
            self.rows.add_widget(line)
        self.summary.text = body.summary
