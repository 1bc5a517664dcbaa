"""Switching display mode and language on a running kiosk: rebuild the screens.

Why a rebuild: every size and colour is read from the active theme when a widget is built
(``screens.theme``), and every string from the catalogue, so the cheapest correct switch is to
activate the new theme and language and let the root build its screens afresh (they are lazy:
only the showing one is built at once). The session's mode and language live in the controller's
state (``ViewState.mode`` / ``.lang``, set by the ``AccessBar``'s intents); ``follow`` runs before
every render and rebuilds when they differ from the active ones. The session is untouched.
"""

from __future__ import annotations

from kiosk import texts
from screens import theme


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

    theme.activate(theme.ACTIVE.panel, getattr(view, "mode", None) or theme.ACTIVE.mode.name)
    texts.set_language(getattr(view, "lang", "zh"))
    if root.overlay.parent is not None:
        root.remove_widget(root.overlay)
    for screen in list(root.screens.values()):
        screen.leave() if hasattr(screen, "leave") else None  # nothing typed survives a rebuild
    root.manager.clear_widgets()
    root.screens = LazyScreens(root)
    root.overlay = IdleOverlay(root._send)
    root.view = None
    return True
