"""The material list as the court will get it: name, original or copy, pages, applicant, time."""

from __future__ import annotations

from kivy.uix.boxlayout import BoxLayout
from kivy.uix.gridlayout import GridLayout

from kiosk.flows.intents import ActionTapped
from screens import theme
from screens.steps.page import StepScreen, card
from screens.widgets import BigButton, Panel, text

COLUMNS = (("序号", 90), ("材料名称", 0), ("原件/复印件", 220), ("页数", 100), ("提交人", 150),
           ("扫描时间", 230))


class MaterialListScreen(StepScreen):
    kind = "material_list"

    def build_body(self) -> None:
        box = card(padding=(18, 12), spacing=6)
        head = BoxLayout(size_hint_y=None, height=48)
        for title, width in COLUMNS:
            kwargs = {"size_hint_x": None, "width": width} if width else {}
            head.add_widget(text(title, theme.SMALL, theme.COURT_BLUE, bold=True, **kwargs))
        self.rows = GridLayout(cols=1, spacing=6, size_hint_y=None)
        self.rows.bind(minimum_height=self.rows.setter("height"))
        self.summary = text("", theme.BODY - 2, theme.TEXT, bold=True, size_hint_y=None, height=50)
        box.add_widget(head)
        box.add_widget(self.rows)
        box.add_widget(BoxLayout())
        box.add_widget(self.summary)
        self.body.add_widget(box)

    def show_body(self, body, view) -> None:
        self.rows.clear_widgets()
        for row in body.rows:
            line = Panel(bg=theme.BLUE_PALE, radius=10, size_hint_y=None, height=70)
            values = (str(row.no), row.name, None, str(row.pages), row.applicant, row.scanned_at)
            for (title, width), value in zip(COLUMNS, values):
                kwargs = {"size_hint_x": None, "width": width} if width else {}
                if value is None:
                    line.add_widget(BigButton(row.original_text, lambda i=row.material_id: self.send(
                        ActionTapped("toggle_original", i)), size=theme.FINE + 2, bg=theme.CARD,
                        colour=theme.TEXT, pressed=theme.CARD_PRESSED, **kwargs))
                else:
                    line.add_widget(text(value, theme.SMALL, theme.TEXT, **kwargs))
            self.rows.add_widget(line)
        self.summary.text = body.summary
