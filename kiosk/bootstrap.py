"""Composition root: the one place that builds the kiosk from settings, and its test twin.

Devices (issue 3) and the queue (issue 5) attach here through ``Services``; nothing else
constructs them. Screens only ever see a ``send`` callable and view states.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import SecretStr

from config.settings import KioskSettings
from kiosk.controller import Bridge, ClockBridge, Controller
from kiosk.effects.ports import Ports, Services
from kiosk.flows.pin import PinFormatError, parse_pin_hash
from kiosk.session import ensure_private_dir, purge_stale_sessions

if TYPE_CHECKING:
    from kiosk.app import KioskApp

log = logging.getLogger(__name__)


@dataclass
class Kiosk:
    """Everything the app needs, built once."""

    settings: KioskSettings
    controller: Controller
    bridge: Any
    services: Services
    runtime: Any = None
    """Devices, card watcher, outbox and sender (``kiosk.runtime.Runtime``) when attached."""
    closers: list = field(default_factory=list)
    inputs: Any = None
    """``kiosk.inputs.engines.InputEngines``: pinyin per session, handwriting."""

    def remember(self, key: str, value: Any) -> None:
        """Keep ``value`` in the current session's memory (wiped with the session)."""
        session = self.controller.session
        if session is not None and not session.closed:
            session.memory[key] = value

    def close(self) -> None:
        for close in self.closers:
            try:
                close()
            except Exception:
                log.exception("closing failed")
        if self.runtime is not None:
            self.runtime.close()


def build_kiosk(settings: KioskSettings, services: Services | None = None,
                bridge: Bridge | None = None, clock: Callable[[], float] = time.monotonic) -> Kiosk:
    """The core without Kivy: usable from tests and tools."""
    services = services or Services()
    if services.speak is None and settings.ui.voice:
        from kiosk.voice import espeak_voice

        voice = espeak_voice(settings.ui.voice_volume, settings.ui.voice_rate_wpm)
        services.speak = voice.say  # returns at once; a new prompt cuts off the old one
        services.voice = voice
    try:
        parse_pin_hash(settings.ui.admin_pin_hash.get_secret_value())
    except PinFormatError as exc:
        log.error("ui.admin_pin_hash is unusable (%s): admin login is impossible", exc)
    ensure_private_dir(Path(settings.temp_dir))
    purge_stale_sessions(settings.temp_dir)
    bridge = bridge or ClockBridge()
    ports = Ports(settings, speak=services.speak)
    controller = Controller(settings, bridge, services, clock=clock, env=journey_env(settings),
                            ports=ports)
    kiosk = Kiosk(settings, controller, bridge, services)
    if getattr(services, "voice", None) is not None:
        kiosk.closers.append(services.voice.close)
    if settings.ui.pinyin:
        from kiosk.inputs.engines import InputEngines

        kiosk.inputs = InputEngines(font_path=settings.ui.font_path)
        controller.session_hooks.append(kiosk.inputs)
        kiosk.closers.append(kiosk.inputs.end_session)
    from kiosk.effects.viewer import ViewerSessionHook

    controller.session_hooks.append(ViewerSessionHook(ports))
    from kiosk.effects.closing import SessionDocuments

    ports.closing = SessionDocuments(ports)  # decisions shown, archives viewed: closed at the end
    controller.session_hooks.append(ports.closing)
    kiosk.closers.append(lambda: ports.renderer.shutdown() if ports.renderer is not None else None)
    return kiosk


def journey_env(settings: KioskSettings):
    """The journeys, the court directory and the text catalogue, for the flows to read."""
    from config.courts import load_courts
    from kiosk.flows.journeys.registry import JOURNEYS
    from kiosk.flows.shell import Env
    from kiosk.texts import catalogue

    return Env(journeys=JOURNEYS, courts=load_courts(), kiosk_court=settings.kiosk.court_code,
               texts=catalogue())


