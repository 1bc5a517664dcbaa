"""Before sending: each problem in plain words with a button to the step that fixes it."""

from __future__ import annotations

from kivy.uix.boxlayout import BoxLayout

from kiosk.flows.intents import ActionTapped
from screens import theme
from screens.steps.page import StepScreen, card
from kiosk.texts import t
from screens.widgets import BigButton, Panel, fit_text


class CheckScreen(StepScreen):
    kind = "check"

    def build_body(self) -> None:
        self.box = card(padding=(theme.ref(22), theme.ref(14)), spacing=theme.ref(10))
        self.body.add_widget(self.box)

    def show_body(self, body, view) -> None:
        self.box.clear_widgets()
        if not body.problems:
            ok = Panel(bg=theme.BLUE_PALE, radius=theme.RADIUS, padding=(theme.ref(24), theme.ref(10)))
            ok.add_widget(fit_text(body.ok_text, theme.TITLE - theme.ref(8), theme.BODY, theme.OK_GREEN,
                                   bold=True))
            self.box.add_widget(ok)
            return
        for problem in body.problems[:5]:
            row = Panel(bg=theme.DANGER_PALE, radius=theme.ref(12), padding=(theme.ref(18), theme.ref(6)),
                        spacing=theme.ref(14), size_hint_y=None, height=theme.tx(84) * 1.15)
            row.add_widget(fit_text(problem.message, theme.BODY - theme.ref(4), theme.FINE, theme.DANGER,
                                    halign="left"))
            row.add_widget(BigButton(problem.fix_label, lambda s=problem.fix_step: self.send(
                ActionTapped("fix", s)), size=theme.BODY - theme.ref(6), fit_min=theme.FINE, size_hint_x=None,
                width=theme.tx(230)))
            self.box.add_widget(row)
        if len(body.problems) > 5:
            self.box.add_widget(fit_text(t("screen.more_problems", count=len(body.problems) - 5),
                                         theme.SMALL, theme.FINE, theme.TEXT_MUTED, size_hint_y=None,
                                         height=theme.tx(40) * 1.2))
        self.box.add_widget(BoxLayout())

    def primary_state(self, body):
        return t("common.next"), not body.problems
