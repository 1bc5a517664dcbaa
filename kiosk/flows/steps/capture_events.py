"""Results of scanning and recognition update the dossier whichever step is showing: OCR runs in
the capture worker while the litigant goes on, so its answer may land on a later step."""

from __future__ import annotations

from dataclasses import replace

from kiosk.flows.dossier import Dossier
from kiosk.flows.events import (MaterialRecognised, PacketStateChanged, PageReplaced, PageScanned,
                                ReceiptPrinted,
                                ReceiptPrintFailed, RecognitionFailed, ScanFailed, ScanFinished)

DECIDED = ("accepted", "rejected", "answered", "document_sent", "not_generated", "unsuitable", "paid")
GLOBAL_EVENTS = (PageScanned, PageReplaced, ScanFinished, ScanFailed, MaterialRecognised, RecognitionFailed,
                 PacketStateChanged, ReceiptPrinted, ReceiptPrintFailed)


def apply(dossier: Dossier, event) -> Dossier:
    if isinstance(event, (PacketStateChanged, ReceiptPrinted, ReceiptPrintFailed)):
        return _packet(dossier, event)
    entry = dossier.material(event.material_id)
    if entry is None:  # deleted while the worker was busy: its late answer changes nothing
        return dossier
    if isinstance(event, PageScanned):
        entry = replace(entry, pages=entry.pages + (event.page,), status="scanning",
                        scanned_at=event.wall or entry.scanned_at, error="")
    elif isinstance(event, PageReplaced):
        pages = list(entry.pages)
        if 0 <= event.index < len(pages):
            pages[event.index] = event.page
        entry = replace(entry, pages=tuple(pages), status="scanning")
        dossier = dossier.logged(event.wall, "page_rescanned", material=entry.material_id,
                                 page=event.index + 1)
    elif isinstance(event, ScanFinished):
        entry = replace(entry, status="recognising" if entry.pages else "empty")
    elif isinstance(event, ScanFailed):
        entry = replace(entry, status="paused" if entry.pages else "empty", error=event.message)
        dossier = dossier.logged(event.wall, "scan_failed", material=entry.material_id, code=event.code)
    elif isinstance(event, MaterialRecognised) and entry.status == "scanning":
        return dossier  # an earlier feed's answer: the scan under way recognises every page again
    elif isinstance(event, MaterialRecognised):
        problems = dict(event.page_problems)
        pages = tuple(replace(p, problem=problems.get(i, "")) for i, p in enumerate(entry.pages))
        entry = replace(entry, status="ready", pdf_path=event.pdf_path, ocr_text=event.ocr_text,
                        confidence=event.confidence, layer_ok=event.layer_ok,
                        problems=event.problems, flags=event.flags, fields=event.fields,
                        doc_type=entry.doc_type or event.doc_type, pages=pages, error="")
        dossier = dossier.logged(event.wall, "material_recognised", material=entry.material_id,
                                 pages=entry.page_count, flags=len(event.flags))
    elif isinstance(event, RecognitionFailed):
        entry = replace(entry, status="failed", error=event.message)
    return dossier.with_material(entry)


def _packet(dossier: Dossier, event) -> Dossier:
    packet = dossier.packet
    if packet is None:
        return dossier
    if isinstance(event, PacketStateChanged):
        if event.packet_id != packet.packet_id:
            return dossier
        if event.state == "pushed" and packet.state != "queued":
            return dossier  # only news while the packet was waiting for the link
        if event.state == "received" and packet.state in DECIDED:
            return dossier  # the court's answer came first: the receipt's news is older
        packet = replace(packet, state=event.state, reason=event.reason)
        dossier = dossier.logged(event.wall, "court_answered", state=event.state)
    elif isinstance(event, ReceiptPrinted):
        packet = replace(packet, receipt_printed="printed")
    else:
        packet = replace(packet, receipt_printed=f"failed:{event.message}")
    return replace(dossier, packet=packet)
