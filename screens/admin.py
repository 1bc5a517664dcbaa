"""Admin screen: kiosk id, configuration summary, device status and queue depth."""

from __future__ import annotations

from kivy.uix.boxlayout import BoxLayout
from kivy.uix.gridlayout import GridLayout
from kivy.uix.screenmanager import Screen
from kivy.uix.widget import Widget

from kiosk.flows.navigation import LogoutTapped
from kiosk.texts import t as tr
from kiosk.flows.view import NOT_CONNECTED, UNKNOWN
from screens import theme
from screens.widgets import BigButton, HeaderBar, Panel, fit_text, text

ROW_H = 44


def _card(title: str, width_hint: float, label_width: float) -> tuple[Panel, GridLayout]:
    t = theme
    card = Panel(orientation="vertical", bg=t.CARD, radius=t.RADIUS, border_colour=t.CARD_EDGE,
                 border_width=t.BORDER_W,
                 padding=(t.ref(28), t.ref(14)), spacing=t.ref(8), size_hint_x=width_hint)
    size = t.font_px(t.HEADING - t.ref(4))
    card.add_widget(text(title, size, t.COURT_BLUE, bold=True, halign="left",
                         size_hint_y=None, height=t.lines_h(size)))
    row_h = max(t.ref(ROW_H), t.lines_h(t.FINE) + t.ref(2))  # one line of text, with air
    rows = GridLayout(cols=2, size_hint_y=None, row_default_height=row_h,
                      row_force_default=True, spacing=(t.ref(12), t.ref(4)))
    rows.bind(minimum_height=rows.setter("height"))
    rows.label_width = label_width
    card.add_widget(rows)
    card.add_widget(Widget())
    return card, rows


def device_colour(status: str):
    """Green when working, grey when not wired, red when the device needs someone."""
    if status == "正常":
        return theme.OK_GREEN
    if status in (NOT_CONNECTED, "已停用", UNKNOWN):
        return theme.TEXT_MUTED
    return theme.DANGER


class AdminScreen(Screen):
    a11y_staff_only = True
    """Court IT only: Chinese only, and long values (paths) may be shortened with … (audit)."""

    def __init__(self, send, **kwargs):
        super().__init__(name="admin", **kwargs)
        self._shown = None
        t = theme
        page = Panel(orientation="vertical", bg=t.PAGE)
        self.header = HeaderBar()
        page.add_widget(self.header)
        body = BoxLayout(padding=(t.ref(32), t.ref(20), t.ref(32), t.ref(8)), spacing=t.ref(24))
        info_card, self.config_rows = _card("本机信息", 0.45, t.tx(130))
        device_card, self.device_rows = _card("设备状态", 0.33, t.tx(170))
        queue_card = Panel(orientation="vertical", bg=t.CARD, radius=t.RADIUS,
                           border_colour=t.CARD_EDGE, border_width=t.BORDER_W,
                           padding=(t.ref(28), t.ref(20)), size_hint_x=0.22)
        queue_card.add_widget(fit_text("待发送队列", t.HEADING - t.ref(4), t.SMALL, t.COURT_BLUE,
                                       bold=True, halign="left", size_hint_y=None,
                                       height=t.tx(56)))
        self.queue_depth = text("", t.HUGE + t.ref(16), t.TEXT, bold=True, size_hint_y=None,
                                height=t.tx(140))
        queue_card.add_widget(self.queue_depth)
        queue_card.add_widget(text("件等待法院回执", t.SMALL, t.TEXT_MUTED,
                                   size_hint_y=None, height=t.tx(80), valign="top"))
        self.attention = text("", t.FINE, t.DANGER, halign="left", valign="top")
        queue_card.add_widget(self.attention)
        for card in (info_card, device_card, queue_card):
            body.add_widget(card)
        page.add_widget(body)
        footer = BoxLayout(size_hint_y=None, height=t.BUTTON_H + t.ref(32),
                           padding=(t.ref(32), t.ref(16), t.ref(32), t.ref(24)))
        self.kiosk_id = text("", t.SMALL, t.TEXT_MUTED, halign="left")
        footer.add_widget(self.kiosk_id)
        self.logout_button = BigButton("退出管理", lambda: send(LogoutTapped()),
                                       size=t.HEADING, size_hint_x=None, width=t.tx(300))
        footer.add_widget(self.logout_button)
        page.add_widget(footer)
        self.add_widget(page)

    @staticmethod
    def _fill(grid: GridLayout, rows, colour_of=lambda _value: theme.TEXT) -> None:
        grid.clear_widgets()
        for label, value in rows:
            grid.add_widget(text(label, theme.FINE, theme.TEXT_MUTED, halign="left",
                                 size_hint_x=None, width=grid.label_width))
            grid.add_widget(text(value, theme.FINE, colour_of(value), halign="left",
                                 bold=True, shorten=True, shorten_from="center"))

    def voice_prompt(self, view) -> str:
        return tr("shell.admin_voice")

    def show(self, view) -> None:
        self.header.show(view.court_name, tr("shell.admin_title"))
        admin = view.admin
        if admin == self._shown:
            return
        self._shown = admin
        self._fill(self.config_rows, admin.config)
        self._fill(self.device_rows, admin.devices, device_colour)
        self.queue_depth.text = admin.queue_depth
        self.attention.text = "\n".join(admin.attention)
        self.kiosk_id.text = f"终端编号：{admin.kiosk_id}"
