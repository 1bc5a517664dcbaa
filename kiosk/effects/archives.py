"""卷宗查阅: the approved archives for the card's holder, read from the downlink inbox.

Only documents addressed to this person (the manifest's ``recipient`` tag is the hash of the ID
number, ``offline_queue.document.recipient_tag``) are considered, and each is verified afresh —
the court's signature over the manifest and every file's SHA-256 — before it is listed: a copy
changed on disk since it arrived is left out, logged, and counted so the screen can say so."""

from __future__ import annotations

import logging
from pathlib import Path

from kiosk.flows.events import ArchivesLoaded
from kiosk.flows.steps.archives import ArchiveFile, ArchiveGrant, ArchiveRefusal
from kiosk.texts import t

log = logging.getLogger(__name__)
ARCHIVE_SCHEMA = "court-kiosk/archive/v1"


def load_archives(effect, ports, send) -> None:
    from offline_queue.service import CourtKeyMissing, court_public_key

    kiosk_id = ports.settings.kiosk.kiosk_id
    outbox = ports.outbox() if ports.outbox is not None else None
    if outbox is None:
        send(ArchivesLoaded(kiosk_id=kiosk_id, code="arc.unavailable", message=t("arc.unavailable")))
        return
    try:
        key = court_public_key(ports.settings)
        grants, refusals, unverified = read_archives(outbox, key, effect.id_number)
    except CourtKeyMissing:
        send(ArchivesLoaded(kiosk_id=kiosk_id, code="arc.unavailable", message=t("arc.unavailable")))
        return
    except Exception:  # a locked or damaged store: a message, never a crashed worker
        log.exception("approved archives not read")
        send(ArchivesLoaded(kiosk_id=kiosk_id, code="arc.unavailable", message=t("arc.unavailable")))
        return
    if unverified and ports.alerts is not None:
        ports.alerts.append(("archive.unverified", f"{unverified} archive document(s)"))
    send(ArchivesLoaded(tuple(grants), tuple(refusals), kiosk_id, unverified))
    if getattr(ports, "closing", None) is not None:  # a refusal listed has been told: closed at the end
        for refusal in refusals:
            if refusal.doc_id:
                ports.closing.used(refusal.doc_id, "shown")


def read_archives(outbox, court_key, id_number: str):
    """(grants, refusals, how many failed verification) for this ID number, newest first."""
    from sqlmodel import select

    from offline_queue import manifest as mf
    from offline_queue.document import recipient_tag
    from offline_queue.models import InDocument
    from offline_queue.doc_store import outbox_reader
    from offline_queue.verify import verify_dir

    tag = recipient_tag(id_number)
    with outbox.session() as s:
        rows = s.exec(select(InDocument).where(InDocument.state == "verified", InDocument.recipient == tag,
                                               InDocument.kind.in_(("archive", "decision")))
                      .order_by(InDocument.verified_at.desc())).all()
    grants, refusals, unverified = [], [], 0
    for row in rows:
        root = Path(row.path or "")
        problems = verify_dir(root, court_key, document=True, read=outbox_reader(outbox))
        if problems:
            unverified += 1
            log.warning("archive document %s does not verify any more, not shown: %s", row.doc_id,
                        "; ".join(problems))
            continue
        manifest = mf.decode((root / mf.MANIFEST).read_bytes())
        if manifest.get("recipient") != tag:  # the row said so; the signed manifest must too
            log.warning("document %s: signed recipient differs from its row, not shown", row.doc_id)
            continue
        try:
            if row.kind == "archive":
                grants.append(_grant(outbox, root, manifest))
            else:
                refusal = _refusal(outbox, root, row.doc_id)
                if refusal is not None:
                    refusals.append(refusal)
        except (OSError, ValueError, KeyError, TypeError) as exc:
            unverified += 1
            log.warning("archive document %s unreadable (%s), not shown", row.doc_id, exc)
    return grants, refusals, unverified


def _grant(outbox, root: Path, manifest: dict) -> ArchiveGrant:
    from offline_queue.doc_store import read_json

    hashes = {f["path"]: f["sha256"] for f in manifest["files"]}
    data = read_json(outbox, root / "archive.json")
    if data.get("schema") != ARCHIVE_SCHEMA:
        raise ValueError(f"unknown archive schema {data.get('schema')!r}")
    files = []
    for f in data["files"]:
        if f["path"] not in hashes:
            raise ValueError(f"{f['path']} is not in the signed manifest")
        ranges = f.get("print_ranges")
        files.append(ArchiveFile(str(root / f["path"]), hashes[f["path"]], str(f["title"]), int(f.get("pages", 0)),
                                 None if ranges is None else str(ranges)))
    return ArchiveGrant(manifest["doc_id"], str(data.get("case_ref") or manifest.get("case_ref") or ""),
                        str(data.get("court") or ""), str(manifest.get("court") or ""),
                        str(data.get("approved_at") or ""), int(data.get("viewing_minutes") or 30),
                        str(data.get("download_link") or ""), str(data.get("link_expires") or ""),
                        tuple(files), str(data.get("packet_id") or ""))


def _refusal(outbox, root: Path, doc_id: str = "") -> ArchiveRefusal | None:
    from offline_queue.doc_store import read_json

    decision = read_json(outbox, root / "decision.json")
    if decision.get("service") != "archive_viewing" or decision.get("decision") != "rejected":
        return None
    return ArchiveRefusal(str(decision.get("packet_id") or ""), str(decision.get("reason") or ""),
                          str(decision.get("decided_at") or ""), str(decision.get("court") or ""), doc_id)
