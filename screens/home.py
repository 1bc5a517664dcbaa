"""Home screen: one large tile per service; the litigant taps one. More services than one page
holds (5 × 2 tiles, each far above 15 mm with its name and hint readable) go on further pages,
turned with 更多服务 / 上一页; the screen always opens on the first page."""

from __future__ import annotations

from kivy.graphics import Color, Ellipse
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.gridlayout import GridLayout
from kivy.uix.label import Label
from kivy.uix.screenmanager import Screen

from kiosk.flows.catalog import ServiceInfo
from kiosk.flows.intents import ModeToggled, ReplayTapped
from kiosk.flows.navigation import EndTapped, TileTapped
from kiosk.texts import t as tr
from screens import theme
from screens.widgets import (BigButton, HeaderBar, Panel, fit_text, large_type, same_size,
                             snug_button, text)

TILE_COLUMNS = 5
TILE_ROWS = 2
PAGE_SIZE = TILE_COLUMNS * TILE_ROWS


def paged(services, size: int = PAGE_SIZE) -> list[tuple]:
    """Pages of at most ``size`` services: each group (``ServiceInfo.group``, in order of first
    appearance) starts its own page, so the services needing no ID card have a page of their own."""
    groups: dict[str, list] = {}
    for service in services:
        groups.setdefault(service.group, []).append(service)
    pages = [tuple(items[i:i + size]) for items in groups.values() for i in range(0, len(items), size)]
    return pages or [()]


