"""Submit (sealing, or why it failed with 重试) and status (the court's answer, the 15-minute
clock, the printed receipt)."""

from __future__ import annotations

from kivy.uix.boxlayout import BoxLayout

from kiosk.flows.intents import ActionTapped
from screens import theme
from screens.steps.page import (StepScreen, card, message_box, neutral_button, scrolling,
                                show_message)
from kiosk.texts import t
from screens.widgets import Panel, fit_text, large_type


class SubmitScreen(StepScreen):
    kind = "submit"

    def build_body(self) -> None:
        box = card(padding=(theme.ref(32), theme.ref(24)), spacing=theme.ref(16))
        self.headline = fit_text("", theme.TITLE - theme.ref(6), theme.BODY, theme.COURT_BLUE, bold=True,
                                 size_hint_y=None,
                                 height=theme.bx(70) if large_type() else theme.tx(70) * 1.2)
        self.error = message_box()
        row = BoxLayout(size_hint_y=None, height=theme.bx(90 if large_type() else 110))
        self.retry = neutral_button(t("common.retry"), lambda: self.send(ActionTapped("retry")), width=260,
                                    size=theme.HEADING)
        row.add_widget(BoxLayout())
        row.add_widget(self.retry)
        row.add_widget(BoxLayout())
        for widget in (self.headline, self.error, row):
            box.add_widget(widget)
        self.body.add_widget(box)

    def show_body(self, body, view) -> None:
        self.headline.text = (t("screen.sealing") if body.sealing
                              else t("screen.not_submitted") if body.error else "")
        show_message(self.error, body.error, 100 if large_type() else 140)
        self.retry.opacity = 1 if body.error else 0
        self.retry.inert = not body.error

    def primary_state(self, body):
        return (t("common.next"), True) if body.done else ("", False)


class StatusScreen(StepScreen):
    kind = "status"
    primary_key = "common.done"

    def build_body(self) -> None:
        large = large_type()
        lines = (lambda n: n * theme.FINE * theme.LINE_EM + theme.ref(10))
        box = card(padding=(theme.ref(28), theme.ref(14)), spacing=theme.ref(8))
        self.banner = Panel(bg=theme.BLUE_PALE, radius=theme.RADIUS, padding=(theme.ref(24), theme.ref(4)),
                            size_hint_y=None, height=theme.bx(84) if large else theme.tx(84))
        self.headline = fit_text("", theme.TITLE - theme.ref(6), theme.BODY, theme.COURT_BLUE, bold=True)
        self.banner.add_widget(self.headline)
        self.detail = fit_text("", theme.BODY - theme.ref(4), theme.FINE, theme.TEXT, size_hint_y=None,
                               height=max(theme.tx(72) * 1.15, lines(3) if large else 0))
        self.facts = fit_text("", theme.FINE, theme.FINE, theme.TEXT_MUTED, halign="left",
                              size_hint_y=None, height=theme.tx(100) * 1.25)
        # Elderly mode and English: the receipt's words get the full width, 重新打印回执 below.
        row = BoxLayout(orientation="vertical" if large else "horizontal", size_hint_y=None,
                        height=lines(4) + theme.bx(96) + theme.ref(14) if large
                        else max(theme.bx(96), lines(3) + theme.ref(8)), spacing=theme.ref(14))
        self.receipt = Panel(bg=theme.BLUE_PALE, radius=theme.RADIUS, padding=(theme.ref(18), theme.ref(4)))
        self.receipt.label = fit_text("", theme.BODY - theme.ref(6), theme.FINE, theme.TEXT, halign="left")
        self.receipt.add_widget(self.receipt.label)
        self.reprint = neutral_button(t("screen.reprint"), lambda: self.send(ActionTapped("reprint")),
                                      width=0)
        if large:
            self.receipt.size_hint_y, self.receipt.height = None, lines(4)
            self.reprint.size_hint_y, self.reprint.height = None, theme.bx(96)
        row.add_widget(self.receipt)
        row.add_widget(self.reprint)
        # Elderly mode and English: the packet number and digest are on the receipt, not here,
        # and what does not fit the panel scrolls (its bar shown), never cut.
        box.size_hint_y = None
        box.bind(minimum_height=box.setter("height"))
        for widget in (self.banner, self.detail, *(() if large else (self.facts,)), row):
            box.add_widget(widget)
        self.body.add_widget(scrolling(box))

    def show_body(self, body, view) -> None:
        self.headline.text = body.headline
        colours = {"received": theme.OK_GREEN, "accepted": theme.OK_GREEN, "answered": theme.OK_GREEN,
                   "rejected": theme.DANGER,
                   "overdue": theme.DANGER}
        self.headline.color = colours.get(body.state, theme.COURT_BLUE)
        self.banner.bg = theme.DANGER_PALE if body.state in ("rejected", "overdue") else theme.BLUE_PALE
        self.detail.text = body.detail
        self.facts.text = t("screen.status_facts", at=body.sealed_at, minutes=body.minutes,
                             packet=body.packet_id, digest=body.digest)
        failed = body.can_reprint
        self.receipt.label.text = body.receipt
        self.receipt.bg = theme.DANGER_PALE if failed else theme.BLUE_PALE
        self.receipt.label.color = theme.DANGER if failed else theme.TEXT
        self.reprint.width = theme.tx(280) if failed else 0
        self.reprint.opacity = 1 if failed else 0
        self.reprint.inert = not failed

    def primary_state(self, body):
        return (getattr(body, "primary", "") or self.primary_label), True
