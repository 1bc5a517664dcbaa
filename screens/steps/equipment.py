"""设备检查: one row per part of the video booth (camera, microphone, speaker), found or not in
plain words, a staff hint under a missing one; 重新检查 probes again. Sizes from the theme (mm),
labels fitted (shrink, then wrap); in elderly type the rows scroll rather than overflow."""

from __future__ import annotations

from kivy.uix.boxlayout import BoxLayout

from kiosk.flows.intents import ActionTapped
from screens import theme
from screens.steps.page import StepScreen, card, fit_floor, neutral_button, scrolling
from screens.widgets import Panel, fit_text, label_width


def _line_h(size: float, lines: int = 1) -> float:
    return lines * size * theme.LINE_EM


class EquipmentScreen(StepScreen):
    kind = "equipment"

    def build_body(self) -> None:
        t = theme
        box = card(padding=(t.ref(24), t.ref(10)), spacing=t.ref(10), size_hint_y=None)
        box.bind(minimum_height=box.setter("height"))
        button_h = max(t.mm(t.MIN_TARGET_MM), t.bx(76))
        top = BoxLayout(size_hint_y=None, height=max(button_h, _line_h(t.BODY, 2)), spacing=t.ref(18))
        self.headline = fit_text("", t.BODY, fit_floor(t.BODY), t.COURT_BLUE, bold=True, halign="left")
        self.recheck = neutral_button("", lambda: self.send(ActionTapped("recheck")), width=260,
                                      size_hint_y=None, height=button_h, pos_hint={"center_y": 0.5})
        top.add_widget(self.headline)
        top.add_widget(self.recheck)
        box.add_widget(top)
        self.rows: dict[str, tuple] = {}
        mark_w = label_width("×", t.TITLE) + t.ref(16)
        for part in ("camera", "microphone", "speaker"):
            row = Panel(bg=t.BLUE_PALE, radius=t.RADIUS, padding=(t.ref(22), t.ref(8)),
                        spacing=t.ref(18), size_hint_y=None)
            mark = fit_text("", t.TITLE, t.HEADING, t.OK_GREEN, bold=True, size_hint_x=None,
                            width=mark_w)
            mark.a11y_icon = True  # ✓ / ×: a sign, the same in every language
            name = fit_text("", t.HEADING, fit_floor(t.HEADING), t.TEXT, bold=True, halign="left",
                            size_hint_x=None, width=t.tx(220))
            words = BoxLayout(orientation="vertical")
            status = fit_text("", t.BODY, fit_floor(t.BODY), t.TEXT, halign="left",
                              size_hint_y=None, height=_line_h(t.BODY))
            hint = fit_text("", t.SMALL, t.FINE, t.TEXT_MUTED, halign="left", size_hint_y=None,
                            height=_line_h(t.SMALL, 2))
            words.add_widget(status)
            words.add_widget(hint)
            for widget in (mark, name, words):
                row.add_widget(widget)
            box.add_widget(row)
            self.rows[part] = (row, mark, name, status, hint, words)
        self.body.add_widget(scrolling(box))

    def show_body(self, body, view) -> None:
        t = theme
        self.headline.text = body.headline
        self.headline.color = t.OK_GREEN if body.ok else (t.COURT_BLUE if body.checking else t.DANGER)
        # The names' column as wide as the longest name needs (a third of the row at most).
        name_w = min(max((label_width(r.label, t.HEADING) for r in body.rows), default=0) + t.ref(12),
                     t.ref(400))
        for r in body.rows:
            row, mark, name, status, hint, words = self.rows[r.part]
            name.width = name_w
            name.text, status.text, hint.text = r.label, r.status, r.hint
            status.a11y_data = (r.name,) if r.name else ()
            mark.text = "…" if body.checking else ("✓" if r.present else "×")
            mark.color = t.COURT_BLUE if body.checking else (t.OK_GREEN if r.present else t.DANGER)
            row.bg = t.BLUE_PALE if body.checking or r.present else t.DANGER_PALE
            hint.height = _line_h(t.SMALL, 2) if r.hint else 0
            hint.opacity = 1 if r.hint else 0
            row.height = max(_line_h(t.HEADING), status.height + hint.height) + t.ref(16)
        self.recheck.label.text = body.recheck_label
        self.recheck.width = max(t.tx(200), label_width(body.recheck_label, t.BODY) + t.ref(40))
        self.recheck.inert = body.checking
        self.recheck.opacity = 0.5 if body.checking else 1

    def primary_state(self, body):
        return body.done_label, not body.checking
