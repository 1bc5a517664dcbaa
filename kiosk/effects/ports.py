"""The ports effect handlers use, built by the composition root from config (``kiosk.bootstrap``).

Each is a device ``Protocol`` from ``drivers`` or a small callable; ``None`` means not attached,
and the handler answers with a clear failure event instead of crashing.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Ports:
    settings: Any
    session: Callable[[], Any] = lambda: None
    """The current ``kiosk.session.Session`` (its temp dir holds scans and signatures)."""
    speak: Callable[[str], None] | None = None
    scanner: Any = None
    """``drivers.scanner.Scanner``."""
    capture: Callable[[], Any] | None = None
    """Returns the shared ``kiosk.capture.pipeline.CapturePipeline`` (built on first use)."""
    outbox: Callable[[], Any] | None = None
    """Returns the ``offline_queue.outbox.Outbox`` (None when it could not open)."""
    qr_scanner: Any = None
    """``drivers.qrscanner.CodeScanner``."""
    receipt_printer: Any = None
    """``drivers.receipt.port.ReceiptPrinter``."""
    link_up: Callable[[], bool] | None = None
    """Whether the uplink is connected now (None: unknown, taken as up)."""
    ask: Callable[..., dict] | None = None
    """A live question to the court: ``ask(kind, params)`` → the verified answer
    (``offline_queue.query.Requester.ask``; raises QueryTimeout / QueryUnavailable)."""
    alerts: list[tuple[str, str]] = field(default_factory=list)
    """Staff alerts raised this run (admin screen); the newest last."""
    watch_interval_s: float = 1.0
    printer: Any = None
    """``drivers.printer.Printer``: the A4 document printer."""
    renderer: Any = None
    """``kiosk.viewer.render.PageRenderer``, started on first use (``kiosk.effects.viewer``)."""
    av: Any = None
    """``drivers.av.AvDevices``: the video booth's camera, microphone and speaker."""
    closing: Any = None
    """``kiosk.effects.closing.SessionDocuments``: court documents this session used up."""


@dataclass
class Services:
    """Providers for the admin screen and the voice, called in worker threads; None = not attached."""

    device_status: Callable[[], Mapping[str, str]] | None = None
    """Device name (as in settings.devices) → status text for the admin screen, e.g. "正常"."""
    queue_depth: Callable[[], int | None] | None = None
    """Packets waiting for a court receipt."""
    speak: Callable[[str], None] | None = None
    """Spoken guidance; blocking is fine (runs in a worker)."""
    voice: Any = None
    """``kiosk.voice.Voice`` when the kiosk speaks: muted while no session runs."""
