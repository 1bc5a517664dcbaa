"""The handlers of video assistance and transcript signing: the booth probed through its device
port; the transcripts for this person listed from the verified downlink — each checked again
against the court's signature before it is offered, and never one addressed to someone else; the
signature stamped onto the transcript in the session's own folder (wiped with the session)."""

from __future__ import annotations

import hashlib
import json
import logging
from pathlib import Path

from kiosk.flows.video import (EquipmentChecked, StampFailed, TranscriptItem, TranscriptsLoaded,
                               TranscriptStamped)
from kiosk.messages import message_for
from kiosk.texts import t

log = logging.getLogger(__name__)
ANSWERED = "answered at the kiosk"


def check_equipment(effect, ports, send) -> None:
    av = ports.av
    if av is None:
        send(EquipmentChecked(effect.key, (), t("equipment.unavailable")))
        return
    try:
        report = av.probe()
    except Exception:  # a driver bug: the parts are reported missing, never a crash
        log.exception("video equipment probe failed")
        send(EquipmentChecked(effect.key, (), t("equipment.unavailable")))
        return
    for part in report.parts:
        if not part.present:
            log.warning("video booth: %s missing (%s): %s", part.part, part.problem, part.detail)
    send(EquipmentChecked(effect.key, tuple((p.part, p.present, p.name, p.problem) for p in report.parts)))


def transcripts_for(outbox, court_key, id_number: str, read=None) -> tuple[list[TranscriptItem], list[tuple[str, str]]]:
    """(transcripts addressed to this person that verify now, [(doc id, problem)] of those that do not)."""
    from sqlmodel import select

    from offline_queue import manifest as mf
    from offline_queue.document import recipient_tag
    from offline_queue.models import InDocument
    from offline_queue.verify import verify_dir

    from offline_queue.doc_store import outbox_reader

    read = read or outbox_reader(outbox)
    tag = recipient_tag(id_number)
    with outbox.session() as s:
        rows = s.exec(select(InDocument).where(InDocument.state == "verified", InDocument.kind == "transcript",
                                               InDocument.recipient == tag)
                      .order_by(InDocument.received_at.desc())).all()
    items, refused = [], []
    for row in rows:
        if (row.error or "").startswith(ANSWERED):
            continue  # signed or refused here already; the court has (or will have) the answer
        root = Path(row.path or "")
        problems = verify_dir(root, court_key, document=True, read=read) if row.path else ["no folder"]
        try:
            manifest = mf.decode((root / mf.MANIFEST).read_bytes())
        except (OSError, ValueError) as exc:
            problems = problems or [f"manifest unreadable ({exc})"]
            manifest = {}
        if manifest and manifest.get("recipient") != tag:
            problems.append("addressed to someone else")
        pdfs = [f for f in manifest.get("files", []) if f.get("media_type") == "application/pdf"]
        if not pdfs:
            problems.append("no PDF in the transcript")
        if problems:
            log.warning("transcript %s not offered: %s", row.doc_id, "; ".join(problems))
            refused.append((row.doc_id, "; ".join(problems)))
            continue
        items.append(TranscriptItem(row.doc_id, manifest.get("title") or row.title, manifest.get("case_ref") or "",
                                    manifest.get("court") or "", str(root / pdfs[0]["path"]), pdfs[0]["sha256"],
                                    row.received_at or 0.0))
    return items, refused


def load_transcripts(effect, ports, send) -> None:
    from offline_queue.service import CourtKeyMissing, court_public_key

    outbox = ports.outbox() if ports.outbox is not None else None
    if outbox is None:
        send(TranscriptsLoaded(effect.key, code="queue.unavailable", message=message_for("queue.error")))
        return
    try:
        from offline_queue.doc_store import kiosk_key, reader

        items, refused = transcripts_for(outbox, court_public_key(ports.settings), effect.id_number,
                                         reader(kiosk_key(ports.settings)))
    except CourtKeyMissing:
        send(TranscriptsLoaded(effect.key, code="queue.court_key_missing",
                               message=message_for("queue.court_key_missing")))
        return
    except Exception:
        log.exception("transcripts not listed")
        send(TranscriptsLoaded(effect.key, code="queue.error", message=message_for("queue.error")))
        return
    if refused and ports.alerts is not None:
        ports.alerts.append(("transcript_unverified", ",".join(d for d, _ in refused)))
    send(TranscriptsLoaded(effect.key, tuple(items), tuple(refused)))


def stamp_transcript(effect, ports, send) -> None:
    from kiosk.viewer.stamp import StampError, stamp_pdf

    try:
        from offline_queue.doc_store import AtRestError, kiosk_key, read_bytes

        try:
            data = read_bytes(effect.path, kiosk_key(ports.settings))
        except AtRestError:
            data = b""  # does not open with this kiosk's key: as good as changed
        if hashlib.sha256(data).hexdigest() != effect.sha256:
            raise StampError("transcript.tampered", "the transcript changed since it was verified")
        if not effect.strokes_json or not json.loads(effect.strokes_json):
            raise StampError("transcript.empty_signature", "no strokes")
        stamped, pages = stamp_pdf(data, effect.png, effect.caption, str(ports.settings.ui.font_path))
        session = ports.session()
        folder = Path(session.temp_dir) if session is not None else None
        if folder is None:
            raise StampError("transcript.no_session", "no session folder")
        out = folder / f"signed-{hashlib.sha256(effect.key.encode()).hexdigest()[:12]}.pdf"
        out.write_bytes(stamped)
    except StampError as exc:
        log.warning("transcript not stamped: %s (%s)", exc.code, exc)
        send(StampFailed(effect.key, exc.code, t(f"transcript.failed.{exc.code.partition('.')[2]}")))
        return
    except Exception:
        log.exception("transcript not stamped")
        send(StampFailed(effect.key, "transcript.error", t("transcript.failed.error")))
        return
    send(TranscriptStamped(effect.key, str(out), hashlib.sha256(stamped).hexdigest(), pages))


def mark_answered(effect, ports, send) -> None:
    """Note on the verified document that it was answered (its state stays ``verified``, so a
    repeated manifest from the court is still answered as before)."""
    import time

    from offline_queue.models import InDocument

    outbox = ports.outbox() if ports.outbox is not None else None
    if outbox is None:
        return
    try:
        with outbox.session() as s:
            row = s.get(InDocument, effect.doc_id)
            if row is not None:
                row.error = f"{ANSWERED} {time.strftime('%Y-%m-%d %H:%M:%S')}"
                s.add(row)
                s.commit()
        from offline_queue.doc_store import mark_served

        mark_served(outbox, effect.doc_id, "transcript")  # purged after the retention (doc_store)
    except Exception:
        log.exception("transcript %s not marked answered", effect.doc_id)
