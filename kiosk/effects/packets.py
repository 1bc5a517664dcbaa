"""Sealing the dossier into the outbox, printing the receipt, following the packet to the
court's receipt, alerting the staff. Each failure is a clear event; nothing captured is lost:
the dossier stays in the session, and a sealed packet stays in the outbox until its receipt."""

from __future__ import annotations

import json
import logging
import time
from pathlib import Path

from kiosk.flows.dossier import PacketInfo
from kiosk.flows.events import (PacketSealed, PacketStateChanged, ReceiptPrinted,
                                ReceiptPrintFailed, SealFailed)
from kiosk.messages import MESSAGES, message_for

log = logging.getLogger(__name__)
STATE_OF_RECEIPT = {"received": "received", "accepted": "accepted", "rejected": "rejected",
                    "stored": "received", "verified": "received"}


def session_filing(spec):
    """``FilingSpec`` (pure data) → ``packet_assembly.SessionFiling`` (reads the files)."""
    from kiosk.packet_assembly import Material, SessionFiling

    materials = [Material(m["name"], Path(m["pdf_path"]), m["ocr_text"], original=m["original"],
                          pages=m["pages"], doc_type=m["doc_type"],
                          applicant=row.get("applicant", ""), scanned_at=row.get("scanned_at", ""),
                          kept_from=m.get("kept_from"))
                 for m, row in zip(spec.materials, spec.material_list)]
    confirmations = []
    for s in spec.signatures:
        entry = {k: v for k, v in s.items() if k != "strokes_json"}
        entry["strokes"] = json.loads(s["strokes_json"]) if s["strokes_json"] else None
        confirmations.append(entry)
    extra = {"screening.json": {"flags": list(spec.screening)}, "checks.json": spec.checks}
    return SessionFiling(
        service=spec.service, case_type=spec.case_type, jurisdiction_court=spec.jurisdiction_court,
        form=spec.form, materials=materials, idcard=spec.identity, audit_events=list(spec.audit),
        kind=spec.kind, case_ref=spec.case_ref, supersedes=spec.supersedes,
        confirmations=confirmations, extra=extra)


def seal(effect, ports, send) -> None:
    from offline_queue.fsutil import DiskFull
    from offline_queue.service import CourtKeyMissing

    from kiosk.packet_assembly import seal_session

    outbox = ports.outbox() if ports.outbox is not None else None
    if outbox is None:
        send(SealFailed("queue.unavailable", MESSAGES["device.unavailable"]))
        return
    try:
        missing = [m["pdf_path"] for m in effect.filing.materials
                   if not m.get("kept_from") and not Path(m["pdf_path"]).is_file()]
        if missing:
            raise FileNotFoundError(", ".join(missing))
        packet_id = seal_session(ports.settings, session_filing(effect.filing), outbox=outbox)
        row = outbox.get(packet_id)
    except DiskFull as exc:
        log.error("filing not sealed: %s", exc)
        send(SealFailed("queue.disk_full", MESSAGES["queue.disk_full"]))
        return
    except CourtKeyMissing as exc:
        log.error("filing not sealed: %s", exc)
        send(SealFailed("queue.court_key_missing", MESSAGES["queue.court_key_missing"]))
        return
    except Exception:
        log.exception("filing not sealed")
        send(SealFailed("queue.error", message_for("queue.error")))
        return
    online = ports.link_up() if ports.link_up is not None else True
    send(PacketSealed(PacketInfo(packet_id, row.digest, row.sealed_at,
                                 state="pushed" if online else "queued")))


def print_receipt(effect, ports, send) -> None:
    from drivers.errors import DeviceError
    from drivers.receipt.escpos import Receipt

    printer = ports.receipt_printer
    if printer is None:
        send(ReceiptPrintFailed("receipt.unavailable", MESSAGES["receipt.unavailable"]))
        return
    try:
        printer.print_receipt(Receipt(effect.title, effect.lines, effect.qr, effect.footer))
    except DeviceError as exc:
        log.warning("receipt not printed: %s", exc)
        code = getattr(exc, "code", "receipt.unavailable")
        send(ReceiptPrintFailed(code, message_for(code)))
        return
    except Exception:
        log.exception("receipt not printed")
        send(ReceiptPrintFailed("receipt.unavailable", MESSAGES["receipt.unavailable"]))
        return
    send(ReceiptPrinted())


def watch(effect, ports, send, *, timeout_s: float = 3600.0) -> None:
    """Poll the outbox until the court's receipt is stored (or the session has ended)."""
    started = time.monotonic()
    session = ports.session()
    told_pushed = False
    while time.monotonic() - started < timeout_s:
        if session is None or session.closed:
            return
        outbox = ports.outbox() if ports.outbox is not None else None
        row = outbox.get(effect.packet_id) if outbox is not None else None
        if row is not None and row.state in ("delivered", "rejected"):
            state = STATE_OF_RECEIPT.get(row.receipt_status or "", "received")
            if row.state == "rejected":
                state = "rejected"
            send(PacketStateChanged(effect.packet_id, state, row.last_error or "" if state == "rejected" else ""))
            return
        if row is not None and row.state == "awaiting_receipt" and not told_pushed:
            told_pushed = True  # every chunk is at the court: the link is back if it was down
            send(PacketStateChanged(effect.packet_id, "pushed"))
        time.sleep(ports.watch_interval_s)


def alert_staff(effect, ports) -> None:
    log.error("staff alert: %s %s", effect.code, effect.detail)
    ports.alerts.append((effect.code, effect.detail))
