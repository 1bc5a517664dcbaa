"""The running kiosk's moving parts: devices, the ID card watcher, the outbox and the uplink sender.

Built only by the composition root (``kiosk.bootstrap``); the controller never sees a driver, it
gets events (a card was tapped) and providers for the admin screen (device status, queue depth).
Everything here works in worker threads; a part that cannot start is logged and reported on the
admin screen, never a crash of the kiosk.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from config.settings import KioskSettings

log = logging.getLogger(__name__)


@dataclass
class Runtime:
    """What ``start_runtime`` started, so that ``close`` can stop it in reverse order."""

    settings: KioskSettings
    devices: dict[str, Any] = field(default_factory=dict)
    watcher: Any = None
    badge_watcher: Any = None
    outbox: Any = None
    sender: Any = None
    problems: list[str] = field(default_factory=list)

    def device_status(self) -> dict[str, str]:
        """Device name → Chinese status text for the admin screen (runs the self-test)."""
        from kiosk.selftest import run_selftest, status_texts

        return status_texts(run_selftest(self.devices))

    def queue_depth(self) -> int | None:
        """Packets still waiting for the court's receipt (None when the queue could not open)."""
        return self.outbox.status().depth if self.outbox is not None else None

    def close(self) -> None:
        from kiosk.selftest import shutdown_devices

        if self.sender is not None:
            self.sender.stop()
        if self.watcher is not None:
            self.watcher.stop()
        if self.badge_watcher is not None:
            self.badge_watcher.stop()
        shutdown_devices(self.devices)


def identity_of(card) -> Any:
    """A chip's ``IdCard`` as the flows' ``Identity`` (provenance ``chip``); the photo stays behind."""
    from kiosk.flows.dossier import Identity

    def iso(value) -> str:
        return value.isoformat() if value is not None else ""

    return Identity(name=card.name or card.name_en or "", id_number=card.id_number,
                    card_type=card.card_type, gender=card.gender or "", birth=iso(card.birth_date),
                    address=card.new_address or card.address or "", nation=card.nation or "",
                    name_en=card.name_en or "", nationality=card.nationality or "",
                    valid_to=iso(card.valid_to) if card.valid_to else "长期",
                    authority=card.authority or "", source="chip")


def card_event_handler(send: Callable[[Any], None], remember: Callable[[str, Any], None] | None = None):
    """Turn ID card watcher events into flow events: the card travels as an event into the state
    (and is wiped with it); a failed read is said plainly on the identify step."""
    from drivers.idcard.watcher import CardPresented, CardReadFailed, ReaderLost, ReaderRecovered
    from kiosk.flows.events import CardFailed, CardRead

    def on_event(event) -> None:
        if isinstance(event, CardPresented):
            send(CardRead(identity_of(event.card)))
        elif isinstance(event, CardReadFailed):
            log.warning("ID card reader: %s", event)
            send(CardFailed("idcard.read_failed", getattr(event.error, "code", "")))
        elif isinstance(event, (ReaderLost, ReaderRecovered)):
            log.warning("ID card reader: %s", event)

    return on_event


def start_runtime(settings: KioskSettings, send: Callable[[Any], None],
                  remember: Callable[[str, Any], None] | None = None, *,
                  start_sender: bool = True) -> Runtime:
    """Build the devices from config, watch the ID card reader, open the outbox, start the sender."""
    from kiosk.selftest import build_devices

    runtime = Runtime(settings)
    try:
        runtime.devices = build_devices(settings)
    except Exception as exc:  # a broken device config must not keep the kiosk dark
        log.exception("devices could not be built")
        runtime.problems.append(f"devices: {exc}")
    reader = runtime.devices.get("idcard")
    if reader is not None:
        from drivers.idcard.watcher import CardWatcher

        interval = float(settings.devices.idcard.options.get("poll_interval_s", 0.5))
        runtime.watcher = CardWatcher(reader, card_event_handler(send, remember), interval=interval).start()
    start_badge_watcher(runtime, send)
    _open_queue(runtime, start_sender)
    return runtime


def start_badge_watcher(runtime: Runtime, send: Callable[[Any], None]) -> None:
    """Watch the PC/SC reader for staff badges (kiosk.staff) when a badge key is configured."""
    from kiosk.staff import badge_handler, parse_secret

    port = runtime.devices.get("smartcard")
    secret = parse_secret(runtime.settings.ui.staff_badge_secret.get_secret_value())
    if port is None or secret is None:
        return
    from drivers.smartcard.watcher import SmartCardWatcher

    interval = float(runtime.settings.devices.smartcard.options.get("poll_interval_s", 0.3))
    runtime.badge_watcher = SmartCardWatcher(port, badge_handler(port, secret, send),
                                             interval=interval).start()


def _open_queue(runtime: Runtime, start_sender: bool) -> None:
    from offline_queue.service import CourtKeyMissing, open_outbox
    from offline_queue.service import start_sender as run_sender

    try:
        runtime.outbox = open_outbox(runtime.settings)  # the sender recovers interrupted transfers
    except Exception as exc:
        log.exception("the outbox could not be opened")
        runtime.problems.append(f"queue: {exc}")
        return
    if not start_sender:
        return
    from config.security import transport_refusal

    refusal = transport_refusal(runtime.settings.broker)
    if refusal:  # the CLI refuses before this; an embedding that does not is stopped here
        log.error("uplink not started: %s", refusal)
        runtime.problems.append(refusal)
        return
    try:
        runtime.sender = run_sender(runtime.settings, runtime.outbox)
    except CourtKeyMissing as exc:
        log.warning("uplink not started: %s", exc)
        runtime.problems.append(str(exc))
