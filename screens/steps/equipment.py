"""设备检查: one row per part of the video booth (camera, microphone, speaker), found or not in
plain words, a staff hint under a missing one; 重新检查 probes again."""

from __future__ import annotations

from kivy.uix.boxlayout import BoxLayout

from kiosk.flows.intents import ActionTapped
from screens import theme
from screens.steps.page import StepScreen, card, neutral_button
from screens.widgets import Panel, text

ROW_H = 112


class EquipmentScreen(StepScreen):
    kind = "equipment"

    def build_body(self) -> None:
        box = card(padding=(24, 10), spacing=10)
        top = BoxLayout(size_hint_y=None, height=76, spacing=18)
        self.headline = text("", theme.BODY, theme.COURT_BLUE, bold=True, halign="left")
        self.recheck = neutral_button("", lambda: self.send(ActionTapped("recheck")), width=260)
        top.add_widget(self.headline)
        top.add_widget(self.recheck)
        box.add_widget(top)
        self.rows: dict[str, tuple] = {}
        for part in ("camera", "microphone", "speaker"):
            row = Panel(bg=theme.BLUE_PALE, radius=theme.RADIUS, padding=(22, 8), spacing=18,
                        size_hint_y=None, height=ROW_H)
            mark = text("", theme.TITLE, theme.OK_GREEN, bold=True, size_hint_x=None, width=70)
            name = text("", theme.HEADING, theme.TEXT, bold=True, halign="left", size_hint_x=None, width=220)
            words = BoxLayout(orientation="vertical")
            status = text("", theme.BODY, theme.TEXT, halign="left", size_hint_y=None, height=50)
            hint = text("", theme.SMALL, theme.TEXT_MUTED, halign="left")
            words.add_widget(status)
            words.add_widget(hint)
            for widget in (mark, name, words):
                row.add_widget(widget)
            box.add_widget(row)
            self.rows[part] = (row, mark, name, status, hint)
        box.add_widget(BoxLayout())
        self.body.add_widget(box)

    def show_body(self, body, view) -> None:
        self.headline.text = body.headline
        self.headline.color = theme.OK_GREEN if body.ok else (theme.COURT_BLUE if body.checking else theme.DANGER)
        for r in body.rows:
            row, mark, name, status, hint = self.rows[r.part]
            name.text, status.text, hint.text = r.label, r.status, r.hint
            mark.text = "…" if body.checking else ("✓" if r.present else "×")
            mark.color = theme.COURT_BLUE if body.checking else (theme.OK_GREEN if r.present else theme.DANGER)
            row.bg = theme.BLUE_PALE if body.checking or r.present else theme.DANGER_PALE
        self.recheck.label.text = body.recheck_label
        self.recheck.inert = body.checking
        self.recheck.opacity = 0.5 if body.checking else 1

    def primary_state(self, body):
        return body.done_label, not body.checking
