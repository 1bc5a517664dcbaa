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
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
)
FALLBACK_BOLD = {
    "NotoSansCJK-Regular.ttc": "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
}


def kivy_environment() -> None:
    """Environment Kivy reads at import: keep our CLI arguments, log through ``logging``."""
    os.environ.setdefault("KIVY_NO_ARGS", "1")
    os.environ.setdefault("KIVY_LOG_MODE", "PYTHON")
    os.environ.setdefault("KIVY_NO_FILELOG", "1")
    # SDL would turn SIGTERM into a window-close request, which the fullscreen kiosk refuses;
    # systemd must still be able to stop it (see KioskApp.on_start).
    os.environ.setdefault("SDL_NO_SIGNAL_HANDLERS", "1")
    # A kiosk without a GPU renders with Mesa's llvmpipe. Its rasteriser threads each keep scene
    # memory: a 10-page filing peaked at 0.8-1.3 GB with the default threads and at 0.66 GB with
    # rasterising on the UI thread (bench/journey.py). Hardware drivers ignore the variable.
    os.environ.setdefault("LP_NUM_THREADS", "0")
    from kiosk.malloc_policy import tame_malloc

    tame_malloc()  # page buffers on mmap, two arenas: before Kivy's and the workers' threads


def software_gl(dri: Path = Path("/dev/dri")) -> bool:
    """True when GL will be Mesa's software rasteriser: no GPU device this process can open, or
    Mesa told to stay in software. Decided before the window exists (the GL renderer string is
    only known after)."""
    if os.environ.get("LIBGL_ALWAYS_SOFTWARE", "") not in ("", "0", "false"):
        return True
    if os.environ.get("GALLIUM_DRIVER", "") in ("llvmpipe", "softpipe", "swr"):
        return True
    return not any(dri.glob("renderD*")) and not any(dri.glob("card*"))


def multisamples(dri: Path = Path("/dev/dri")) -> str:
    """Kivy's default asks for 2× MSAA, which llvmpipe turns into 4×: every pixel of every frame
    shaded four times and resolved, 70 ms of CPU a frame instead of 28 on this 1280×800 panel
    (issue 11 bench: a page turn is one frame) and 30 MB more of framebuffer. With a GPU MSAA is
    nearly free and stays. ``KCFG_GRAPHICS_MULTISAMPLES`` still decides when set."""
    return os.environ.get("KCFG_GRAPHICS_MULTISAMPLES") or ("0" if software_gl(dri) else "2")


def find_font(configured: Path) -> Path | None:
    """The configured CJK font, or the first installed fallback (logged), or None."""
    if Path(configured).is_file():
        return Path(configured)
    for candidate in FALLBACK_FONTS:
        if Path(candidate).is_file():
            log.warning("font %s not found, using %s", configured, candidate)
            return Path(candidate)
    log.error("no CJK font found (install fonts-noto-cjk): Chinese will render as boxes")
    return None


def prepare_kivy(ui, *, fullscreen: bool) -> None:
    """Window size, kiosk-safe input settings, the fonts and the theme; before the window exists."""
    kivy_environment()
    from kivy.config import Config

    Config.set("graphics", "width", str(ui.width))
    Config.set("graphics", "height", str(ui.height))
    Config.set("graphics", "fullscreen", "auto" if fullscreen else "0")
    Config.set("graphics", "borderless", "1" if fullscreen else "0")
    Config.set("graphics", "resizable", "0")
    Config.set("graphics", "multisamples", multisamples())
    Config.set("kivy", "exit_on_escape", "0")  # no way out of the kiosk from a keyboard
    Config.set("input", "mouse", "mouse,disable_multitouch")
    register_fonts(ui)
    activate_theme(ui)


def activate_theme(ui, size: tuple[int, int] | None = None):
    """Sizes in mm for this panel (``size``: the real window's, once it exists) and mode."""
    from screens import theme

    width, height = size or (ui.width, ui.height)
    return theme.activate(theme.PanelSize.from_ui(ui, width, height), ui.mode)


def register_fonts(ui) -> tuple[Path, Path] | None:
    """Make the CJK font Kivy's default ("Roboto"), its bold weight as the bold slot.

    A collection (.ttc) gives up its ``ui.font_face`` face (see kiosk.fonts); without a bold file
    the regular one fills the bold slot, logged, since ``bold=True`` then carries no weight.
    """
    from kivy.core.text import DEFAULT_FONT, LabelBase

    from kiosk.fonts import single_face

    regular = find_font(ui.font_path)
    if regular is None:
        return None
    bold = ui.font_bold_path if regular == Path(ui.font_path) else FALLBACK_BOLD.get(regular.name)
    if bold is None or not Path(bold).is_file():
        log.warning("no bold CJK font (install fonts-noto-cjk): bold text will look regular")
        bold = regular
    faces = []
    for path in (regular, Path(bold)):
        try:
            faces.append(single_face(path, ui.font_face, ui.font_cache_dir))
        except (LookupError, OSError) as exc:
            log.warning("using %s as it is (face 0): %s", path, exc)
            faces.append(path)
    LabelBase.register(DEFAULT_FONT, fn_regular=str(faces[0]), fn_bold=str(faces[1]))
    return faces[0], faces[1]



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

        from kivy.core.window import Window

        from screens.root import KioskRoot

        activate_theme(self.kiosk.settings.ui, tuple(Window.size))  # the real panel's pixels
        controller = self.kiosk.controller
        inputs = self.kiosk.inputs
        self.root_widget = KioskRoot(send=controller.send,
                                     candidates=inputs.candidates if inputs else None,
                                     classify=inputs.classify if inputs else None)
        render = self.root_widget.render
        voice = getattr(self.kiosk.services, "voice", None)
        if voice is not None:  # the speaker goes quiet the moment a session ends
            from kiosk.voice import session_muting

            render = session_muting(voice, render)
        from kiosk.gc_policy import collect_and_freeze, collecting_between_sessions

        render = collecting_between_sessions(
            render, lambda job: Clock.schedule_once(lambda _dt: job(), 0.5))
        self.kiosk.bridge.attach(render)
        self.root_widget.render(controller.view)
        from kiosk.remote_config import UiRestartWatch

        controller.session_hooks.append(UiRestartWatch(self.kiosk.settings,
                                                       lambda: Clock.schedule_once(lambda _dt: self.stop())))
        collect_and_freeze()  # what start-up built lives as long as the kiosk
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
