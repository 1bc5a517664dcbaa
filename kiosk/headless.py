"""Drive the real kiosk UI without a display: screenshots, the scripted demo journey, tests.

Without ``DISPLAY`` SDL renders offscreen (EGL); touches are real Kivy motion events delivered
to the real widgets. Time is a ``FakeClock`` so a 90-second idle timeout takes no time.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from config.settings import KioskSettings
from kiosk.bootstrap import FakeClock, Services, build_app
from kiosk.flows.navigation import AdminTapped, PinSubmitted, ScreenTouched, TileTapped

SCREENS = ("attract", "home", "service", "idle", "admin_pin", "admin_locked", "admin")
STATES = ("empty", "sample")
SAMPLE_PIN_WRONG = "0000"


class Headless:
    """The kiosk's real root widget in an offscreen window, pumped frame by frame."""

    def __init__(self, settings: KioskSettings, services: Services | None = None,
                 clock: FakeClock | None = None, *, with_runtime: bool = False,
                 start_sender: bool = False):
        self.clock = clock or FakeClock()
        self.app = build_app(settings, services or Services(), headless=True, clock=self.clock)
        if with_runtime:
            from kiosk.bootstrap import attach_runtime

            attach_runtime(self.app.kiosk, start_sender=start_sender)
        from kivy.base import EventLoop
        EventLoop.ensure_window()
        self.window = EventLoop.window
        size = (settings.ui.width, settings.ui.height)
        if tuple(self.window.size) != size:  # one window per process: resize it per panel
            self.window.size = size
        self.root = self.app.build()
        self.window.add_widget(self.root)
        self.controller = self.app.kiosk.controller
        self.pump()

    # --- driving ---------------------------------------------------------------------------

    def pump(self, frames: int = 3) -> None:
        """Let Kivy run ``frames`` frames: the bridge delivers views, layouts settle."""
        from kivy.base import EventLoop

        for _ in range(frames):
            EventLoop.idle()

    def settle(self, timeout: float = 10.0) -> None:
        """Wait for background jobs (PIN checks, wipes), then render their results."""
        self.controller.wait_background(timeout)
        self.pump()

    def tap(self, widget=None, pos: tuple[float, float] | None = None) -> None:
        """A finger tap at the widget's centre (or a window position), as real touch events."""
        from kiosk.scripted_touch import ScriptedTouch as UnitTestTouch

        x, y = pos if pos is not None else widget.to_window(*widget.center)
        touch = UnitTestTouch(x, y)
        touch.touch_down()
        touch.touch_up()
        self.pump(2)

    def advance(self, seconds: float) -> None:
        """Move the kiosk's clock on and let the ticker see it."""
        self.clock.advance(seconds)
        self.controller.tick()
        self.pump()

    def wait_for(self, predicate: Callable[[], bool], timeout: float = 10.0) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self.pump(1)
            if predicate():
                return True
        return predicate()

    @property
    def screen(self) -> str:
        return self.root.manager.current

    def save(self, path: Path) -> Path:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        self.pump()
        self.root.export_to_png(str(path))
        return path

    def close(self) -> None:
        self.app.stop_ticking()
        self.window.remove_widget(self.root)
        self.controller.shutdown()
        self.app.kiosk.close()


# --- screens on demand ----------------------------------------------------------------------


def sample_services() -> Services:
    """Plausible device and queue figures, for screenshots of a wired admin screen."""
    status = {"idcard": "正常", "smartcard": "正常", "printer": "缺纸", "receipt_printer": "正常",
              "scanner": "正常", "qr_scanner": "未连接"}
    return Services(device_status=lambda: status, queue_depth=lambda: 3)


def reach(kiosk: Headless, screen: str, sample: bool) -> None:
    """Drive the kiosk to ``screen`` through the same intents the widgets send."""
    send = kiosk.controller.send
    if screen == "attract":
        return
    if screen in ("home", "service", "idle"):
        send(ScreenTouched())
        if screen != "home":
            send(TileTapped("case_filing" if sample or screen == "service" else "case_query"))
        if screen == "idle":
            from kiosk.flows.shell import IDLE_FACTOR

            # The session's own timeouts: elderly mode waits twice as long before the warning.
            ui = kiosk.controller.settings.ui
            factor = IDLE_FACTOR.get(kiosk.controller.state.mode, 1.0)
            kiosk.advance(ui.idle_timeout_s * factor)
            if sample:
                kiosk.advance(min(5, ui.idle_warning_s * factor - 1))
        kiosk.pump()
        return
    send(AdminTapped())
    if screen == "admin_pin" and sample:
        send(PinSubmitted(SAMPLE_PIN_WRONG))
    elif screen == "admin_locked":
        for _ in range(kiosk.controller.settings.ui.admin_max_attempts):
            send(PinSubmitted(SAMPLE_PIN_WRONG))
            kiosk.settle()
    elif screen == "admin":
        raise ValueError("the admin screen needs a PIN: use render_admin")
    kiosk.settle()


