"""The Kivy application: window set-up, the CJK default font, the root widget, the tick.

Import this module only when a window is wanted: it is not imported by ``kiosk --help``.
"""

from __future__ import annotations

import logging
import os
import signal
from pathlib import Path

log = logging.getLogger(__name__)

TICK_S = 0.25
FALLBACK_FONTS = (
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
)


def kivy_environment() -> None:
    """Environment Kivy reads at import: keep our CLI arguments, log through ``logging``."""
    os.environ.setdefault("KIVY_NO_ARGS", "1")
    os.environ.setdefault("KIVY_LOG_MODE", "PYTHON")
    os.environ.setdefault("KIVY_NO_FILELOG", "1")
    # SDL would turn SIGTERM into a window-close request, which the fullscreen kiosk refuses;
    # systemd must still be able to stop it (see KioskApp.on_start).
    os.environ.setdefault("SDL_NO_SIGNAL_HANDLERS", "1")


def find_font(configured: Path) -> Path | None:
    """The configured CJK font, or the first installed fallback (logged), or None."""
    if Path(configured).is_file():
        return Path(configured)
    for candidate in FALLBACK_FONTS:
        if Path(candidate).is_file():
            log.warning("font %s not found, using %s", configured, candidate)
            return Path(candidate)
    log.error("no CJK font found (install fonts-wqy-microhei): Chinese will render as boxes")
    return None


def prepare_kivy(ui, *, fullscreen: bool) -> None:
    """Window size, kiosk-safe input settings and the default font; before the window exists."""
    kivy_environment()
    from kivy.config import Config

    Config.set("graphics", "width", str(ui.width))
    Config.set("graphics", "height", str(ui.height))
    Config.set("graphics", "fullscreen", "auto" if fullscreen else "0")
    Config.set("graphics", "borderless", "1" if fullscreen else "0")
    Config.set("graphics", "resizable", "0")
    Config.set("kivy", "exit_on_escape", "0")  # no way out of the kiosk from a keyboard
    Config.set("input", "mouse", "mouse,disable_multitouch")
    register_font(ui.font_path)


def register_font(font_path: Path) -> Path | None:
    """Make the CJK font Kivy's default ("Roboto") so every label can draw Chinese."""
    from kivy.core.text import DEFAULT_FONT, LabelBase

    font = find_font(font_path)
    if font is not None:
        LabelBase.register(DEFAULT_FONT, fn_regular=str(font), fn_bold=str(font))
    return font


def _app_base():
    kivy_environment()
    from kivy.app import App

    return App


class KioskApp(_app_base()):
    """Fullscreen kiosk: renders view states; the controller decides what to show."""

    title = "诉讼服务自助终端"
    fullscreen = False

    def __init__(self, kiosk, **kwargs):
        super().__init__(**kwargs)
        self.kiosk = kiosk
        self.root_widget = None

    def build(self):
        from kivy.clock import Clock

        from screens.root import KioskRoot

        controller = self.kiosk.controller
        inputs = self.kiosk.inputs
        self.root_widget = KioskRoot(send=controller.send,
                                     candidates=inputs.candidates if inputs else None,
                                     classify=inputs.classify if inputs else None)
        self.kiosk.bridge.attach(self.root_widget.render)
        self.root_widget.render(controller.view)
        controller.start()
        self._ticker = Clock.schedule_interval(lambda _dt: controller.tick(), TICK_S)
        return self.root_widget

    def on_start(self):
        from kivy.core.window import Window

        if self.fullscreen:
            Window.bind(on_request_close=lambda *_args, **_kw: True)  # no way out to a desktop
        signal.signal(signal.SIGTERM, lambda *_args: self.stop())  # systemd stop: wipe, then exit
        log.info("kiosk window open (%dx%d)", *Window.size)

    def stop_ticking(self) -> None:
        ticker = getattr(self, "_ticker", None)
        if ticker is not None:
            ticker.cancel()

    def on_stop(self):
        if getattr(self, "_stopped", False):  # Kivy calls on_stop again when the window closes
            return
        self._stopped = True
        self.stop_ticking()
        self.kiosk.controller.shutdown()
        self.kiosk.close()
        log.info("kiosk stopped")