class Badge(Label):
    """A large character in a blue disc: an icon any litigant can read (in every language)."""

    a11y_icon = True

    def __init__(self, char: str, diameter: float, **kwargs):
        super().__init__(text=char, font_size=theme.font_px(diameter * 0.52), bold=True,
                         color=theme.WHITE,
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
        t = theme
        super().__init__(orientation="vertical", bg=t.CARD, radius=t.RADIUS,
                         border_colour=t.BORDER, border_width=t.BORDER_W,
                         padding=(t.ref(8), t.ref(12), t.ref(8), t.ref(10)), spacing=t.ref(6),
                         **kwargs)
        self.service = service
        self._send = send
        names_only = large_type()
        badge = t.tx(48) if names_only else t.tx(80)
        holder = BoxLayout(size_hint_y=None, height=badge + t.ref(2))
        holder.add_widget(BoxLayout())
        holder.add_widget(Badge(service.badge, badge))
        holder.add_widget(BoxLayout())
        self.add_widget(holder)
        name = tr(f"tile.{service.id}")
        self.subtitle = fit_text(tr(f"tile_hint.{service.id}"), t.FINE, t.FINE, t.TEXT_MUTED)
        if names_only:  # the name takes the rest of the card, wrapping if it must
            self.title = fit_text(name, t.HEADING, t.FINE, t.TEXT, bold=True, prefer_wrap=True)
            self.add_widget(self.title)
        else:
            self.title = fit_text(name, t.HEADING, t.BODY, t.TEXT, bold=True, size_hint_y=None,
                                  height=t.tx(50))
            self.add_widget(self.title)
            self.add_widget(self.subtitle)

    def on_state(self, _widget, state: str) -> None:
        self.bg = theme.CARD_PRESSED if state == "down" else theme.CARD

    def on_release(self) -> None:
        self._send(TileTapped(self.service.id))


class HomeScreen(Screen):
    def __init__(self, send, services: tuple[ServiceInfo, ...], **kwargs):
        super().__init__(name="home", **kwargs)
        t = theme
        page = Panel(orientation="vertical", bg=t.PAGE)
        self.header = HeaderBar(send)
        page.add_widget(self.header)
        self.pages = paged(tuple(services))
        self.page = 0
        head = BoxLayout(size_hint_y=None, height=t.tx(76), padding=(t.ref(32), t.ref(6), t.ref(32), 0),
                         spacing=t.ref(16))
        turn = {"size": t.BODY - t.ref(4), "size_hint_x": None, "width": t.tx(250)}
        self.prev_button = BigButton(tr("cf.home.prev"), lambda: self.turn(-1), bg=t.NEUTRAL,
                                     pressed=t.NEUTRAL_PRESSED, colour=t.TEXT, **turn)
        self.next_button = BigButton(tr("cf.home.next"), lambda: self.turn(1), **turn)
        head.add_widget(self.prev_button)
        self.title = fit_text(tr("shell.choose"), t.TITLE - t.ref(4), t.BODY, t.COURT_BLUE, bold=True)
        head.add_widget(self.title)
        head.add_widget(self.next_button)
        page.add_widget(head)
        self.grid = GridLayout(cols=TILE_COLUMNS, rows=TILE_ROWS, spacing=t.ref(22),
                               padding=(t.ref(32), t.ref(8), t.ref(32), 0))
        self.replay_button = snug_button(tr("common.replay"), lambda: send(ReplayTapped()),
                                         size=t.SMALL, size_hint_y=None,
                                         height=max(t.mm(t.MIN_TARGET_MM), t.tx(60)),
                                         pos_hint={"center_y": 0.5})
        self.replay_button.a11y_intent = "replay"
        self.tiles = {s.id: ServiceTile(s, send) for s in services}
        same_size([tile.title for tile in self.tiles.values()])
        page.add_widget(self.grid)
        footer = BoxLayout(size_hint_y=None, height=t.tx(116),
                           padding=(t.ref(32), t.ref(16), t.ref(32), t.ref(14)), spacing=t.ref(24))
        if not large_type():  # elderly mode, English: the room goes to the buttons
            footer.add_widget(fit_text(tr("shell.help"), t.SMALL, t.FINE, t.TEXT_MUTED,
                                       halign="left"))
        else:
            footer.add_widget(BoxLayout())
        self.page_label = text("", t.SMALL, t.TEXT_MUTED, size_hint_x=None, width=t.tx(150))
        footer.add_widget(self.page_label)
        self.contrast_button = snug_button(tr("access.contrast_off" if t.ACTIVE.mode.high_contrast
                                              else "access.high_contrast"),
                                           lambda: send(ModeToggled("high_contrast")), size=t.SMALL)
        self.contrast_button.a11y_intent = "high_contrast"
        footer.add_widget(self.contrast_button)
        footer.add_widget(self.replay_button)
        self.end_button = BigButton(tr("common.end"), lambda: send(EndTapped()), bg=t.NEUTRAL,
                                    pressed=t.NEUTRAL_PRESSED, colour=t.TEXT,
                                    size_hint_x=None, width=t.tx(260))
        footer.add_widget(self.end_button)
        page.add_widget(footer)
        self.add_widget(page)
        self._lay_out()

    def turn(self, step: int) -> None:
        """更多服务 / 上一页 (a presentation matter, like scrolling: the shell is not told)."""
        self.page = max(0, min(len(self.pages) - 1, self.page + step))
        self._lay_out()

    def page_of(self, service_id: str) -> int:
        return next((i for i, page in enumerate(self.pages) if any(s.id == service_id for s in page)), 0)

    def _lay_out(self) -> None:
        self.grid.clear_widgets()
        shown = self.pages[self.page]
        lead = (TILE_COLUMNS - len(shown)) // 2 if len(shown) < TILE_COLUMNS else 0  # a short row, centred
        for _ in range(lead):
            self.grid.add_widget(BoxLayout())
        for service in shown:
            self.grid.add_widget(self.tiles[service.id])
        for _ in range(PAGE_SIZE - len(shown) - lead):  # a short page's tiles keep the same size
            self.grid.add_widget(BoxLayout())
        self.title.text = tr(f"cf.home.group.{shown[0].group}") if shown else tr("shell.choose")
        following = self.pages[self.page + 1] if self.page + 1 < len(self.pages) else ()
        self.next_button.label.text = (tr(f"cf.home.more.{following[0].group}") if following
                                       and following[0].group != (shown[0].group if shown else "")
                                       else tr("cf.home.next"))
        many = len(self.pages) > 1
        for button, away in ((self.prev_button, self.page == 0),
                             (self.next_button, self.page == len(self.pages) - 1)):
            button.opacity = 0 if away or not many else 1
            button.inert = away or not many
        self.page_label.text = tr("cf.home.page", page=self.page + 1, pages=len(self.pages)) if many else ""

    def voice_prompt(self, view) -> str:
        return tr("shell.choose_voice")

    def show(self, view) -> None:
        self.header.show(view.court_name, tr("shell.terminal"))
        if view.screen != "home" and self.page:  # left: the next visit starts on the first page
            self.page = 0
            self._lay_out()