@dataclass
class Shot:
    screen: str
    path: Path


def screenshot(settings: KioskSettings, screen: str, out: Path, state: str = "empty",
               pin: str | None = None) -> Shot:
    """Render one screen headless into ``out`` (PNG)."""
    if screen not in SCREENS:
        raise ValueError(f"unknown screen {screen!r}; choose one of: {', '.join(SCREENS)}")
    if state not in STATES:
        raise ValueError(f"unknown state {state!r}; choose one of: {', '.join(STATES)}")
    sample = state == "sample"
    kiosk = Headless(settings, sample_services() if sample else None)
    try:
        if screen == "admin":
            kiosk.controller.send(AdminTapped())
            kiosk.controller.send(PinSubmitted(pin or ""))
            kiosk.settle()
            if kiosk.screen != "admin":
                raise PermissionError("the admin PIN was not accepted")
            kiosk.settle()
        else:
            reach(kiosk, screen, sample)
        return Shot(kiosk.screen, kiosk.save(out))
    finally:
        kiosk.close()


DEMO_SHEETS = ["民事起诉状", "民事起诉状", "借条", "证据目录"]
"""What the simulated feeder holds for the demo: a two-page complaint, an IOU, an evidence list."""


def demo_settings(settings: KioskSettings) -> KioskSettings:
    """The demo's scanner feeds a complaint and evidence (unless the site gave its own files)."""
    scanner = settings.devices.scanner
    if scanner.kind == "sim" and not scanner.options.get("files"):
        options = {**scanner.options, "sheets": 0, "kinds": DEMO_SHEETS}
        devices = settings.devices.model_copy(update={"scanner": scanner.model_copy(update={"options": options})})
        settings = settings.model_copy(update={"devices": devices})
    return settings


def demo_journey(settings: KioskSettings, out_dir: Path, log: Callable[[str], None] = print,
                 court=None, services: bool = True) -> list[Path]:
    """The scripted litigant: a civil filing from the card tap to the court's receipt, a material
    transfer for an existing case; with the court (and ``services``) then my cases, the fee paid,
    a judgment printed and signed for, a transcript signed, an archive viewed watermarked and
    its allowed pages printed (``kiosk.demo_services``); then the
    idle timeout wiping the session; one PNG per step.
    ``court``: the embedded demo court (``kiosk.demo_court``); without it filings stay queued and
    the journeys that need the court's answers are left out."""
    from kiosk.walkthrough import Walk, civil_filing, material_transfer

    kiosk = Headless(demo_settings(settings), with_runtime=True, start_sender=True)
    walk = Walk(kiosk, Path(out_dir), log)
    wait = 180.0 if court is not None else 0.0
    ui = settings.ui
    try:
        packet_id = civil_filing(walk, wait_receipt=wait)
        log(f"civil filing sealed as packet {packet_id} in {walk.taps} taps besides scanning")
        if court is not None:
            log(court.review(packet_id))
        walk.tap(walk.screen.primary)  # 完成: back to the services, the card still read
        walk.wait_screen("home")
        transfer = material_transfer(walk, "（2024）豫0102民初1187号", wait_receipt=wait)
        log(f"material transfer sealed as packet {transfer}")
        walk.tap(walk.screen.primary)
        walk.wait_screen("home")
        if court is not None and services:
            from kiosk.demo_services import walk_services

            walk_services(walk, court, packet_id, log)
        elif services:
            log("without a court: my cases, fees, documents and transcripts left out (they need its answers)")
        kiosk.advance(ui.idle_timeout_s)
        walk.shot("idle-warning", f"{ui.idle_timeout_s} s without a touch: the warning counts down")
        kiosk.advance(ui.idle_warning_s)
        kiosk.settle()
        walk.shot("attract-again", "nobody answered: the session is wiped, back to the attract screen")
    finally:
        kiosk.close()
    return walk.shots
