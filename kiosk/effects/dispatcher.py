"""One dispatcher: ``{effect type: handler}``. The controller registers the shell's own effects
(sessions, PIN checks) beside the journeys' (scan, seal, print); unknown effects are logged."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from kiosk.effects import answers, archives, capture, documents, fees, packets, queries, transcripts, viewer
from kiosk.effects.ports import Ports
from kiosk.flows import effects as fx
from kiosk.flows import video as vfx

log = logging.getLogger(__name__)

Handler = Callable[[Any], None]


class Dispatcher:
    """``run(effect)``; ``background(fn, *args)`` runs slow work on the controller's pool,
    ``watch(fn, *args)`` a wait that lasts until the court answers or the session ends."""

    def __init__(self, ports: Ports, send: Callable[[Any], None],
                 background: Callable[..., None], watch: Callable[..., None] | None = None):
        self.ports = ports
        self.send = send
        self.background = background
        watch = watch or background
        self.table: dict[type, Handler] = {
            fx.Speak: self._speak,
            fx.ScanMaterial: lambda e: background(capture.scan_material, e, ports, send),
            fx.RecogniseMaterial: lambda e: background(capture.recognise_material, e, ports, send),
            fx.CancelScan: lambda e: capture.cancel(ports),
            fx.SealPacket: lambda e: background(packets.seal, e, ports, send),
            fx.PrintReceipt: lambda e: background(packets.print_receipt, e, ports, send),
            fx.WatchPacket: lambda e: watch(packets.watch, e, ports, send),
            fx.AlertStaff: lambda e: packets.alert_staff(e, ports),
            fx.ListenQr: lambda e: watch(capture.listen_qr, e, ports, send),
            fx.OpenDocument: lambda e: viewer.open_document(e, ports, send),
            fx.RenderPages: lambda e: viewer.render_pages(e, ports, send),
            fx.CloseDocument: lambda e: viewer.close_document(e, ports, send),
            fx.PrintDocument: lambda e: background(viewer.print_document, e, ports, send),
            fx.LoadPublications: lambda e: background(viewer.load_publications, e, ports, send),
            fx.WatchAnswer: lambda e: watch(answers.watch_answer, e, ports, send),
            fx.DocumentShown: lambda e: answers.document_shown(e, ports),
            fx.AskCourt: lambda e: background(queries.ask_court, e, ports, send),
            fx.FindDocuments: lambda e: background(documents.find_documents, e, ports, send),
            fx.SealProof: lambda e: background(documents.seal_proof, e, ports, send),
            fx.AskFeeNotices: lambda e: background(fees.ask_fees, e, ports, send),
            fx.WatchFeeAnswer: lambda e: watch(fees.watch_fee_answer, e, ports, send),
            vfx.CheckEquipment: lambda e: background(transcripts.check_equipment, e, ports, send),
            vfx.LoadTranscripts: lambda e: background(transcripts.load_transcripts, e, ports, send),
            vfx.StampTranscript: lambda e: background(transcripts.stamp_transcript, e, ports, send),
            vfx.TranscriptAnswered: lambda e: background(transcripts.mark_answered, e, ports, send),
            fx.LoadArchives: lambda e: background(archives.load_archives, e, ports, send),
        }

    def register(self, effect_type: type, handler: Handler) -> None:
        self.table[effect_type] = handler

    def run(self, effect: Any) -> None:
        handler = self.table.get(type(effect))
        if handler is None:
            log.error("no handler for effect %s", type(effect).__name__)
            return
        handler(effect)

    def _speak(self, effect: fx.Speak) -> None:
        """Handed to the voice port at once: ``Voice.say`` only queues the prompt for its own
        thread (microseconds). Through the work pool a prompt waited behind a journey's first
        jobs: 150-260 ms in 3 of 10 sessions (bench/voice_latency.py)."""
        if self.ports.speak is not None and getattr(self.ports.settings.ui, "voice", False):
            self.ports.speak(effect.text)
