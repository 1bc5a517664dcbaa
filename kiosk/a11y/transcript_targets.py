"""Audit targets for the transcript journey's own step screens: the booth's equipment check (the
simulated booth with its microphone missing) and a transcript read to its end — a real sample PDF
rendered by the real viewer worker, listed as the transcript worker would list it."""

from __future__ import annotations

import hashlib
import tempfile
import time
from pathlib import Path

from kiosk.a11y.registry import register


def _tile(kiosk, way: str) -> None:
    from kiosk.flows.events import OptionChosen
    from kiosk.flows.intents import ScreenTouched, TileTapped

    for event in (ScreenTouched(), TileTapped("transcript_signing"), OptionChosen(way)):
        kiosk.controller.send(event)
    kiosk.settle()


def _equipment(kiosk) -> None:
    from drivers.av.sim import AvSimulator

    booth = AvSimulator(microphone=False)
    kiosk.controller.ports.av = booth
    _tile(kiosk, "equipment_check")
    _until(kiosk, lambda body: not body.checking)


def _until(kiosk, done, timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        kiosk.pump(1)
        step = kiosk.controller.view.step
        if step is not None and done(step.body):
            break
    kiosk.settle()


def _transcript(kiosk) -> None:
    from kiosk.a11y.journey_targets import ZHANG
    from kiosk.flows.dossier import Identity
    from kiosk.flows.events import ActionTapped, CardRead, NextTapped, ScrolledToEnd
    from kiosk.flows.video import LoadTranscripts, TranscriptItem, TranscriptsLoaded
    from kiosk.viewer.samples import sample_pdf

    path = Path(tempfile.gettempdir()) / "kiosk-audit-transcript.pdf"
    if not path.exists():
        path.write_bytes(sample_pdf("judgment", pages=2))
    item = TranscriptItem("t1", "调解笔录", "（2024）豫0102民初1187号", "豫0102", str(path),
                          hashlib.sha256(path.read_bytes()).hexdigest(), time.time())
    send = kiosk.controller.send
    # The transcripts as the worker would list them from the verified downlink.
    kiosk.controller.dispatcher.register(LoadTranscripts, lambda e: send(TranscriptsLoaded(e.key, (item,))))
    _tile(kiosk, "transcript")
    send(CardRead(Identity(**ZHANG)))
    send(NextTapped())
    kiosk.settle()
    _until(kiosk, lambda body: getattr(body, "phase", "") == "list")
    send(ActionTapped("open", "t1"))
    _until(kiosk, lambda body: body.page_count and len(body.pages) == body.page_count)
    send(ScrolledToEnd())
    kiosk.settle()


register("step.equipment", _equipment)
register("step.transcript", _transcript)
