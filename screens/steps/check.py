"""Before sending: each problem in plain words with a button to the step that fixes it."""

from __future__ import annotations

from kivy.uix.boxlayout import BoxLayout

from kiosk.flows.intents import ActionTapped
from screens import theme
from screens.steps.page import StepScreen, card
from screens.widgets import BigButton, Panel, text


class CheckScreen(StepScreen):
    kind = "check"

    def build_body(self) -> None:
        self.box = card(padding=(22, 14), spacing=10)
        self.body.add_widget(self.box)

    def show_body(self, body, view) -> None:
        self.box.clear_widgets()
        if not body.problems:
            ok = Panel(bg=theme.BLUE_PALE, radius=theme.RADIUS, padding=(24, 10))
            ok.add_widget(text(body.ok_text, theme.TITLE - 8, theme.OK_GREEN, bold=True))
            self.box.add_widget(ok)
            return
        for problem in body.problems[:5]:
            row = Panel(bg=theme.DANGER_PALE, radius=12, padding=(18, 6), spacing=14,
                        size_hint_y=None, height=84)
            row.add_widget(text(problem.message, theme.BODY - 4, theme.DANGER, halign="left"))
            row.add_widget(BigButton(problem.fix_label, lambda s=problem.fix_step: self.send(
                ActionTapped("fix", s)), size=theme.BODY - 6, size_hint_x=None, width=230))
            self.box.add_widget(row)
        if len(body.problems) > 5:
            self.box.add_widget(text(f"另有 {len(body.problems) - 5} 个问题，处理完上面的问题后显示。",
                                     theme.SMALL, theme.TEXT_MUTED, size_hint_y=None, height=40))
        self.box.add_widget(BoxLayout())

    def primary_state(self, body):
        return "下一步", not body.problems
