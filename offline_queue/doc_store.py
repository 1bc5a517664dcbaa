"""Court documents at rest on the kiosk: every file of a verified downlink document (the judgment's
PDF, a transcript, a decision's JSON) is kept encrypted (AES-256-GCM under the kiosk's at-rest key,
``keys/at-rest.key`` beside its signing key), so the docs folder, a backup of it or a disk taken
away holds no one's judgment in clear; it is decrypted in memory only, for the viewer, the printer
(a private temporary copy, gone once CUPS has the job) and the checks.

And documents are not kept for ever: once a document is served (the proof of service, signed or
refused, or the transcript's answer is sealed) it is marked, and after the retention that applies
to scans after the court's receipt (``retention.keep_scans_after_receipt_h``) its folder goes.
The purge marks the row ``purging`` before it deletes anything and ``purged`` after, so a crash
mid-way only leaves a purge to finish; a document not yet served is never touched."""

from __future__ import annotations

import functools
import logging
import os
import shutil
import time
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlmodel import Field, SQLModel, select

from offline_queue.fsutil import create_once

log = logging.getLogger("offline_queue.doc_store")
MAGIC = b"CKAR1\n"
"""Marks a file sealed at rest (a file without it is read as it is: older, clear documents)."""
PUBLIC_KINDS = ("catalogue",)
"""The court's public documents (judgments published, guides, templates): for anyone, kept clear."""
PURGED_KINDS = ("judgment", "transcript")
"""Documents for one person that are served here; public catalogues, fee notices and decisions
the kiosk still answers from are kept (they carry no PDF to collect)."""


class AtRestError(ValueError):
    """A file sealed at rest that does not open with this kiosk's key (changed, or another key)."""


class DocumentServed(SQLModel, table=True):
    """When a document was served at this kiosk, and how (``proof`` / ``refused`` / ``transcript``)."""

    __tablename__ = "document_served"

    doc_id: str = Field(primary_key=True)
    served_at: float
    how: str = ""


def key_path(settings) -> Path:
    return Path(settings.kiosk_key_file).parent / "at-rest.key"


@functools.lru_cache(maxsize=8)
def _load_key(path: Path) -> bytes:
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        if create_once(path, os.urandom(32)):  # two processes at once: one key, the first one's
            log.info("at-rest key for court documents created at %s", path)
    key = path.read_bytes()
    if len(key) != 32:
        raise AtRestError(f"{path}: an at-rest key is 32 bytes, this one is {len(key)}")
    return key


def kiosk_key(settings) -> bytes:
    """This kiosk's at-rest key (created, 0600, on first use)."""
    return _load_key(key_path(settings))


def seal(data: bytes, key: bytes) -> bytes:
    nonce = os.urandom(12)
    return MAGIC + nonce + AESGCM(key).encrypt(nonce, data, MAGIC)


def unseal(blob: bytes, key: bytes | None) -> bytes:
    if not blob.startswith(MAGIC):
        return blob
    if key is None:
        raise AtRestError("a document sealed at rest, and no key to open it")
    body = blob[len(MAGIC):]
    try:
        return AESGCM(key).decrypt(body[:12], body[12:], MAGIC)
    except (InvalidTag, ValueError) as exc:
        raise AtRestError(f"does not open with this kiosk's at-rest key ({exc.__class__.__name__})") from None


def read_bytes(path: Path | str, key: bytes | None) -> bytes:
    """A document file's content, in memory (raises OSError, AtRestError)."""
    return unseal(Path(path).read_bytes(), key)


def reader(key: bytes | None):
    return lambda path: read_bytes(path, key)


def outbox_reader(outbox):
    """How to read the files of the documents in ``outbox``'s store (``service.open_outbox`` gives
    it the kiosk's at-rest key; a bare ``Outbox`` has none and reads clear files only)."""
    return reader(getattr(outbox, "at_rest_key", None))


def read_json(outbox, path: Path | str):
    import json

    return json.loads(outbox_reader(outbox)(path))


# --- served, and purged after the retention ----------------------------------------------------


def mark_served(outbox, doc_id: str, how: str, at: float | None = None) -> None:
    """Record once that ``doc_id`` was served here (a repeat keeps the first time)."""
    with outbox.session() as s:
        if s.get(DocumentServed, doc_id) is None:
            s.add(DocumentServed(doc_id=doc_id, served_at=at or time.time(), how=how))
            s.commit()


def purge_served(outbox, keep_hours: float, now: float | None = None, *, between=None) -> int:
    """Delete the folders of documents served ``keep_hours`` ago or more; finish any purge a crash
    interrupted. ``between(doc_id, path)`` runs after each file removed (for the fault test)."""
    from offline_queue.models import InDocument

    cutoff = (now or time.time()) - keep_hours * 3600
    with outbox.session() as s:
        due = s.exec(select(InDocument).join(DocumentServed, DocumentServed.doc_id == InDocument.doc_id)
                     .where(InDocument.state == "verified", InDocument.kind.in_(PURGED_KINDS),
                            DocumentServed.served_at <= cutoff)).all()
        for row in due:
            row.state = "purging"  # never listed again, whatever happens next
            s.add(row)
        if due:
            s.commit()
        rows = s.exec(select(InDocument).where(InDocument.state == "purging")).all()
        for row in rows:
            root = Path(row.path) if row.path else None
            if root is not None and root.is_dir():
                for path in sorted((p for p in root.rglob("*") if p.is_file()), reverse=True):
                    path.unlink()
                    if between is not None:
                        between(row.doc_id, path)
                shutil.rmtree(root, ignore_errors=True)
            row.state, row.path = "purged", None
            s.add(row)
            s.commit()
            log.info("document %s (%s) purged after it was served", row.doc_id, row.kind)
        return len(rows)