def attach_ports(kiosk: Kiosk, devices: Mapping[str, Any], outbox: Callable[[], Any] | None) -> None:
    """Give the effect handlers their devices, the outbox and a capture pipeline built on first use."""
    ports = kiosk.controller.ports
    ports.scanner = devices.get("scanner")
    ports.receipt_printer = devices.get("receipt_printer")
    ports.qr_scanner = devices.get("qr_scanner")
    ports.printer = devices.get("printer")
    ports.av = devices.get("av")
    ports.outbox = outbox
    holder: dict[str, Any] = {}

    def capture():
        if "pipeline" not in holder:
            from kiosk.capture.pipeline import CapturePipeline

            holder["pipeline"] = CapturePipeline(kiosk.settings)
        return holder["pipeline"]

    ports.capture = capture
    kiosk.closers.append(lambda: holder["pipeline"].close() if "pipeline" in holder else None)


def attach_runtime(kiosk: Kiosk, *, start_sender: bool = True) -> Kiosk:
    """Start the devices, the ID card watcher, the outbox and the sender, and feed the admin screen."""
    from kiosk.runtime import start_runtime

    runtime = start_runtime(kiosk.settings, kiosk.controller.send, start_sender=start_sender)
    kiosk.runtime = runtime
    kiosk.services.device_status = runtime.device_status
    kiosk.services.queue_depth = runtime.queue_depth
    attach_ports(kiosk, runtime.devices, lambda: runtime.outbox)
    if runtime.sender is not None:
        kiosk.controller.ports.link_up = lambda: runtime.sender.connected
        kiosk.controller.ports.ask = runtime.sender.sender.queries.ask
    elif not start_sender:  # the sender service owns the MQTT session: ask through its socket
        from offline_queue.query_bridge import BridgeClient, socket_path

        kiosk.controller.ports.ask = BridgeClient(socket_path(kiosk.settings.storage.data_dir)).ask
    return kiosk


def build_app(settings: KioskSettings, services: Services | None = None, *,
              windowed: bool = False, headless: bool = False, with_runtime: bool = False,
              start_sender: bool = True, clock: Callable[[], float] = time.monotonic) -> KioskApp:
    """The real kiosk app; prepares Kivy (window, font) before any Kivy window exists.

    ``with_runtime`` attaches the configured devices, queue and sender (``kiosk run``); without
    it the shell runs alone (screenshots, the headless demo, UI tests). ``start_sender=False``
    leaves the uplink to its own service (``kiosk sender run``, provisioning/systemd).
    """
    from kiosk.app import KioskApp, prepare_kivy

    fullscreen = settings.ui.fullscreen and not windowed and not headless
    prepare_kivy(settings.ui, fullscreen=fullscreen)
    kiosk = build_kiosk(settings, services, clock=clock)
    if with_runtime:
        attach_runtime(kiosk, start_sender=start_sender)
    app = KioskApp(kiosk)
    app.fullscreen = fullscreen
    return app


def build_test_app(tmp_dir: Path, clock: Callable[[], float], services: Services | None = None,
                   **ui: Any) -> KioskApp:
    """Test twin: packaged defaults, data under ``tmp_dir``, an injected clock, voice off.

    ``ui`` overrides settings.ui fields (e.g. ``idle_timeout_s=10``).
    """
    settings = settings_for_tests(tmp_dir, **ui)
    return build_app(settings, services or Services(), headless=True, clock=clock)


def settings_for_tests(tmp_dir: Path, **ui: Any) -> KioskSettings:
    from config.loader import load_settings

    base = load_settings(None, use_site_default=False)
    if isinstance(ui.get("admin_pin_hash"), str):
        ui["admin_pin_hash"] = SecretStr(ui["admin_pin_hash"])
    ui_section = base.ui.model_copy(update={"voice": False, "fullscreen": False, "pinyin": False, **ui})
    storage = base.storage.model_copy(update={"data_dir": Path(tmp_dir) / "data"})
    return base.model_copy(update={"ui": ui_section, "storage": storage})


class FakeClock:
    """A monotonic clock that only moves when told to (idle timeouts without real waiting)."""

    def __init__(self, start: float = 1000.0):
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds
