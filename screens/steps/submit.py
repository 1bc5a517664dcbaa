"""Submit (sealing, or why it failed with 重试) and status (the court's answer, the 15-minute
clock, the printed receipt)."""

from __future__ import annotations

from kivy.uix.boxlayout import BoxLayout

from kiosk.flows.intents import ActionTapped
from screens import theme
from screens.steps.page import StepScreen, card, message_box, neutral_button, show_message
from screens.widgets import Panel, text


class SubmitScreen(StepScreen):
    kind = "submit"

    def build_body(self) -> None:
        box = card(padding=(32, 24), spacing=16)
        self.headline = text("", theme.TITLE - 6, theme.COURT_BLUE, bold=True)
        self.error = message_box()
        row = BoxLayout(size_hint_y=None, height=110)
        self.retry = neutral_button("重试", lambda: self.send(ActionTapped("retry")), width=260,
                                    size=theme.HEADING)
        row.add_widget(BoxLayout())
        row.add_widget(self.retry)
        row.add_widget(BoxLayout())
        for widget in (self.headline, self.error, row):
            box.add_widget(widget)
        self.body.add_widget(box)

    def show_body(self, body, view) -> None:
        self.headline.text = ("正在封装并提交材料，请稍候" if body.sealing
                              else "材料没有提交成功" if body.error else "")
        show_message(self.error, body.error, 140)
        self.retry.opacity = 1 if body.error else 0
        self.retry.inert = not body.error

    def primary_state(self, body):
        return ("下一步", True) if body.done else ("", False)


class StatusScreen(StepScreen):
    kind = "status"
    primary_label = "完成"

    def build_body(self) -> None:
        box = card(padding=(28, 14), spacing=8)
        self.banner = Panel(bg=theme.BLUE_PALE, radius=theme.RADIUS, padding=(24, 4), size_hint_y=None,
                            height=84)
        self.headline = text("", theme.TITLE - 6, theme.COURT_BLUE, bold=True)
        self.banner.add_widget(self.headline)
        self.detail = text("", theme.BODY - 4, theme.TEXT, size_hint_y=None, height=72)
        self.facts = text("", theme.FINE, theme.TEXT_MUTED, halign="left", size_hint_y=None,
                          height=100)
        row = BoxLayout(size_hint_y=None, height=96, spacing=14)
        self.receipt = Panel(bg=theme.BLUE_PALE, radius=theme.RADIUS, padding=(18, 4))
        self.receipt.label = text("", theme.BODY - 6, theme.TEXT, halign="left")
        self.receipt.add_widget(self.receipt.label)
        self.reprint = neutral_button("重新打印回执", lambda: self.send(ActionTapped("reprint")),
                                      width=0)
        row.add_widget(self.receipt)
        row.add_widget(self.reprint)
        for widget in (self.banner, self.detail, self.facts, row, BoxLayout()):
            box.add_widget(widget)
        self.body.add_widget(box)

    def show_body(self, body, view) -> None:
        self.headline.text = body.headline
        colours = {"received": theme.OK_GREEN, "accepted": theme.OK_GREEN, "answered": theme.OK_GREEN,
                   "rejected": theme.DANGER,
                   "overdue": theme.DANGER}
        self.headline.color = colours.get(body.state, theme.COURT_BLUE)
        self.banner.bg = theme.DANGER_PALE if body.state in ("rejected", "overdue") else theme.BLUE_PALE
        self.detail.text = body.detail
        self.facts.text = (f"提交时间：{body.sealed_at}（{body.minutes} 分钟前）\n"
                           f"电子数据包编号：{body.packet_id}\n数据包摘要：{body.digest}")
        failed = body.can_reprint
        self.receipt.label.text = body.receipt
        self.receipt.bg = theme.DANGER_PALE if failed else theme.BLUE_PALE
        self.receipt.label.color = theme.DANGER if failed else theme.TEXT
        self.reprint.width = 280 if failed else 0
        self.reprint.opacity = 1 if failed else 0
        self.reprint.inert = not failed

    def primary_state(self, body):
        return (getattr(body, "primary", "") or self.primary_label), True
