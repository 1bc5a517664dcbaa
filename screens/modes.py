"""Switching display mode and language on a running kiosk: rebuild the screens.

Why a rebuild: every size and colour is read from the active theme when a widget is built
(``screens.theme``), and every string from the catalogue, so the cheapest correct switch is to
activate the new theme and language and let the root build its screens afresh (they are lazy:
only the showing one is built at once). The controller's state is untouched.
"""

from __future__ import annotations

from collections.abc import Callable

from kiosk import texts
from screens import theme
from screens.widgets import BigButton


def apply_mode(root, ui, mode: str, lang: str, window_size: tuple[int, int]) -> None:
    """Activate ``mode`` and ``lang`` and rebuild ``root``'s screens, then show its view again."""
    from screens.idle import IdleOverlay
    from screens.root import LazyScreens

    theme.activate(theme.PanelSize.from_ui(ui, *window_size), mode)
    texts.set_language(lang)
    view = root.view
    overlay_shown = root.overlay.parent is not None
    if overlay_shown:
        root.remove_widget(root.overlay)
    root.manager.clear_widgets()
    root.screens = LazyScreens(root)
    root.overlay = IdleOverlay(root._send)
    root.view = None
    if view is not None:
        root.render(view)


def needs_rebuild(view) -> bool:
    mode = getattr(view, "mode", None) or theme.ACTIVE.mode.name
    return mode != theme.ACTIVE.mode.name or getattr(view, "lang", "zh") != texts.language()


def follow(root, view) -> bool:
    """Before rendering ``view``: if its mode or language differs from the active ones, activate
    them (same panel) and drop the built screens so they are built afresh. True if rebuilt."""
    if not needs_rebuild(view):
        return False
    from screens.idle import IdleOverlay
    from screens.root import LazyScreens

    mode = getattr(view, "mode", None) or theme.ACTIVE.mode.name
    theme.activate(theme.ACTIVE.panel, mode)
    texts.set_language(getattr(view, "lang", "zh"))
    if root.overlay.parent is not None:
        root.remove_widget(root.overlay)
    for screen in root.screens.values():
        screen.leave_for_rebuild() if hasattr(screen, "leave_for_rebuild") else None
    root.manager.clear_widgets()
    root.screens = LazyScreens(root)
    root.overlay = IdleOverlay(root._send)
    root.view = None
    return True


class A11yBar:
    """The accessibility buttons every screen can carry: 适老模式, 高对比度, English/中文,
    再听一遍 and volume. Callbacks only: the shell turns them into intents."""

    def __init__(self, *, on_elderly: Callable[[], None], on_contrast: Callable[[], None],
                 on_language: Callable[[], None], on_replay: Callable[[], None],
                 on_volume: Callable[[int], None]):
        t, tr = theme, texts.t
        small = dict(size=t.FINE, size_hint=(None, None), height=max(t.mm(15), t.tx(64)))
        neutral = dict(bg=t.NEUTRAL, pressed=t.NEUTRAL_PRESSED, colour=t.TEXT)
        self.elderly = BigButton(tr("a11y.elderly"), on_elderly, width=t.tx(180), **neutral,
                                 **small)
        self.contrast = BigButton(tr("a11y.high_contrast"), on_contrast, width=t.tx(180),
                                  **neutral, **small)
        self.language = BigButton(tr("a11y.language"), on_language, width=t.tx(150), **neutral,
                                  **small)
        self.replay = BigButton(tr("common.replay"), on_replay, width=t.tx(180), **small)
        self.quieter = BigButton("−", lambda: on_volume(-10), width=max(t.mm(15), t.tx(64)),
                                 **neutral, **small)
        self.louder = BigButton("+", lambda: on_volume(10), width=max(t.mm(15), t.tx(64)),
                                **neutral, **small)

    @property
    def buttons(self) -> tuple[BigButton, ...]:
        return (self.elderly, self.contrast, self.language, self.replay, self.quieter,
                self.louder)
