"""Home screen: one large tile per service; the litigant taps one."""

from __future__ import annotations

from kivy.graphics import Color, Ellipse
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.gridlayout import GridLayout
from kivy.uix.label import Label
from kivy.uix.screenmanager import Screen

from kiosk.flows.catalog import ServiceInfo
from kiosk.flows.navigation import EndTapped, TileTapped
from screens import theme
from screens.widgets import BigButton, HeaderBar, Panel, text

TILE_COLUMNS = 5


class Badge(Label):
    """A large character in a blue disc: an icon any litigant can read."""

    def __init__(self, char: str, diameter: int = 80, **kwargs):
        super().__init__(text=char, font_size=int(diameter * 0.52), bold=True, color=theme.WHITE,
                         size_hint=(None, None), size=(diameter, diameter), **kwargs)
        with self.canvas.before:
            Color(*theme.BLUE)
            self._disc = Ellipse(pos=self.pos, size=self.size)
        self.bind(pos=self._redraw, size=self._redraw)

    def _redraw(self, *_args) -> None:
        self._disc.pos, self._disc.size = self.pos, self.size


class ServiceTile(ButtonBehavior, Panel):
    """One service: badge, name, what it is for. The whole card is the touch target."""

    def __init__(self, service: ServiceInfo, send, **kwargs):
        super().__init__(orientation="vertical", bg=theme.CARD, radius=theme.RADIUS,
                         padding=(12, 16, 12, 10), spacing=6, **kwargs)
        self.service = service
        self._send = send
        holder = BoxLayout(size_hint_y=None, height=82)
        holder.add_widget(BoxLayout())
        holder.add_widget(Badge(service.badge))
        holder.add_widget(BoxLayout())
        self.add_widget(holder)
        self.add_widget(text(service.title, theme.HEADING - 2, theme.TEXT, bold=True,
                             size_hint_y=None, height=50))
        self.add_widget(text(service.subtitle, theme.FINE + 1, theme.TEXT_MUTED, valign="top"))

    def on_state(self, _widget, state: str) -> None:
        self.bg = theme.CARD_PRESSED if state == "down" else theme.CARD

    def on_release(self) -> None:
        self._send(TileTapped(self.service.id))


class HomeScreen(Screen):
    def __init__(self, send, services: tuple[ServiceInfo, ...], **kwargs):
        super().__init__(name="home", **kwargs)
        page = Panel(orientation="vertical", bg=theme.PAGE)
        self.header = HeaderBar()
        page.add_widget(self.header)
        page.add_widget(text("请选择要办理的业务", theme.TITLE - 4, theme.COURT_BLUE, bold=True,
                             size_hint_y=None, height=76))
        grid = GridLayout(cols=TILE_COLUMNS, spacing=22, padding=(32, 0, 32, 0))
        self.tiles = {s.id: ServiceTile(s, send) for s in services}
        for tile in self.tiles.values():
            grid.add_widget(tile)
        page.add_widget(grid)
        footer = BoxLayout(size_hint_y=None, height=116, padding=(32, 16, 32, 14), spacing=24)
        footer.add_widget(text("如需帮助，请联系大厅工作人员", theme.SMALL, theme.TEXT_MUTED,
                               halign="left"))
        self.end_button = BigButton("结束办理", lambda: send(EndTapped()), bg=theme.NEUTRAL,
                                    pressed=theme.NEUTRAL_PRESSED, colour=theme.TEXT,
                                    size_hint_x=None, width=260)
        footer.add_widget(self.end_button)
        page.add_widget(footer)
        self.add_widget(page)

    def show(self, view) -> None:
        self.header.show(view.court_name, "诉讼服务自助终端")
